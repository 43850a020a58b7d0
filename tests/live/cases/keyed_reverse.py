"""Reversing three keyed rows moves two and recreates none (one LIS row stays: here `a`)."""
from pylive import html as h


def rows(keys):
    return h.table(h.tbody([h.tr(h.td(k), key=k) for k in keys]))


before = rows("abc")
after = rows("cba")
# c (index 2) and b (index 1) are taken out, then put at 0 and 0 + 1.
ops = [[6, 2, [2, 1], [0, 1]]]
