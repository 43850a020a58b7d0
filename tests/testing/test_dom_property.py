"""Property tests of the model DOM through a real session: random trees, random updates.

Each example mounts the first tree with `render`, then sets each next tree as the root's state;
after every update the view must equal what `render_to_string` writes for the current tree.
Trees are valid HTML (the parser would restructure invalid nesting, and rightly), built from a
small hashable spec:

    ("t", text)                       a text
    ("e", tag, attrs, children, key)  an element; attrs a tuple of (name, value); key or None
"""

from __future__ import annotations

import re
from typing import Any, Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pylive as pl
from pylive import html as h
from pylive.testing import render
from pylive.testing.dom import Document

# --- specs ---------------------------------------------------------------------------------

TEXT = st.text(alphabet="ab <&\"'\n", max_size=4)
ATTR_VALUES = st.one_of(st.just(True), st.text(alphabet="xy <&\"", max_size=3))
# Plain attributes, on any element. `value`, `checked` and `selected` are plain attributes too on
# elements that are not form controls (the server sets them with op 1, not as properties).
PLAIN_ATTRS = ("class", "title", "data-x", "aria-label", "lang", "disabled", "hidden", "value", "checked", "selected")


def attrs(names: tuple[str, ...] = PLAIN_ATTRS) -> st.SearchStrategy[tuple]:
    return st.lists(st.tuples(st.sampled_from(names), ATTR_VALUES), max_size=3, unique_by=lambda a: a[0]).map(tuple)


def keyed(children: st.SearchStrategy[list]) -> st.SearchStrategy[tuple]:
    """Children that all have keys (unique among siblings), or none has."""

    def key(items: list, with_keys: bool) -> tuple:
        if not with_keys:
            return tuple(items)
        return tuple((*c[:4], f"k{i}") if c[0] == "e" else c for i, c in zip(KEYS_ORDER, items))

    return st.tuples(children, st.booleans()).map(lambda t: key(*t))


KEYS_ORDER = (3, 1, 4, 0, 5, 9, 2, 6)


def element(tag: str, attributes: st.SearchStrategy[tuple], children: st.SearchStrategy[tuple]) -> st.SearchStrategy:
    return st.tuples(st.just("e"), st.just(tag), attributes, children, st.none())


def controls(props: bool) -> st.SearchStrategy:
    """Form controls; with `props`, with the attributes the server patches as properties."""
    input_attrs = ("type", "name", "disabled", "placeholder") + (("value", "checked") if props else ())
    types = st.sampled_from(("text", "checkbox", "radio", "hidden"))
    input_ = st.tuples(
        st.just("e"),
        st.just("input"),
        st.tuples(st.tuples(st.just("type"), types), st.tuples(st.just("name"), st.just("n")))
        .flatmap(lambda base: attrs(input_attrs[2:]).map(lambda more: base + more)),
        st.just(()),
        st.none(),
    )
    option = element(
        "option",
        attrs(("value", "disabled") + (("selected",) if props else ())),
        st.lists(st.tuples(st.just("t"), TEXT), max_size=1).map(tuple),
    )
    select = element(
        "select",
        attrs(("name", "multiple") + (("value",) if props else ())),
        st.lists(option, max_size=3).map(tuple),
    )
    if props:
        textarea = element("textarea", attrs(("value", "name", "rows")), st.just(()))
    else:  # its text as its child, which the server patches as a text (op 0)
        textarea = element("textarea", attrs(("name", "rows")), st.lists(st.tuples(st.just("t"), TEXT), max_size=1).map(tuple))
    return st.one_of(input_, select, textarea)


def trees(props: bool) -> st.SearchStrategy:
    text = st.tuples(st.just("t"), TEXT)
    leaves = st.one_of(text, controls(props), element("br", attrs(), st.just(())))

    def extend(inner: st.SearchStrategy) -> st.SearchStrategy:
        children = st.lists(inner, max_size=4)
        cell = element("td", attrs(), children.map(tuple))
        row = element("tr", attrs(), st.lists(cell, min_size=1, max_size=3).map(tuple))
        table = element("table", attrs(), st.tuples(element("tbody", attrs(), keyed(st.lists(row, max_size=3)))))
        items = element("ul", attrs(), keyed(st.lists(element("li", attrs(), children.map(tuple)), max_size=4)))
        return st.one_of(
            element("div", attrs(), children.map(tuple)),
            element("span", attrs(), children.map(tuple)),
            element("b", attrs(), children.map(tuple)),
            items,
            table,
        )

    return element("div", attrs(), st.lists(st.recursive(leaves, extend, max_leaves=12), max_size=4).map(tuple))


def build(spec: tuple) -> Any:
    if spec[0] == "t":
        return spec[1]
    _, tag, attributes, children, key = spec
    return getattr(h, tag)(*(build(c) for c in children), key=key, **{_py(n): v for n, v in attributes})


def _py(name: str) -> str:
    """The keyword that renders as attribute `name` (`class` -> `class_`, `data-x` -> `data_x`)."""
    return name.replace("-", "_") + ("_" if name == "class" else "")


# --- the driver ----------------------------------------------------------------------------

SET: list[Callable[[tuple], None]] = []


@pl.component
def Root(first: tuple):
    spec, set_spec = pl.use_state(first)
    SET[:] = [set_spec]
    return build(spec)


async def walk(specs: list[tuple], check: Callable[[Any, tuple], None]) -> None:
    async with render(Root(specs[0])) as view:
        check(view, specs[0])
        for spec in specs[1:]:
            SET[0](spec)
            await view.settle()
            check(view, spec)


def same_html(view: Any, spec: tuple) -> None:
    assert view.html() == pl.render_to_string(build(spec))


_START_TAG = re.compile(r'<([a-zA-Z]+)((?: [^\s=>]+(?:="[^"]*")?)*)>')
_ATTR = re.compile(r' [^\s=>]+(?:="[^"]*")?')


def attrs_sorted(html: str) -> str:
    """`html` with the attributes of every start tag in name order (values are escaped, so a
    start tag is all that matches)."""
    return _START_TAG.sub(lambda m: f"<{m[1]}{''.join(sorted(_ATTR.findall(m[2])))}>", html)


def same_html_but_attribute_order(view: Any, spec: tuple) -> None:
    assert attrs_sorted(view.html()) == attrs_sorted(pl.render_to_string(build(spec)))


_PROPERTY_ATTR = re.compile(r' (?:value|checked|selected)(?:="[^"]*")?')
_TEXTAREA = re.compile(r"(<textarea[^>]*>).*?(</textarea>)", re.DOTALL)


def without_defaults(html: str) -> str:
    """`html` without what only holds a form control's default (its `value`, `checked` and
    `selected` attributes, a textarea's text), attributes sorted."""
    html = _TEXTAREA.sub(r"\1\2", attrs_sorted(html))
    return _START_TAG.sub(
        lambda m: m[0] if m[1] not in ("input", "select", "option") else f"<{m[1]}{_PROPERTY_ATTR.sub('', m[2])}>", html
    )


def same_controls_and_html(view: Any, spec: tuple) -> None:
    same_controls(view, spec)
    assert without_defaults(view.html()) == without_defaults(pl.render_to_string(build(spec)))


def controls_state(document: Document) -> list[tuple]:
    """What the user sees of every form control: value, checkedness, selectedness."""
    return [
        (n.tag, n.value, n.checked, n.selected)
        for n in document.root.find_all("input, textarea, select, option")
    ]


def same_controls(view: Any, spec: tuple) -> None:
    fresh = Document()
    fresh.mount(pl.render_to_string(build(spec)))
    assert controls_state(view.document) == controls_state(fresh)


# The same examples on every run (no saved database): CI must not turn red on a new random find;
# widen `max_examples` locally to hunt for more divergences.
SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None
)


@SETTINGS
@given(st.lists(trees(props=False), min_size=2, max_size=5))
async def test_html_is_render_to_string_after_every_update(specs):
    await walk(specs, same_html_but_attribute_order)


@SETTINGS
@given(st.lists(trees(props=True), min_size=2, max_size=5))
async def test_form_controls_show_what_a_fresh_page_shows_after_every_update(specs):
    await walk(specs, same_controls_and_html)


# --- what the server's patches leave different (minimal tree pairs) ---------------------------


def div(*children: tuple, **attributes: Any) -> tuple:
    return ("e", "div", tuple(attributes.items()), children, None)


def control(tag: str, *children: tuple, **attributes: Any) -> tuple:
    return ("e", tag, tuple(attributes.items()), children, None)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="server: an attribute added by a patch is set with setAttribute, which puts it last, "
    "while render_to_string writes the tree's order",
)
async def test_an_added_attribute_is_where_render_to_string_writes_it():
    # <div title> -> <div class title>: the page has <div title class>.
    await walk([div(title=True), div(**{"class": True, "title": True})], same_html)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="server: a change of value/checked/selected on a form control is sent as a property "
    "only (op 3), so the attributes, which outerHTML and html() show, keep the first render's",
)
@pytest.mark.parametrize(
    "before, after",
    [
        (control("input", value="a"), control("input", value="b")),
        (control("input", type="checkbox"), control("input", type="checkbox", checked=True)),
        (control("textarea", value="a"), control("textarea", value="b")),
        (
            control("select", control("option", value="a"), control("option", value="b"), value="a"),
            control("select", control("option", value="a"), control("option", value="b"), value="b"),
        ),
        (
            control("select", control("option", ("t", "A"), selected=True), control("option", ("t", "B"))),
            control("select", control("option", ("t", "A")), control("option", ("t", "B"), selected=True)),
        ),
    ],
    ids=["input-value", "checkbox-checked", "textarea-value", "select-value", "option-selected"],
)
async def test_a_property_change_shows_in_html(before, after):
    await walk([div(before), div(after)], same_html)
