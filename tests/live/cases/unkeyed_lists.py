"""Unkeyed children are matched by position: growing and shrinking at the end.

The unchanged first child is diffed before the removal after it: changes inside children that
come before every structural change may come first (their indexes cannot move).
"""
from pylive import html as h

before = h.ul(h.li("a"), h.li("b"))
steps = [
    (h.ul(h.li("a"), h.li("b"), h.li("c"), h.li("d")), [[4, 1, 2, '<li data-pl="4">c</li><li data-pl="5">d</li>']]),
    (h.ul(h.li("A")), [[0, 2, 0, "A"], [5, 1, 1, 3]]),
]
