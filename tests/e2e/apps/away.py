"""A page whose server changes title, address and a hook's state while the browser is away.

Clicking `#wait` starts a handler that waits for `GET /_test/release`; then it pushes an event to
the page's hook and navigates to `/later` (another title). `#flood` navigates too, then sends more
messages than a session keeps for a resume. The test cuts the network between the click and the
release, so every one of those messages is sent while nobody listens.
"""

from __future__ import annotations

import asyncio

import pylive as pl
from pylive import html as h

from . import SECRET_KEY

HOOK_JS = """
window.pylive = window.pylive || {hooks: {}};
window.pylive.hooks = window.pylive.hooks || {};
window.notes = [];
window.pylive.hooks.Notes = {
  mounted(el, ctx) { ctx.handleEvent("note", (payload) => window.notes.push(payload)); },
};
"""


def make_app() -> pl.App:
    released = asyncio.Event()  # bound to the server's loop when first awaited

    @pl.component
    def Shell():
        loc = pl.use_location()
        navigate = pl.use_navigate()
        push = pl.use_push_event()
        count, set_count = pl.use_state(0)

        async def wait_then_change() -> None:
            await released.wait()
            push("note", {"from": loc.path})
            navigate("/later")

        async def wait_then_flood() -> None:
            # More messages than a session keeps for a resume: the client gets the page afresh.
            await released.wait()
            navigate("/later")
            for n in range(1, 400):
                set_count(n)
                await asyncio.sleep(0)

        return h.main(
            h.button("wait", id="wait", on_click=wait_then_change),
            h.button("flood", id="flood", on_click=wait_then_flood),
            h.span(loc.path, id="path"),
            h.span(str(count), id="count"),
            hook="Notes",  # events pushed by a component go to the hook on its root element
        )

    app = pl.App(title="Away", secret_key=SECRET_KEY, head=[f"<script>{HOOK_JS}</script>"])
    app.page("/", Shell, title="Start")
    app.page("/later", Shell, title="Later")

    @app.quart.route("/_test/release")
    async def release() -> str:
        released.set()
        return "released"

    return app
