"""Components: props checked where the tree is built, outputs checked when rendered."""

import pytest

import pylive as pl
from pylive import html as h


@pl.component
def Counter(start: int = 0, *, step: int = 1):
    return h.p(str(start + step))


@pl.component
def Greeting(name: str, punctuation: str = "!"):
    return h.p(f"Hello, {name}{punctuation}")


@pl.component
def Passthrough(*children, **attrs):
    return h.div(*children, **attrs)


def test_a_misspelled_prop_is_refused_with_the_close_match():
    with pytest.raises(TypeError, match=r"Counter\(\) got an unexpected prop 'stat': did you mean 'start'\?"):
        Counter(stat=3)


def test_an_unknown_prop_lists_what_the_component_takes():
    with pytest.raises(TypeError, match=r"Counter\(\) got an unexpected prop 'colour': it takes start, step"):
        Counter(colour="red")


def test_a_missing_prop_and_too_many_positional_props_are_refused():
    with pytest.raises(TypeError, match=r"Greeting\(\) is missing the prop 'name': pass name=\.\.\."):
        Greeting()
    with pytest.raises(TypeError, match=r"Greeting\(\) takes 2 positional props but was given 3"):
        Greeting("a", "b", "c")
    assert pl.render_to_string(Greeting("Ada")) == "<p>Hello, Ada!</p>"
    assert pl.render_to_string(Greeting(name="Ada", punctuation=".")) == "<p>Hello, Ada.</p>"


def test_a_component_taking_anything_is_not_checked():
    assert pl.render_to_string(Passthrough("x", id="a", data_k="v")) == '<div id="a" data-k="v">x</div>'


@pytest.mark.parametrize("value", [{"a": 1}, {1, 2}, object(), 3j])
def test_a_component_returning_something_that_is_not_a_node_fails_naming_it(value):
    @pl.component
    def Odd():
        return value

    with pytest.raises(TypeError, match=r"component .*Odd returned .*: return an element, a string, a list of them, or None"):
        pl.render_to_string(Odd())


def test_a_component_returning_a_list_renders_its_items():
    @pl.component
    def Items():
        return [h.li("a"), None, h.li("b")]

    assert pl.render_to_string(h.ul(Items())) == "<ul><li>a</li><li>b</li></ul>"
