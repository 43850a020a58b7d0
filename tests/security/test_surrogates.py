"""Text that is not valid Unicode (a lone surrogate, which JSON can carry and a file name can hold)
never breaks a page: from a client it becomes U+FFFD when the frame is read, as a browser does with
invalid text; from the app's own code it is replaced when the message is sent, with a log line,
and only that message's session notices."""

from __future__ import annotations

import json
import os

from raw_client import FrameReader, frame, handshake, open_page, request, wait_until

import pylive as pl
from pylive import html as h


def notes_app() -> pl.App:
    """Notes typed into any page are shown to every visitor: shared state."""
    notes: list[str] = []

    @pl.component
    def Notes():
        draft, set_draft = pl.use_state("")
        count, set_count = pl.use_state(0)

        def typed(e: pl.Event) -> None:
            notes.append(e.value)
            set_draft(e.value)

        return h.div(
            h.input(id="note", value=draft, on_input=typed),
            h.p(f"draft: {draft}", id="draft"),
            h.ul([h.li(n) for n in notes]),
            # A file name the system could not decode: os.fsdecode keeps the bad byte as a surrogate.
            h.button("list", id="list", on_click=lambda: notes.append(os.fsdecode(b"report-\xff.txt"))),
            h.button("+", id="inc", on_click=lambda: set_count(lambda c: c + 1)),
            h.output(str(count), id="count"),
        )

    return pl.App(Notes)


def live(port: int):
    page = open_page(port)
    status, sock = handshake(port, page)
    assert status == 101
    reader = FrameReader(sock)
    reader.message()
    return page, sock, reader


def answer(reader: FrameReader, seq: int) -> str:
    """The text of the patch message that answers event `seq`."""
    return json.dumps(reader.until(lambda m: isinstance(m, list) and m[1] == seq), ensure_ascii=False)


def test_a_lone_surrogate_typed_in_becomes_a_replacement_character(serve_app):
    server = serve_app(notes_app())
    page, sock, reader = live(server.port)
    sock.sendall(frame('[1, %d, "input", {"value": "\\ud800 typed"}]' % page.node_id("note")))
    assert "draft: \ufffd typed" in answer(reader, 1)
    sock.close()
    reply = request(server.port, "/")  # every visitor sees the shared notes
    assert reply.status == 200
    assert "\ufffd typed</li>" in reply.text


def test_invalid_text_from_the_app_is_replaced_logged_and_stays_in_its_session(serve_app, pylive_log):
    server = serve_app(notes_app())
    page, sock, reader = live(server.port)
    other_page, other_sock, other_reader = live(server.port)
    sock.sendall(frame(json.dumps([1, page.node_id("inc"), "click", {}])))
    answer(reader, 1)
    sock.sendall(frame(json.dumps([2, page.node_id("list"), "click", {}])))
    sock.sendall(frame(json.dumps([3, page.node_id("inc"), "click", {}])))
    assert '"2"' in answer(reader, 3)  # the messages after the bad one go on
    other_sock.sendall(frame(json.dumps([1, other_page.node_id("inc"), "click", {}])))
    assert '"1"' in answer(other_reader, 1)
    reply = request(server.port, "/")
    assert reply.status == 200
    assert "report-\ufffd.txt</li>" in reply.text
    assert wait_until(lambda: any("not valid Unicode" in line for line in pylive_log.refresh()))
    sock.close()
    other_sock.close()
