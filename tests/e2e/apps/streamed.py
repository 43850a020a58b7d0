"""A stream of rows in a DataTable that loads 30 more whenever its last row scrolls into view."""

from __future__ import annotations

import pylive as pl
from components import Column, DataTable
from pylive import html as h

from . import SECRET_KEY

PAGE = 30


@pl.component
def Rows():
    rows = pl.use_stream(key=lambda r: r["id"])
    loaded = pl.use_ref(0)

    def more() -> None:
        start = loaded.current
        for i in range(start, start + PAGE):
            rows.insert({"id": i, "name": f"row {i}"})
        loaded.current = start + PAGE

    pl.use_memo(more, [])
    return h.div(DataTable([Column("id", "#"), Column("name", "Name")], stream=rows, on_end=more, max_height="12rem", id="t"))


def make_app() -> pl.App:
    return pl.App(Rows, title="Streamed", secret_key=SECRET_KEY)
