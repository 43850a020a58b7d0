"""Served by two nodes sharing a state store (`pylive run handoff.py --state URL`): a counter, a form
typed into, a slow button, and a page holding what cannot be stored (a function in state)."""

from __future__ import annotations

import asyncio
import json

import pylive as pl
from pylive import html as h

SECRET_KEY = "handoff-tests-secret-key-0123456789abcdef"  # both nodes sign and check the same tokens


@pl.component
def Home():
    count, set_count = pl.use_state(0)
    typed, set_typed = pl.use_state("")

    async def slow(e):
        await asyncio.sleep(1.0)
        set_count(lambda c: c + 1)

    return h.main(
        h.button("+", id="inc", on_click=lambda: set_count(lambda c: c + 1)),
        h.button("slow +", id="slow", on_click=slow),
        h.span(str(count), id="value"),
        h.form(h.input(name="name", id="name", autocomplete="off", on_input=lambda e: set_typed(e.value)), id="f"),
        h.p(typed, id="echo"),
    )


@pl.component
def Unstorable():
    count, set_count = pl.use_state(0)
    shout, _ = pl.use_state(lambda: str.upper)  # a function: no stored form
    seen, set_seen = pl.use_state({})
    return h.main(
        h.button("+", id="inc", on_click=lambda: set_count(count + 1)),
        h.span(str(count), id="value"),
        h.form(h.input(name="name", id="name", autocomplete="off"), id="f", on_change=lambda e: set_seen(e.form)),
        h.pre(json.dumps(seen), id="server-view"),
        h.p(shout("stored?")),
    )


app = pl.App(title="Handoff", secret_key=SECRET_KEY, resume_seconds=30)
app.page("/", Home)
app.page("/unstorable", Unstorable)
