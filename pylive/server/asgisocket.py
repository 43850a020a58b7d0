"""The live socket, served straight from the ASGI server rather than through Quart's websocket.

Quart gives each WebSocket a request context, a receive queue, two tasks of its own and a signal
per frame: 13.6 KB per held socket and a tenth of an echo's CPU per frame (`benchmarks/load.py`,
an echo both ways), none of which a live page uses. The app's own WebSocket routes
(`app.quart.websocket(...)`) still go through Quart; its `before_websocket` hooks do not run for
the live socket, whose handshake checks (host, origin, page token) are pylive's own. The socket is
served in the app's context (`current_app`, and a `g` of its own), not in a request's.

    socket = AsgiSocket(scope, receive, send)
    await socket.accept()
    frame = await socket.receive()   # raises SocketClosed once the client is gone
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

from pylive.server.assets import PREFIX
from pylive.server.routing import app_path

#: Where every page's socket connects, below the app's mount point.
SOCKET_PATH = f"{PREFIX}/ws"
#: The ASGI extension that lets a refused handshake answer with an HTTP status and body.
_HTTP_RESPONSE = "websocket.http.response"
#: What a plain request for the socket is told (and the log, at most once a minute).
NOT_UPGRADED = (
    "the live socket was requested without its WebSocket upgrade: a proxy in front of the app dropped it; "
    "forward the Upgrade and Connection headers over HTTP/1.1 (nginx: proxy_http_version 1.1; "
    "proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade)"
)
_told_at = -60.0

log = logging.getLogger("pylive")


def not_an_asset(name: str) -> tuple[str, int]:
    """The body and status for a request of `{PREFIX}/<name>` that names no asset: 404, or 426 (and a log
    line) for the socket's own path, which only a proxy that strips the upgrade sends as plain HTTP."""
    global _told_at
    if PREFIX + "/" + name != SOCKET_PATH:
        return "not found", 404
    if time.monotonic() - _told_at >= 60:
        _told_at = time.monotonic()
        log.warning("%s", NOT_UPGRADED)
    return NOT_UPGRADED + "\n", 426


def is_live_socket(scope: dict) -> bool:
    """Whether an ASGI connection is a live page's socket (servers put the mount point in both
    `root_path` and `path`)."""
    if scope["type"] != "websocket":
        return False
    raw = scope.get("raw_path") or scope["path"].encode()
    return app_path(raw, scope.get("root_path", "").rstrip("/")) == SOCKET_PATH


class SocketClosed(Exception):
    """The client closed the socket, or the connection dropped; `code` is its close code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class AsgiSocket:
    """One WebSocket as the ASGI server hands it to the app: receive, send, close (the `Socket`
    a `Connection` drives), and the handshake's headers."""

    __slots__ = ("scope", "_receive", "_send", "_accepted", "_closed")

    def __init__(self, scope: dict, receive: Callable[[], Any], send: Callable[[dict], Any]) -> None:
        self.scope = scope
        self._receive = receive
        self._send = send
        self._accepted = False
        self._closed = False

    @property
    def cookie(self) -> str:
        """The handshake's cookies, all `Cookie` headers joined (HTTP/2 clients may split them)."""
        return "; ".join(value.decode("latin-1") for key, value in self.scope["headers"] if key == b"cookie")

    def header(self, name: bytes) -> str | None:
        """The handshake's first header called `name` (lower case, as ASGI gives names), or None."""
        for key, value in self.scope["headers"]:
            if key == name:
                return value.decode("latin-1")
        return None

    @property
    def scheme(self) -> str:
        """`ws` or `wss`."""
        return self.scope.get("scheme", "ws")

    @property
    def root_path(self) -> str:
        """Where the app is mounted (`hypercorn --root-path`), or ''."""
        return self.scope.get("root_path", "")

    async def accept(self) -> None:
        """Complete the handshake."""
        if not self._accepted:
            self._accepted = True
            await self._send({"type": "websocket.accept"})

    async def refuse(self, status: int, text: str) -> None:
        """Refuse the handshake with an HTTP status and a plain-text body (a 403 where the server
        cannot send a body)."""
        self._closed = True
        if _HTTP_RESPONSE in (self.scope.get("extensions") or {}):
            headers = [(b"content-type", b"text/plain; charset=utf-8")]
            await self._send({"type": "websocket.http.response.start", "status": status, "headers": headers})
            await self._send({"type": "websocket.http.response.body", "body": text.encode(), "more_body": False})
        else:
            await self._send({"type": "websocket.close", "code": 1008})

    async def receive(self) -> str | bytes:
        """The next frame; raises `SocketClosed` when the socket closes."""
        receive = self._receive
        while True:
            message = await receive()
            kind = message["type"]
            if kind == "websocket.receive":
                text = message.get("text")
                return text if text is not None else message.get("bytes") or b""
            if kind == "websocket.disconnect":
                self._closed = True
                raise SocketClosed(message.get("code", 1005))
            # `websocket.connect` (the handshake, read or not before accepting): nothing to do.

    async def send(self, data: str) -> None:
        """Send one text frame."""
        await self._send({"type": "websocket.send", "text": data})

    async def close(self, code: int, reason: str = "") -> None:
        """Close the socket with `code` (once; later calls do nothing)."""
        if self._closed:
            return
        self._closed = True
        if not self._accepted:
            await self._send({"type": "websocket.close", "code": code})
            return
        await self._send({"type": "websocket.close", "code": code, "reason": reason})
