"""Removing keyed rows: one remove per run of consecutive rows, highest index first."""
from pylive import html as h


def rows(keys):
    return h.ul([h.li(k, key=k) for k in keys])


before = rows("abcdef")
after = rows("adf")
ops = [[5, 1, 4, 1], [5, 1, 1, 2]]
