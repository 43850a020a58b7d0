"""Mounted slots to HTML, with escaping through markupsafe; this module only writes.

`write_slot` writes a mounted slot with the node ids the client needs (`data-pl`) for the first
page and for inserted subtrees. `live/static.py` writes through the same `HtmlWriter` without them
(`render_to_string`); the two differ only in the `data-pl*` attributes. A `<!---->` keeps two
adjacent texts apart in the DOM.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from markupsafe import escape as _markup_escape

from pylive.core.element import RAW_TEXT_TAGS, VOID_TAGS, Element
from pylive.live.mounted import (
    CLOSE_TOKEN,
    HOLE_TOKEN,
    TEXT_TOKEN,
    Instance,
    MountedElement,
    MountedFragment,
    MountedRaw,
    MountedShape,
    MountedStream,
)

#: Tags right after whose start tag the HTML parser drops one newline.
LEADING_LF_TAGS = frozenset(("pre", "textarea", "listing"))
#: Whether a string has a character to escape (`needs_escape(s)` is a match or None).
needs_escape = re.compile(r"[&<>\"'\x00]").search


def escape(s: str) -> str:
    """markupsafe's escaping, skipped for the many strings that have nothing to escape.

    A NUL is written as U+FFFD: the HTML parser drops it from text, and a text of NULs alone (typed
    by a hostile page, shown on others) would be a node the browser never makes.
    """
    return _markup_escape(s).replace("\x00", "\ufffd") if needs_escape(s) else s


def attributes_html(attrs: dict[str, str]) -> str:
    """An element's attributes as they follow its tag name (` name="value"`, or ` name` if empty)."""
    return "".join([f' {n}="{escape(v)}"' if v else f" {n}" for n, v in attrs.items()])


class HtmlWriter:
    """Appends HTML to a list, putting `<!---->` between two adjacent texts (for a live tree's
    slots here, and for a static render in `live/static.py`)."""

    __slots__ = ("out", "ids", "text_last", "select_value", "lf", "raw_text")

    def __init__(self, ids: bool = True) -> None:
        self.out: list[str] = []
        #: Whether node ids (and bindings) are written: not in a static render.
        self.ids = ids
        self.text_last = False
        self.select_value: str | None = None  # marks the matching <option> selected
        # Right after <pre>, <textarea> or <listing>, the HTML parser drops one newline: write one more.
        self.lf = False
        # Inside <style> or <script>: text is written as it is (the element checked it when built).
        self.raw_text = False

    def text(self, s: str) -> None:
        if self.text_last:
            self.out.append("<!---->")
        elif self.lf:
            self.lf = False
            if s[:1] == "\n":
                self.out.append("\n")
        self.out.append(s if self.raw_text else escape(s))
        self.text_last = True

    def raw(self, s: str) -> None:
        if self.text_last:
            self.out.append("<!---->")
        elif self.lf:
            self.lf = False
            if s[:1] == "\n":
                self.out.append("\n")
        self.out.append(s)
        self.text_last = True  # a text right after raw markup must not merge into it

    def written(self, s: str) -> None:
        """Append HTML this module wrote earlier (a stream's item): a text at either end of it is
        kept apart from a neighbouring text."""
        if not s:
            return
        if self.text_last and s[0] != "<":
            self.out.append("<!---->")
        self.lf = False
        self.out.append(s)
        self.text_last = s[-1] != ">"

    def open(self, el: Element, node_id: int | None) -> bool:
        """Write the start tag; returns whether the element has a content/end tag to follow."""
        tag = el.tag
        out = self.out
        head = f"<{tag}" if node_id is None else f'<{tag} data-pl="{node_id}"'
        attrs = el.attrs
        if attrs:
            parts = [head]
            for name, value in attrs.items():
                if name == "value" and tag == "textarea":
                    continue
                parts.append(f' {name}="{escape(value)}"' if value else f" {name}")
            head = "".join(parts)
            if tag == "select":
                self.select_value = attrs.get("value")
        if (
            tag == "option"
            and self.select_value is not None
            and not (attrs and "selected" in attrs)
            and _option_value(el) == self.select_value
        ):
            head += " selected"
            self.select_value = None  # `select.value = v` picks the first option of that value
        if node_id is not None and el.bindings:
            head += f' data-pl-on="{escape(el.bindings)}"'
        self.text_last = False
        self.lf = False
        if tag in VOID_TAGS:
            out.append(head + ">")
            return False
        out.append(head + ">")
        self.lf = tag in LEADING_LF_TAGS
        self.raw_text = tag in RAW_TEXT_TAGS
        if tag == "textarea" and attrs and "value" in attrs:
            self.text(attrs["value"])
            self.text_last = False
        return True

    def close(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        self.text_last = False
        self.lf = False
        self.raw_text = False
        if tag == "select":
            self.select_value = None

    def result(self) -> str:
        return "".join(self.out)


#: Tags whose writing the writer handles itself: no end tag, raw text, a leading newline to keep,
#: a select's value marking an option.
WRITER_TAGS = VOID_TAGS | RAW_TEXT_TAGS | LEADING_LF_TAGS | {"select", "option"}


def write_slot(slot: Any, w: HtmlWriter) -> None:
    """Write a mounted slot (with its node ids, if the writer writes them)."""
    cls = slot.__class__
    if cls is str:
        w.text(slot)
    elif cls is MountedElement:
        el = slot.element
        if w.open(el, slot.id if w.ids else None):
            for child in slot.children:
                ccls = child.__class__
                if ccls is str:
                    w.text(child)
                elif ccls is not MountedElement or not _write_leaf(child, w):
                    write_slot(child, w)
            w.close(el.tag)
    elif cls is Instance:
        if slot.child is not None:
            write_slot(slot.child, w)
    elif cls is MountedShape:
        _write_shape(slot, w)
    elif cls is MountedFragment:
        for child in slot.children:
            write_slot(child, w)
    elif cls is MountedRaw:
        w.raw(slot.raw.html)
    elif cls is MountedStream:
        # Items not yet sent are kept as their HTML until the page (or the op inserting the
        # view) is written; sent ones are the page's alone.
        if slot.fresh:
            for key in slot.keys:
                w.written(slot.fresh[key])


def _write_leaf(m: MountedElement, w: HtmlWriter) -> bool:
    """Write an element holding one text at most (a table cell, a label) in one string, as `open`,
    `text` and `close` would; False if it is not such a leaf (it is then not written)."""
    kids = m.children
    el = m.element
    tag = el.tag
    if tag in WRITER_TAGS or (kids and (len(kids) > 1 or kids[0].__class__ is not str)):
        return False
    head = f'<{tag} data-pl="{m.id}"' if w.ids else f"<{tag}"
    if el.attrs:
        head += attributes_html(el.attrs)
    if w.ids and el.bindings:
        head += f' data-pl-on="{escape(el.bindings)}"'
    w.out.append(f"{head}>{escape(kids[0]) if kids else ''}</{tag}>")
    w.text_last = w.lf = False
    return True


def _write_shape(slot: MountedShape, w: HtmlWriter) -> None:
    """Write an output kept as its shape and values (`pylive.live.shapes`), as `open`, `text` and
    `close` would: its shape has none of the elements the writer treats apart."""
    out = w.out
    values = slot.values
    v = 0
    node_id = slot.id
    listed = iter(slot.ids) if slot.ids is not None else None
    ids = w.ids
    tags: list[str] = []
    text_last = False
    for token in slot.shape.tokens:
        if token is TEXT_TOKEN:
            if text_last:
                out.append("<!---->")
            out.append(escape(values[v]))
            v += 1
            text_last = True
        elif token is CLOSE_TOKEN:
            tag = tags.pop()
            if tag not in VOID_TAGS:
                out.append(f"</{tag}>")
            text_last = False
        elif token is not HOLE_TOKEN:  # a hole writes nothing: texts on either side stay apart
            tag, names, bindings = token
            if listed is not None:
                node_id = next(listed)
            head = f'<{tag} data-pl="{node_id}"' if ids else f"<{tag}"
            node_id += 1
            for name in names:
                value = values[v]
                v += 1
                head += f' {name}="{escape(value)}"' if value else f" {name}"
            if ids and bindings:
                head += f' data-pl-on="{escape(bindings)}"'
            out.append(head + ">")
            tags.append(tag)
            text_last = False
    w.text_last = w.lf = False


def slot_html(slot: Any) -> str:
    """The HTML of one mounted slot, with node ids (for an insert)."""
    w = HtmlWriter()
    write_slot(slot, w)
    return w.result()


def slots_html(slots: list, *, ids: bool = True) -> str:
    """The HTML of consecutive mounted slots, with node ids unless `ids` is False."""
    w = HtmlWriter(ids)
    for slot in slots:
        write_slot(slot, w)
    return w.result()


# Start tags that end an open element whose end tag was left out (`<li>a<li>b` is two items).
_BLOCKS = frozenset(
    "address article aside blockquote details div dl fieldset figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr main menu nav ol p pre section table ul".split()
)
_IMPLIED_END = {
    "p": _BLOCKS,
    "li": frozenset(("li",)),
    "dt": frozenset(("dt", "dd")),
    "dd": frozenset(("dt", "dd")),
    "option": frozenset(("option", "optgroup")),
    "tr": frozenset(("tr",)),
    "td": frozenset(("td", "th", "tr")),
    "th": frozenset(("td", "th", "tr")),
}


class _TopLevelCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.count = 0
        self.in_text = False
        self.top: str | None = None  # the open top-level element

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if self.depth == 1 and tag in _IMPLIED_END.get(self.top or "", ()):
            self.depth = 0  # the open top-level element ends here, as the browser's parser says
        if self.depth == 0:
            self.count += 1
            self.in_text = False
            self.top = tag
        if tag not in VOID_TAGS:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if self.depth == 0:
            self.count += 1
            self.in_text = False

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and not self.in_text:
            self.count += 1
            self.in_text = True

    def handle_comment(self, data: str) -> None:
        if self.depth == 0:
            if data:  # the client removes empty comments (docs/protocol.md), so they count for nothing
                self.count += 1
            self.in_text = False  # but the texts on either side stay two nodes


def raw_node_count(markup: str) -> int:
    """How many top-level DOM nodes the browser makes of `markup` (for child indexes after it)."""
    counter = _TopLevelCounter()
    counter.feed(markup)
    counter.close()
    return counter.count


def _option_value(option: Any) -> str | None:
    # An option without a value attribute has its text as its value (whitespace collapsed).
    value = option.attrs.get("value") if option.attrs else None
    if value is not None:
        return value
    texts = [child for child in option.children if child is not None]
    if all(child.__class__ is str for child in texts):
        return " ".join("".join(texts).split())
    return None
