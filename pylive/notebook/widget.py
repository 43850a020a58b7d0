"""`LiveWidget`: one live session shown in a notebook output, over the kernel's comm.

The widget is an anywidget: its front end (`assets/notebook.js`) shows the page in an iframe with
the stock runtime, and every frame between the runtime and the session is one custom comm message.
The session runs on the notebook's session loop (`pylive.notebook.loop`), in the kernel.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import anywidget
import traitlets

from pylive.live.frames import is_ping
from pylive.live.protocol import PONG, encode, mount_message
from pylive.live.session import Session
from pylive.live.templates import Templates
from pylive.notebook import loop
from pylive.notebook.page import page_document
from pylive.server.assets import assets_dir
from pylive.server.document import head_html

log = logging.getLogger("pylive")

#: Frames larger than this from the output are refused (as the server refuses them from a socket).
MAX_FRAME_CHARS = 1_048_576


class LiveWidget(anywidget.AnyWidget):
    """A component element live in a notebook output: `display(LiveWidget(Counter()))`.

    Prefer `pylive.notebook.show(element)`, which also replaces the session a cell showed the last
    time it ran. `close()` unmounts the component (its effects cleaned up, its timers stopped).
    """

    _esm = (assets_dir() / "notebook.js").read_text(encoding="utf-8")
    #: The iframe's document: the page as first rendered, with the runtime.
    page = traitlets.Unicode("").tag(sync=True)
    #: The page's title, for the frame's accessible name.
    title = traitlets.Unicode("pylive").tag(sync=True)

    def __init__(self, element: Any, *, head: Iterable[Any] = (), debug: bool = True, **kwargs: Any) -> None:
        self.session: Session = loop.call(lambda: Session(element, self._send_frame, debug=debug))
        body = loop.call(self.session.mount)
        title = self.session.title or getattr(getattr(element, "component", None), "name", "pylive")
        super().__init__(page=page_document(body, head=head_html(head), title=title), title=title, **kwargs)
        self.on_msg(self._received)

    def _send_frame(self, text: str) -> None:
        # Called on the session loop's thread: the kernel's comm may be written from any thread.
        if self.comm is not None:
            self.send({"frame": text})

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("open"):
            loop.submit(self._opened())
            return
        text = content.get("frame")
        if not isinstance(text, str) or len(text) > MAX_FRAME_CHARS:
            log.warning("pylive.notebook: refused a frame from the output that is not text or is too large")
            return
        if is_ping(text):
            self._send_frame(PONG)
            return
        loop.submit(self.session.receive(text))

    async def _opened(self) -> None:
        """A view's runtime connected: it gets the page as it is now, and the page goes live."""
        session = self.session
        if session.closed:
            return
        # The page as it is now (state intact). Without a path: the frame's own address is not the app's.
        session.tree.templates = Templates()  # the runtime forgets its templates on a mount
        self._send_frame(encode(mount_message(session.seq, session.tree.html(), session.title or self.title)))
        if not session.live:
            session.go_live()

    def close(self) -> None:
        """Unmount the component and close the widget (its output shows nothing live any more)."""
        session = self.session
        if not session.closed:
            loop.submit(_close(session))
        super().close()


async def _close(session: Session) -> None:
    session.close()
