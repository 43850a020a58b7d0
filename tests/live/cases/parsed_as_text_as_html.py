"""Items with an element whose content the HTML parser reads as text (`title`, `xmp`, `iframe`,
`noembed`, `noframes`, `plaintext`, `noscript`) go as HTML, not as a template: a template's text
marks inside it would be read as text, and the item's values would shift."""
import pylive as pl
from pylive import html as h


@pl.component
def Item(id: int, label: str):
    return h.li(h.title(label), str(id))


def items(rows):
    return h.ul([Item(id=i, label=label, key=i) for i, label in rows])


before = items([])
steps = [
    (
        items([(1, "one"), (2, "two"), (3, "three")]),
        [[4, 1, 0, '<li data-pl="2"><title data-pl="3">one</title>1</li><li data-pl="4"><title data-pl="5">two</title>2</li>'
          '<li data-pl="6"><title data-pl="7">three</title>3</li>']],
    ),
]
