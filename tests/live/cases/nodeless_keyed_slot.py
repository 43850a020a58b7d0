"""A keyed slot of no DOM node never stays in place of a real move: one swap is a one-node move.

Found by the property test: the empty raw HTML `a` (0 nodes) was kept and `b` moved past it,
an op that moved nothing anywhere.
"""
import pylive as pl
from pylive import html as h

before = h.div(pl.unsafe_html("", key="a"), pl.unsafe_html("<em>r</em>", key="b"), h.i("c", key="c"))
after = h.div(h.i("c", key="c"), pl.unsafe_html("<em>r</em>", key="b"), pl.unsafe_html("", key="a"))
ops = [[6, 1, [1], [0]]]
