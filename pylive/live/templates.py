"""Statics and dynamics: inserted items sent as a template (once per page) and their values.

A run of inserted slots (new rows of a keyed list, say) is written as HTML with node ids today: a
thousand rows repeat the same tags, attribute names and classes a thousand times. Here each slot
is read as a *shape* (its tags, attribute names and bindings, and where its texts are) and its
*values* (the attribute values and texts, in document order). Slots of one shape share a
template: the HTML with each text a hole (`<!--t-->`) and each attribute whose value differs
between the slots seen a hole (named in `data-pl-h`), sent once per page with a small number; each
slot then costs only its hole values. The client clones the parsed template, fills the holes and
numbers the elements in document order from the op's first node id (ids are given in that order
when slots are mounted), so it neither parses HTML per item nor queries the DOM.

What a template cannot say exactly is sent as HTML as before: raw HTML, hooks, and the elements
whose HTML the writer adjusts (`pre`, `textarea`, `select`, `option`, `style`, `script`, ...).
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Any, Callable

from pylive.core.element import VOID_TAGS
from pylive.live.mounted import (
    CLOSE_TOKEN,
    TEXT_TOKEN,
    Instance,
    MountedElement,
    MountedFragment,
    MountedShape,
    size_of,
)
from pylive.live.protocol import BINDINGS_ATTR, HOLES_ATTR, INSERT, INSERT_ITEMS
from pylive.live.serialize import escape

#: The writer adds to these (a leading newline, `selected`, raw text), or the parser reads what is
#: inside them as text (a template's text marks included): sent as HTML.
AS_HTML = frozenset(
    "pre textarea listing select option optgroup style script template title iframe xmp noembed noframes "
    "plaintext noscript".split()
)
# A slot is read into the tokens of `pylive.live.shapes`, so that a component output kept as its
# shape reads as its tokens and values, with no walk.
_TEXT = TEXT_TOKEN
_CLOSE = CLOSE_TOKEN
_HOLE = object()
#: Templates kept per page; past it, new shapes go as HTML.
MAX_TEMPLATES = 256
#: The fewest items of a new shape worth defining a template for (fewer go as HTML: the definition
#: costs about one item's HTML). Once defined, a template serves any number of items.
MIN_ITEMS = 3


class Template:
    """One template of a page: its number, the static value at each position (or a hole), its HTML."""

    __slots__ = ("number", "statics", "html", "elements", "fixed", "fill")

    def __init__(self, number: int, shape: tuple, statics: tuple) -> None:
        self.number = number
        self.statics = statics
        self.html, self.elements = _html(shape, statics)
        #: The positions of the static values, and those values.
        self.fixed = [(i, v) for i, v in enumerate(statics) if v is not _HOLE]
        #: An item's values -> what fills its holes, in order (a list).
        self.fill: Callable[[list], list] = _picker([i for i, v in enumerate(statics) if v is _HOLE])

    def fits(self, values: list) -> bool:
        """Whether an item's values agree with every static of this template."""
        for i, v in self.fixed:
            if values[i] != v:
                return False
        return True


def _picker(positions: list[int]) -> Callable[[list], list]:
    if not positions:
        return lambda values: []
    if len(positions) == 1:
        pick = positions[0]
        return lambda values: [values[pick]]
    return itemgetter(*positions)  # type: ignore[return-value]  # a tuple: extends a list alike


class Templates:
    """The templates a page has been sent, by shape."""

    __slots__ = ("by_shape", "count")

    def __init__(self) -> None:
        self.by_shape: dict[tuple, list[Template]] = {}
        self.count = 0

    def ops(self, host_id: int, index: int, run: list, html: Any, min_items: int = MIN_ITEMS) -> list:
        """The ops that insert `run` (mounted slots) at child `index` of element `host_id`.

        Consecutive slots of one shape become one template op; the others an INSERT of their HTML
        (written by `html(slots)`). A new shape gets a template from `min_items` slots (a stream
        asks for one at its first item: more of that shape will come).
        """
        ops: list = []
        pending_html: list = []
        group: list = []
        group_shape: tuple | None = None

        def flush_html() -> None:
            nonlocal index
            if pending_html:
                text = html(pending_html)
                if text:
                    ops.append([INSERT, host_id, index, text])
                index += sum(size_of(s) for s in pending_html)
                pending_html.clear()

        def flush_group() -> None:
            nonlocal index, group_shape
            if not group:
                return
            template = self._template(group_shape, [values for _, values in group], min_items)  # type: ignore[arg-type]
            if template is None:
                pending_html.extend(slot for slot, _ in group)
            else:
                flush_html()
                first = _first_id(group[0][0])
                op: list = [INSERT_ITEMS, host_id, index, first]
                op.append(template.number if template.html is None else [template.number, template.html])
                template.html = None  # sent: from now on, its number
                op.append(len(group))
                fill = template.fill
                for _, values in group:
                    op.extend(fill(values))
                ops.append(op)
                index += sum(size_of(slot) for slot, _ in group)
            group.clear()
            group_shape = None

        for slot in run:
            read = _read(slot)
            if read is None:
                flush_group()
                pending_html.append(slot)
                continue
            shape, values = read
            if shape != group_shape:
                flush_group()
                group_shape = shape
            group.append((slot, values))
        flush_group()
        flush_html()
        return ops

    def _template(self, shape: tuple, items: list[list], min_items: int = MIN_ITEMS) -> Template | None:
        known = self.by_shape.get(shape)
        if known:
            for template in known:
                if all(template.fits(values) for values in items):
                    return template
        if len(items) < min_items and not known:
            return None  # one item of a new shape: its HTML costs no more
        if self.count >= MAX_TEMPLATES:
            return None
        # A value is static where every item (and the page's earlier template of this shape) agrees;
        # a text is always a hole.
        first = items[0]
        texts = _text_positions(shape)
        statics = []
        for i, v in enumerate(first):
            same = i not in texts and all(values[i] == v for values in items)
            if same and known:
                same = all(t.statics[i] == v for t in known)
            statics.append(v if same else _HOLE)
        template = Template(self.count, shape, tuple(statics))
        self.count += 1
        self.by_shape.setdefault(shape, []).append(template)
        return template


def _first_id(slot: Any) -> int:
    cls = slot.__class__
    if cls is MountedElement or cls is MountedShape:
        return slot.id
    if cls is Instance:
        return _first_id(slot.child)
    if cls is MountedFragment:
        for child in slot.children:
            found = _first_id(child)
            if found >= 0:
                return found
    return -1


def _read(slot: Any) -> tuple[tuple, list] | None:
    """A slot's shape (hashable) and its values, or None if it must go as HTML."""
    if slot.__class__ is Instance and slot.child.__class__ is MountedShape and slot.child.ids is None:
        return slot.child.shape.items, list(slot.child.values)  # a component's row, as it is kept
    tokens: list = []
    values: list = []
    if not _walk(slot, tokens, values):
        return None
    if not values and not tokens:
        return None
    return tuple(tokens), values


def _text_positions(shape: tuple) -> set[int]:
    """The positions, among a shape's values, that are texts (the others are attribute values)."""
    texts = set()
    i = 0
    for token in shape:
        if token is _TEXT:
            texts.add(i)
            i += 1
        elif token is not _CLOSE:  # an element: its attribute values
            i += len(token[1])
    return texts


def _walk(slot: Any, tokens: list, values: list) -> bool:
    cls = slot.__class__
    while cls is Instance:
        slot = slot.child
        if slot is None:
            return True
        cls = slot.__class__
    if cls is MountedElement:
        el = slot.element
        tag = el.tag
        attrs = el.attrs
        if attrs:
            if tag in AS_HTML or "hook" in attrs:
                return False
            tokens.append((tag, tuple(attrs), el.bindings))
            values.extend(attrs.values())
        elif tag in AS_HTML:
            return False
        else:
            tokens.append((tag, (), el.bindings))
        for child in slot.children:
            if child.__class__ is str:  # texts inline: a call each cost a tenth of the walk
                tokens.append(_TEXT)
                values.append(child)
            elif child is not None and not _walk(child, tokens, values):
                return False
        tokens.append(_CLOSE)
        return True
    if cls is str:
        tokens.append(_TEXT)
        values.append(slot)
        return True
    if cls is MountedShape:
        if slot.ids is not None:
            return False  # ids out of document order: a template numbers them in order
        tokens.extend(slot.shape.items)
        values.extend(slot.values)
        return True
    if cls is MountedFragment:
        return all(child is None or _walk(child, tokens, values) for child in slot.children)
    return slot is None  # raw HTML: as HTML


def _html(shape: tuple, statics: tuple) -> tuple[str, int]:
    """A template's HTML: static values written, holes marked; and its number of elements."""
    out: list[str] = []
    tags: list[str] = []
    i = 0
    elements = 0
    for token in shape:
        if token == _TEXT:
            out.append("<!--t-->")
            i += 1
        elif token == _CLOSE:
            tag = tags.pop()
            if tag not in VOID_TAGS:
                out.append(f"</{tag}>")
        else:
            tag, names, bindings = token
            elements += 1
            tags.append(tag)
            parts = [f"<{tag}"]
            holes = []
            for name in names:
                value = statics[i]
                i += 1
                if value is _HOLE:
                    holes.append(name)
                else:
                    parts.append(f' {name}="{escape(value)}"' if value else f" {name}")
            if holes:
                parts.append(f' {HOLES_ATTR}="{" ".join(holes)}"')
            if bindings:
                parts.append(f' {BINDINGS_ATTR}="{escape(bindings)}"')
            out.append("".join(parts) + ">")
    return "".join(out), elements


_PART = re.compile(r"<!--t-->|<([A-Za-z][^\s>/]*)([^>]*)>")
_HOLES = re.compile(rf' {HOLES_ATTR}="([^"]*)"')


def expand(html: str, first_id: int, count: int, values: list) -> str:
    """The HTML that `count` items of a template stand for (for a model DOM that parses HTML):
    each hole filled from `values`, each element numbered from `first_id` in document order."""
    out: list[str] = []
    v = 0
    node_id = first_id
    for _ in range(count):
        pos = 0
        text_last = False
        for m in _PART.finditer(html):
            between = html[pos : m.start()]
            out.append(between)
            if m.group(1) is None:
                if text_last and not between:
                    out.append("<!---->")  # two texts stay two nodes
                out.append(escape(values[v]))
                v += 1
                text_last = True
            else:
                rest = m.group(2)
                filled = ""
                holes = _HOLES.search(rest)
                if holes:
                    rest = rest[: holes.start()] + rest[holes.end() :]
                    for name in holes.group(1).split():
                        value = values[v]
                        v += 1
                        filled += f' {name}="{escape(value)}"' if value else f" {name}"
                out.append(f'<{m.group(1)} data-pl="{node_id}"{rest}{filled}>')
                node_id += 1
                text_last = False
            pos = m.end()
        out.append(html[pos:])
    if v != len(values):
        raise ValueError(f"{len(values) - v} values left over for {count} items")
    return "".join(out)
