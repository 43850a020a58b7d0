"""Mistakes a type checker must report, each on a line marked `# error`; every other line is right.

Checked by tests/test_typing.py with mypy and pyright; never imported or run.
"""

from __future__ import annotations

import pylive as pl
from components import Button, TextInput
from pylive import html as h


@pl.component
def Counter(start: int = 0, label: str = "Count") -> pl.Element:
    count, set_count = pl.use_state(start)
    items, set_items = pl.use_state(lambda: [1])
    ref = pl.use_ref(0)
    ref.current = count
    set_items([*items, 2])
    set_count(lambda c: c + 1)
    return h.div(
        h.span(label, ": ", str(count)),
        h.button("+", on_click=lambda: set_count(count + 1)),
        h.input(type="number", value=str(count)),
    )


right: list[pl.ComponentElement] = [
    Counter(),
    Counter(start=3, key="a"),
    Counter(3, "Clicks"),
    TextInput("Name", "name", required=True),
    Button("Save", on_click=lambda: None),
]
element: pl.Element = h.div(h.p("x"), [h.li(i) for i in range(3)], None, class_="box")
not_text: str = h.div("x")  # error

Counter(start="three")  # error
Counter(stat=3)  # error
Counter(1, "a", "extra")  # error
h.input("a child")  # error
TextInput("Name", required="yes")  # error
not_an_int: int = pl.use_state("text")[0]  # error
pl.use_state(0)[1]("text")  # error
wrong_ref: pl.Ref[str] = pl.use_ref(0)  # error
h.nosuchtag()  # error
