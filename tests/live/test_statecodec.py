"""The stored form of hook state: plain data as JSON, the rest tagged, never pickle."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import json
import socket
import uuid

import attrs
import pytest

from pylive.core.navigation import Location
from pylive.live.statecodec import Unreadable, Unstorable, decode, encode, register


@dataclasses.dataclass(frozen=True)
class Todo:
    text: str
    done: bool = False
    tags: tuple = ()


@attrs.frozen
class Point:
    x: int
    _y: int = 0


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


def roundtrip(value):
    return decode(json.loads(json.dumps(encode(value))))


@pytest.mark.parametrize(
    "value",
    [
        None, True, 3, 2.5, "text", [1, "a", None], {"a": [1, 2]},
        (1, (2, 3)), {1: "one", (2, 3): "pair"}, {"$": "not a tag"}, {1, 2}, frozenset({"a"}), b"\x00\xff",
        datetime.datetime(2026, 1, 2, 3, 4, 5), datetime.date(2026, 1, 2), decimal.Decimal("1.10"),
        uuid.UUID(int=7), Color.BLUE, Todo("write", tags=("a",)), Point(1, 2), [Todo("a"), {"p": Point(3)}],
    ],
)  # fmt: skip
def test_values_come_back_equal_and_of_the_same_type(value):
    back = roundtrip(value)
    assert back == value
    assert type(back) is type(value)


def test_plain_data_is_stored_as_plain_json():
    assert encode({"count": 3, "names": ["a", "b"]}) == {"count": 3, "names": ["a", "b"]}


def test_a_location_is_stored():
    loc = Location.parse("/items?page=2")
    assert roundtrip(loc) == loc and roundtrip(loc).query == {"page": ["2"]}


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (lambda: 1, "a function"),
        (print, "a function"),
        (object(), "a builtins.object"),
        ({"f": [open]}, "a function"),
    ],
)
def test_what_cannot_be_stored_is_named(value, words):
    with pytest.raises(Unstorable) as info:
        encode(value)
    assert words in info.value.what


def test_an_open_file_and_a_socket_cannot_be_stored(tmp_path):
    with open(tmp_path / "f", "w") as f, pytest.raises(Unstorable, match="TextIOWrapper"):
        encode(f)
    with socket.socket() as s, pytest.raises(Unstorable, match="socket"):
        encode([s])


def test_a_class_defined_in_a_function_cannot_be_stored():
    @dataclasses.dataclass
    class Local:
        a: int

    with pytest.raises(Unstorable, match="inside a function"):
        encode(Local(1))


def test_a_class_this_process_does_not_have_is_not_imported():
    with pytest.raises(Unreadable, match="no dataclass"):
        decode({"$": "obj", "c": "os:system", "f": {}})
    with pytest.raises(Unreadable, match="no dataclass"):
        decode({"$": "obj", "c": "some.module.never.imported:Thing", "f": {}})
    with pytest.raises(Unreadable, match="unknown tag"):
        decode({"$": "pickle", "v": "gASVAAAA"})


def test_register_names_a_class_and_refuses_what_is_not_data():
    @dataclasses.dataclass
    class Inner:
        a: int

    register(Inner, "tests:Inner")
    assert decode({"$": "obj", "c": "tests:Inner", "f": {"a": 1}}) == Inner(1)
    with pytest.raises(TypeError):
        register(dict)
