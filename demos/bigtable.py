"""A big table: 100,000 rows in server memory; sort by any column, filter as you type, paginate."""

from __future__ import annotations

import functools
import random

import pylive as pl
from pylive import html as h

ROWS = 100_000
PAGE_SIZE = 20
COLUMNS = ("id", "name", "city", "age", "score")
#: One row: id, name, city, age, score.
Row = tuple[int, str, str, int, float]
HEADINGS = {"id": "#", "name": "Name", "city": "City", "age": "Age", "score": "Score"}

_FIRST = ("Ada", "Alan", "Barbara", "Claude", "Dennis", "Edsger", "Frances", "Grace", "Guido", "Hedy",
          "Ivan", "John", "Ken", "Linus", "Margaret", "Niklaus", "Radia", "Shafi", "Tim", "Yukihiro")
_LAST = ("Lovelace", "Turing", "Liskov", "Shannon", "Ritchie", "Dijkstra", "Allen", "Hopper", "Rossum",
         "Lamarr", "Sutherland", "McCarthy", "Thompson", "Torvalds", "Hamilton", "Wirth", "Perlman",
         "Goldwasser", "Berners-Lee", "Matsumoto")
_CITIES = ("Amsterdam", "Berlin", "Cairo", "Delhi", "Edinburgh", "Florence", "Geneva", "Helsinki", "Istanbul",
           "Jakarta", "Kyoto", "Lima", "Montreal", "Nairobi", "Oslo", "Porto", "Quito", "Riga", "Seoul", "Tunis")

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".bigtable{max-width:48rem;margin:0 auto}"
    ".bigtable .bar{display:flex;flex-wrap:wrap;gap:.5rem .75rem;align-items:center;margin:.75rem 0}"
    ".bigtable input{flex:1;min-width:12rem}"
    ".bigtable .scroll{overflow-x:auto}"
    ".bigtable table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}"
    ".bigtable th,.bigtable td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--pl-border)}"
    # The whole header cell sorts, not only its words.
    ".bigtable th{padding:0}"
    ".bigtable th button{display:block;width:100%;text-align:left;white-space:nowrap;font:inherit;font-weight:600;"
    "color:inherit;"
    "border:0;background:none;cursor:pointer;padding:.3rem .5rem}"
    ".bigtable tbody tr:nth-child(odd){background:var(--pl-surface-2)}"
    ".bigtable .pager{display:flex;gap:.5rem;align-items:center;justify-content:flex-end;margin:.75rem 0}"
    ".bigtable .pager button{padding:.25rem .7rem}"
    "</style>"
)


@functools.cache
def rows() -> tuple[Row, ...]:
    """The table: the same 100,000 rows for every session (made once per process, then shared)."""
    rnd = random.Random(2024)
    return tuple(
        (i + 1, f"{rnd.choice(_FIRST)} {rnd.choice(_LAST)}", rnd.choice(_CITIES), rnd.randint(18, 90),
         round(rnd.uniform(0, 100), 2))
        for i in range(ROWS)
    )


@functools.cache
def _search_text() -> tuple[str, ...]:
    return tuple(f"{r[1]}\n{r[2]}".lower() for r in rows())


@functools.cache
def order(column: str, descending: bool = False) -> tuple[int, ...]:
    """Row indexes sorted by `column` (ties by id); computed once per column and shared by all sessions."""
    if descending:
        return order(column)[::-1]
    i = COLUMNS.index(column)
    data = rows()
    return tuple(sorted(range(len(data)), key=lambda k: data[k][i]))


def view(column: str, descending: bool, query: str) -> tuple[int, ...] | list[int]:
    """The indexes of the rows to show, in order, for a sort and a filter."""
    indexes = order(column, descending)
    query = query.strip().lower()
    if not query:
        return indexes
    text = _search_text()
    return [k for k in indexes if query in text[k]]


#: The column the table is sorted by, and whether descending.
INITIAL_SORT: tuple[str, bool] = ("id", False)


@pl.component
def BigTable() -> pl.Element:
    """The table, its filter box and its pager."""
    sort, set_sort = pl.use_state(INITIAL_SORT)
    query, set_query = pl.use_state("")
    page, set_page = pl.use_state(0)
    shown = pl.use_memo(lambda: view(sort[0], sort[1], query), [sort, query])
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(page, pages - 1)
    data = rows()

    def sort_by(column: str) -> None:
        set_sort(lambda old: (column, not old[1]) if old[0] == column else (column, False))
        set_page(0)

    def filter_(e: pl.Event) -> None:
        set_query(e.value or "")
        set_page(0)

    def heading(column: str) -> pl.Element:
        mark = (" ▼" if sort[1] else " ▲") if sort[0] == column else ""
        state = ("descending" if sort[1] else "ascending") if sort[0] == column else "none"
        return h.th(
            h.button(HEADINGS[column] + mark, id=f"sort-{column}", on_click=lambda: sort_by(column)),
            aria_sort=state,
        )

    start = page * PAGE_SIZE
    return h.section(
        h.h1("100,000 rows"),
        h.div(
            h.input(type="search", id="filter", placeholder="Filter by name or city", aria_label="filter",
                    value=query, on_input=pl.event(filter_, debounce=150)),
            h.span(f"{len(shown):,} matching", id="matching"),
            class_="bar",
        ),
        h.div(
            h.table(
                h.thead(h.tr([heading(c) for c in COLUMNS])),
                # Rows are matched by position: a new sort or page rewrites the visible cells' texts.
                h.tbody([h.tr([h.td(str(v)) for v in data[k]]) for k in shown[start:start + PAGE_SIZE]], id="rows"),
            ),
            class_="scroll",
        ),
        h.div(
            h.button("Previous", id="prev", disabled=page == 0, on_click=lambda: set_page(page - 1)),
            h.span(f"Page {page + 1} of {pages:,}", id="page"),
            h.button("Next", id="next", disabled=page >= pages - 1, on_click=lambda: set_page(page + 1)),
            class_="pager",
        ),
        class_="bigtable",
    )


app = pl.App(BigTable, title="Big table", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
