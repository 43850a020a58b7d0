"""Events: which handlers are given the `Event`, and the modifiers a binding carries."""

import functools
import re

import pytest

import pylive as pl
from pylive.core.events import Event, call_handler, wants_event


def with_event(e):
    return ("event", e.type)


def with_default(name="x"):
    return ("no event", name)


class Picker:
    def pick(self, e):
        return e.type

    def reset(self):
        return "reset"


@pytest.mark.parametrize(
    "handler, wants",
    [
        (lambda e: e, True),
        (lambda: None, False),
        (lambda name="room": name, False),  # the chat demo's room buttons: a bound loop variable
        (lambda *args: args, False),
        (lambda e, extra=1: e, True),
        (with_event, True),
        (with_default, False),
        (Picker().pick, True),
        (Picker().reset, False),
        (functools.partial(with_event), True),
        (functools.partial(lambda room, e: room, "lobby"), True),
        (functools.partial(lambda room: room, "lobby"), False),
        (pl.event(lambda e: e, prevent_default=True), True),
        (pl.event(lambda: None, debounce=100), False),
    ],
)
def test_a_handler_gets_the_event_exactly_when_it_has_a_required_positional_parameter(handler, wants):
    assert wants_event(handler) is wants


def test_a_default_bound_in_a_loop_is_not_overwritten_by_the_event():
    picked = []
    handlers = [lambda name=name: picked.append(name) for name in ("lobby", "random")]
    for handler in handlers:
        call_handler(handler, Event("click"))
    assert picked == ["lobby", "random"]


def add_to(e, where):
    return where


def keyword_only(e, *, where):
    return where


@pytest.mark.parametrize("handler", [add_to, keyword_only, lambda a, b: None])
def test_a_handler_that_needs_more_than_the_event_is_told_how_to_bind_the_rest(handler):
    with pytest.raises(TypeError) as caught:
        call_handler(handler, Event("submit"))
    message = str(caught.value)
    assert "but a handler is called with the event or with nothing: give " in message
    assert "a default (lambda e, " in message and "functools.partial" in message
    if handler is add_to:
        assert message.startswith("the handler add_to(e, where) needs e and where")
        assert message.endswith(f"(defined at test_events.py:{add_to.__code__.co_firstlineno})")


@pl.component
def Todo():
    return pl.html.form(pl.html.button("Add"), on_submit=add_to, id="todo")


async def test_in_development_the_page_says_how_to_bind_a_handlers_other_arguments():
    from pylive.testing import render

    async with render(Todo(), debug=True) as view:
        with pytest.raises(TypeError, match="give where a default"):  # the test driver re-raises it
            await view.submit("#todo")
        faults = [f for f in view.frames if '"fault"' in f]
        assert faults and "give where a default" in faults[-1]
        assert "The submit handler add_to failed" in faults[-1]


@pytest.mark.parametrize(
    ("name", "fix"),
    [
        ("target", "the field's value is e.value"),
        ("preventDefault", "the browser acts before the server hears of the event: bind pl.event(handler, prevent"),
        ("stopPropagation", "bind pl.event(handler, stop_propagation=True)"),
        ("valeu", "did you mean e.value?"),
        ("clientX", "the pointer's position is e.x, e.y"),
        ("whatever", "it carries type, value, values, checked"),
    ],
)
def test_a_name_the_event_lacks_is_said_with_what_to_write(name, fix):
    # React's e.target.value and e.preventDefault() were Python's bare "no attribute" error.
    with pytest.raises(AttributeError, match=re.escape(f"pl.Event has no {name!r}: {fix}")):
        getattr(pl.Event(type="input", value="x"), name)
    assert getattr(pl.Event(type="input"), name, "absent") == "absent"


@pl.component
def Search():
    text, set_text = pl.use_state("")
    return pl.html.input(value=text, on_input=lambda e: set_text(e.target.value), id="q")


async def test_in_development_the_page_says_what_the_event_carries():
    from pylive.testing import render

    async with render(Search(), debug=True) as view:
        with pytest.raises(AttributeError, match="pl.Event has no 'target'"):  # the test driver re-raises it
            await view.input("#q", "hi")
        faults = [f for f in view.frames if '"fault"' in f]
        assert faults and "the field's value is e.value" in faults[-1]
