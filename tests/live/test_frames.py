"""Incoming frames are checked before anything acts on them: events, control frames, the join."""

import json

import pytest

from pylive.core.events import Event
from pylive.live.frames import (
    MAX_JOIN_CHARS,
    PING,
    ProtocolError,
    is_ping,
    join_frame,
    parse_frame,
    parse_join,
    well_formed,
)


def test_the_heartbeat_is_recognised_only_as_itself():
    assert json.loads(PING) == {"t": "ping"} and is_ping(PING) and is_ping('{ "t" : "ping" }')
    assert not is_ping('{"t": "ping", "x": 1}') and not is_ping('[1, 2, "ping", {}]')


def test_a_join_carries_the_token_and_the_last_message_applied():
    join = parse_join(join_frame("tok.en", 7))
    assert (join.token, join.last) == ("tok.en", 7)
    assert parse_join('{"t": "join", "token": "x"}').last == 0


@pytest.mark.parametrize(
    "frame",
    [
        b'{"t": "join", "token": "x"}',  # binary
        '{"t": "join"}',
        '{"t": "join", "token": 5}',
        '{"t": "join", "token": "x", "last": -1}',
        '{"t": "join", "token": "x", "last": "3"}',
        '{"t": "join", "token": "x", "last": true}',
        '{"t": "nav", "path": "/"}',
        '[1, 2, "click", {}]',
        "not json",
        '{"t": "join", "token": "' + "x" * MAX_JOIN_CHARS + '"}',
    ],
)
def test_anything_else_first_is_refused_with_a_sentence(frame):
    with pytest.raises(ProtocolError) as refused:
        parse_join(frame)
    assert str(refused.value).startswith("the ")


def test_lone_surrogates_in_a_frame_become_replacement_characters():
    text = r'[1, 2, "input", {"value": "\ud800a\udfff", "form": {"\udc00": ["\ud83d\ude00", "\\ud800"]}}]'
    frame = parse_frame(text)
    assert frame.data == {"value": "\ufffda\ufffd", "form": {"\ufffd": ["\U0001f600", "\\ud800"]}}
    assert parse_frame('{"t": "nav", "path": "/\\udc80"}').fields["path"] == "/\ufffd"
    assert well_formed("caf\u00e9 \udcff") == "caf\u00e9 \ufffd"


def test_drag_data_is_an_object_of_strings():
    frame = parse_frame('[1, 2, "drop", {"data": {"item-id": "7"}}]')
    assert Event.from_data(frame.type, frame.data).data == {"item-id": "7"}
    for bad in ('"7"', '{"item-id": 7}', "[1]", "{" + ",".join(f'"k{i}": ""' for i in range(101)) + "}"):
        with pytest.raises(ProtocolError, match="'data'"):
            parse_frame(f'[1, 2, "drop", {{"data": {bad}}}]')


def test_a_multiple_selects_values_are_a_list_of_strings():
    frame = parse_frame('[1, 2, "change", {"value": "b", "values": ["b", "d"]}]')
    event = Event.from_data(frame.type, frame.data)
    assert (event.value, event.values) == ("b", ["b", "d"])
    assert Event.from_data("input", {"value": "x"}).values is None
    for bad in ('"b"', '["b", 1]', '{"b": "b"}', "[" + ",".join('""' for _ in range(10_001)) + "]"):
        with pytest.raises(ProtocolError, match="'values'"):
            parse_frame(f'[1, 2, "change", {{"values": {bad}}}]')


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e309", "-1e400"])
def test_a_number_json_cannot_carry_is_refused(number):
    # Python reads these and a browser's JSON.parse does not: one passed on to a page would break it.
    with pytest.raises(ProtocolError, match="number JSON cannot carry"):
        parse_frame('[1, 2, "pick", {"payload": {"x": [' + number + "]}}]")
    assert parse_frame('[1, 2, "pick", {"payload": [1e308, -0.0, 1.5]}]').data["payload"] == [1e308, -0.0, 1.5]


def test_an_event_number_is_one_the_page_can_count():
    assert parse_frame(json.dumps([2**53 - 1, 2, "click", {}])).seq == 2**53 - 1
    for seq in (2**53, 10**100, -1):
        with pytest.raises(ProtocolError, match="seq"):
            parse_frame(json.dumps([seq, 2, "click", {}]))


def test_a_pointers_place_and_the_elements_size_are_numbers():
    frame = parse_frame('[1, 2, "pointermove", {"x": 12.5, "y": 40, "width": 200, "height": 100.5}]')
    event = Event.from_data(frame.type, frame.data)
    assert (event.x, event.y, event.width, event.height) == (12.5, 40, 200, 100.5)
    assert Event.from_data("click", {}).x is None
    for bad in ('"12"', "true", "[1]"):
        with pytest.raises(ProtocolError, match="'x' must be a number"):
            parse_frame(f'[1, 2, "pointermove", {{"x": {bad}}}]')
    with pytest.raises(ProtocolError, match="JSON cannot carry"):
        parse_frame('[1, 2, "pointermove", {"x": 1e999}]')
