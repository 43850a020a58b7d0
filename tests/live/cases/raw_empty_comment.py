"""An empty comment in raw HTML counts for no node: the client removes every <!---->.

Found while writing the model DOM: `unsafe_html("<!---->")` was counted as one node, so the
server addressed a node the client had removed.
"""
import pylive as pl
from pylive import html as h

before = h.div(pl.unsafe_html("a<!---->b"), "t")
html = '<div data-pl="1">a<!---->b<!---->t</div>'
after = h.div(pl.unsafe_html("a<!---->b"), "u")
ops = [[0, 1, 2, "u"]]
