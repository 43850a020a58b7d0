"""The model DOM of pylive.testing: parsing as the client parses, ops as the client applies them,
properties apart from attributes, CSS selectors, and HTML written as render_to_string writes."""

import pytest

import pylive as pl
from pylive import html as h
from pylive.live.protocol import INSERT, MOVE, REMOVE, REMOVE_ATTR, REPLACE, SET_ATTR, SET_PROP, TEXT
from pylive.testing import render
from pylive.testing.dom import Document


def page(html: str) -> Document:
    doc = Document()
    doc.mount(html)
    return doc


# --- parsing -------------------------------------------------------------------------------


def test_rows_cells_and_options_are_inserted_as_they_are():
    doc = page('<table data-pl="1"><tbody data-pl="2"></tbody></table><select data-pl="3"></select>')
    doc.apply([INSERT, 2, 0, '<tr data-pl="4"><td data-pl="5">a</td></tr>'])
    doc.apply([INSERT, 4, 1, '<td data-pl="6">b</td>'])
    doc.apply([INSERT, 3, 0, '<option data-pl="7">x</option><option data-pl="8">y</option>'])
    assert doc.root.html() == "<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table><select><option>x</option><option>y</option></select>"
    assert doc.root.find("tbody > tr > td:nth-child(2)").text == "b"
    assert [n.text for n in doc.root.find_all("select > option")] == ["x", "y"]


def test_separators_are_removed_and_the_texts_stay_apart():
    doc = page('<p data-pl="1">a<!---->b<!--note-->c</p>')
    p = doc.root.find("p")
    assert [type(c).__name__ for c in p.children] == ["Text", "Text", "Comment", "Text"]
    doc.apply([TEXT, 1, 1, "B"])
    assert p.text == "aBc" and p.html() == "a<!---->B<!--note-->c"


def test_svg_content_is_parsed_as_svg():
    doc = page('<svg data-pl="1" viewBox="0 0 1 1"><defs data-pl="2"></defs></svg>')
    doc.apply([INSERT, 2, 0, '<linearGradient data-pl="3" gradientUnits="userSpaceOnUse"><stop data-pl="4"></stop></linearGradient>'])
    gradient = doc.root.find("linearGradient")
    assert gradient.tag == "linearGradient" and gradient.attrs["gradientUnits"] == "userSpaceOnUse"
    assert 'viewBox="0 0 1 1"' in doc.root.html()


def test_a_leading_newline_of_a_textarea_or_pre_round_trips():
    tree = h.div(h.textarea("\nline"), h.pre("\n\ncode"))
    html = pl.render_to_string(tree)
    doc = page(html)
    assert doc.root.find("textarea").value == "\nline"
    assert doc.root.html() == html


# --- ops -----------------------------------------------------------------------------------


def test_ops_change_the_document_as_the_client_does():
    doc = page('<ul data-pl="1"><li data-pl="2">a</li><li data-pl="3">b</li><li data-pl="4">c</li></ul>')
    doc.apply([MOVE, 1, [2, 1], [0, 1]])
    assert [li.text for li in doc.root.find_all("li")] == ["c", "b", "a"]
    doc.apply([SET_ATTR, 2, "class", "x"])
    doc.apply([REMOVE_ATTR, 2, "class"])
    doc.apply([REPLACE, 1, 0, '<li data-pl="5">C</li>'])
    doc.apply([REMOVE, 1, 1, 1])
    assert doc.root.html() == "<ul><li>C</li><li>a</li></ul>"
    with pytest.raises(AssertionError, match="unknown node 4"):
        doc.apply([SET_ATTR, 4, "class", "x"])


def test_a_removed_element_stays_readable():
    doc = page('<ul data-pl="1"><li data-pl="2">a<b>!</b></li></ul>')
    li = doc.root.find("li")
    doc.apply([REMOVE, 1, 0, 1])
    assert li.text == "a!" and li.parent is None and doc.root.find_all("li") == []


def test_setting_an_attribute_appends_it_as_set_attribute_does():
    doc = page('<div data-pl="1" title="t"></div>')
    doc.apply([SET_ATTR, 1, "class", "c"])
    doc.apply([SET_ATTR, 1, "title", "u"])
    assert doc.root.html() == '<div title="u" class="c"></div>'


# --- properties ----------------------------------------------------------------------------


def test_properties_are_apart_from_attributes():
    doc = page(
        '<input data-pl="1" value="a"><input data-pl="2" type="checkbox">'
        '<select data-pl="3"><option value="x">X</option><option value="y" selected>Y</option></select>'
        '<textarea data-pl="4">t</textarea>'
    )
    text, box, select, area = (doc.root.find(s) for s in ("input[value]", "[type=checkbox]", "select", "textarea"))
    before = doc.root.html()
    assert (text.value, box.checked, select.value, area.value) == ("a", False, "y", "t")
    for op in ([SET_PROP, 1, "value", "b"], [SET_PROP, 2, "checked", True], [SET_PROP, 3, "value", "x"], [SET_PROP, 4, "value", "u"]):
        doc.apply(op)
    assert (text.value, box.checked, select.value, area.value) == ("b", True, "x", "u")
    assert doc.root.find("option[value=x]").selected and not doc.root.find("option[value=y]").selected
    assert doc.root.html() == before  # outerHTML shows the attributes, which hold the defaults
    doc.apply([SET_ATTR, 1, "value", "c"])  # a dirty value no longer follows its attribute
    assert text.value == "b" and text.attrs["value"] == "c"


def test_a_clean_control_follows_its_attribute():
    doc = page('<input data-pl="1" value="a"><input data-pl="2" type="checkbox"><textarea data-pl="3">x</textarea>')
    doc.apply([SET_ATTR, 1, "value", "b"])
    doc.apply([SET_ATTR, 2, "checked", ""])
    doc.apply([TEXT, 3, 0, "y"])
    assert doc.root.find("input").value == "b" and doc.root.find("[type=checkbox]").checked
    assert doc.root.find("textarea").value == "y"


def test_radio_buttons_of_a_group_check_one_at_a_time():
    doc = page(
        '<form data-pl="1"><input data-pl="2" type="radio" name="r" value="a" checked>'
        '<input data-pl="3" type="radio" name="r" value="b" checked>'
        '<input data-pl="4" type="radio" name="other" value="c" checked></form>'
    )
    a, b, c = doc.root.find_all("input")
    assert (a.checked, b.checked, c.checked) == (False, True, True)  # the last inserted wins
    doc.apply([SET_PROP, 2, "checked", True])
    assert (a.checked, b.checked, c.checked) == (True, False, True)
    assert doc.form_data(doc.root.find("form")) == {"r": "a", "other": "c"}


def test_a_select_shows_its_first_option_until_one_is_selected():
    doc = page(
        '<select data-pl="1"><option disabled>-</option><option>a</option><option>b</option></select>'
        '<select data-pl="2" multiple><option>a</option></select>'
    )
    single, multiple = doc.root.find_all("select")
    assert single.value == "a" and multiple.value == ""
    doc.apply([INSERT, 1, 3, '<option selected>c</option>'])
    assert single.value == "c"


def test_form_data_is_what_form_data_gives():
    doc = page(
        '<form data-pl="1"><input name="t" value="v"><input name="d" value="x" disabled>'
        '<fieldset disabled><legend><input name="in-legend" value="l"></legend><input name="f" value="f"></fieldset>'
        '<input type="checkbox" name="c"><input type="checkbox" name="c" value="2" checked>'
        '<select name="m" multiple><option selected>1</option><option selected>2</option></select>'
        '<textarea name="a">text</textarea><input type="submit" name="s" value="go"><button name="b">b</button></form>'
    )
    assert doc.form_data(doc.root.find("form")) == {"t": "v", "in-legend": "l", "c": "2", "m": ["1", "2"], "a": "text"}


# --- selectors -----------------------------------------------------------------------------


async def test_full_css_selectors():
    tree = h.div(
        h.ul(h.li("one", class_="a"), h.li("two", class_="b"), h.li("three", class_="a"), id="list"),
        h.p("after", lang="en-GB", data_state="open"),
        h.p("later", data_state="closed"),
    )
    async with render(tree) as view:
        texts = lambda selector: [n.text for n in view.find_all(selector)]  # noqa: E731
        assert texts("#list > li") == ["one", "two", "three"]
        assert texts("div > li") == []
        assert texts("li.a + li") == ["two"]
        assert texts("li.a ~ li") == ["two", "three"]
        assert texts("ul ~ p") == ["after", "later"]
        assert texts("li:nth-child(2n+1)") == ["one", "three"]
        assert texts("li:not(.a)") == ["two"]
        assert texts("li:last-child, p:first-of-type") == ["three", "after"]
        assert texts("[data-state^=op]") == ["after"]
        assert texts("[data-state$=sed]") == ["later"]
        assert texts("[data-state*=lose]") == ["later"]
        assert texts("[lang|=en]") == ["after"]
        assert texts("[class~=b]") == ["two"]
        assert texts("[data-state=OPEN i]") == ["after"]
        assert texts("ul:has(> li.b)") == ["onetwothree"]
        assert view.find("#list").find("li:nth-child(2)").text == "two"
        with pytest.raises(ValueError):
            view.find("li >")


# --- textarea ------------------------------------------------------------------------------


async def test_a_textareas_text_changes():
    @pl.component
    def Notes():
        text, set_text = pl.use_state("first")
        return h.div(h.textarea(text, id="t"), h.button("go", id="go", on_click=lambda: set_text("second")))

    async with render(Notes()) as view:
        assert view.find("#t").text == "first" and view.find("#t").value == "first"
        await view.click("#go")
        assert view.frames[-1] == '[1,1,[0,2,0,"second"]]'
        assert view.find("#t").text == "second" and view.find("#t").value == "second"
        assert view.html() == pl.render_to_string(h.div(h.textarea("second", id="t"), h.button("go", id="go")))


async def test_a_textareas_value_is_patched_as_a_property_and_typing_sends_it():
    seen = []

    @pl.component
    def Notes():
        text, set_text = pl.use_state("first")
        return h.form(
            h.textarea(value=text, name="n", id="t", on_input=lambda e: set_text(e.value)),
            h.button("reset", type="button", id="reset", on_click=lambda: set_text("")),
            on_submit=lambda e: seen.append(e.form),
            id="f",
        )

    async with render(Notes()) as view:
        await view.input("#t", "typed")
        assert view.find("#t").value == "typed"
        await view.click("#reset")
        assert view.find("#t").value == ""
        await view.submit("#f", {"n": "again"})
        assert seen == [{"n": "again"}]


def test_items_are_made_from_a_template_as_the_client_makes_them():
    doc = page('<table data-pl="1"><tbody data-pl="2"><tr data-pl="3"><td data-pl="4">last</td></tr></tbody></table>')
    template = '<tr><td><input type="checkbox" data-pl-h="aria-label checked"></td><td><!--t--></td><td class="x"><!--t--></td></tr>'
    doc.apply([8, 2, 0, 10, [0, template], 2, "first", "", "1", "one", "second", "", "2", "two"])
    assert doc.root.find("tbody").html(runtime_attrs=True) == (
        '<tr data-pl="10"><td data-pl="11"><input type="checkbox" data-pl="12" aria-label="first" checked></td>'
        '<td data-pl="13">1</td><td class="x" data-pl="14">one</td></tr>'
        '<tr data-pl="15"><td data-pl="16"><input type="checkbox" data-pl="17" aria-label="second" checked></td>'
        '<td data-pl="18">2</td><td class="x" data-pl="19">two</td></tr>'
        '<tr data-pl="3"><td data-pl="4">last</td></tr>'
    )
    doc.apply([8, 2, 3, 20, 0, 1, "third", "", "3", "three"])  # the template is kept by its number
    assert [n.text for n in doc.root.find_all("tr > td:nth-child(3)")] == ["one", "two", "three"]
    assert doc.root.find("#pl-root [data-pl='17']").checked


def test_removing_a_controls_attribute_resets_its_property():
    doc = page('<input data-pl="1" value="a"><input data-pl="2" type="checkbox" checked><select><option data-pl="3" selected>x</option></select>')
    doc.apply([SET_PROP, 1, "value", "typed"])
    for op in ([REMOVE_ATTR, 1, "value"], [REMOVE_ATTR, 2, "checked"], [REMOVE_ATTR, 3, "selected"]):
        doc.apply(op)
    text, box = doc.root.find_all("input")
    assert (text.value, box.checked) == ("", False)
