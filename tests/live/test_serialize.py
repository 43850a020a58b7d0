"""`pl.render_to_string`: the HTML of the first page, minus the runtime's `data-pl*` attributes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from patch_applier import Node, Text, parse
from reconcile_driver import strip_ids

import pylive as pl
from pylive import html as h
from pylive.live.serialize import raw_node_count
from pylive.live.tree import Tree

render = pl.render_to_string

HOSTILE = [
    '<script>alert("x")</script>',
    "\" onmouseover=\"alert(1)",
    "' onmouseover='alert(1)",
    "</textarea><img src=x onerror=alert(1)>",
    "&amp; &lt; &#x3C; &",
    "<!-- -->",
    "]]><![CDATA[",
]


def test_elements_attributes_and_text() -> None:
    assert render(h.div("Hi ", h.b("there"), id="x", class_=["a", "b"])) == '<div id="x" class="a b">Hi <b>there</b></div>'
    assert render(h.input(type="checkbox", checked=True, disabled=False)) == '<input type="checkbox" checked>'
    assert render(h.br()) == "<br>"
    assert render(h.p(style={"font_size": "12px", "color": "red"})) == '<p style="font-size:12px;color:red"></p>'


def test_children_that_render_as_nothing_and_numbers() -> None:
    assert render(h.p(None, True, False, "", [], ())) == "<p></p>"
    assert render(h.p(3)) == "<p>3</p>"
    assert render(h.p(1.5, 0)) == "<p>1.5<!---->0</p>"


def test_adjacent_texts_are_kept_apart_by_an_empty_comment() -> None:
    assert render(h.p("a", "b", h.br(), "c")) == "<p>a<!---->b<br>c</p>"
    assert render(pl.fragment("a", pl.fragment("b"))) == "a<!---->b"


def test_key_and_handlers_are_not_rendered() -> None:
    html = render(h.button("Go", key="k", on_click=lambda: None, on_keydown=pl.event(lambda: None, keys=["Enter"])))
    assert html == "<button>Go</button>"


def test_the_first_page_carries_ids_and_bindings_that_render_to_string_leaves_out() -> None:
    node = h.div(h.button("Go", on_click=lambda: None, key="k"), "t", h.input(value="v"))
    tree = Tree()
    tree.mount(node)
    html = tree.html()
    assert html == (
        '<div data-pl="1"><button data-pl="2" data-pl-on="click">Go</button>t<input data-pl="3" value="v"></div>'
    )
    assert strip_ids(html) == render(node)


def test_text_is_escaped() -> None:
    for s in HOSTILE:
        (p,) = parse(render(h.p(s)))
        assert [c.__class__ for c in p.children] == [Text] and p.children[0].data == s


def test_attribute_values_are_escaped() -> None:
    for s in HOSTILE:
        (a,) = parse(render(h.a("x", href=s, title=s, data_x=s)))
        assert a.attrs == {"href": s, "title": s, "data-x": s}


def test_textarea_value_is_its_escaped_content() -> None:
    for s in HOSTILE:
        (t,) = parse(render(h.textarea(value=s, name="n")))
        assert t.attrs == {"name": "n"} and [c.data for c in t.children] == [s]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1), st.text())
def test_any_text_and_attribute_value_round_trip_through_an_html_parser(text: str, value: str) -> None:
    # Less NUL, written as U+FFFD: a browser's parser would drop it from text (a node fewer) and
    # replace it in an attribute.
    (p,) = parse(render(h.p(text, title=value)))
    assert p.attrs == {"title": value.replace("\x00", "\ufffd")}
    assert [c.data for c in p.children] == [text.replace("\x00", "\ufffd")]


def test_a_nul_is_written_as_a_replacement_character() -> None:
    assert render(h.p("\x00", title="a\x00")) == '<p title="a\ufffd">\ufffd</p>'
    assert render(h.p("<\x00>")) == "<p>&lt;\ufffd&gt;</p>"


def test_unsafe_html_is_inserted_as_it_is() -> None:
    assert render(h.div(pl.unsafe_html("<b>bold</b> & more"))) == "<div><b>bold</b> & more</div>"
    assert render(h.div("a", pl.unsafe_html("b"), "c")) == "<div>a<!---->b<!---->c</div>"


def test_select_value_matches_an_options_text_and_only_the_first_option_of_that_value() -> None:
    # As `select.value = v` does: an option without a value attribute has its text as its value.
    html = render(h.select(h.option(" Red\n car "), h.option("Red car"), value="Red car"))
    assert html == '<select value="Red car"><option selected> Red\n car </option><option>Red car</option></select>'
    assert render(h.select(h.option(), value="")) == '<select value><option selected></option></select>'


def test_select_value_marks_its_option_selected() -> None:
    html = render(h.select(h.option("A", value="a"), h.optgroup(h.option("B", value="b")), value="b"))
    assert html == '<select value="b"><option value="a">A</option><optgroup><option value="b" selected>B</option></optgroup></select>'


def test_a_leading_newline_in_pre_and_textarea_survives_parsing() -> None:
    """The HTML parser drops one newline right after <pre>/<textarea>/<listing>: write one more."""
    assert render(h.pre("\ncode")) == "<pre>\n\ncode</pre>"
    assert render(h.textarea(value="\nnote")) == "<textarea>\n\nnote</textarea>"
    assert render(h.pre("x", "\ny")) == "<pre>x<!---->\ny</pre>"
    assert render(h.pre(h.br(), "\ny")) == "<pre><br>\ny</pre>"
    assert render(h.div("\nz")) == "<div>\nz</div>"
    (pre,) = parse(render(h.pre("\n", h.b("x"))))
    assert [c.__class__ for c in pre.children] == [Text, Node] and pre.children[0].data == "\n"


def test_components_render_with_initial_hook_values_and_no_effects() -> None:
    ran = []
    Theme = pl.create_context("light")

    @pl.component
    def Item(label: str):
        count, _ = pl.use_state(lambda: len(label))
        ref = pl.use_ref("r")
        memo = pl.use_memo(lambda: label.upper(), [label])
        pl.use_effect(lambda: ran.append(label))
        pl.use_interval(lambda: ran.append("tick"), 1)
        return h.li(f"{memo}{count}{ref.current}:{pl.use_context(Theme)}")

    @pl.component
    def Items(labels: list):
        return [Item(label=x, key=x) for x in labels]

    html = render(h.ul(Theme.provide("dark", Items(labels=["ab", "c"])), Item(label="z")))
    assert html == "<ul><li>AB2r:dark</li><li>C1r:dark</li><li>Z1r:light</li></ul>"
    assert ran == []


def test_component_outputs() -> None:
    @pl.component
    def Out(value: Any):
        return value

    assert render(h.p(Out(value=None), Out(value=False))) == "<p></p>"
    assert render(h.p(Out(value="a"), Out(value=2))) == "<p>a<!---->2</p>"
    assert render(h.p(Out(value=["a", h.b("b")]))) == "<p>a<b>b</b></p>"
    assert render(Out(value=(x for x in "xy"))) == "x<!---->y"


def test_raw_node_count_matches_what_the_client_keeps() -> None:
    assert raw_node_count("") == 0
    assert raw_node_count("text") == 1
    assert raw_node_count("<b>x</b> tail <i>y</i>") == 3
    assert raw_node_count("<br><img src=x>") == 2
    assert raw_node_count("<!-- kept -->") == 1
    assert raw_node_count("a<!---->b") == 2  # the client drops the empty comment; the texts stay apart
    assert raw_node_count("<!---->") == 0


def test_raw_html_with_implied_end_tags_counts_as_the_browser_parses_it():
    from pylive.live.serialize import raw_node_count

    assert raw_node_count("<p>a<p>b") == 2
    assert raw_node_count("<li>a<li>b") == 2
    assert raw_node_count("<p>a<div>b</div>") == 2
    assert raw_node_count("<ul><li>a<li>b</ul>") == 1
    assert raw_node_count("x<!---->y<!--note-->") == 3
