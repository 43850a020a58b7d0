"""A list is one place: a list that grows does not shift the sibling after it."""
import pylive as pl
from pylive import html as h


@pl.component
def Footer():
    return h.input(value="kept")


def page(items):
    return h.div([h.p(i) for i in items], Footer())


before = page("ab")
steps = [
    (page("abc"), [[4, 1, 2, '<p data-pl="5">c</p>']]),
    (page(""), [[5, 1, 0, 3]]),
    (page("x"), [[4, 1, 0, '<p data-pl="6">x</p>']]),
]
