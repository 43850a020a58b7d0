"""The README's counter, plus a handler that raises and an async handler that waits to be released."""

from __future__ import annotations

import asyncio

import pylive as pl
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Counter():
    count, set_count = pl.use_state(0)
    busy, set_busy = pl.use_state(False)
    gate = pl.use_ref(None)

    def boom():
        raise RuntimeError("a handler that fails")

    async def slow():
        gate.current = asyncio.Event()
        await gate.current.wait()
        set_count(lambda c: c + 10)

    async def toggle_busy():
        await asyncio.sleep(0.3)  # slow enough that the button shows as loading before the answer
        set_busy(not busy)

    def release():
        if gate.current is not None:
            gate.current.set()

    return h.div(
        h.button("-", id="dec", on_click=lambda e: set_count(count - 1)),
        h.span(str(count), id="value"),
        h.button("+", id="inc", on_click=lambda e: set_count(lambda c: c + 1)),
        h.button("boom", id="boom", on_click=boom),
        h.button("slow", id="slow", on_click=slow),
        h.button("release", id="release", on_click=release),
        h.button("busy", id="busy", aria_busy="true" if busy else None, on_click=toggle_busy),
        class_="counter",
    )


def make_app() -> pl.App:
    return pl.App(Counter, title="Counter", secret_key=SECRET_KEY)
