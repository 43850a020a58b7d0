"""The README's counter after one click: one text op, the protocol's 18-byte example."""
from pylive import html as h


def counter(n):
    return h.div(h.button("-", id="dec"), h.span(str(n), id="value"), h.button("+", id="inc"), class_="counter")


before = counter(1)
html = (
    '<div data-pl="1" class="counter"><button data-pl="2" id="dec">-</button>'
    '<span data-pl="3" id="value">1</span><button data-pl="4" id="inc">+</button></div>'
)
after = counter(2)
ops = [[0, 3, 0, "2"]]
