"""What the page sends (docs/protocol.md): events, control frames, the join, upload chunks and the
heartbeat, each checked here before anything acts on it.

A malformed frame raises `ProtocolError`, whose text is safe to send back. The frames the client
runtime builds (`upload_frame`, `chunk_frame`, `join_frame`) are here too, for the test driver and
the benchmarks.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, TypedDict

import attrs

from pylive.live.protocol import CHUNK_FRAME, CHUNK_HEADER_BYTES, MAX_UPLOAD_FILES, encode

# --- uploads ---------------------------------------------------------------------------------


def upload_frame(ref: str, n: int, files: list[dict]) -> str:
    """An `upload` frame as the client sends it: `files` (each `{name, size, type}`) picked for upload `ref`."""
    return encode({"t": "upload", "ref": ref, "n": n, "files": files})


def chunk_frame(entry: int, data: bytes) -> bytes:
    """A chunk frame as the client sends it: `entry`'s next `data` (the test driver and benchmarks use it)."""
    return bytes((CHUNK_FRAME,)) + entry.to_bytes(4, "big") + data


@attrs.frozen(slots=True)
class ChunkFrame:
    """A checked chunk of an upload: `entry`'s next bytes."""

    entry: int
    data: memoryview


def is_chunk(data: str | bytes) -> bool:
    """Whether an incoming frame is an upload chunk (binary, starting with `CHUNK_FRAME`) rather than JSON."""
    return data.__class__ is not str and data[:1] == b"\x01"


def parse_chunk(data: bytes) -> ChunkFrame:
    """Check a chunk frame; raises `ProtocolError` if it is malformed."""
    if len(data) < CHUNK_HEADER_BYTES:
        raise ProtocolError("a chunk frame is [1][entry: 4 bytes][bytes]")
    view = memoryview(data)
    return ChunkFrame(int.from_bytes(view[1:CHUNK_HEADER_BYTES], "big"), view[CHUNK_HEADER_BYTES:])


@attrs.frozen(slots=True)
class UploadRequest:
    """A checked `upload` frame: the files picked or dropped for upload `ref`."""

    ref: str
    n: int
    files: list[tuple[str, int, str]]  #: (name, size, type) each


def parse_upload(fields: dict) -> UploadRequest:
    """Check an `upload` control frame's fields; raises `ProtocolError` if they are malformed."""
    ref, n, files = fields.get("ref"), fields.get("n"), fields.get("files")
    if not isinstance(ref, str) or not 0 < len(ref) <= 64:
        raise ProtocolError("upload 'ref' must be a short string")
    if type(n) is not int or n < 0:
        raise ProtocolError("upload 'n' must be a non-negative integer")
    if not isinstance(files, list) or not 0 < len(files) <= MAX_UPLOAD_FILES:
        raise ProtocolError(f"upload 'files' must be a list of 1 to {MAX_UPLOAD_FILES} files")
    out = []
    for f in files:
        if not isinstance(f, dict):
            raise ProtocolError("each upload file is {name, size, type}")
        name, size, mime = f.get("name"), f.get("size"), f.get("type", "")
        if not isinstance(name, str) or not 0 < len(name) <= 1024:
            raise ProtocolError("an upload file's 'name' must be a string of 1 to 1024 characters")
        if type(size) is not int or size < 0:
            raise ProtocolError("an upload file's 'size' must be a non-negative integer")
        if not isinstance(mime, str) or len(mime) > 255:
            raise ProtocolError("an upload file's 'type' must be a short string")
        out.append((well_formed(name), size, well_formed(mime)))
    return UploadRequest(ref, n, out)


# --- the heartbeat, events and control frames ------------------------------------------------

#: A heartbeat, as the client sends it.
PING = '{"t":"ping"}'


def is_ping(text: str) -> bool:
    """Whether a text frame is the heartbeat (answered by the connection, never by the session)."""
    if text == PING:
        return True
    if len(text) > 40 or '"ping"' not in text:
        return False
    try:
        return json.loads(text) == json.loads(PING)
    except ValueError:
        return False


class ProtocolError(ValueError):
    """An incoming frame that is not a well-formed message; its text is safe to send back."""


class EventData(TypedDict, total=False):
    """The `data` object of an event frame."""

    value: str  #: the target's value (inputs, selects, textareas)
    values: list  #: a `<select multiple>`'s chosen options' values, in order
    checked: bool  #: a checkbox's or radio's state
    key: str  #: `KeyboardEvent.key`
    alt: bool  #: modifier flags
    ctrl: bool
    shift: bool
    meta: bool
    form: dict  #: the form's fields, for submit and form-level change/input
    target_id: str  #: the `id` attribute of the event's target
    payload: Any  #: what a JS hook's pushEvent sent (any JSON)
    data: dict  #: drag events: the dragged element's `data-*` attributes (name without `data-` -> value)
    x: float  #: pointer, mouse, touch and wheel events: the pointer from the bound element's top left
    y: float
    width: float  #: the bound element's size, in CSS pixels
    height: float


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
_NUMBER_FIELDS = ("x", "y", "width", "height")
_MAX_FORM_FIELDS = 10_000
_MAX_DATA_FIELDS = 100


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


def _check_data(fields: Any) -> dict:
    if not isinstance(fields, dict) or len(fields) > _MAX_DATA_FIELDS:
        raise ProtocolError(f"event data 'data' must be an object of at most {_MAX_DATA_FIELDS} fields")
    if not all(isinstance(v, str) for v in fields.values()):
        raise ProtocolError("event data 'data' values must be strings")
    return fields


def _check_values(values: Any) -> list:
    if not isinstance(values, list) or len(values) > _MAX_FORM_FIELDS:
        raise ProtocolError(f"event data 'values' must be a list of at most {_MAX_FORM_FIELDS} strings")
    if not all(isinstance(v, str) for v in values):
        raise ProtocolError("event data 'values' must be strings")
    return values


_SURROGATE = re.compile("[\ud800-\udfff]")
#: In JSON text, an escape that may stand for half of a surrogate pair.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def well_formed(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, as a browser does with invalid text.

    A lone surrogate is a `str` that UTF-8 cannot encode: JSON can carry one (`"\\ud800"`), and
    `os.fsdecode` makes one of a file name's undecodable byte.
    """
    return _SURROGATE.sub("\ufffd", text)


def _well_formed_value(value: Any) -> Any:
    if isinstance(value, str):
        return well_formed(value)
    if isinstance(value, list):
        return [_well_formed_value(item) for item in value]
    if isinstance(value, dict):
        return {well_formed(name): _well_formed_value(item) for name, item in value.items()}
    return value


def _not_a_number(_: str) -> float:
    raise ProtocolError("frame holds a number JSON cannot carry (NaN, Infinity or one too large)")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # `1e309` overflows to inf
        _not_a_number(text)
    return value


#: JSON as a browser writes it: NaN and Infinity, which Python reads and `JSON.parse` refuses, are
#: refused here, so that the app never holds one that would break every page it is sent to.
_decode = json.JSONDecoder(parse_constant=_not_a_number, parse_float=_finite).decode

#: The largest event number, as for a join's `last`: past it the page's counter cannot count.
MAX_SEQ = 2**53


def parse_frame(text: str | bytes) -> EventFrame | ControlFrame:
    """Check one incoming frame; raises `ProtocolError` (with a message for the client) if malformed.

    Lone surrogates in its strings (valid JSON, invalid Unicode) become U+FFFD, so that what the
    app gets can always be sent back and rendered.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("frame is not UTF-8") from None
    try:
        value = _decode(text)
        if _SURROGATE_ESCAPE.search(text) is not None:
            value = _well_formed_value(value)
    except ProtocolError:
        raise
    except (ValueError, RecursionError):
        raise ProtocolError("frame is not JSON") from None
    if isinstance(value, list):
        if len(value) != 4:
            raise ProtocolError("an event frame is [seq, id, type, data]")
        seq, node_id, type_, data = value
        if type(seq) is not int or not 0 <= seq < MAX_SEQ:
            raise ProtocolError("event seq must be a non-negative integer below 2**53")
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
        for name in _NUMBER_FIELDS:
            if name in data and data[name] is not None and (type(data[name]) not in (int, float)):
                raise ProtocolError(f"event data {name!r} must be a number")
        if "form" in data and data["form"] is not None:
            _check_form(data["form"])
        if "data" in data and data["data"] is not None:
            _check_data(data["data"])
        if "values" in data and data["values"] is not None:
            _check_values(data["values"])
        return EventFrame(seq, node_id, type_, data)
    if isinstance(value, dict):
        kind = value.get("t")
        if not isinstance(kind, str):
            raise ProtocolError("a control frame needs a string 't'")
        return ControlFrame(kind, value)
    raise ProtocolError("a frame is an event array or a control object")


# --- join ------------------------------------------------------------------------------------

#: Seconds a new socket has to send its join frame before it is closed.
JOIN_SECONDS = 10.0
#: The longest join frame accepted (a page token is about 150 characters).
MAX_JOIN_CHARS = 2048


@attrs.frozen(slots=True)
class JoinFrame:
    """A checked join, a socket's first frame: the page's token and the last message it applied.

    The token travels here rather than in the socket's URL, which proxies and access logs keep.
    """

    token: str
    last: int


def join_frame(token: str, last: int = 0) -> str:
    """The join frame as the client runtime sends it, first on every socket."""
    return encode({"t": "join", "token": token, "last": last})


def parse_join(data: str | bytes) -> JoinFrame:
    """Check a socket's first frame; raises `ProtocolError` unless it is a well-formed join."""
    if data.__class__ is not str or len(data) > MAX_JOIN_CHARS:
        raise ProtocolError("the first frame must be a join: {\"t\": \"join\", \"token\": ..., \"last\": ...}")
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise ProtocolError("the join frame is not JSON") from None
    if not isinstance(value, dict) or value.get("t") != "join":
        raise ProtocolError("the first frame must be a join: {\"t\": \"join\", \"token\": ..., \"last\": ...}")
    token, last = value.get("token"), value.get("last", 0)
    if not isinstance(token, str):
        raise ProtocolError("the join frame needs the page's 'token'")
    if type(last) is not int or not 0 <= last < MAX_SEQ:
        raise ProtocolError("the join frame's 'last' must be a non-negative integer")
    return JoinFrame(token, last)
