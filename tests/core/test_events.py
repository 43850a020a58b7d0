"""Events: which handlers are given the `Event`, and the modifiers a binding carries."""

import functools

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
