"""Removes (highest first), one move, inserts (lowest first), then changes inside kept rows."""
from pylive import html as h


def rows(items):
    return h.ul([h.li(text, key=k) for k, text in items])


before = rows([("a", "a"), ("b", "b"), ("c", "c"), ("d", "d"), ("e", "e")])
after = rows([("x", "x"), ("d", "d"), ("a", "A"), ("c", "c"), ("y", "y"), ("e", "e")])
ops = [
    [5, 1, 1, 1],  # b
    [6, 1, [2], [0]],  # d to the front: a c e stay
    [4, 1, 0, '<li data-pl="7">x</li>'],
    [4, 1, 4, '<li data-pl="8">y</li>'],
    [0, 2, 0, "A"],
]
