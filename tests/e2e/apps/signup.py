"""A form with an `id` and a form-level `on_change`: what form recovery replays after a remount."""

from __future__ import annotations

import json

import pylive as pl
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Signup():
    seen, set_seen = pl.use_state({})
    return h.div(
        h.form(
            h.input(name="name", id="name", autocomplete="off"),
            h.input(name="email", id="email", autocomplete="off"),
            h.input(type="checkbox", name="news", id="news", value="yes"),
            h.select(h.option("red"), h.option("blue"), name="color", id="color"),
            id="signup",
            on_change=lambda e: set_seen(e.form),
        ),
        h.pre(json.dumps(seen, sort_keys=True), id="server-view"),
    )


def make_app() -> pl.App:
    return pl.App(Signup, title="Signup", secret_key=SECRET_KEY, resume_seconds=30)
