"""The wire format is built in one module: every outgoing message has its constructor there."""

import ast
import json
from pathlib import Path
from typing import get_type_hints

from pylive.live import protocol
from pylive.live.frames import PING

PACKAGE = Path(__file__).resolve().parents[2] / "pylive"


def test_each_constructor_makes_the_message_its_typed_dict_describes():
    cases = [
        (protocol.mount_message(3, "<p>x</p>", "T"), protocol.MountMessage),
        (protocol.mount_message(3, "", None, "/a"), protocol.MountMessage),
        (protocol.resumed_message(7), protocol.ResumedMessage),
        (protocol.error_message("bad", 4), protocol.ErrorMessage),
        (protocol.error_message("bad"), protocol.ErrorMessage),
        (protocol.title_message("T"), protocol.TitleMessage),
        (protocol.nav_message("/a?b=1", False), protocol.NavMessage),
        (json.loads(protocol.push_message(5, "points", "[1,2]", 9)), protocol.PushMessage),
        (protocol.reload_message(), protocol.ReloadMessage),
        (protocol.reload_message("app.py:3: SyntaxError"), protocol.ReloadMessage),
        (protocol.css_message(), protocol.CssMessage),
    ]
    for message, kind in cases:
        fields = get_type_hints(kind)
        assert set(message) <= set(fields), (message, kind)
        assert message["t"] == kind.__name__.removesuffix("Message").lower()
        assert json.loads(protocol.encode(message)) == message
    assert "ack" not in protocol.error_message("bad")
    assert "path" not in protocol.mount_message(1, "", None)
    assert json.loads(protocol.PONG) == {"t": "pong"} and json.loads(PING) == {"t": "ping"}


def test_every_field_of_every_message_is_documented():
    source = Path(protocol.__file__).read_text()
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name.endswith("Message"):
            assert ast.get_docstring(node), node.name
            for item in node.body:
                if isinstance(item, ast.AnnAssign) and item.target.id != "t":
                    line = source.splitlines()[item.lineno - 1]
                    assert "#:" in line, f"{node.name}.{item.target.id} has no field comment"


def test_no_other_module_builds_a_message():
    """A dict literal with a "t" key outside live/protocol.py is a message built elsewhere (live/frames.py
    builds the frames the client sends, for the test driver)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("protocol.py", "frames.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value == "t" for k in node.keys
            ):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert found == []


