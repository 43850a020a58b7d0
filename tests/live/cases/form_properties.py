"""value, checked and selected of form controls are patched as DOM properties (op 3).

Removed, they are removed as attributes (op 2), and the client sets the property back to what a
fresh page would show (an unselected option here); a textarea has no value attribute, so its text
is set to "" as a property.
"""
from pylive import html as h


def form(text, done, size, note):
    return h.form(
        h.input(value=text),
        h.input(type="checkbox", checked=done),
        h.select(h.option("S", value="s", selected=size == "s"), h.option("M", value="m", selected=size == "m")),
        h.textarea(value=note),
    )


before = form("hi", False, "s", "a")
after = form("hello", True, "m", None)
ops = [
    [3, 2, "value", "hello"],
    [3, 3, "checked", True],
    [2, 5, "selected"],
    [3, 6, "selected", True],
    [3, 7, "value", ""],
]

steps = [
    (after, ops),
    # A checkbox without `checked`, an input without `value`: removed as attributes, shown afresh.
    (form(None, False, "m", None), [[2, 2, "value"], [2, 3, "checked"]]),
]
