"""The element DSL (`pylive.html`): how children and attributes are normalised when a tree is built."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

import pylive as pl
from pylive import html as h
from pylive.core.element import VOID_TAGS, Element, Fragment, Raw
from pylive.core.hooks import Ref


def test_an_element_is_an_immutable_value() -> None:
    el = h.div("a", h.b("b"), id="x")
    assert isinstance(el, Element)
    assert el.tag == "div" and el.attrs == {"id": "x"} and el.children[0] == "a"
    assert el == h.div("a", h.b("b"), id="x")
    assert el != h.div("a", h.b("c"), id="x")
    with pytest.raises(AttributeError):
        el.tag = "p"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwarg", "name"),
    [
        ("class_", "class"),
        ("for_", "for"),
        ("data_id", "data-id"),
        ("aria_label", "aria-label"),
        ("http_equiv", "http-equiv"),
        ("data_user_id_", "data-user-id"),
        ("tabindex", "tabindex"),
        ("viewBox", "viewBox"),
    ],
)
def test_attribute_names(kwarg: str, name: str) -> None:
    assert h.div(**{kwarg: "v"}).attrs == {name: "v"}


def test_tags_that_are_python_keywords_take_a_trailing_underscore() -> None:
    assert h.del_("x").tag == "del"
    assert h.linearGradient().tag == "linearGradient"
    with pytest.raises(AttributeError):
        h.notatag  # noqa: B018


@pytest.mark.parametrize(
    "name",
    ['x"><script>alert(1)</script', "a b", "a=b", "a>b", "a/b", "a'b", "a\tb", "a\x00b"],
)
def test_attribute_names_that_would_break_the_markup_are_refused(name: str) -> None:
    with pytest.raises(TypeError, match="attribute name"):
        h.div(**{name: "1"})


@pytest.mark.parametrize(
    ("react", "fix"), [("className", "class_"), ("htmlFor", "for_"), ("defaultValue", "value"), ("defaultChecked", "checked")]
)
def test_reacts_own_prop_names_are_refused_with_the_html_name(react: str, fix: str) -> None:
    # Rendered as written they would be attributes no browser reads: the class or label would be lost.
    with pytest.raises(TypeError, match=f"{react}= is React's name for it: write {fix}="):
        h.input(**{react: "x"})


def test_unusual_but_valid_attribute_names_pass() -> None:
    assert h.div(**{"x-on:click": "go", "@click": "go", ":class": "c"}).attrs == {
        "x-on:click": "go",
        "@click": "go",
        ":class": "c",
    }


def test_style_takes_a_string_or_a_dict() -> None:
    assert h.p(style="color: red").attrs == {"style": "color: red"}
    style = {"font_size": "12px", "color": "red", "margin": None, "padding": False, "z_index": 3}
    assert h.p(style=style).attrs == {"style": "font-size:12px;color:red;z-index:3"}


def test_style_custom_properties_keep_their_names() -> None:
    assert h.p(style={"--main_color": "red", "--gap": 0}).attrs == {"style": "--main_color:red;--gap:0"}


def test_class_takes_a_list_with_falsy_items_dropped() -> None:
    assert h.p(class_=["a", None, "", False, 0, "b"]).attrs == {"class": "a b"}
    assert h.p(class_=("x",)).attrs == {"class": "x"}
    assert h.p(class_="a b").attrs == {"class": "a b"}
    assert h.p(class_=[]).attrs == {"class": ""}


def test_boolean_attributes() -> None:
    el = h.input(disabled=True, checked=False, readonly=None, required=True)
    assert el.attrs == {"disabled": "", "required": ""}


def test_aria_and_true_false_attributes_write_booleans_as_words() -> None:
    # aria-expanded="false" tells a screen reader the menu is shut; leaving it out says nothing, and
    # aria-hidden="" hides nothing. draggable, spellcheck and contenteditable default when absent.
    el = h.div(aria_expanded=False, aria_hidden=True, draggable=False, spellcheck=True, contenteditable=False)
    assert el.attrs == {
        "aria-expanded": "false", "aria-hidden": "true", "draggable": "false", "spellcheck": "true",
        "contenteditable": "false",
    }  # fmt: skip
    assert h.div(aria_label=None, data_on=True, data_off=False).attrs == {"data-on": ""}


def test_children_given_as_a_prop_are_children() -> None:
    assert h.ul(children=[h.li("a"), h.li("b")]) == h.ul(h.li("a"), h.li("b"))
    assert h.div(children="text", id="x") == h.div("text", id="x")
    with pytest.raises(TypeError, match="children as arguments and as children="):
        h.div("a", children="b")


def test_numbers_as_attribute_values() -> None:
    assert h.input(tabindex=0, step=0.5, maxlength=-1).attrs == {"tabindex": "0", "step": "0.5", "maxlength": "-1"}


def test_attribute_values_that_are_str_subclasses_are_plain_strings() -> None:
    """A `Markup` (or any str subclass) is no way around escaping: only `pl.unsafe_html` is."""
    value = h.a(href=Markup('" onclick="x')).attrs["href"]
    assert value.__class__ is str and value == '" onclick="x'


@pytest.mark.parametrize("tag", sorted(VOID_TAGS))
def test_void_elements_take_no_children(tag: str) -> None:
    make = getattr(h, tag)
    assert make(id="x").children == ()
    with pytest.raises(TypeError, match="void"):
        make("child")
    with pytest.raises(TypeError, match="void"):
        make(h.span())


def test_key_is_kept_apart_and_never_an_attribute() -> None:
    el = h.li("x", key="row-1", id="a")
    assert el.key == "row-1"
    assert el.attrs == {"id": "a"}
    assert h.li(key=0).key == 0


def test_handlers_are_kept_apart_as_events_and_bindings() -> None:
    def save() -> None:
        pass

    el = h.button("Save", on_click=save, on_keydown=pl.event(save, keys=["Enter", "Escape"], prevent_default=True))
    assert el.attrs is None
    assert el.events == {"click": save, "keydown": el.events["keydown"]}
    assert el.bindings == "click keydown|p|k=Enter,Escape"
    assert h.button(on_click=None).events is None
    with pytest.raises(TypeError, match="must be a function"):
        h.button(on_click="save()")


def test_event_modifiers_in_bindings() -> None:
    def f() -> None:
        pass

    el = h.input(
        on_input=pl.event(f, debounce=300),
        on_scroll=pl.event(f, throttle=100, stop_propagation=True),
        on_keyup=pl.event(f, keys=["a b", "/"]),
    )
    assert el.bindings == "input|d300 scroll|s|t100 keyup|k=a%20b,%2F"


def test_children_keep_their_places_and_render_as_if_flattened() -> None:
    def gen():
        yield "g1"
        yield ["g2", None]

    el = h.div("a", ["b", ("c", ["d"])], gen(), None, True, False, "", h.br(), iter(["it"]))
    F = pl.Fragment
    assert el.children == (
        "a",
        F(("b", F(("c", F(("d",)))))),
        F(("g1", F(("g2", None)))),
        None,
        None,
        None,
        None,
        h.br(),
        F(("it",)),
    )
    flat = h.div("a", "b", "c", "d", "g1", "g2", h.br(), "it")
    assert pl.render_to_string(el) == pl.render_to_string(flat)


@pytest.mark.parametrize(
    "child, fix",
    [
        ({"a": 1}, "pass a list of its items"),
        ({1, 2}, "pass a list of its items"),
        (len, "call it (len(...))"),
        (object(), "cannot be a child"),
    ],
)
def test_what_cannot_be_a_child_says_so_when_the_tree_is_built(child, fix) -> None:
    with pytest.raises(TypeError, match=re.escape(fix)):
        h.div(child)


def test_numbers_as_children_are_text() -> None:
    assert h.p(0, 1.5, -2).children == ("0", "1.5", "-2")


def test_str_subclasses_as_children_are_plain_text() -> None:
    (child,) = h.p(Markup("<b>x</b>")).children
    assert child.__class__ is str and child == "<b>x</b>"


@pytest.mark.parametrize("bad", [object(), b"bytes", {"a": 1}.keys().__class__, 1j])
def test_other_children_are_refused(bad: object) -> None:
    with pytest.raises(TypeError, match="cannot be a child"):
        h.div(bad)


def test_fragment_and_raw_nodes() -> None:
    frag = pl.fragment("a", ["b", None], h.i("c"), key="k")
    assert isinstance(frag, Fragment) and frag.key == "k"
    assert frag.children == ("a", Fragment(("b", None)), h.i("c"))
    raw = pl.unsafe_html("<b>x</b>", key=1)
    assert isinstance(raw, Raw) and raw.html == "<b>x</b>" and raw.key == 1


def test_component_calls_are_lazy() -> None:
    calls = []

    @pl.component
    def Greeting(name: str):
        calls.append(name)
        return h.p("Hello, ", name)

    el = Greeting(name="Ada", key="g")
    assert calls == []
    assert el.key == "g" and el.kwargs == {"name": "Ada"}
    assert el == Greeting(name="Ada", key="g") and el != Greeting(name="Bob", key="g")
    assert h.div(el).children == (el,)
    assert pl.render_to_string(el) == "<p>Hello, <!---->Ada</p>"
    assert calls == ["Ada"]


def test_duplicate_keys_among_built_children_raise() -> None:
    with pytest.raises(pl.DuplicateKeyError, match="'a'"):
        h.ul(h.li(key="a"), h.li(key="a"))
    h.ul(h.li(key="a"), h.li(key="b"), h.li(), h.li())  # unkeyed siblings never clash


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)", "javascript\n:alert(1)"],
)
@pytest.mark.parametrize("attr", ["href", "src", "action", "formaction", "HREF", "Src", "xlink:HREF"])
def test_javascript_urls_are_blocked(url, attr):
    out = pl.render_to_string(h.a("x", **{attr: url}))
    assert "alert" not in out and "about:invalid" in out


def test_a_javascript_url_is_blocked_when_its_attribute_was_seen_before_with_a_safe_one():
    # Names seen as plain attributes take a faster path: never one that is a URL.
    assert "/safe" in pl.render_to_string(h.a("x", HREF="/safe"))
    assert "alert" not in pl.render_to_string(h.a("x", HREF="javascript:alert(1)"))
    assert "alert" not in pl.render_to_string(h.a("x", href="javascript:alert(1)"))


def test_other_urls_are_kept():
    for url in ("/page?x=javascript:1", "https://example.com/javascript:", "mailto:a@b.c", "#top"):
        assert pl.render_to_string(h.a("x", href=url)) == f'<a href="{url}">x</a>'


def test_duplicate_keys_between_unkeyed_siblings_are_refused():
    with pytest.raises(pl.DuplicateKeyError, match="'a'"):
        h.ul(h.li("head"), h.li(key="a"), h.li(key="a"), h.li("foot"))


@pytest.mark.parametrize("name", ["onClick", "onclick", "onKeyDown", "ONCLICK"])
def test_an_event_written_the_javascript_way_is_refused_naming_the_binding(name) -> None:
    with pytest.raises(TypeError, match=rf"<button>: {name}= is not an event binding: write on_\w+="):
        h.button("Save", **{name: lambda: None})


def test_a_function_as_a_plain_attribute_is_refused() -> None:
    with pytest.raises(TypeError, match=r"<p> got a function for title=: only on_<event>= takes a handler"):
        h.p("x", title=lambda: "t")


def test_a_mistake_made_inside_a_component_names_the_component() -> None:
    @pl.component
    def Toolbar():
        return h.button("Save", onClick=lambda: None)

    with pytest.raises(TypeError, match=r"onClick= is not an event binding.*\(in component .*Toolbar\)"):
        pl.render_to_string(Toolbar())


def test_any_tag_through_h_element() -> None:
    el = h.element("sl-button", "Save", variant="primary")
    assert pl.render_to_string(el) == '<sl-button variant="primary">Save</sl-button>'
    assert pl.render_to_string(h.element("br")) == "<br>"
    for bad in ("", "1x", "a b", "x>"):
        with pytest.raises(TypeError, match="is not a valid tag name"):
            h.element(bad)


def test_attribute_names_that_are_not_identifiers_are_kept_as_written() -> None:
    el = h.use(**{"xlink:href": "#icon", "@click": "open = true", "x-on:click": "go()"})
    assert el.attrs == {"xlink:href": "#icon", "@click": "open = true", "x-on:click": "go()"}
    assert h.div(data_id="1", aria_label="x").attrs == {"data-id": "1", "aria-label": "x"}


def test_style_and_script_hold_raw_text_that_cannot_end_them_early() -> None:
    css = "a::before { content: '>'; } .x > .y { color: red }"
    assert pl.render_to_string(h.style(css)) == f"<style>{css}</style>"
    assert h.style("a {", None, "}").children == ("a {}",)  # one text, as the browser parses it
    with pytest.raises(TypeError, match=r"cannot contain '</style'"):
        h.style("a {}</STYLE><script>alert(1)</script>")
    with pytest.raises(TypeError, match=r"<script> holds text only"):
        h.script(h.b("x"))


@pytest.mark.parametrize("name", ["onclick", "OnMouseOver", "onfoo", "on-click"])
def test_no_attribute_starting_with_on_is_ever_rendered(name) -> None:
    """`h.span(**{"onclick": user_value})` would be a live inline handler: refused, whatever the value."""
    with pytest.raises(TypeError, match="inline JavaScript handlers are not rendered"):
        h.span("x", **{name: "alert(document.cookie)"})


def test_a_list_as_value_says_how_a_multiple_select_chooses() -> None:
    with pytest.raises(TypeError, match="a <select multiple> marks each chosen option with selected=True"):
        h.select(h.option("A", value="a"), multiple=True, value=["a"])
    chosen = h.select(h.option("A", value="a", selected=True), h.option("B", value="b"), multiple=True)
    assert chosen.children[0].attrs == {"value": "a", "selected": ""}


@pytest.mark.parametrize(
    ("value", "said"),
    [({"a": 1}, "got a dict for data-x="), ([1, 2], "got a list for data-x="), (h.b("x"), "got a Element for data-x=")],
)
def test_a_python_object_as_an_attribute_is_refused(value, said) -> None:
    # Its str() ("{'a': 1}", "[1, 2]") was rendered as if it were meant.
    with pytest.raises(TypeError, match=f"<div>: {said}: an attribute takes a str, a number or a bool"):
        h.div(data_x=value)


def test_a_ref_as_an_attribute_says_pylive_has_no_dom_refs() -> None:
    with pytest.raises(TypeError, match=r"no DOM refs in pylive: use autofocus= or pl.js.focus\('#id'\)"):
        h.input(ref=Ref(None))


def test_dangerously_set_inner_html_points_to_unsafe_html() -> None:
    with pytest.raises(TypeError, match=r"pass pl.unsafe_html\(markup\) as a child"):
        h.div(dangerouslySetInnerHTML={"__html": "<b>x</b>"})


def test_an_unhashable_key_is_refused_naming_it() -> None:
    with pytest.raises(TypeError, match="has a dict as key: keys must be hashable"):
        h.ul([h.li("a", key={"id": 1}), h.li("b", key={"id": 2})])


@pl.component
def Item(text: str):
    return h.li(text)


def test_a_list_of_components_without_keys_is_said_once_naming_the_fix(caplog) -> None:
    @pl.component
    def Todos(items: list):
        return h.ul([Item(t) for t in items])

    render_to_string = pl.render_to_string
    render_to_string(Todos(["a", "b"]))
    render_to_string(Todos(["a", "b", "c"]))
    said = [r.getMessage() for r in caplog.records if "without keys" in r.getMessage()]
    assert said == [
        f"a list of Item without keys (rendered in {Todos.name}): give each a key= (an id: Item(..., key=item.id)) "
        "so that each keeps its state when the list changes; unkeyed items are matched by position"
    ]


def test_keyed_lists_elements_and_a_components_own_children_are_not_said(caplog) -> None:
    @pl.component
    def Box(*children):
        return h.div(children)  # passed on as they came: fixed places, not a list from data

    render_to_string = pl.render_to_string
    render_to_string(Box(Item("a"), Item("b")))
    render_to_string(h.ul([Item(t, key=t) for t in "ab"]))
    render_to_string(h.ul([h.li(t) for t in "ab"]))
    assert not [r for r in caplog.records if "without keys" in r.getMessage()]
