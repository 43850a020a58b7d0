"""Opening a pylive page and its WebSocket the way the client runtime does, for the app tests."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import attrs


@attrs.frozen
class OpenedPage:
    """A first page as served: its HTML, and the token and session id its script tag carries."""

    html: str
    token: str
    session: str

    def socket_path(self, last: int = 0, *, session: str | None = None, token: str | None = None) -> str:
        """The WebSocket URL the runtime opens for this page."""
        token = self.token if token is None else token
        session = self.session if session is None else session
        return f"/_pylive/ws?token={quote(token)}&session={quote(session)}&last={last}"

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
    """GET a page; returns its HTML, token and session id."""
    response = await client.get(path)
    assert response.status_code == 200, response.status_code
    html = await response.get_data(as_text=True)
    token = re.search(r'data-token="([^"]+)"', html)
    session = re.search(r'data-session="([^"]+)"', html)
    assert token and session, html
    return OpenedPage(html, token[1], session[1])


async def receive(ws: Any) -> Any:
    """The next frame, decoded."""
    return json.loads(await ws.receive())


async def click(ws: Any, seq: int, node: int) -> Any:
    """Send a click on `node` as event `seq`; returns the decoded answer."""
    await ws.send(json.dumps([seq, node, "click", {}]))
    return await receive(ws)
