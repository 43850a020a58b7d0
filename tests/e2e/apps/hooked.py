"""An element with a JS hook: the hook reports its lifecycle and pushes an event to the server."""

from __future__ import annotations

import pylive as pl
from pylive import html as h

from . import SECRET_KEY

#: The page's own script defining the hook (an app puts it in `head`).
HOOK_JS = """
window.pylive = window.pylive || {hooks: {}};
window.pylive.hooks = window.pylive.hooks || {};
window.hookLog = [];
window.pylive.hooks.Clock = {
  mounted(el, ctx) { window.hookLog.push("mounted " + el.id); window.clockCtx = ctx; },
  updated(el) { window.hookLog.push("updated " + el.textContent); },
  destroyed(el) { window.hookLog.push("destroyed " + el.id); },
};
window.pushed = [];
window.pylive.hooks.Listener = {
  mounted(el, ctx) { ctx.handleEvent("hello", (payload) => window.pushed.push(payload)); },
};
"""


@pl.component
def Listener(pushes: int):
    push = pl.use_push_event()
    pl.use_effect(lambda: push("hello", {"n": pushes}) if pushes else None, [pushes])
    return h.div(f"pushes {pushes}", id="listener", hook="Listener")


@pl.component
def Page():
    ticks, set_ticks = pl.use_state(0)
    visible, set_visible = pl.use_state(True)
    got, set_got = pl.use_state("")
    pushes, set_pushes = pl.use_state(0)
    return h.div(
        h.button("push", id="push", on_click=lambda: set_pushes(pushes + 1)),
        Listener(pushes=pushes),
        h.button("tick", id="tick", on_click=lambda: set_ticks(ticks + 1)),
        h.button("hide", id="hide", on_click=lambda: set_visible(False)),
        h.div(f"ticks {ticks}", id="clock", hook="Clock", on_ping=lambda e: set_got(repr(e.payload)))
        if visible
        else None,
        h.p(got, id="got"),
    )


def make_app(max_events_per_second: float = 100) -> pl.App:
    return pl.App(
        Page, title="Hooked", secret_key=SECRET_KEY, head=[f"<script>{HOOK_JS}</script>"],
        max_events_per_second=max_events_per_second,
    )
