"""A hostile client costs the server bounded memory: a WebSocket message that never ends is refused
before it is buffered past the app's `max_frame_bytes`."""

from __future__ import annotations

import base64
import os
import re
import socket
import struct
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

from served import Served, free_port

from pylive.live.frames import join_frame

ROOT = Path(__file__).resolve().parents[2]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read())[1]) / 1024


def upgraded(port: int) -> socket.socket:
    """A WebSocket opened by hand, after its 101 (no join: the frames under test come first)."""
    sock = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            "GET /_pylive/ws HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    assert sock.recv(4096).startswith(b"HTTP/1.1 101")
    return sock


def received_close(sock: socket.socket, seconds: float = 5) -> bytes:
    """What the server sent, up to and including its close frame (or all it sent in `seconds`)."""
    received = b""
    sock.settimeout(seconds)
    deadline = time.monotonic() + seconds
    while b"\x88" not in received and time.monotonic() < deadline:
        try:
            data = sock.recv(65536)
        except (socket.timeout, OSError):
            break
        if not data:
            break
        received += data
    return received


def close_code(received: bytes) -> int | None:
    """The code of the close frame among what the server sent (None: it sent none)."""
    at = received.find(b"\x88")
    return None if at < 0 else struct.unpack(">H", received[at + 2 : at + 4])[0]


def counter_server() -> Served:
    """The counter demo served by `pylive run` in a process of its own, started."""
    port = free_port()
    server = Served([sys.executable, "-m", "pylive", "run", "demos/counter.py", "--port", str(port)], port=port, cwd=ROOT)
    assert 'data-token="' in server.get("/")
    return server


def flooded(frames: Iterable[bytes]) -> tuple[float, bytes]:
    """Send `frames` on a fresh counter server's WebSocket until it cuts the connection: how many MB
    the server grew by at the peak, and what it sent back."""
    server = counter_server()
    try:
        before = rss_mb(server.proc.pid)
        sock = upgraded(server.port)
        sock.settimeout(5)
        for frame in frames:
            try:
                sock.sendall(frame)
            except OSError:
                break  # the server closed the connection: all the better
        peak = rss_mb(server.proc.pid)
        received = received_close(sock)
        sock.close()
    finally:
        server.stop()
    return peak - before, received


def test_a_message_that_never_ends_is_refused_before_it_is_buffered():
    # One binary frame declaring 8 GiB, then 64 MiB of it (64 times the default max_frame_bytes).
    header = bytes([0x82, 0x80 | 127]) + struct.pack(">Q", 8 << 30) + os.urandom(4)
    growth, received = flooded([header, *[bytes(1 << 20)] * 64])
    assert growth < 32, f"the server grew by {growth:.0f} MB"
    assert close_code(received) == 1009  # "message too big"


def test_a_message_in_fragments_that_never_ends_is_refused_once_over_the_limit():
    """Each fragment declares less than the limit: the message is refused as its buffer would pass it."""
    fragment = bytes(256 * 1024)

    def fragments() -> Iterator[bytes]:
        opcode = 0x2  # the first fragment says binary; the ones after are continuations (0x0)
        for _ in range(256):  # 64 MiB in all, if the server took it
            yield bytes([opcode, 0x80 | 127]) + struct.pack(">Q", len(fragment)) + bytes(4) + fragment
            opcode = 0x0

    growth, received = flooded(fragments())
    assert growth < 32, f"the server grew by {growth:.0f} MB"
    assert close_code(received) == 1009


def test_a_frame_declaring_more_than_the_limit_is_refused_on_its_header():
    """Its payload is not read at all: a client reconnecting to stream such frames costs the server
    a handshake each time, not a megabyte unmasked."""
    server = counter_server()
    try:
        for declared in (8 << 30, (1 << 20) + 1):  # the default max_frame_bytes is 1 MiB
            sock = upgraded(server.port)
            # The header and a kilobyte of payload, and nothing more: the close comes anyway.
            sock.sendall(bytes([0x82, 0x80 | 127]) + struct.pack(">Q", declared) + bytes(4) + bytes(1024))
            received = received_close(sock)
            sock.close()
            assert close_code(received) == 1009, f"no 1009 for a frame declaring {declared:,} bytes"
        # A frame within the limit is read as usual (then refused as a join that is not one).
        sock = upgraded(server.port)
        payload = b"x" * 2000
        sock.sendall(bytes([0x81, 0x80 | 126]) + struct.pack(">H", len(payload)) + bytes(4) + payload)
        received = received_close(sock)
        sock.close()
        code = close_code(received)
        assert code is not None and code != 1009
    finally:
        server.stop()


async def test_a_flood_of_tiny_page_loads_parks_a_bounded_number_of_sessions():
    """A page of a few elements still costs its session: each parked one counts for more than its elements."""
    import pylive as pl
    from pylive import html as h
    from pylive.server.sessions import PARKED_SESSION_WEIGHT

    @pl.component
    def Tiny():
        return h.p("hi")

    app = pl.App(Tiny)
    app.store.parked_elements = 20 * PARKED_SESSION_WEIGHT
    async with app.quart.test_app() as test_app:
        client = test_app.test_client()
        for _ in range(50):
            assert (await client.get("/")).status_code == 200
        assert 10 <= app.store.parked <= 20


async def test_a_flood_of_page_loads_parks_a_bounded_number_of_elements():
    """Each GET renders a session and parks it for its socket; a flood of GETs must not hold them all."""
    import pylive as pl
    from pylive import html as h

    @pl.component
    def Big():
        return h.ul([h.li(f"row {i}", key=i) for i in range(1000)])

    app = pl.App(Big)
    app.store.parked_elements = 20_000  # ten pages' worth
    async with app.quart.test_app() as test_app:
        client = test_app.test_client()
        for _ in range(50):
            response = await client.get("/")
            assert response.status_code == 200
        assert app.store.parked <= 20
        assert sum(s.tree.next_id for s in app.store.sessions()) <= 20_000 + 1002
        # The newest page still goes live as it loaded.
        html = await response.get_data(as_text=True)
        token = re.search(r'data-token="([^"]+)"', html)[1]
        async with client.websocket("/_pylive/ws") as ws:
            await ws.send(join_frame(token))
            first = await ws.receive()
            assert '"resumed"' in first  # its parked session, not a fresh mount
