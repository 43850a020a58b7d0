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
"""


@pl.component
def Page():
    ticks, set_ticks = pl.use_state(0)
    visible, set_visible = pl.use_state(True)
    got, set_got = pl.use_state("")
    return h.div(
        h.button("tick", id="tick", on_click=lambda: set_ticks(ticks + 1)),
        h.button("hide", id="hide", on_click=lambda: set_visible(False)),
        h.div(f"ticks {ticks}", id="clock", hook="Clock", on_ping=lambda e: set_got(repr(e.payload)))
        if visible
        else None,
        h.p(got, id="got"),
    )


def make_app() -> pl.App:
    return pl.App(Page, title="Hooked", secret_key=SECRET_KEY, head=[f"<script>{HOOK_JS}</script>"])
