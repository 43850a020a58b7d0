"""A client that writes its own bytes: HTTP requests and WebSocket handshakes with exactly the
headers a test chooses (a forged Host, an Origin of another scheme), and frames no library would
send (oversized, never read)."""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import time
from typing import Any

import attrs
from app_client import SOCKET_PATH, session_of

from pylive.live.frames import join_frame

#: Every wait in these tests: long enough for a busy machine, short enough to fail.
WAIT = 30.0


@attrs.frozen
class Reply:
    """An HTTP response: status, headers (names lowercased) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(port: int, path: str = "/", *, host: str | None = None, headers: dict[str, str] | None = None) -> Reply:
    """GET `path` from 127.0.0.1:`port` with `Host: host` (default: the real address), then close."""
    lines = [f"GET {path} HTTP/1.1", f"Host: {host or f'127.0.0.1:{port}'}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return parse_reply(data)


def parse_reply(data: bytes) -> Reply:
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = _unchunk(body)
    return Reply(int(status_line.split()[1]), headers, body)


def _unchunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, body = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, body = out + body[:size], body[size + 2 :]
    return out


@attrs.frozen
class Page:
    """A first page: its HTML and the token its script tag carries."""

    html: str
    token: str

    @property
    def session(self) -> str:
        """The page's session id (inside its token)."""
        return session_of(self.token)

    def join(self, last: int = 0) -> bytes:
        """The join frame, as the runtime sends it first on a socket."""
        return frame(join_frame(self.token, last))

    def node_id(self, dom_id: str) -> int:
        match = re.search(r'<\w+ data-pl="(\d+)"[^>]* id="' + re.escape(dom_id) + '"', self.html)
        assert match is not None, dom_id
        return int(match[1])


def open_page(port: int, path: str = "/") -> Page:
    """GET a page from the server; its HTML, token and session id."""
    reply = request(port, path)
    assert reply.status == 200, reply
    html = reply.text
    token = re.search(r'data-token="([^"]+)"', html)
    assert token, html
    return Page(html, token[1].replace("&amp;", "&"))


def handshake(
    port: int,
    path: str | Page,
    *,
    host: str | None = None,
    headers: dict[str, str] | None = None,
    rcvbuf: int | None = None,
) -> tuple[int, socket.socket]:
    """Open a WebSocket by hand: the handshake's status and the socket, positioned after the headers.

    Given a `Page`, the socket is the page's, and its join frame is sent once the handshake succeeds.
    """
    page = path if isinstance(path, Page) else None
    path = SOCKET_PATH if page is not None else path
    sock = socket.socket()
    if rcvbuf is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.settimeout(WAIT)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host or f'127.0.0.1:{port}'}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
    ]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            break
        head += chunk
    status = int(head.split()[1])
    if page is not None and status == 101:
        sock.sendall(page.join())
    return status, sock


def frame(text: str) -> bytes:
    """One masked text frame, as a browser sends it."""
    data = text.encode("utf-8")
    return frame_header(len(data)) + data


def frame_header(length: int) -> bytes:
    """The header of a masked text frame of `length` bytes (the mask is zero: the payload goes as is)."""
    if length < 126:
        head = bytes([0x81, 0x80 | length])
    elif length < 65536:
        head = bytes([0x81, 0x80 | 126]) + length.to_bytes(2, "big")
    else:
        head = bytes([0x81, 0x80 | 127]) + length.to_bytes(8, "big")
    return head + b"\x00\x00\x00\x00"


class FrameReader:
    """Reads the server's (unmasked) frames from a hand-made socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _need(self, n: int, deadline: float) -> bytes:
        while len(self.buffer) < n:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def next(self, timeout: float = WAIT) -> tuple[int, bytes]:
        """The next frame's opcode and payload."""
        deadline = time.monotonic() + timeout
        b0, b1 = self._need(2, deadline)
        length = b1 & 0x7F
        if length == 126:
            length = int.from_bytes(self._need(2, deadline), "big")
        elif length == 127:
            length = int.from_bytes(self._need(8, deadline), "big")
        return b0 & 0x0F, self._need(length, deadline)

    def message(self, timeout: float = WAIT) -> Any:
        """The next text frame, decoded from JSON; raises on a close frame."""
        opcode, payload = self.next(timeout)
        if opcode == 8:
            raise EOFError(f"closed with {int.from_bytes(payload[:2], 'big')}")
        return json.loads(payload.decode("utf-8"))

    def until(self, predicate: Any, timeout: float = WAIT) -> Any:
        """Messages are skipped until one satisfies `predicate`; that one is returned."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.message(max(0.01, deadline - time.monotonic()))
            if predicate(message):
                return message


def wait_until(predicate: Any, timeout: float = WAIT, step: float = 0.05) -> bool:
    """Poll `predicate` until it holds (True) or `timeout` passes (False)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def binary_frame(data: bytes) -> bytes:
    """One masked binary frame (an upload chunk, as a browser sends it)."""
    return bytes([0x82]) + frame_header(len(data))[1:] + data
