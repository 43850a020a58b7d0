"""The inspector: a session's component tree and hook state, read-only."""

from __future__ import annotations

import pylive as pl
from pylive import html as h
from pylive.server.inspector import component_tree, show
from pylive.testing import render


@pl.component
def Item(label: str):
    pl.use_ref("kept")
    return h.li(label)


@pl.component
def Listing():
    items, set_items = pl.use_state(["a", "b"])
    pl.use_effect(lambda: None, [len(items)])
    return h.div(h.button("add", id="add", on_click=lambda: set_items(items + ["c"])),
                 h.ul([Item(label=i, key=i) for i in items]))


async def test_the_tree_lists_components_depth_first_with_their_hooks():
    async with render(Listing()) as view:
        tree = component_tree(view.session.tree)
        names = [(c["name"].rsplit(".", 1)[-1], c["depth"], c["key"]) for c in tree]
        assert names[-3:] == [("Listing", 1, None), ("Item", 2, "'a'"), ("Item", 2, "'b'")]
        listing = tree[-3]
        assert {"hook": "use_state", "value": "['a', 'b']"} in listing["hooks"]
        assert {"hook": "use_effect", "value": "deps (2,)"} in listing["hooks"]
        assert tree[-1]["hooks"] == [{"hook": "use_ref", "value": "'kept'"}]
        await view.click("#add")
        after = component_tree(view.session.tree)
        assert len(after) == len(tree) + 1
        assert {"hook": "use_state", "value": "['a', 'b', 'c']"} in after[-4]["hooks"]


def test_values_are_shown_bounded_and_a_broken_repr_does_not_break_it():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no")

    assert len(show("x" * 10_000)) < 100
    assert len(show(list(range(10_000)))) < 100
    assert show(Broken()).startswith("<Broken")


async def test_the_tree_is_bounded():
    @pl.component
    def Many():
        return h.ul([Item(label=str(i), key=i) for i in range(1000)])

    async with render(Many()) as view:
        assert len(component_tree(view.session.tree, limit=50)) == 50
