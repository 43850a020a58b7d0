"""Opening a pylive page and its WebSocket the way the client runtime does, for the app tests."""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any, AsyncIterator

import attrs
from itsdangerous import URLSafeTimedSerializer

from pylive.live.frames import join_frame

#: Where every page's socket connects; the page's token goes in the first frame.
SOCKET_PATH = "/_pylive/ws"


def session_of(token: str) -> str:
    """The session id a page token names (read, not verified: the tests' own look at it)."""
    return URLSafeTimedSerializer(b"unused").loads_unsafe(token)[1]["s"]


@attrs.frozen
class OpenedPage:
    """A first page as served: its HTML, the token its script tag carries and the session it names."""

    html: str
    token: str

    @property
    def session(self) -> str:
        """The page's session id (inside its token)."""
        return session_of(self.token)

    def join(self, last: int = 0, *, token: str | None = None) -> str:
        """The first frame the runtime sends on this page's socket."""
        return join_frame(self.token if token is None else token, last)

    @contextlib.asynccontextmanager
    async def connect(self, client: Any, last: int = 0, *, token: str | None = None, **options: Any) -> AsyncIterator[Any]:
        """Open the page's socket as the runtime does (the socket, then the join frame)."""
        async with client.websocket(SOCKET_PATH, **options) as ws:
            await ws.send(self.join(last, token=token))
            yield ws

    def node_id(self, dom_id: str) -> int:
        """The node id (`data-pl`) of the element with this `id` attribute."""
        return node_id(self.html, dom_id)


def node_id(html: str, dom_id: str) -> int:
    """The node id (`data-pl`) of the element whose `id` attribute is `dom_id` in `html`."""
    match = re.search(r'<\w+ data-pl="(\d+)"[^>]* id="' + re.escape(dom_id) + '"', html)
    if match is None:
        raise LookupError(dom_id)
    return int(match[1])


async def open_page(client: Any, path: str = "/") -> OpenedPage:
    """GET a page; returns its HTML and token."""
    response = await client.get(path)
    assert response.status_code == 200, response.status_code
    html = await response.get_data(as_text=True)
    token = re.search(r'data-token="([^"]+)"', html)
    assert token, html
    return OpenedPage(html, token[1])


async def receive(ws: Any) -> Any:
    """The next frame, decoded."""
    return json.loads(await ws.receive())


async def click(ws: Any, seq: int, node: int) -> Any:
    """Send a click on `node` as event `seq`; returns the decoded answer."""
    await ws.send(json.dumps([seq, node, "click", {}]))
    return await receive(ws)
