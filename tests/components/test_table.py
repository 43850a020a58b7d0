"""DataTable over a server-side source: paging, sorting, filtering, selection, small cell patches."""

from __future__ import annotations

import asyncio
import json

import pylive as pl
from components import Column, DataTable, Sort, list_source
from pylive.testing import render

CITIES = ["Paris", "Tokyo", "Lima", "Oslo"]
ROWS = [{"id": i, "name": f"item {i}", "city": CITIES[i % 4], "qty": (i * 7) % 100} for i in range(1, 1001)]
COLUMNS = [Column("id", "#", align="end"), Column("name", "Name"), Column("city", "City"), Column("qty", "Qty", align="end")]


def first_cells(view):
    return [row_cells(r)[0] for r in view.find_all("tbody tr")]


def row_cells(row):
    return [c.text for c in row.children if getattr(c, "tag", None) == "td"]


class CountingSource:
    """A source that records what it was asked and never holds more than a page."""

    def __init__(self, total=1_000_000):
        self.total = total
        self.calls = []

    def __call__(self, page, page_size, sort, filter):
        self.calls.append((page, page_size, sort, filter))
        start = page * page_size
        ids = range(start, min(self.total, start + page_size))
        if sort is not None and sort.descending:
            ids = range(self.total - 1 - start, max(-1, self.total - 1 - start - page_size), -1)
        return [{"id": i, "name": f"row {i}"} for i in ids], self.total


async def test_pages_of_a_million_rows_ask_the_source_for_one_page():
    source = CountingSource()
    async with render(DataTable([Column("id", "#"), Column("name", "Name")], source, page_size=20, id="t")) as view:
        assert len(view.find_all("tbody tr")) == 20
        assert source.calls == [(0, 20, None, "")]
        assert view.find(".pl-table-range").text == "1–20 of 1,000,000"
        assert view.find(".pl-table-page").text == "Page 1 of 50,000"
        assert "disabled" in view.find(".pl-page-prev").attrs
        await view.click(".pl-page-next")
        assert source.calls[-1] == (1, 20, None, "")
        assert first_cells(view)[0] == "20"
        await view.click(".pl-page-last")
        assert first_cells(view)[-1] == "999999"  # ints as they are: an id is no amount
        assert "disabled" in view.find(".pl-page-next").attrs
        await view.click(".pl-page-first")
        assert first_cells(view)[0] == "0"


async def test_sort_cycles_and_sets_aria_sort():
    async with render(DataTable(COLUMNS, rows=ROWS, page_size=10, id="t")) as view:
        headers = view.find_all("th")
        assert [th.attrs["aria-sort"] for th in headers] == ["none"] * 4
        assert all(th.attrs["scope"] == "col" for th in headers)
        await view.click("thead th button")  # '#': ascending
        assert view.find("thead th").attrs["aria-sort"] == "ascending"
        await view.click("thead th button")  # descending
        assert view.find("thead th").attrs["aria-sort"] == "descending"
        assert first_cells(view)[:2] == ["1000", "999"]
        await view.click("thead th button")  # back to none
        assert view.find("thead th").attrs["aria-sort"] == "none"
        assert first_cells(view)[0] == "1"


async def test_sort_by_text_column_goes_back_to_the_first_page():
    async with render(DataTable(COLUMNS, rows=ROWS, page_size=10, id="t")) as view:
        await view.click(".pl-page-next")
        headers = view.find_all("thead th button")
        assert len(headers) == 4
        await view.dispatch("thead th button", "click")
        assert view.find(".pl-table-page").text == "Page 1 of 100"


async def test_filter_narrows_rows_and_total():
    async with render(DataTable(COLUMNS, rows=ROWS, page_size=10, id="t")) as view:
        search = view.find(".pl-table-filter")
        assert search.attrs["aria-label"] == "Filter rows" and search.attrs["aria-controls"] == "t-grid"
        assert "input|d250" in search.attrs["data-pl-on"]
        await view.input(".pl-table-filter", "item 99")
        assert view.find(".pl-table-range").text == "1–10 of 11"
        await view.input(".pl-table-filter", "no such row")
        assert view.find(".pl-table-empty").text == "No rows match."
        assert view.find(".pl-table-range").text == "0–0 of 0"


async def test_filter_after_paging_far_shows_the_last_page_that_exists():
    async with render(DataTable(COLUMNS, rows=ROWS, page_size=10, id="t")) as view:
        await view.click(".pl-page-last")
        await view.input(".pl-table-filter", "Oslo")
        assert view.find(".pl-table-page").text == "Page 1 of 25"


async def test_page_size_select():
    async with render(DataTable(COLUMNS, rows=ROWS, page_size=10, id="t")) as view:
        await view.change(".pl-table-size select", "50")
        assert len(view.find_all("tbody tr")) == 50


async def test_row_selection_with_page_checkbox():
    chosen = []

    @pl.component
    def Harness():
        return DataTable(COLUMNS, rows=ROWS, page_size=5, selectable=True, on_select=chosen.append, id="t")

    async with render(Harness()) as view:
        boxes = view.find_all("tbody input[type=checkbox]")
        assert [b.attrs["aria-label"] for b in boxes] == [f"Select item {i}" for i in range(1, 6)]
        await view.change("tbody input", True)
        assert chosen[-1] == frozenset({1})
        assert view.find("tbody tr").attrs["class"] == "pl-selected"
        assert view.find(".pl-table-selected").text == "1 selected"
        header = view.find("thead input")
        assert header.attrs["aria-label"] == "Select every row on this page"
        await view.change("thead input", True)
        assert chosen[-1] == frozenset({1, 2, 3, 4, 5})
        assert view.find("thead input").checked
        await view.click(".pl-page-next")
        assert "checked" not in view.find("thead input").attrs
        await view.change("thead input", True)
        assert len(chosen[-1]) == 10


async def test_changing_one_cell_sends_one_small_patch():
    data = [dict(r) for r in ROWS]
    bump = {}
    source = list_source(data)

    @pl.component
    def Stable():
        version, set_version = pl.use_state(0)
        bump["fn"] = set_version
        return DataTable(COLUMNS, source, page_size=25, version=version, id="t")

    async with render(Stable()) as view:
        data[2]["city"] = "Nairobi"
        bump["fn"](1)
        await view.settle()
        frame = json.loads(view.frames[-1])
        ops = frame[2:]
        assert len(ops) == 1 and ops[0][0] == 0 and ops[0][3] == "Nairobi"
        assert len(view.frames[-1]) < 40
        assert row_cells(view.find_all("tbody tr")[2])[2] == "Nairobi"


async def test_structure_sticky_header_region_and_caption():
    async with render(DataTable(COLUMNS, rows=ROWS, caption="Orders", id="t")) as view:
        region = view.find(".pl-table-scroll")
        assert region.attrs["role"] == "region" and region.attrs["tabindex"] == "0"
        assert region.attrs["aria-labelledby"] == "t-caption"
        assert view.find("caption").text == "Orders"
        assert view.find("nav").attrs["aria-label"] == "Pagination"
        assert view.find(".pl-page-next").attrs["aria-label"] == "Next page"


def test_list_source_sorts_filters_and_caches_the_order():
    source = list_source(ROWS, search=["city"])
    rows, total = source(0, 3, Sort("qty", descending=True), "lima")
    assert total == 250 and [r["city"] for r in rows] == ["Lima"] * 3
    assert [r["qty"] for r in rows] == sorted((r["qty"] for r in rows), reverse=True)
    rows2, _ = source(1, 3, Sort("qty", descending=True), "lima")
    assert rows2[0]["qty"] <= rows[-1]["qty"]
    rows, total = source(0, 5, None, "item")  # 'name' is not searched
    assert total == 0


async def test_an_async_source_is_awaited_after_the_render():
    asked = []

    async def source(page, page_size, sort, filter):
        asked.append(page)
        await asyncio.sleep(0)
        return [{"id": i, "name": f"row {i}"} for i in range(page * page_size, (page + 1) * page_size)], 1000

    @pl.component
    def Harness():
        return DataTable([Column("id", "#"), Column("name", "Name")], source, page_size=10, id="t")

    # The first HTTP render runs no effects: the table says it is loading.
    html = pl.render_to_string(Harness())
    assert "Loading…" in html and 'aria-busy="true"' in html
    async with render(Harness()) as view:
        assert first_cells(view)[0] == "0"
        assert "aria-busy" not in view.find(".pl-table-scroll").attrs
        await view.click(".pl-page-next")
        await view.settle()
        assert first_cells(view)[0] == "10"
        assert asked[-1] == 1


async def test_pagination_on_its_own():
    from components import Pagination

    @pl.component
    def Harness():
        page, set_page = pl.use_state(0)
        return Pagination(page=page, total=95, page_size=10, on_page=set_page, label="Results pages")

    async with render(Harness()) as view:
        nav = view.find("nav")
        assert nav.attrs["aria-label"] == "Results pages"
        assert not view.find_all("select")  # no page-size choice without on_page_size
        await view.click(".pl-page-last")
        assert view.find(".pl-table-range").text == "91–95 of 95"
        await view.click(".pl-page-prev")
        assert view.find(".pl-table-page").text == "Page 9 of 10"


async def test_a_stream_table_shows_its_rows_and_asks_for_more_at_the_end():
    @pl.component
    def Rows():
        rows = pl.use_stream(key=lambda r: r["id"], limit=5)
        loaded = pl.use_ref(0)

        def more():
            for i in range(loaded.current, loaded.current + 3):
                rows.insert({"id": i, "name": f"row {i}"})
            loaded.current += 3

        pl.use_memo(more, [])
        return DataTable([Column("id", "#"), Column("name", "Name")], stream=rows, on_end=more, id="t")

    async with render(Rows()) as view:
        assert [r.text for r in view.find_all("#t tbody td:nth-child(2)")] == ["row 0", "row 1", "row 2"]
        await view.dispatch("#t .pl-table-end", "viewport_enter")
        await view.dispatch("#t .pl-table-end", "viewport_enter")
        names = [r.text for r in view.find_all("#t tbody td:nth-child(2)")]
        assert names == [f"row {i}" for i in range(4, 9)]  # limit=5: the last five
        assert view.find_all("#t .pl-pagination") == []


async def test_row_checkboxes_are_named_after_the_row_not_its_key():
    # "Select row 17" named a row by its key, which a screen reader user cannot see in the table.
    async def labels(**kwargs):
        async with render(DataTable(COLUMNS, rows=ROWS, page_size=2, selectable=True, **kwargs)) as view:
            return [b.attrs["aria-label"] for b in view.find_all("tbody input[type=checkbox]")]

    assert await labels() == ["Select item 1", "Select item 2"]  # the first column that is not the key
    assert await labels(row_label=lambda row: f"{row['name']} in {row['city']}") == [
        "Select item 1 in Tokyo", "Select item 2 in Lima"]
    assert await labels(row_key="name") == ["Select 1", "Select 2"]  # the "#" column names rows keyed by name
    only_keys = [Column("id", "#")]
    async with render(DataTable(only_keys, rows=ROWS, page_size=1, selectable=True)) as view:
        assert view.find("tbody input").attrs["aria-label"] == "Select row 1"
