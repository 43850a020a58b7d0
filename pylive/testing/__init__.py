"""Test pylive components in-process, the way a browser drives them, with no browser and no network.

    from pylive.testing import render

    async def test_counter():
        async with render(Counter(start=1)) as view:
            await view.click("#inc")
            assert view.find("#value").text == "2"

`render` mounts a real `Session`; events go in as the exact frames a browser sends, and every
message the server sends (`view.frames`) is applied to a model DOM, so `find`, `html()` and the
event helpers see what a browser would show.

For the whole stack in a real browser, `LiveServer(app)` serves an app on 127.0.0.1 from a thread
of its own and `launch_chromium(playwright)` starts the system's Chromium.
"""

from pylive.testing.chromium import ChromiumNotFound, find_chromium, launch_chromium
from pylive.testing.dom import Node
from pylive.testing.server import LiveServer
from pylive.testing.view import EventRefused, View, render

__all__ = [
    "ChromiumNotFound",
    "EventRefused",
    "LiveServer",
    "Node",
    "View",
    "find_chromium",
    "launch_chromium",
    "render",
]
