"""The wire format (docs/protocol.md): op codes, outgoing messages, and checking incoming frames."""

from __future__ import annotations

import json
from typing import Any, TypedDict

import attrs

# Patch op codes: the closed set of DOM operations the client applies.
TEXT = 0  #: [0, parent, index, text]
SET_ATTR = 1  #: [1, id, name, value]
REMOVE_ATTR = 2  #: [2, id, name]
SET_PROP = 3  #: [3, id, name, value]
INSERT = 4  #: [4, parent, index, html]
REMOVE = 5  #: [5, parent, index, count]
MOVE = 6  #: [6, parent, from_indexes, to_deltas]
REPLACE = 7  #: [7, parent, index, html]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def encode(value: Any) -> str:
    """Compact JSON, as every frame is sent."""
    return _dumps(value)


def patch_message(seq: int, ack: int, ops: list) -> str:
    """The text of a patch message: `[seq, ack, op, ...]`."""
    return _dumps([seq, ack, *ops])


class ProtocolError(ValueError):
    """An incoming frame that is not a well-formed message; its text is safe to send back."""


class EventData(TypedDict, total=False):
    """The `data` object of an event frame."""

    value: str  #: the target's value (inputs, selects, textareas)
    checked: bool  #: a checkbox's or radio's state
    key: str  #: `KeyboardEvent.key`
    alt: bool  #: modifier flags
    ctrl: bool
    shift: bool
    meta: bool
    form: dict  #: the form's fields, for submit and form-level change/input
    target_id: str  #: the `id` attribute of the event's target
    payload: Any  #: what a JS hook's pushEvent sent (any JSON)


@attrs.frozen(slots=True)
class EventFrame:
    """A checked client event: `[seq, id, type, data]`."""

    seq: int
    node_id: int
    type: str
    data: dict


@attrs.frozen(slots=True)
class ControlFrame:
    """A checked client control frame: `{"t": ..., ...}`."""

    kind: str
    fields: dict


_STR_FIELDS = ("value", "key", "target_id")
_BOOL_FIELDS = ("checked", "alt", "ctrl", "shift", "meta")
_MAX_FORM_FIELDS = 10_000


def _check_form(form: Any) -> dict:
    if not isinstance(form, dict):
        raise ProtocolError("event data 'form' must be an object")
    if len(form) > _MAX_FORM_FIELDS:
        raise ProtocolError("event data 'form' has too many fields")
    for name, value in form.items():
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise ProtocolError(f"form field {name[:40]!r} must be a string or a list of strings")
        elif not isinstance(value, str):
            raise ProtocolError(f"form field {name[:40]!r} must be a string or a list of strings")
    return form


def parse_frame(text: str | bytes) -> EventFrame | ControlFrame:
    """Check one incoming frame; raises `ProtocolError` (with a message for the client) if malformed."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("frame is not UTF-8") from None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("frame is not JSON") from None
    if isinstance(value, list):
        if len(value) != 4:
            raise ProtocolError("an event frame is [seq, id, type, data]")
        seq, node_id, type_, data = value
        if type(seq) is not int or seq < 0:
            raise ProtocolError("event seq must be a non-negative integer")
        if type(node_id) is not int or node_id < 0:
            raise ProtocolError("event id must be a non-negative integer")
        if not isinstance(type_, str) or not type_ or len(type_) > 64:
            raise ProtocolError("event type must be a short string")
        if not isinstance(data, dict):
            raise ProtocolError("event data must be an object")
        for name in _STR_FIELDS:
            if name in data and data[name] is not None and not isinstance(data[name], str):
                raise ProtocolError(f"event data {name!r} must be a string")
        for name in _BOOL_FIELDS:
            if name in data and data[name] is not None and not isinstance(data[name], bool):
                raise ProtocolError(f"event data {name!r} must be a boolean")
        if "form" in data and data["form"] is not None:
            _check_form(data["form"])
        return EventFrame(seq, node_id, type_, data)
    if isinstance(value, dict):
        kind = value.get("t")
        if not isinstance(kind, str):
            raise ProtocolError("a control frame needs a string 't'")
        return ControlFrame(kind, value)
    raise ProtocolError("a frame is an event array or a control object")
