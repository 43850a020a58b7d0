"""Server-side data sources for `DataTable`: a callable given a page, a sort and a filter.

    def source(page: int, page_size: int, sort: Sort | None, filter: str) -> tuple[list[dict], int]:
        ...  # the rows of that page (query a database with LIMIT/OFFSET), and the total row count

Only the page asked for is ever held by the table, so a source over a million rows (a database,
an API, a generator) costs one page of memory per session. `list_source` makes one from rows
already in memory, such as a list shared by every session.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence

import attrs


@attrs.frozen(slots=True)
class Sort:
    """A table's order: by the column `key`, ascending unless `descending`."""

    key: str
    descending: bool = False


#: `source(page, page_size, sort, filter) -> (rows of that page, total rows after the filter)`.
DataSource = Callable[[int, int, "Sort | None", str], "tuple[Sequence[Mapping[str, Any]], int]"]


def _sort_key(value: Any) -> tuple[int, Any]:
    # None sorts last; numbers and strings never get compared with each other.
    if value is None:
        return (2, 0)
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, str(value).casefold())


def list_source(rows: Sequence[Mapping[str, Any]], *, search: Iterable[str] | None = None) -> DataSource:
    """A data source over `rows` in memory: a case-insensitive substring filter over the `search`
    columns (all of them by default), and a stable sort by any column.

        source = list_source(orders, search=["customer", "city"])
        DataTable(columns, source=source)

    The order of the last (sort, filter) is cached, so paging through it only slices a list.
    """
    search_keys = tuple(search) if search is not None else None
    cache: dict[str, Any] = {"key": None, "order": None}

    def order_for(sort: Sort | None, needle: str) -> Sequence[int] | None:
        key = (sort, needle)
        if cache["key"] == key:
            return cache["order"]
        order: Sequence[int] | None = None
        if needle:
            folded = needle.casefold()
            keys = search_keys

            def hit(row: Mapping[str, Any]) -> bool:
                fields = row.values() if keys is None else (row.get(k) for k in keys)
                return any(folded in str(v).casefold() for v in fields if v is not None)

            order = [i for i, row in enumerate(rows) if hit(row)]
        if sort is not None:
            indexes = order if order is not None else range(len(rows))
            order = sorted(indexes, key=lambda i: _sort_key(rows[i].get(sort.key)), reverse=sort.descending)
        cache["key"], cache["order"] = key, order
        return order

    def source(page: int, page_size: int, sort: Sort | None, filter: str) -> tuple[list[Mapping[str, Any]], int]:
        order = order_for(sort, filter.strip())
        start = page * page_size
        if order is None:
            return list(rows[start:start + page_size]), len(rows)
        return [rows[i] for i in order[start:start + page_size]], len(order)

    return source
