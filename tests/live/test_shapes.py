"""Component outputs kept as a shape and its values (`pylive.live.shapes`): what is kept, the ops a
kept output's renders make (the same as element by element), its handlers, and its memory."""

from __future__ import annotations

import gc
import random
import tracemalloc
from typing import Any

import pytest
from reconcile_driver import Driver

import pylive as pl
from pylive import html as h
from pylive.live import shapes
from pylive.live.mounted import Instance, MountedElement, MountedShape
from pylive.live.protocol import REMOVE_ATTR, SET_ATTR, TEXT
from pylive.live.tree import Tree


class Handle:
    set: Any = None


@pl.component
def Row(id: int, label: str, selected: bool, on_pick: Any):
    return h.tr(
        h.td(str(id), class_="id"),
        h.td(h.a(label, on_click=on_pick)),
        class_="on" if selected else None,
    )


@pl.component
def Table(rows: tuple, handle: Handle, picked: list):
    selected, set_selected = pl.use_state(None)
    handle.set = set_selected
    return h.table(
        h.tbody(
            [
                Row(id=r, label=f"row {r}", selected=r == selected, on_pick=lambda r=r: picked.append(r), key=r)
                for r in rows
            ]
        )
    )


def rows_of(tree: Tree) -> list[Instance]:
    table = tree.root.children[0]
    tbody = table.child.children[0]
    return tbody.children[0].children  # the list is one place: a fragment


def mounted_table(n: int) -> tuple[Tree, Handle, list]:
    tree = Tree()
    handle, picked = Handle(), []
    tree.mount(Table(tuple(range(1, n + 1)), handle, picked))
    return tree, handle, picked


def test_an_output_of_elements_and_texts_is_kept_as_one_shared_shape_and_its_values():
    tree, _, _ = mounted_table(3)
    kept = [row.child for row in rows_of(tree)]
    assert all(slot.__class__ is MountedShape for slot in kept)
    assert kept[0].shape is kept[1].shape is kept[2].shape
    assert kept[1].values == ("id", "2", "row 2")  # the cell's class, its text, the link's text
    # The elements take consecutive ids, as the first page shows them.
    html = tree.html()
    first = kept[1].id
    assert f'<tr data-pl="{first}"><td data-pl="{first + 1}" class="id">2</td><td data-pl="{first + 2}">' in html
    assert f'<a data-pl="{first + 3}" data-pl-on="click">row 2</a>' in html


def test_a_new_value_is_one_op_on_the_id_counted_from_the_first():
    d = Driver(h.div(h.p("a", class_="x"), h.p("b")))
    assert d.tree.root.children[0].child.__class__ is MountedShape
    assert d.render(h.div(h.p("a", class_="y"), h.p("c"))) == [[SET_ATTR, 2, "class", "y"], [TEXT, 3, 0, "c"]]
    d.check()


def test_another_shape_is_diffed_as_elements_with_the_same_ids_and_packed_again():
    tree, handle, _ = mounted_table(3)
    row = rows_of(tree)[1]
    first = row.child.id
    plain = row.child.shape
    handle.set(2)
    assert tree.render() == [[SET_ATTR, first, "class", "on"]]
    assert row.child.__class__ is MountedShape and row.child.id == first and row.child.shape is not plain
    handle.set(None)
    assert tree.render() == [[REMOVE_ATTR, first, "class"]]
    assert row.child.shape is plain


def test_an_element_given_a_new_id_keeps_the_output_a_shape_with_its_ids_listed():
    d = Driver(h.li(h.b("a"), h.span("x")))
    ops = d.render(h.li(h.i("a"), h.span("x")))  # the first child replaced: a new node id
    assert ops == [[7, 1, 0, '<i data-pl="4">a</i>']]
    kept = d.tree.root.children[0].child
    assert kept.__class__ is MountedShape and kept.ids == (1, 4, 3)
    assert d.render(h.li(h.i("b"), h.span("y"))) == [[TEXT, 4, 0, "b"], [TEXT, 3, 0, "y"]]
    assert d.tree.root.children[0].child is kept
    d.check()
    assert d.render(h.li(h.i("b"), h.span("y"), h.em("z")))[0][:3] == [4, 1, 2]  # unpacked with its ids
    d.check()


def test_a_kept_output_calls_its_latest_handlers_and_drops_them_when_removed():
    tree, handle, picked = mounted_table(3)
    row = rows_of(tree)[2]
    link = row.child.id + 3
    tree.handlers[link].element.events["click"]()
    assert picked == [3]
    handle.set(1)  # row 3 renders again only if its props changed: they did not
    tree.render()
    tree.handlers[link].element.events["click"]()
    assert picked == [3, 3]
    tree.unmount()
    assert tree.handlers == {}


@pytest.mark.parametrize(
    "output",
    [
        h.div(h.p("a", key="k")),
        h.form(h.input(name="q", value="x")),
        h.div(h.textarea("x")),
        h.div(h.pre("x")),
        h.div([h.p("a"), h.p("b")]),
        h.div(pl.unsafe_html("<b>x</b>")),
        h.div("x", hook="Chart"),
    ],
    ids=["key", "input", "textarea", "pre", "list", "raw", "hook"],
)
def test_outputs_a_shape_cannot_say_are_kept_as_elements(output):
    d = Driver(output)
    assert d.tree.root.children[0].child.__class__ is MountedElement
    d.check()


def test_the_table_of_shapes_starts_again_when_full_and_outputs_stay_kept(monkeypatch):
    # Handlers with per-row client commands make a shape per row: they must not fill the table
    # for every later page.
    monkeypatch.setattr(shapes, "MAX_SHAPES", 3)
    monkeypatch.setattr(shapes, "_shapes", {})
    d = Driver(h.ul(*[h.li(f"{i}", title="t" * i) for i in range(1)]))
    for n in range(2, 8):
        d.render(h.div(*[h.p(str(i)) for i in range(n)]))  # a new shape every render
        assert d.tree.root.children[0].child.__class__ is MountedShape
        assert len(shapes._shapes) <= 3
        d.check()


def test_a_handler_keeps_its_events_not_the_render_that_made_it():
    tree, handle, _ = mounted_table(2)
    row = rows_of(tree)[0]
    (stub,) = row.child.bound
    assert stub.element.children == () and stub.element.attrs is None
    assert stub.element.events["click"] is not None and stub.children == ()
    handle.set(1)  # unpacked, diffed, packed again: the stub is stripped again
    tree.render()
    (stub,) = rows_of(tree)[0].child.bound
    assert stub.element.children == () and stub.children == ()


@pl.component
def Noted(i: int, note: str):
    return h.li(note if i % 2 else None, f"row {i}", None if i % 2 else note, h.b("x"))


def test_inserted_rows_whose_holes_differ_share_one_template_as_their_html_does(monkeypatch):
    def inserted() -> list:
        d = Driver(h.ul([Noted(i=i, note="!", key=i) for i in range(0)]))
        ops = d.render(h.ul([Noted(i=i, note="!", key=i) for i in range(6)]))
        d.check()
        return ops

    kept = inserted()
    monkeypatch.setattr(shapes, "mount", lambda t, el: None)
    monkeypatch.setattr(shapes, "pack", lambda node: None)
    assert kept == inserted()
    assert kept[0][0] == 8  # one template op for all six


# --- the same ops as element by element ------------------------------------------------------

TAGS = ["div", "p", "span", "b", "li", "img"]


def random_output(form: random.Random, values: random.Random, depth: int = 0) -> Any:
    """An output whose form (tags, which attributes, where texts are) comes from `form` and whose
    attribute values and texts come from `values`: the same `form` seed makes outputs of one shape."""
    tag = form.choice(TAGS if depth else TAGS[:3])
    props: dict = {}
    if form.random() < 0.5:
        props["class_"] = values.choice(["a", "b", "a b"])
    if form.random() < 0.3:
        props["title"] = values.choice(["t", "u", "<&>\""])
    if form.random() < 0.3:
        props["on_click"] = lambda: None
    if tag == "img":
        return h.img(**props)
    children: list = []
    for _ in range(form.randint(0, 3 if depth < 3 else 0)):
        if form.random() < 0.5:
            # "" is a hole (a place that renders nothing), in a place `values` picks: the same form
            # with its holes elsewhere is another shape, diffed as elements.
            children.append(values.choice(["x", "y", "z&<", "w", "x", "y", "z&<", "w", ""]))
        else:
            children.append(random_output(form, values, depth + 1))
    return getattr(h, tag)(*children, **props)


def test_renders_of_a_kept_output_make_the_ops_an_element_diff_makes(monkeypatch):
    diffed = 0
    for seed in range(12):
        rnd = random.Random(seed)
        forms = [rnd.randrange(1 << 30) for _ in range(2)]
        # New values in the same form as often as a new form: most renders of a component change
        # a value or two.
        steps = [random_output(random.Random(rnd.choice(forms)), rnd) for _ in range(60)]
        kept = Driver(steps[0])
        with monkeypatch.context() as m:
            m.setattr(shapes, "mount", lambda t, el: None)
            m.setattr(shapes, "pack", lambda node: None)
            plain = Driver(steps[0])
            expected = [plain.render(step) for step in steps[1:]]
        assert plain.tree.root.children[0].child.__class__ is not MountedShape
        for step, ops in zip(steps[1:], expected):
            before = kept.tree.root.children[0].child
            assert kept.render(step) == ops, (seed, step)
            kept.check()
            diffed += before.__class__ is MountedShape and kept.tree.root.children[0].child is before
    assert diffed >= 200, diffed  # value by value, not only unpacked


# --- memory ------------------------------------------------------------------------------------


@pl.component
def Cells(row: tuple):
    id_, name, email, qty, status = row
    return h.tr(h.td(str(id_)), h.td(name), h.td(email), h.td(str(qty)), h.td(status))


@pl.component
def Sheet(rows: list):
    return h.table(h.tbody([Cells(row=r, key=r[0]) for r in rows]))


def test_a_mounted_table_retains_under_150_bytes_per_element():
    rows = [(i, f"name {i}", f"user{i}@example.com", i % 7, "open") for i in range(2_000)]
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tree = Tree()
    tree.mount(Sheet(rows))
    gc.collect()
    retained = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    elements = len(rows) * 6  # a row and its five cells (347 B each when kept as elements)
    assert retained / elements < 150, f"{retained / elements:.0f} B per element"
    tree.unmount()
