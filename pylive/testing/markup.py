"""The model document back to HTML, written the way `pl.render_to_string` writes a tree.

What is written is the DOM's attributes, as `outerHTML` shows them, not the live state of form
controls (their properties). The spelling follows pylive's writer (`live/serialize.py`) rather
than the HTML Standard's serializer, so that the same DOM and the same tree give the same string:
markupsafe's escaping, an empty attribute written bare (`disabled`), `<!---->` between two
adjacent texts, and one more newline at the start of a `<pre>` or `<textarea>` whose text starts
with one (the parser drops the first).
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from pylive.core.element import VOID_TAGS
from pylive.live.protocol import BINDINGS_ATTR, NODE_ID_ATTR
from pylive.live.serialize import escape

__all__ = ["inner_html", "outer_html"]

#: The runtime's own attributes, left out unless asked for (`render_to_string` has none).
RUNTIME_ATTRS = frozenset((NODE_ID_ATTR, BINDINGS_ATTR))
# Elements whose text the parser takes as it is, so it is written as it is (HTML Standard).
_RAW_TEXT = frozenset(("script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript"))
_LEADING_LF = frozenset(("pre", "textarea", "listing"))


def inner_html(node: LexborNode, *, runtime_attrs: bool = False) -> str:
    """The HTML of the node's children."""
    out: list[str] = []
    _children(node, out, runtime_attrs)
    return "".join(out)


def outer_html(node: LexborNode, *, runtime_attrs: bool = False) -> str:
    """The HTML of the node itself and its children."""
    out: list[str] = []
    if node.is_element_node:
        _element(node, out, runtime_attrs)
    elif node.is_text_node:
        out.append(escape(node.text_content or ""))
    elif node.is_comment_node:
        out.append(f"<!--{node.comment_content}-->")
    return "".join(out)


def _children(node: LexborNode, out: list[str], runtime_attrs: bool) -> None:
    raw = node.tag in _RAW_TEXT
    text_last = False
    first = node.tag in _LEADING_LF
    child = node.first_child
    while child is not None:
        if child.is_text_node:
            data = child.text_content or ""
            if text_last:
                out.append("<!---->")
            elif first and data[:1] == "\n":
                out.append("\n")
            out.append(data if raw else escape(data))
            text_last = True
        elif child.is_element_node:
            _element(child, out, runtime_attrs)
            text_last = False
        elif child.is_comment_node:
            out.append(f"<!--{child.comment_content}-->")
            text_last = False
        first = False
        child = child.next


def _element(node: LexborNode, out: list[str], runtime_attrs: bool) -> None:
    tag = node.tag
    parts = [f"<{tag}"]
    for name, value in node.attributes.items():
        if not runtime_attrs and name in RUNTIME_ATTRS:
            continue
        parts.append(f' {name}="{escape(value)}"' if value else f" {name}")
    parts.append(">")
    out.append("".join(parts))
    if tag in VOID_TAGS:
        return
    _children(node, out, runtime_attrs)
    out.append(f"</{tag}>")
