"""`render_to_string` writes what the live tree's first page writes, less the node ids: the static
walk writes most elements itself and hands the special ones to the shared writer."""

from __future__ import annotations

from reconcile_driver import strip_ids

import pylive as pl
from pylive import html as h
from pylive.live.tree import Tree


def live_html(node) -> str:
    tree = Tree()
    tree.mount(node)
    return strip_ids(tree.html())


@pl.component
def Row(n: int):
    return h.tr(h.td(str(n)), h.td("a", "b"), h.td(h.b("x"), "y", "z", class_="c"))


def test_every_kind_of_element_matches_the_live_writer():
    node = h.div(
        h.table(h.tbody([Row(n=i, key=i) for i in range(3)])),
        h.pre("\nkept"),
        h.textarea(value="\nline & <b>"),
        h.select(h.optgroup(h.option("One", value="1"), h.option("Two", value="2")), value="2"),
        h.p("a < b", h.br(), "c", h.input(value='"q"', disabled=True), title="x & y", hidden=True),
        h.style("p > a { color: red }"),
        h.span(),
        "tail",
        h.em("&"),
    )
    out = pl.render_to_string(node)
    assert out == live_html(node)
    assert "<br>" in out and "</br>" not in out
    assert '<option value="2" selected>' in out
    assert "<pre>\n\nkept</pre>" in out
    assert 'title="x &amp; y" hidden' in out
    assert "<td>a<!---->b</td>" in out


def test_a_boundary_that_fails_inside_a_select_leaves_no_selected_value_behind():
    # The writer marks the option of the open <select>'s value: a boundary that drops what it
    # wrote of a select drops that mark too, or another select's option would be selected.
    @pl.component
    def Broken():
        raise ValueError("no options")

    page = h.div(
        pl.ErrorBoundary(h.select(h.option("a", value="a"), Broken(), value="b"), fallback=h.p("none")),
        h.select(h.option("a", value="a"), h.option("b", value="b")),
    )
    assert "selected" not in pl.render_to_string(page)
