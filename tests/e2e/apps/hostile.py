"""Strings an attacker would type, shown as text and attributes, first rendered and then patched in."""

from __future__ import annotations

import pylive as pl
from pylive import html as h

from . import SECRET_KEY

HOSTILE = [
    "<script>window.__pwned = 'script'</script>",
    '"><img src=x onerror="window.__pwned = \'img\'">',
    "'></div><b id=\"injected\">x</b><div a='",
    "javascript:window.__pwned = 'url'",
    "</div></div></body></html><!--",
    "--><svg onload=\"window.__pwned = 'svg'\">",
    "&amp; &lt;b&gt; \u2028 \" ' `",
]


@pl.component
def Hostile():
    shown, set_shown = pl.use_state(False)
    return h.div(
        h.button("show", id="show", on_click=lambda: set_shown(True)),
        h.ul([h.li(s, title=s, data_x=s, key=str(i)) for i, s in enumerate(HOSTILE)], id="first"),
        h.ul(
            [h.li(s, h.span(s, title=s), data_x=s, key=str(i)) for i, s in enumerate(HOSTILE)] if shown else [],
            id="later",
        ),
        h.p(HOSTILE[1] if shown else "before", title=HOSTILE[2] if shown else "before", id="changing"),
        h.input(value=HOSTILE[0] if shown else "", id="field"),
    )


def make_app() -> pl.App:
    return pl.App(Hostile, title="Hostile", secret_key=SECRET_KEY)
