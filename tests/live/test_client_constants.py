"""The client runtime's constants block against the server's protocol module: op codes, close codes
and the names both sides read, and the runtime using them only through the block."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pylive.live.protocol import (
    BINDINGS_ATTR,
    CHUNK_FRAME,
    CHUNK_HEADER_BYTES,
    CLOSE_BAD_TOKEN,
    CLOSE_OVERLOADED,
    CLOSE_REPLACED,
    CLOSE_RESTARTING,
    DROP_ACTIVE_CLASS,
    DROP_ATTR,
    HOLES_ATTR,
    INSERT,
    INSERT_ITEMS,
    LOADING_CLASS,
    MOVE,
    NODE_ID_ATTR,
    REMOVE,
    REMOVE_ATTR,
    REPLACE,
    SET_ATTR,
    SET_PROP,
    TEXT,
    UPLOAD_ATTR,
    UPLOAD_WINDOW,
    VIEWPORT_ENTER,
    VIEWPORT_LEAVE,
    WINDOW_PREFIX,
)

SOURCE = (Path(__file__).parent.parent.parent / "assets" / "pylive.js").read_text()

# The block runs from its section marker to the next one.
_block = re.search(r"^// --- constants -+\n(.*?)^// --- ", SOURCE, re.MULTILINE | re.DOTALL)
assert _block, "assets/pylive.js has no `// --- constants` section"
BLOCK = _block.group(1)
HEAD = SOURCE[: _block.start()]
REST = SOURCE[_block.end(1) :]

CONSTANT = re.compile(r'^const ([A-Z][A-Z0-9_]*) = (\d+|"[^"\\]*");(?: *//.*)?$', re.MULTILINE)
CONSTANTS = {name: json.loads(value) for name, value in CONSTANT.findall(BLOCK)}

OPS = {
    "OP_TEXT": TEXT,
    "OP_SET_ATTR": SET_ATTR,
    "OP_REMOVE_ATTR": REMOVE_ATTR,
    "OP_SET_PROP": SET_PROP,
    "OP_INSERT": INSERT,
    "OP_REMOVE": REMOVE,
    "OP_MOVE": MOVE,
    "OP_REPLACE": REPLACE,
    "OP_INSERT_ITEMS": INSERT_ITEMS,
}
CLOSES = {
    "CLOSE_BAD_TOKEN": CLOSE_BAD_TOKEN,
    "CLOSE_REPLACED": CLOSE_REPLACED,
    "CLOSE_OVERLOADED": CLOSE_OVERLOADED,
    "CLOSE_RESTARTING": CLOSE_RESTARTING,
    # RFC 6455's "closed without a close frame": never sent by the server, the runtime's own.
    "CLOSE_ABNORMAL": 1006,
    "UPLOAD_ATTR": UPLOAD_ATTR,
    "DROP_ATTR": DROP_ATTR,
    "DROP_ACTIVE_CLASS": DROP_ACTIVE_CLASS,
}
UPLOADS = {"CHUNK_FRAME": CHUNK_FRAME, "CHUNK_HEADER_BYTES": CHUNK_HEADER_BYTES, "UPLOAD_WINDOW": UPLOAD_WINDOW}
NAMES = {
    "NODE_ID_ATTR": NODE_ID_ATTR,
    "BINDINGS_ATTR": BINDINGS_ATTR,
    "HOLES_ATTR": HOLES_ATTR,
    "LOADING_CLASS": LOADING_CLASS,
    "VIEWPORT_ENTER": VIEWPORT_ENTER,
    "VIEWPORT_LEAVE": VIEWPORT_LEAVE,
    "WINDOW_PREFIX": WINDOW_PREFIX,
}


def test_the_block_comes_first_and_holds_one_constant_a_line():
    assert not re.search(r"^\s*(const|let|var|function|import)\b", HEAD, re.MULTILINE)
    for line in BLOCK.splitlines():
        if re.match(r"(const|let|var) ", line) and "new " not in line:
            assert CONSTANT.match(line), line


def test_op_codes_match_the_server():
    assert {name: CONSTANTS.get(name) for name in OPS} == OPS


def test_close_codes_match_the_server():
    assert {name: CONSTANTS.get(name) for name in CLOSES} == CLOSES


def test_upload_framing_matches_the_server():
    assert {name: CONSTANTS.get(name) for name in UPLOADS} == UPLOADS


def test_names_match_the_server():
    assert {name: CONSTANTS.get(name) for name in NAMES} == NAMES


def test_op_codes_and_close_codes_go_through_the_constants():
    assert not re.findall(r"\bcase\s+\d+", REST)
    assert not re.findall(r"op\[0\]\s*[!=]==?\s*\d", REST)
    for name in OPS:
        assert re.search(rf"\b{name}\b", REST), f"{name} is not used"
    codes = {str(code) for code in CLOSES.values()}
    assert not [n for n in re.findall(r"(?<![\w.])\d{4}(?![\w.])", REST) if n in codes]


def test_names_go_through_the_constants():
    for name, value in CONSTANTS.items():
        if isinstance(value, str):
            # As a string, an attribute selector or an attribute in HTML (comments quote with backticks).
            v = re.escape(value)
            found = re.search(rf"""(["']){v}\1|\[{v}\]|\s{v}=""", REST)
            assert not found, f"{found.group()} outside the block: use {name}"
