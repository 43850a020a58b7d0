"""Component outputs kept as a shape and its values instead of as elements.

A component's output made of elements and texts alone (a table row, a card, a list item) has a
*shape*, what every render of that form shares: its tags, attribute names, bindings and where its
texts are; and *values*, its attribute values and texts in document order. The mounted tree
keeps such an output as a `MountedShape` (the shape, shared by every row of a table, the values
and its node ids) rather than an element and a mounted slot per node: a row of five cells
costs its values, not eleven objects and six node ids, and the elements the render built are
freed. The next render of that component is read the same way: the same shape diffs value by
value, straight into text and attribute ops; another shape is unpacked into mounted elements
with the same ids and diffed as any other tree, then packed again.

Outputs with anything else in them (components, fragments, lists, raw HTML, keys, hooks, form
controls, and the elements whose HTML the writer adjusts) are mounted as elements.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pylive.core.element import Element
from pylive.live.mounted import CLOSE_TOKEN, HOLE_TOKEN, TEXT_TOKEN, MountedElement, MountedShape
from pylive.live.protocol import SET_ATTR, TEXT
from pylive.live.templates import AS_HTML

if TYPE_CHECKING:
    from pylive.live.tree import Tree

#: Shapes known to the process, shared by every session. The table is a cache: past this many, it
#: starts again (kept outputs hold their shapes; only the sharing of the forgotten ones with new
#: outputs is lost), so that shapes made once per row (handlers with per-row client commands,
#: whose bindings differ) cannot fill it for good.
MAX_SHAPES = 4096
# What a template cannot say either (the elements whose HTML the writer adjusts or the parser reads
# as text), and inputs: a form control's value is a property, patched by its own ops.
_EXCLUDED = AS_HTML | {"input"}


class Shape:
    """What the outputs of one form share: their tokens, and where each value goes."""

    __slots__ = ("tokens", "items", "tag", "elements", "where", "bound")

    def __init__(self, tokens: tuple) -> None:
        self.tokens = tokens
        #: The tokens without holes, as inserted items are read (`pylive.live.templates`): two
        #: outputs that differ only in where nothing is rendered make the same HTML.
        self.items = tuple(t for t in tokens if t is not HOLE_TOKEN) if HOLE_TOKEN in tokens else tokens
        self.tag: str = tokens[0][0]
        where: list[tuple[int, int, str | None]] = []
        bound: list[int] = []
        open_: list[list[int]] = []  # per open element: its offset, its children so far
        n = 0
        for token in tokens:
            if token is TEXT_TOKEN:
                parent = open_[-1]
                where.append((parent[0], parent[1], None))
                parent[1] += 1
            elif token is CLOSE_TOKEN:
                open_.pop()
            elif token is not HOLE_TOKEN:  # a hole is no DOM node: no index, no value
                if open_:
                    open_[-1][1] += 1
                where.extend((n, 0, name) for name in token[1])
                if token[2]:
                    bound.append(n)
                open_.append([n, 0])
                n += 1
        #: How many elements (node ids) an output of this shape has.
        self.elements = n
        #: Per value: (element offset, child index, None) for a text, (element offset, 0, name)
        #: for an attribute value.
        self.where = tuple(where)
        #: The offsets of the elements with handlers.
        self.bound = tuple(bound)


_shapes: dict[tuple, Shape] = {}


def read(el: Element) -> tuple[tuple, list, list] | None:
    """An output's tokens, values and elements with handlers; None if it is kept as elements."""
    tokens: list = []
    values: list = []
    bound: list = []
    if not _read(el, tokens, values, bound):
        return None
    return tuple(tokens), values, bound


def _read(el: Element, tokens: list, values: list, bound: list) -> bool:
    tag = el.tag
    if el.key is not None or tag in _EXCLUDED:
        return False
    attrs = el.attrs
    if attrs:
        if "hook" in attrs:
            return False
        tokens.append((tag, tuple(attrs), el.bindings))
        values.extend(attrs.values())
    else:
        tokens.append((tag, (), el.bindings))
    if el.bindings:
        bound.append(el)
    for child in el.children:
        cls = child.__class__
        if cls is str:
            tokens.append(TEXT_TOKEN)
            values.append(child)
        elif cls is Element:
            if not _read(child, tokens, values, bound):
                return False
        elif child is None:
            tokens.append(HOLE_TOKEN)
        else:
            return False
    tokens.append(CLOSE_TOKEN)
    return True


def _shape(tokens: tuple) -> Shape:
    shape = _shapes.get(tokens)
    if shape is None:
        if len(_shapes) >= MAX_SHAPES:
            _shapes.clear()
        shape = _shapes[tokens] = Shape(tokens)
    return shape


def _stub(el: Element) -> Element:
    # What a handler's element needs to keep: its events (what it dispatches to) and bindings, not
    # the attributes and children of the render that made it.
    return Element(el.tag, None, (), None, el.events, el.bindings)


def mount(t: "Tree", el: Element) -> MountedShape | None:
    """Mount a component's output as its shape and values (None: it has no shape; mount it as
    elements)."""
    got = read(el)
    if got is None:
        return None
    tokens, values, bound = got
    shape = _shape(tokens)
    first = t.next_id
    t.next_id = first + shape.elements
    stubs = None
    if bound:
        handlers = t.handlers
        stubs = tuple([MountedElement(first + offset, _stub(e), ()) for offset, e in zip(shape.bound, bound)])
        for stub in stubs:
            handlers[stub.id] = stub
    return MountedShape(shape, first, tuple(values), stubs)


def diff(t: "Tree", slot: MountedShape, el: Element) -> bool:
    """Patch `slot` to a new output of its shape, value by value; False if `el` has another shape."""
    got = read(el)
    if got is None:
        return False
    tokens, values, bound = got
    shape = slot.shape
    if tokens != shape.tokens:
        return False
    first = slot.id
    ids = slot.ids
    where = shape.where
    ops = t.ops
    for i, (old, new) in enumerate(zip(slot.values, values)):
        if old is not new and old != new:
            offset, index, name = where[i]
            node = first + offset if ids is None else ids[offset]
            ops.append([TEXT, node, index, new] if name is None else [SET_ATTR, node, name, new])
    slot.values = tuple(values)
    if bound:
        for stub, e in zip(slot.bound, bound):  # type: ignore[arg-type]
            stub.element = _stub(e)  # its latest handlers
    return True


def unpack(slot: MountedShape) -> MountedElement:
    """The output as mounted elements with the same node ids (to diff a change of its shape).

    The elements with handlers become their own stubs, already in the tree's handlers.
    """
    values = slot.values
    stubs = iter(slot.bound or ())
    v = 0
    offset = 0
    open_: list[list] = []  # per open element: tag, bindings, attrs, children, slots, id, stub
    root: MountedElement | None = None
    for token in slot.shape.tokens:
        if token is TEXT_TOKEN:
            text = values[v]
            v += 1
            top = open_[-1]
            top[3].append(text)
            top[4].append(text)
        elif token is HOLE_TOKEN:
            top = open_[-1]
            top[3].append(None)
            top[4].append(None)
        elif token is CLOSE_TOKEN:
            tag, bindings, attrs, kids, slots, own_id, stub = open_.pop()
            children = tuple(kids)
            events = stub.element.events if stub is not None else None
            element = Element(tag, attrs, children, None, events, bindings)
            # As `mount` keeps them: an element of texts (and holes) alone shares its tuple of them.
            kept = slots if any(k.__class__ is not str and k is not None for k in kids) else children
            if stub is not None:
                m = stub
                m.element = element
                m.children = kept
            else:
                m = MountedElement(own_id, element, kept)
            if open_:
                open_[-1][3].append(element)
                open_[-1][4].append(m)
            else:
                root = m
        else:
            tag, names, bindings = token
            count = len(names)
            attrs = dict(zip(names, values[v : v + count])) if count else None
            v += count
            open_.append([tag, bindings, attrs, [], [], slot.node_id(offset), next(stubs) if bindings else None])
            offset += 1
    assert root is not None
    return root


def pack(m: MountedElement) -> MountedShape | None:
    """A mounted output, diffed as elements, as its shape and values again if it has one. Its node
    ids are kept as they are: counted from the first while they are in document order, listed once
    a diff gave an element a new one."""
    got = read(m.element)
    if got is None:
        return None
    tokens, values, _ = got
    ids: list[int] = []
    bound: list[MountedElement] = []
    _collect(m, ids, bound)
    shape = _shape(tokens)
    for node in bound:
        # A stub from now on: what is inside it, and its attributes, are kept as values.
        node.element = _stub(node.element)
        node.children = ()
    first = ids[0]
    listed = None if ids == list(range(first, first + len(ids))) else tuple(ids)
    return MountedShape(shape, first, tuple(values), tuple(bound) or None, listed)


def _collect(m: MountedElement, ids: list[int], bound: list) -> None:
    # `read` took the same elements: the mounted ones mirror them, elements and texts alone.
    ids.append(m.id)
    if m.element.bindings:
        bound.append(m)
    for child in m.children:
        if child.__class__ is MountedElement:
            _collect(child, ids, bound)


def unmount(t: "Tree", slot: MountedShape) -> None:
    """Unbind an output's handlers."""
    if slot.bound:
        handlers = t.handlers
        for stub in slot.bound:
            handlers.pop(stub.id, None)


__all__ = ["MAX_SHAPES", "Shape", "diff", "mount", "pack", "read", "unmount", "unpack"]
