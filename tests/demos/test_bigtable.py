"""The big table demo through pylive.testing: 100,000 rows sorted, filtered and paged on the server."""

from __future__ import annotations

from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render


@pytest.fixture(scope="module")
def bigtable() -> ModuleType:
    return load_demo("bigtable")


async def test_bigtable_sorts_filters_and_pages(bigtable: ModuleType) -> None:
    async with render(bigtable.BigTable()) as view:
        def column(i: int) -> list[str]:
            return [[c for c in row.elements() if c.tag == "td"][i].text for row in view.find_all("#rows tr")]

        assert column(0) == [str(i) for i in range(1, 21)]
        assert view.find("#page").text == "Page 1 of 5,000"
        assert view.find("#matching").text == "100,000 matching"

        await view.click("#next")
        assert column(0) == [str(i) for i in range(21, 41)]
        await view.click("#prev")

        await view.click("#sort-score")
        scores = [float(s) for s in column(4)]
        assert scores == sorted(scores) and scores[0] <= 0.01
        await view.click("#sort-score")
        scores = [float(s) for s in column(4)]
        assert scores == sorted(scores, reverse=True) and scores[0] >= 99.99

        await view.click("#sort-name")
        names = column(1)
        assert names == sorted(names)

        await view.input("#filter", "kyoto")
        assert set(column(2)) == {"Kyoto"}
        matching = int(view.find("#matching").text.split()[0].replace(",", ""))
        assert 3000 < matching < 7000
        assert view.find("#page").text == f"Page 1 of {-(-matching // bigtable.PAGE_SIZE):,}"

        await view.input("#filter", "no such thing")
        assert view.find_all("#rows tr") == []
        assert view.find("#page").text == "Page 1 of 1"
        assert "disabled" in view.find("#next").attrs


async def test_bigtable_each_interaction_is_one_small_message(bigtable: ModuleType) -> None:
    async with render(bigtable.BigTable()) as view:
        for action in (view.click("#next"), view.click("#sort-age"), view.input("#filter", "ada")):
            before = len(view.frames)
            await action
            sent = view.frames[before:]
            assert len(sent) == 1
            assert len(sent[0]) < 4096, len(sent[0])


async def test_bigtable_headers_say_how_the_table_is_sorted(bigtable: ModuleType) -> None:
    async with render(bigtable.BigTable()) as view:
        assert view.find("#sort-id").text == "# ▲"
        assert [th.attrs["aria-sort"] for th in view.find_all("thead th")] == ["ascending"] + ["none"] * 4
        await view.click("#sort-city")
        await view.click("#sort-city")
        assert view.find("#sort-city").text == "City ▼"
        assert view.find("#sort-id").text == "#"
        sorts = [th.attrs["aria-sort"] for th in view.find_all("thead th")]
        assert sorts == ["none", "none", "descending", "none", "none"]


def test_bigtable_orders_are_computed_once_and_shared(bigtable: ModuleType) -> None:
    ascending = bigtable.order("age")
    assert bigtable.order("age") is ascending  # every session shares one index per column
    assert bigtable.order("age", True) == ascending[::-1]
    data = bigtable.rows()
    ages = [data[k][3] for k in ascending]
    assert ages == sorted(ages) and len(ascending) == bigtable.ROWS
