"""When keyed slots differ in size, the nodes that stay are the most nodes, not the most slots."""
import pylive as pl
from pylive import html as h


def big(key):
    return pl.fragment(h.i(1), h.i(2), h.i(3), h.i(4), key=key)


before = h.div(big("A"), h.b("x", key="x"), h.b("y", key="y"))
after = h.div(h.b("x", key="x"), h.b("y", key="y"), big("A"))
# Moving x and y (2 nodes) rather than A (4 nodes).
ops = [[6, 1, [4, 5], [0, 1]]]
