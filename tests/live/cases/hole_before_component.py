"""A hole keeps its place: a banner that comes and goes before a component never remounts it.

`h.div(h.p("banner") if show else None, Box())`: React and ReactPy keep the hole, so `Box` stays
the second child whether or not the banner is there.
"""
import pylive as pl
from pylive import html as h


@pl.component
def Box():
    return h.input(value="kept")


def page(banner):
    return h.div(banner, Box())


before = page(None)
steps = [
    (page(h.p("banner")), [[4, 1, 0, '<p data-pl="3">banner</p>']]),
    (page(False), [[5, 1, 0, 1]]),
    (page(True), []),
]
