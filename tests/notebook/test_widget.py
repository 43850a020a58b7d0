"""LiveWidget in-process: frames in and out of a real session, with the comm the widget library
gives outside a kernel (it sends nothing), and the frames the session sends collected."""

from __future__ import annotations

import json
import time

import pytest

import pylive as pl
from pylive import html as h
from pylive.live.protocol import PONG
from pylive.notebook.widget import MAX_FRAME_CHARS, LiveWidget

cleaned: list[str] = []


@pl.component
def Counter(start: int = 0, tag: str = "counter"):
    count, set_count = pl.use_state(start)

    def effect():
        return lambda: cleaned.append(tag)

    pl.use_effect(effect, [])
    return h.button(str(count), id="inc", on_click=lambda: set_count(count + 1))


class Collecting(LiveWidget):
    def __init__(self, *args, **kwargs) -> None:
        self.sent: list[str] = []
        super().__init__(*args, **kwargs)

    def _send_frame(self, text: str) -> None:
        self.sent.append(text)


def wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + 10
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


@pytest.fixture
def widget():
    w = Collecting(Counter(start=3))
    yield w
    w.close()


def test_the_page_is_rendered_with_the_runtime_before_any_view_connects(widget) -> None:
    assert 'id="inc"' in widget.page and ">3</button>" in widget.page
    assert "window.WebSocket = BridgeSocket" in widget.page and "pl-root" in widget.page
    assert widget.title == "Counter"
    assert widget.sent == []


def test_a_view_that_opens_gets_the_page_and_events_are_answered(widget) -> None:
    widget._received(widget, {"open": True}, [])
    wait_for(lambda: widget.sent, "no mount after open")
    mount = json.loads(widget.sent[0])
    assert mount["t"] == "mount" and "path" not in mount and ">3</button>" in mount["html"]
    widget._received(widget, {"frame": json.dumps([1, 1, "click", {}])}, [])
    wait_for(lambda: len(widget.sent) > 1, "no answer to the click")
    assert json.loads(widget.sent[1]) == [1, 1, [0, 1, 0, "4"]]
    # A second view gets the page as it is now.
    widget._received(widget, {"open": True}, [])
    wait_for(lambda: len(widget.sent) > 2, "no mount for the second view")
    assert ">4</button>" in json.loads(widget.sent[2])["html"]


def test_heartbeats_are_answered_and_bad_frames_change_nothing(widget, caplog) -> None:
    widget._received(widget, {"open": True}, [])
    wait_for(lambda: widget.sent, "no mount after open")
    widget._received(widget, {"frame": '{"t":"ping"}'}, [])
    assert widget.sent[-1] == PONG
    widget._received(widget, {"frame": "x" * (MAX_FRAME_CHARS + 1)}, [])
    widget._received(widget, {"frame": 42}, [])
    widget._received(widget, "not a dict", [])
    assert "refused a frame" in caplog.text
    widget._received(widget, {"frame": "[not json"}, [])
    wait_for(lambda: json.loads(widget.sent[-1]).get("t") == "error", "no error for a malformed frame")
    widget._received(widget, {"frame": json.dumps([2, 1, "click", {}])}, [])
    wait_for(lambda: json.loads(widget.sent[-1]) == [1, 2, [0, 1, 0, "4"]], "the session stopped answering")


def test_close_unmounts_the_component() -> None:
    w = Collecting(Counter(tag="closing"))
    w._received(w, {"open": True}, [])
    wait_for(lambda: w.sent, "no mount after open")
    assert "closing" not in cleaned
    w.close()
    wait_for(lambda: "closing" in cleaned, "the effect was not cleaned up")
    assert w.session.closed
