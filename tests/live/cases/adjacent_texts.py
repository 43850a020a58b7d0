"""Adjacent texts are separate DOM nodes (kept apart by <!----> in HTML) and are addressed by index."""
from pylive import html as h

before = h.p("Hello, ", "Ada", "!")
html = '<p data-pl="1">Hello, <!---->Ada<!---->!</p>'
after = h.p("Hello, ", "Grace", "!")
ops = [[0, 1, 1, "Grace"]]
