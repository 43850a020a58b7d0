"""A run of inserted items is read against the shape of the item before it: an item whose
attributes differ in name, number or order, or whose text becomes an element, starts a group of
its own (or goes as HTML), and every value lands in its own hole."""
import pylive as pl
from pylive import html as h


@pl.component
def Item(id: int, kind: str):
    if kind == "plain":
        return h.li(h.b(str(id), class_="n", title="t"), "x")
    if kind == "swapped":  # the same attributes, in the other order
        return h.li(h.b(str(id), title="t", class_="n"), "x")
    if kind == "renamed":
        return h.li(h.b(str(id), class_="n", lang="en"), "x")
    return h.li(h.b(h.i(str(id)), class_="n", title="t"), "x")  # a text became an element


def items(kinds):
    return h.ul([Item(id=i, kind=kind, key=i) for i, kind in enumerate(kinds)])


before = items([])
steps = [
    (
        items(["plain", "plain", "plain", "swapped", "swapped", "swapped", "renamed", "plain", "nested"]),
        [
            [8, 1, 0, 2, [0, '<li><b class="n" title="t"><!--t--></b><!--t--></li>'], 3, '0', 'x', '1', 'x', '2', 'x'],
            [8, 1, 3, 8, [1, '<li><b title="t" class="n"><!--t--></b><!--t--></li>'], 3, '3', 'x', '4', 'x', '5', 'x'],
            [4, 1, 6, '<li data-pl="14"><b data-pl="15" class="n" lang="en">6</b>x</li>'],
            [8, 1, 7, 16, 0, 1, '7', 'x'],
            [4, 1, 8, '<li data-pl="18"><b data-pl="19" class="n" title="t"><i data-pl="20">8</i></b>x</li>'],
        ],
    ),
]
