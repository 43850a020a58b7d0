"""Keyed rows, each with an uncontrolled input; Enter in any input reverses them."""

from __future__ import annotations

import pylive as pl
from pylive import html as h

from . import SECRET_KEY

KEYS = ["a", "b", "c", "d", "e"]


@pl.component
def Rows():
    items, set_items = pl.use_state(KEYS)

    def reverse():
        set_items(lambda xs: xs[::-1])

    def rotate():
        set_items(lambda xs: xs[1:] + xs[:1])

    return h.div(
        h.button("rotate", id="rotate", on_click=rotate),
        h.ul(
            [
                h.li(
                    h.span(x.upper()),
                    h.input(class_="field", data_row=x, on_keydown=pl.event(reverse, keys=["Enter"])),
                    key=x,
                    id=f"row-{x}",
                )
                for x in items
            ],
            id="rows",
        ),
    )


def make_app() -> pl.App:
    return pl.App(Rows, title="Rows", secret_key=SECRET_KEY)
