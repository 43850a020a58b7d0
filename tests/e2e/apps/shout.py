"""A server-controlled input: the server uppercases every keystroke and sends the value back."""

from __future__ import annotations

import pylive as pl
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Shout():
    text, set_text = pl.use_state("")
    return h.div(
        h.input(id="shout", value=text, autocomplete="off", on_input=lambda e: set_text(e.value.upper())),
        h.p(text, id="echo"),
    )


def make_app() -> pl.App:
    return pl.App(Shout, title="Shout", secret_key=SECRET_KEY)
