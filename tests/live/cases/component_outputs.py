"""A component whose output goes from nothing, to text, to a fragment, to an element, to nothing."""
import pylive as pl
from pylive import html as h


@pl.component
def Out(what):
    return {"none": None, "text": "t", "frag": ["x", h.b("y")], "el": h.i("z")}[what]


before = h.div("<", Out(what="none"), ">")
html = '<div data-pl="1">&lt;<!---->&gt;</div>'
steps = [
    (h.div("<", Out(what="text"), ">"), [[4, 1, 1, "t"]]),
    (h.div("<", Out(what="frag"), ">"), [[7, 1, 1, 'x<b data-pl="2">y</b>']]),
    (h.div("<", Out(what="el"), ">"), [[5, 1, 1, 2], [4, 1, 1, '<i data-pl="3">z</i>']]),
    (h.div("<", Out(what="none"), ">"), [[5, 1, 1, 1]]),
]
