"""Rows inserted together go as one template and their values (op 8); a row inserted later reuses
the template by its number, and a row of another shape (the selected one) goes as HTML."""
import pylive as pl
from pylive import html as h


@pl.component
def Row(id: int, label: str, selected: bool = False):
    return h.tr(h.td(str(id), class_="col-md-1"), h.td(h.a(label)), class_="danger" if selected else None)


def table(rows, selected=None):
    return h.tbody([Row(id=i, label=label, selected=i == selected, key=i) for i, label in rows])


before = table([])
steps = [
    (
        table([(1, "one"), (2, "two"), (3, "three")]),
        [[8, 1, 0, 2, [0, '<tr><td class="col-md-1"><!--t--></td><td><a><!--t--></a></td></tr>'], 3,
          "1", "one", "2", "two", "3", "three"]],
    ),
    (
        table([(1, "one"), (2, "two"), (3, "three"), (4, "four")]),
        [[8, 1, 3, 14, 0, 1, "4", "four"]],
    ),
    (
        table([(1, "one"), (2, "two"), (3, "three"), (4, "four"), (5, "five")], selected=5),
        [[4, 1, 4, '<tr data-pl="18" class="danger"><td data-pl="19" class="col-md-1">5</td><td data-pl="20"><a data-pl="21">five</a></td></tr>']],
    ),
]
