"""Options of a select changed: its value is set again after them (whatever the change).

Found by the model DOM: an inserted <option> carries no `selected`, so a select whose options
arrive after its value (loaded later) showed its first option instead of its value.
"""
from pylive import html as h


def picker(values):
    return h.select([h.option(v.upper(), value=v, key=v) for v in values], value="b")


before = picker("")
html = '<select data-pl="1" value="b"></select>'
steps = [
    (picker("ab"), [[4, 1, 0, '<option data-pl="2" value="a">A</option><option data-pl="3" value="b">B</option>'], [3, 1, "value", "b"]]),
    (picker("ba"), [[6, 1, [1], [0]], [3, 1, "value", "b"]]),
]
