"""A select's value: its option shows as selected in the first page, and is patched as a property."""
from pylive import html as h


def picker(value):
    return h.select(h.option("A", value="a"), h.option("B", value="b"), h.option("C", value="c"), value=value)


before = picker("b")
html = (
    '<select data-pl="1" value="b"><option data-pl="2" value="a">A</option>'
    '<option data-pl="3" value="b" selected>B</option><option data-pl="4" value="c">C</option></select>'
)
after = picker("c")
ops = [[3, 1, "value", "c"]]
