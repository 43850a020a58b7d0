"""Shows a list of trees one after another: each click on #pl-next renders the next one in #case."""

from __future__ import annotations

from typing import Any

import pylive as pl
from pylive import html as h

from . import SECRET_KEY

#: Tags the HTML parser only keeps inside a certain parent, and the parents to put them in.
CONTEXT = {
    "tbody": ("table",),
    "thead": ("table",),
    "tr": ("table", "tbody"),
    "td": ("table", "tbody", "tr"),
    "th": ("table", "tbody", "tr"),
    "option": ("select",),
}


def in_context(node: Any) -> Any:
    """`node` inside the parents the HTML parser needs to keep it where it is."""
    for tag in reversed(CONTEXT.get(getattr(node, "tag", None), ())):
        node = h.element(tag, node)
    return node


def make_app(trees: list) -> pl.App:
    @pl.component
    def Sequence():
        step, set_step = pl.use_state(0)
        return h.main(
            h.button("next", id="pl-next", on_click=lambda: set_step(lambda s: s + 1)),
            h.output(str(step), id="pl-step"),
            h.div(in_context(trees[step]) if step < len(trees) else None, id="case"),
        )

    return pl.App(Sequence, title="Sequence", secret_key=SECRET_KEY)
