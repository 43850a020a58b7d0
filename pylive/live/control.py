"""Control frames from the page: a navigation, an upload's start, another tab's cookie, pong, bye.

Events go to handlers (`pylive.live.handlers`); these frames are the runtime's own, and each is
checked here before it changes anything: a malformed one is refused with one sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pylive.live.frames import ControlFrame

if TYPE_CHECKING:
    from pylive.live.session import Session


def handle(session: "Session", frame: ControlFrame) -> None:
    """Apply one control frame to `session` (or refuse it)."""
    fields = frame.fields
    if frame.kind == "nav":
        if not session.take_token():  # a nav renders a page: it costs what an event does
            session.refuse("too many events: slow down", 0)
            return
        path = fields.get("path")
        base = session.base
        if isinstance(path, str) and base and (path == base or path.startswith(base + "/")):
            path = path[len(base) :] or "/"  # the browser's address, less the app's mount point
        if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
            session.refuse("nav needs a path starting with one '/'", 0)
            return
        try:
            session.router.navigate(path, replace=True, from_client=True)
        except ValueError:
            session.refuse("nav path is not a valid URL path", 0)
        return
    if frame.kind == "upload":
        if session.take_token():
            session.uploads.request(fields)
        else:
            session.refuse("too many events: slow down", 0)
        return
    if frame.kind == "session":  # another tab wrote the cookie; this page fetched it, signed, to follow
        if not session.cookie.follow(fields.get("token"), session.cookie_sync):
            session.refuse("session needs a valid, fresh token", 0)
        return
    if frame.kind == "pong":
        return  # the answer to the server's ping (the connection noted that the page answers)
    if frame.kind == "bye":
        # The page is closing for good (not a dropped network): nothing to keep it for.
        session.leaving = True
        return
    session.refuse(f"unknown control frame {frame.kind[:40]!r}", 0)
