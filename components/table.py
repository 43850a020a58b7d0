"""DataTable: columns, sort, filter, pagination, row selection and a sticky header over a data source."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Literal, Mapping, Sequence

import attrs

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes
from .datasource import DataSource, Sort, list_source
from .identity import use_id
from .pagination import Pagination


@attrs.frozen(slots=True)
class Column:
    """One column of a `DataTable`.

        Column("price", "Price", align="end", render=lambda value, row: f"{value:.2f} €")

    `render(value, row)` returns the cell's content (text or elements); by default the value as text.
    """

    key: str
    title: str
    sortable: bool = True
    render: Callable[[Any, Mapping[str, Any]], Any] | None = None
    align: Literal["start", "center", "end"] = "start"
    width: str | None = None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # ids, years, codes: no thousands separator (a `render` can add one)
    return str(value)


def _is_async(source: Any) -> bool:
    return inspect.iscoroutinefunction(source) or inspect.iscoroutinefunction(getattr(source, "__call__", None))


def _nothing() -> None:
    return None


def _no_rows() -> tuple[tuple, int]:
    return (), 0


def _row_namer(
    columns: Sequence[Column], row_key: str, row_label: Callable[[Mapping[str, Any]], Any] | None
) -> Callable[[Mapping[str, Any], Any], str]:
    """`name(row, key)`: what a row's checkbox says it selects."""
    if row_label is not None:
        return lambda row, key: str(row_label(row))
    # A key ("Select row 1042") says little to someone who cannot see the row: the first column
    # that is not the key is usually what names it (a title, a name).
    named = next((col.key for col in columns if col.key != row_key), None)

    def name(row: Mapping[str, Any], key: Any) -> str:
        text = _cell_text(row.get(named)) if named is not None else ""
        return text or f"row {key}"

    return name


def _next_sort(sort: Sort | None, key: str) -> Sort | None:
    if sort is None or sort.key != key:
        return Sort(key)
    if not sort.descending:
        return Sort(key, True)
    return None


@stock_component
def DataTable(
    columns: Sequence[Column],
    source: DataSource | None = None,
    *,
    rows: Sequence[Mapping[str, Any]] | None = None,
    row_key: str = "id",
    row_label: Callable[[Mapping[str, Any]], Any] | None = None,
    page_size: int = 25,
    page_sizes: Sequence[int] = (10, 25, 50, 100),
    filterable: bool = True,
    selectable: bool = False,
    selected: frozenset | set | None = None,
    on_select: Callable[[frozenset], Any] | None = None,
    caption: Any = None,
    version: Any = None,
    stream: pl.Stream | None = None,
    on_end: Callable[[], Any] | None = None,
    max_height: str | None = "28rem",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A table over a server-side data source, one page at a time.

        columns = [Column("id", "#", align="end"), Column("name", "Name"), Column("city", "City")]
        DataTable(columns, source=orders_page)         # source(page, page_size, sort, filter) -> (rows, total)
        DataTable(columns, rows=people, selectable=True, on_select=set_chosen)

    The source may be `async` (a database driver, an HTTP API): it is awaited after each render
    is sent, and the table keeps showing its last page, marked busy, until the new one arrives.
    Click a column header to sort (ascending, descending, none); type in the filter box to filter
    (debounced); page with the buttons below. Only the current page's rows are held, so the
    source may front a database of millions of rows. Rows are keyed by `row_key`, so a changed
    cell is one small text patch: pass a new `version` to make the table ask its source again
    after the data changed. `selected`/`on_select` control the selection (a set of row keys);
    without `selected` the table keeps it itself. Each row's checkbox is named "Select <label>",
    the label being `row_label(row)`, or by default the text of the first column that is not
    `row_key` ("Select Ada Lovelace", not "Select row 1042"; the key when that text is empty).
    `id` names the outer `<div>`; the `<table>`'s
    and its caption's ids derive from it (`{id}-grid`, `{id}-caption`).

    The rows scroll under a sticky header in a box at most `max_height` tall (any CSS length;
    `None` for no limit). The box ends on a row's edge, never through a row: in the browser it is
    shortened to the bottom of the last row that fits whole, measured, so any row height works.

    With `stream=` (a `pl.use_stream`), the rows are the stream's items, sent once and not kept
    by the server; there is no sort, filter or pager, and `on_end()` is called when the reader
    scrolls to the last row (load more rows there: infinite scroll).

        rows = pl.use_stream(key=lambda r: r["id"], limit=2000)
        DataTable(columns, stream=rows, on_end=lambda: rows_from(next_page()))
    """
    table_id = use_id(id, "table")
    page, set_page = pl.use_state(0)
    size, set_size = pl.use_state(page_size)
    sort, set_sort = pl.use_state(None)
    query, set_query = pl.use_state("")
    own_selection, set_own_selection = pl.use_state(frozenset())
    memo_source = pl.use_memo(lambda: source if source is not None else list_source(rows or ()), [source, rows])
    is_async = _is_async(memo_source)
    deps = [memo_source, page, size, sort, query, version]

    def fetch() -> tuple[Sequence[Mapping[str, Any]], int]:
        rows_, total_ = memo_source(page, size, sort, query)
        last_page = max(1, -(-total_ // size)) - 1
        if page > last_page and total_:
            # The filter shrank the result below the current page: show the last page instead.
            rows_, total_ = memo_source(last_page, size, sort, query)
        return rows_, total_

    async def fetch_async() -> None:
        asked = tuple(deps)
        rows_, total_ = await memo_source(page, size, sort, query)
        last_page = max(1, -(-total_ // size)) - 1
        if page > last_page and total_:
            rows_, total_ = await memo_source(last_page, size, sort, query)
        if latest.current == asked:  # a slower, older answer must not replace a newer one
            set_loaded((asked, rows_, total_))

    # An async source (a database driver, an HTTP API) is awaited after the render is sent; the
    # table shows the last page it had, marked busy, until the new one arrives.
    loaded, set_loaded = pl.use_state(None)
    latest = pl.use_ref(None)
    latest.current = tuple(deps)
    pl.use_effect(fetch_async if is_async else _nothing, deps)
    fetched = pl.use_memo(_no_rows if is_async else fetch, deps)
    if is_async:
        page_rows, total = (loaded[1], loaded[2]) if loaded is not None else ((), 0)
        busy = loaded is None or loaded[0] != tuple(deps)
    else:
        page_rows, total = fetched
        busy = False
    pages = max(1, -(-total // size))
    current = min(page, pages - 1)
    chosen = frozenset(selected) if selected is not None else own_selection

    def choose(new: frozenset) -> Any:
        if selected is None:
            set_own_selection(new)
        return on_select(new) if on_select is not None else None

    def search(event: pl.Event) -> None:
        set_query(event.value or "")
        set_page(0)

    def sort_by(key: str) -> Callable[[], None]:
        def click() -> None:
            set_sort(_next_sort(sort, key))
            set_page(0)

        return click

    if stream is not None:
        return with_attributes(_stream_table(table_id, columns, stream, on_end, caption, max_height), class_, None, style, attrs)
    keys = [row.get(row_key) for row in page_rows]
    row_name = _row_namer(columns, row_key, row_label)
    header_cells = []
    if selectable:
        all_on_page = bool(keys) and all(k in chosen for k in keys)
        header_cells.append(
            h.th(
                h.input(
                    type="checkbox",
                    checked=all_on_page,
                    aria_label="Select every row on this page",
                    class_="pl-checkbox",
                    on_change=lambda e: choose(chosen | set(keys) if e.checked else chosen - set(keys)),
                ),
                scope="col",
                class_="pl-table-select",
            )
        )
    for col in columns:
        direction = "none"
        if sort is not None and sort.key == col.key:
            direction = "descending" if sort.descending else "ascending"
        if col.sortable:
            title: Any = h.button(
                col.title,
                h.span(
                    {"ascending": "▲", "descending": "▼"}.get(direction, "↕"),
                    class_="pl-sort-icon",
                    aria_hidden="true",
                ),
                type="button",
                class_="pl-sort",
                on_click=sort_by(col.key),
            )
        else:
            title = col.title
        header_cells.append(
            h.th(
                title,
                scope="col",
                aria_sort=direction if col.sortable else None,
                style={"width": col.width} if col.width else None,
                class_=f"pl-align-{col.align}",
                key=col.key,
            )
        )

    body_rows = []
    for row, key in zip(page_rows, keys):
        cells = []
        if selectable:
            is_on = key in chosen
            cells.append(
                h.td(
                    h.input(
                        type="checkbox",
                        checked=is_on,
                        aria_label=f"Select {row_name(row, key)}",
                        class_="pl-checkbox",
                        on_change=lambda e, k=key: choose(chosen | {k} if e.checked else chosen - {k}),
                    ),
                    class_="pl-table-select",
                )
            )
        for col in columns:
            value = row.get(col.key)
            cells.append(
                h.td(col.render(value, row) if col.render else _cell_text(value), class_=f"pl-align-{col.align}")
            )
        body_rows.append(h.tr(cells, key=key, class_="pl-selected" if selectable and key in chosen else None))
    if not body_rows:
        body_rows.append(
            h.tr(
                h.td(
                    "Loading…" if busy else "No rows match." if query else "No rows.",
                    colspan=len(columns) + selectable,
                    class_="pl-table-empty",
                ),
                key="__empty__",
            )
        )

    toolbar = h.div(
        h.input(
            type="search",
            value=query,
            placeholder="Filter…",
            aria_label="Filter rows",
            aria_controls=f"{table_id}-grid",
            class_="pl-input pl-table-filter",
            on_input=pl.event(search, debounce=250),
        )
        if filterable
        else None,
        h.span(f"{len(chosen):,} selected", class_="pl-table-selected") if selectable and chosen else None,
        class_="pl-table-toolbar",
    )
    def resize(n: int) -> None:
        set_size(n)
        set_page(0)

    pager = Pagination(
        page=current, total=total, page_size=size, on_page=set_page, on_page_size=resize, page_sizes=page_sizes
    )
    caption_id = f"{table_id}-caption"
    table = h.div(
        toolbar,
        h.div(
            h.table(
                h.caption(caption, id=caption_id) if caption else None,
                h.thead(h.tr(header_cells)),
                h.tbody(body_rows),
                id=f"{table_id}-grid",
                class_="pl-table",
            ),
            role="region",
            tabindex="0",
            aria_busy="true" if busy else None,
            aria_labelledby=caption_id if caption else None,
            aria_label=None if caption else "Table",
            class_="pl-table-scroll",
            style={"max_height": max_height} if max_height else None,
            hook="DataTable",  # ends the box on a row's edge (assets/components.js)
        ),
        pager,
        id=table_id,
        class_="pl-datatable",
    )
    return with_attributes(table, class_, None, style, attrs)


def _stream_table(
    table_id: str,
    columns: Sequence[Column],
    stream: pl.Stream,
    on_end: Callable[[], Any] | None,
    caption: Any,
    max_height: str | None,
) -> pl.Element:
    """A `DataTable` over a stream: its rows rendered once each, a last row watching for the end."""

    def render_row(row: Mapping[str, Any]) -> pl.Element:
        return h.tr(
            [
                h.td(col.render(row.get(col.key), row) if col.render else _cell_text(row.get(col.key)),
                     class_=f"pl-align-{col.align}")
                for col in columns
            ]
        )

    caption_id = f"{table_id}-caption"
    end = None
    if on_end is not None:
        end = h.tr(h.td(colspan=len(columns), class_="pl-table-end"), aria_hidden="true", on_viewport_enter=on_end)
    head = [
        h.th(col.title, scope="col", style={"width": col.width} if col.width else None, class_=f"pl-align-{col.align}")
        for col in columns
    ]
    return h.div(
        h.div(
            h.table(
                h.caption(caption, id=caption_id) if caption else None,
                h.thead(h.tr(head)),
                h.tbody(stream.view(render_row), end),
                id=f"{table_id}-grid",
                class_="pl-table",
            ),
            role="region",
            tabindex="0",
            aria_labelledby=caption_id if caption else None,
            aria_label=None if caption else "Table",
            class_="pl-table-scroll",
            style={"max_height": max_height} if max_height else None,
            hook="DataTable",  # ends the box on a row's edge (assets/components.js)
        ),
        id=table_id,
        class_="pl-datatable",
    )
