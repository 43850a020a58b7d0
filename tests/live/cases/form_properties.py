"""value, checked and selected of form controls are patched as DOM properties (op 3)."""
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
    [3, 5, "selected", False],
    [3, 6, "selected", True],
    [3, 7, "value", ""],
]
