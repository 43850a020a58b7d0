"""A text starting with a newline right inside <pre> survives parsing: the HTML has one more.

The HTML parser drops a newline right after <pre>, <textarea> and <listing>. A lone "\n" first
in a <pre> vanished from the browser's DOM while the server still counted it, so every index
after it was off by one.
"""
from pylive import html as h

before = h.pre("\n", h.b("x"))
html = '<pre data-pl="1">\n\n<b data-pl="2">x</b></pre>'
steps = [
    (h.pre("\n", h.b("x"), "tail"), [[4, 1, 2, "tail"]]),
    (h.pre("\n", h.b("x"), "end"), [[0, 1, 2, "end"]]),
]
