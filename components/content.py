"""Content: Markdown (sanitized), a LogView that follows new lines, and a chat message list."""

from __future__ import annotations

import functools
from typing import Any, Callable, Sequence

import attrs
from markdown_it import MarkdownIt

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "#", "/", "./", "../")


def _safe_link(url: str) -> bool:
    # Only schemes that cannot run code; relative links have no scheme at all.
    lowered = url.strip().lower()
    if lowered.startswith(_SAFE_SCHEMES):
        return True
    return ":" not in lowered.split("/", 1)[0]


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The shared parser: CommonMark plus tables and strikethrough, raw HTML off, safe links only."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    default_link = md.renderer.rules.get("link_open")

    def link_open(tokens: list, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        if default_link is not None:
            return default_link(tokens, idx, options, env)
        return md.renderer.renderToken(tokens, idx, options, env)

    md.renderer.rules["link_open"] = link_open

    # A table wider than the text scrolls sideways in its own box, rather than squeezing its words
    # apart letter by letter; the box takes the keyboard focus so it can be scrolled without a mouse.
    def table_open(tokens: list, idx: int, options: Any, env: Any) -> str:
        box = '<div class="pl-markdown-table" role="region" tabindex="0" aria-label="Table">'
        return box + md.renderer.renderToken(tokens, idx, options, env)

    def table_close(tokens: list, idx: int, options: Any, env: Any) -> str:
        return md.renderer.renderToken(tokens, idx, options, env) + "</div>"

    md.renderer.rules["table_open"] = table_open
    md.renderer.rules["table_close"] = table_close
    return md


@functools.lru_cache(maxsize=256)
def render_markdown(text: str) -> str:
    """`text` as sanitized HTML: raw HTML in it is shown as text, unsafe link schemes are dropped."""
    return markdown_parser().render(text)


@stock_component
def Markdown(
    text: str,
    *,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Markdown rendered to HTML on the server, safe for text that users wrote.

        Markdown("# Notes\\n\\nThe **valve** is [documented here](https://example.com/valve).")

    Raw HTML in `text` is escaped, and links with schemes that can run code (`javascript:`,
    `data:`, ...) are not made into links. A table too wide for the text scrolls sideways in its
    own box (focusable, so the keyboard can scroll it).
    """
    rendered = h.div(pl.unsafe_html(render_markdown(text)), class_="pl-markdown")
    return with_attributes(rendered, class_, id, style, attrs)


@stock_component
def LogView(
    lines: Sequence[str],
    *,
    start: int = 0,
    label: str = "Log",
    height: str = "16rem",
    wrap: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Lines of text that stay scrolled to the newest one (unless the user scrolled up to read).

        LogView(log_lines[-500:], start=len(log_lines) - len(log_lines[-500:]), label="Build log")

    `start` is the absolute number of the first line shown: lines are keyed by it, so appending
    a line (and dropping the oldest) sends only those lines. `role="log"` announces new lines
    politely; the `LogView` JS hook keeps the view at the end.
    """
    view = h.div(
        h.ol(
            [h.li(h.span(str(start + i + 1), class_="pl-log-number", aria_hidden="true"), line, key=start + i)
             for i, line in enumerate(lines)],
            class_="pl-log-lines",
        ),
        role="log",
        aria_label=label,
        aria_live="polite",
        tabindex="0",
        hook="LogView",
        class_=["pl-log", wrap and "pl-log--wrap"],
        style={"max_height": height},
    )
    return with_attributes(view, class_, id, style, attrs)


@stock_component
def Feed(
    items: Any,
    *,
    on_top: Callable[[], Any] | None = None,
    label: str = "Feed",
    height: str = "20rem",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """An auto-scrolling log of a stream's items: it follows new items at the end unless the
    reader scrolled up, and `on_top()` is called when the reader reaches the top (load older
    items there with `insert(item, at=0)`: infinite scroll back into history).

        lines = pl.use_stream(key=lambda e: e.id, limit=1000)
        Feed(lines.view(lambda e: h.li(e.text)), on_top=load_older, label="Server log")

    `items` is a stream's view (`stream.view(render_item)`), each item one `<li>`.
    """
    feed = h.div(
        h.div(class_="pl-feed-top", aria_hidden="true", on_viewport_enter=on_top) if on_top is not None else None,
        h.ol(items, class_="pl-feed-items"),
        role="log",
        aria_label=label,
        aria_live="polite",
        tabindex="0",
        hook="LogView",
        class_="pl-feed",
        style={"max_height": height},
    )
    return with_attributes(feed, class_, id, style, attrs)


@attrs.frozen(slots=True)
class ChatMessage:
    """One message of a `ChatMessages` list: its `id` (unique in the list), `author`, `text`, the
    `time` shown beside it, and whether it is `mine` (drawn on the reader's side).

        ChatMessage(id=7, author="ada", text="Hello!", time="12:04", mine=True)
    """

    id: Any
    author: str
    text: str
    time: str = ""
    mine: bool = False


@stock_component
def ChatMessages(
    messages: Sequence[ChatMessage],
    *,
    label: str = "Messages",
    height: str = "20rem",
    markdown: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A conversation, oldest first, that follows new messages like a `LogView`.

        ChatMessages([ChatMessage(m.id, m.user, m.text, m.time, mine=m.user == me) for m in history])

    Messages are keyed by `id`, so a new one is one insert. With `markdown=True` their text is
    rendered as sanitized Markdown.
    """
    items = []
    for m in messages:
        items.append(
            h.li(
                h.div(
                    h.span(m.author, class_="pl-chat-author"),
                    h.time(m.time, class_="pl-chat-time") if m.time else None,
                    class_="pl-chat-meta",
                ),
                Markdown(m.text) if markdown else h.p(m.text, class_="pl-chat-text"),
                class_=["pl-chat-message", m.mine and "pl-chat-message--mine"],
                key=m.id,
            )
        )
    chat = h.div(
        h.ol(items, class_="pl-chat-list"),
        role="log",
        aria_label=label,
        aria_live="polite",
        tabindex="0",
        hook="LogView",
        class_="pl-chat",
        style={"max_height": height},
    )
    return with_attributes(chat, class_, id, style, attrs)
