"""`cond and X` is a hole while cond is false: the children after it keep their places."""
from pylive import html as h


def page(show):
    return h.form(show and h.p("Saved!", role="status"), h.input(name="title", value="draft"), h.button("Save"))


before = page(False)
steps = [
    (page(True), [[4, 1, 0, '<p data-pl="4" role="status">Saved!</p>']]),
    (page(False), [[5, 1, 0, 1]]),
]
