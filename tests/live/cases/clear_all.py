"""Clearing a list is one remove of every child (the client empties the parent at once)."""
from pylive import html as h


def rows(keys):
    return h.ul([h.li(k, key=k) for k in keys])


before = rows("abcde")
steps = [
    (rows(""), [[5, 1, 0, 5]]),
    (rows("xy"), [[4, 1, 0, '<li data-pl="7">x</li><li data-pl="8">y</li>']]),
]
