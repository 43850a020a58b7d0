"""Appending a keyed row is one insert at the end; the rows before are not touched."""
from pylive import html as h


def rows(keys):
    return h.tbody([h.tr(h.td(k), key=k) for k in keys])


before = rows("abc")
after = rows("abcd")
ops = [[4, 1, 3, '<tr data-pl="8"><td data-pl="9">d</td></tr>']]
