"""A page whose count of 2 cannot render, in development mode: the overlay shows the error."""

from __future__ import annotations

import pylive as pl
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Meter(n: int):
    if n == 2:
        raise RuntimeError("a meter cannot show two")
    return h.output(str(n), id="n")


@pl.component
def Faulty():
    n, set_n = pl.use_state(1)

    def explode():
        raise ValueError("this button always fails")

    return h.main(
        h.button("+", id="inc", on_click=lambda: set_n(n + 1)),
        h.button("fail", id="fail", on_click=explode),
        Meter(n=n),
    )


def make_app(debug: bool) -> pl.App:
    return pl.App(Faulty, title="Faulty", secret_key=SECRET_KEY, debug=debug)
