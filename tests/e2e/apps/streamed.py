"""Streams in a real page: a DataTable that loads 30 more rows whenever its last row scrolls into
view (`/`), and a Feed that `GET /_test/add?n=N` appends N lines to, from outside any event (`/feed`)."""

from __future__ import annotations

import itertools

import pylive as pl
from components import Column, DataTable, Feed
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
    app = pl.App(title="Streamed", secret_key=SECRET_KEY)
    feeds: list[pl.Stream] = []
    numbers = itertools.count()

    @pl.component
    def Lines():
        lines = pl.use_stream(key=lambda n: n, limit=200)
        pl.use_effect(lambda: feeds.append(lines) or (lambda: feeds.remove(lines)), [])
        pl.use_memo(lambda: lines.reset(next(numbers) for _ in range(40)), [])
        return Feed(lines.view(lambda n: h.li(f"line {n}", id=f"line-{n}")), label="Lines", height="10rem", id="f")

    app.page("/", Rows)
    app.page("/feed", Lines)

    @app.quart.route("/_test/add")
    async def add() -> str:
        from quart import request

        n = int(request.args.get("n", "1"))
        for stream in feeds:
            for _ in range(n):
                stream.insert(next(numbers))
        return str(len(feeds))

    return app
