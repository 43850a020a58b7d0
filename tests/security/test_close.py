"""After the server closes a socket for cause (1009: a frame over the hard limit; 1013: a client
that does not read), the TCP connection ends and so does the connection's task, whatever the
client does next."""

from __future__ import annotations

import json
import select
import socket
import threading

import pytest
from raw_client import WAIT, FrameReader, frame, frame_header, handshake, open_page

import pylive as pl
from pylive import html as h

HARD_LIMIT = 16 * 1024 * 1024  # hypercorn's websocket_max_message_size


def watched_app(gone: threading.Event) -> pl.App:
    """An app whose page says when its session is closed; sessions close with their socket."""

    @pl.component
    def Page():
        text, set_text = pl.use_state("")
        count, set_count = pl.use_state(0)
        pl.use_effect(lambda: gone.set, [])
        return h.div(
            h.button("big", id="big", on_click=lambda: set_text(lambda t: "x" * 500_000 if not t else t + "y")),
            h.button("small", id="small", on_click=lambda: set_count(lambda c: c + 1)),
            h.p(text),
            h.p(str(count)),
        )

    return pl.App(Page, resume_seconds=0)


def connect(port: int, **options) -> tuple[object, socket.socket, FrameReader]:
    page = open_page(port)
    status, sock = handshake(port, page, **options)
    assert status == 101
    reader = FrameReader(sock)
    assert reader.message()["t"] == "mount"
    return page, sock, reader


def ended(sock: socket.socket) -> bool:
    """Whether the server ended the connection (reset or closed), seen without reading."""
    poll = select.poll()
    poll.register(sock, select.POLLERR | select.POLLHUP | select.POLLRDHUP)
    return bool(poll.poll(WAIT * 1000))


def test_a_frame_over_the_hard_limit_ends_the_connection(serve_app):
    gone = threading.Event()
    server = serve_app(watched_app(gone))
    _, sock, reader = connect(server.port)
    size = HARD_LIMIT + 1024 * 1024
    try:
        sock.sendall(frame_header(size))
        chunk = b"a" * 65536
        for _ in range(size // len(chunk)):
            sock.sendall(chunk)
    except OSError:
        pass  # the server may end the connection before it has all of it
    closing = []
    try:
        while True:
            opcode, payload = reader.next()
            if opcode == 8:
                closing.append(int.from_bytes(payload[:2], "big"))
    except (EOFError, ConnectionResetError):
        pass  # the end of the connection
    assert closing in ([1009], [])
    assert gone.wait(WAIT), "the connection's task did not end"
    sock.close()


@pytest.mark.parametrize("then", ["sends on", "goes quiet"])
def test_a_client_that_does_not_read_is_disconnected_for_good(serve_app, then):
    gone = threading.Event()
    server = serve_app(watched_app(gone))
    page, sock, _ = connect(server.port, rcvbuf=4096)
    big, small = page.node_id("big"), page.node_id("small")
    sock.settimeout(WAIT)
    try:
        if then == "sends on":
            # Big replies, then more than a thousand events: the server gives up on the client while
            # it is still sending.
            events = [frame(json.dumps([n, big, "click", {}])) for n in range(1, 21)]
            events += [frame(json.dumps([n, small, "click", {}])) for n in range(21, 1500)]
            sock.sendall(b"".join(events))
        else:
            # One big reply at a time, so that the server writes each until the buffers are full
            # and waits on the client, which then sends nothing more.
            for n in range(1, 41):
                sock.sendall(frame(json.dumps([n, big, "click", {}])))
                if gone.wait(0.05):
                    break
    except OSError:
        pass
    assert gone.wait(WAIT * 2), "the connection's task did not end"
    assert ended(sock), "the TCP connection is still open"
    sock.close()
