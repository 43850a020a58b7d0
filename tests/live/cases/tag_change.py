"""A child whose tag changes is replaced in one op, its new subtree with new ids."""
from pylive import html as h

before = h.div(h.span("a"), h.b("keep"))
after = h.div(h.p("a"), h.b("keep"))
ops = [[7, 1, 0, '<p data-pl="4">a</p>']]
