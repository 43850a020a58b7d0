"""Children of a fragment change size: the indexes of later siblings follow."""
import pylive as pl
from pylive import html as h

before = h.div("head", pl.fragment("a", h.br()), "tail")
after = h.div("head", pl.fragment("a", h.br(), h.br(), "b"), "tail2")
ops = [[4, 1, 3, '<br data-pl="3">b'], [0, 1, 5, "tail2"]]
