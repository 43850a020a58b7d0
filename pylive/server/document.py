"""The HTML document around a page's first render.

The document is complete and readable with JavaScript off. `<html>` has no connection class at
first: the runtime adds `pl-disconnected` when it starts and swaps it for `pl-connected` once the
live session's first message is applied, so an app's "reconnecting..." style never shows to a
reader without JavaScript.
"""

from __future__ import annotations

from typing import Any, Iterable

from markupsafe import escape

from pylive.live.static import render_to_string
from pylive.server.assets import PageLinks


def head_html(items: Iterable[Any]) -> str:
    """An app's extra `<head>` content: elements (`h.link(...)`), or strings of trusted markup."""
    parts = []
    for item in items:
        if isinstance(item, str):
            parts.append(str(item))  # the developer's own markup, like a template's
        else:
            parts.append(render_to_string(item))
    return "".join(parts)


def render_page(
    *,
    body: str,
    title: str,
    head: str,
    token: str,
    links: PageLinks,
    lang: str = "en",
    base_style: bool = True,
    rate: float = 100,
) -> str:
    """The whole document: `body` is the root's content with node ids, `head` ready markup.

    `links` may name the stock components' stylesheet and JS hooks (`assets/components.css`,
    `assets/components.js`); the hooks script comes before the runtime's so its hooks are
    registered when the page goes live. With `base_style`, the page links `assets/base.css` and its
    `<html>` is themed (`pl-theme`): system font, spacing, the accent, light or dark as the system
    prefers. `rate` is the events a second the page may send (`max_events_per_second`): the runtime
    paces itself under it rather than have the server refuse them.
    """
    extra = f'<link rel="icon" href="{escape(links.icon)}" type="image/svg+xml">\n' if links.icon else ""
    themed = ""
    if base_style and links.base_style:
        themed = ' class="pl-theme pl-base"'
        extra += '<meta name="color-scheme" content="light dark">\n'
        extra += f'<link rel="stylesheet" href="{escape(links.base_style)}">\n'
    if links.component_style:
        extra += f'<link rel="stylesheet" href="{escape(links.component_style)}">\n'
    if links.component_script:
        extra += f'<script type="module" src="{escape(links.component_script)}"></script>\n'
    return (
        f'<!doctype html>\n<html lang="{escape(lang)}"{themed}>\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="stylesheet" href="{escape(links.style)}">\n'
        f"{extra}"
        f"{head}\n"
        "</head>\n<body>\n"
        f'<div id="pl-root" data-pl="0">{body}</div>\n'
        f'<script type="module" src="{escape(links.script)}" data-token="{escape(token)}" data-rate="{rate:g}"></script>\n'
        "</body>\n</html>\n"
    )
