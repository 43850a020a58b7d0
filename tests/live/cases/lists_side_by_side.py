"""Two keyed lists side by side: keys match inside each list, never across them."""
from pylive import html as h


def page(left, right):
    return h.ul([h.li(k, key=k) for k in left], [h.li(k, key=k) for k in right])


before = page("ab", "cd")
steps = [
    (page("b", "acd"), [[5, 1, 0, 1], [4, 1, 1, '<li data-pl="6">a</li>']]),
    (page("ba", "dc"), [[4, 1, 1, '<li data-pl="7">a</li>'], [5, 1, 2, 1], [6, 1, [3], [2]]]),
]
