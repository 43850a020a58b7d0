"""A stream's view in the mounted tree: its queued changes turned into ops, its items forgotten.

A stream view (`MountedStream`) stands for one DOM node per item among its host's children. It
keeps the items' keys in page order and nothing else of them but the handlers of elements inside
them. Each change is planned on the keys (`pylive.core.stream.plan`), then sent: removed runs as
REMOVE ops, new runs as op 8 (the template machinery: statics once per page, then values only),
replaced items as REPLACE. An item is mounted only to be written, then unmounted at once.

Before the page has been written (a first render), items are written to HTML as they are planned
and kept as that HTML until the page is (`fresh`); from then on their changes go as ops.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pylive.core.element import Element, flatten
from pylive.core.stream import plan
from pylive.live import reconcile
from pylive.live.mounted import Instance, MountedElement, MountedFragment, MountedShape, MountedStream, size_of
from pylive.live.protocol import REMOVE, REPLACE
from pylive.live.serialize import slot_html, slots_html

if TYPE_CHECKING:
    from pylive.core.element import StreamView
    from pylive.live.tree import Tree


class StreamError(ValueError):
    """A stream used in a way it cannot be (the message names the component and the fix)."""


#: What an item that failed to render (or was not one node) shows: nothing, in one DOM node.
_PLACEHOLDER = Element("template", None, ())


def mount_stream(t: "Tree", node: "StreamView", parent: Any, host: MountedElement, depth: int, scope: dict) -> Any:
    """Mount a stream view: the items queued so far are rendered into its first HTML."""
    stream = node.stream
    slot = MountedStream(stream, node.render, node.key, parent, host, depth)
    slot.scope = scope
    if stream.slot is not None and stream.slot.tree is not None:
        t.failed(
            f"a stream of {stream._owner()} is shown twice",
            StreamError(f"{stream._owner()} placed items.view(...) twice: a stream is shown in one place at a time"),
        )
        return slot  # an empty view, detached from the stream
    slot.tree = t
    stream.slot = slot
    t.fresh_streams.append(slot)
    if stream.pending:
        apply(t, slot)
    return slot


def unmount_stream(t: "Tree", slot: MountedStream) -> None:
    """The view left the page: its items' handlers go, and the stream shows nowhere until placed again."""
    for ids in slot.handlers.values():
        for node_id in ids:
            t.handlers.pop(node_id, None)
    slot.handlers = {}
    slot.keys = []
    slot.fresh = None
    if slot.stream.slot is slot:
        slot.stream.slot = None
    slot.tree = None
    slot.parent = slot.host = None
    slot.scope = {}


def release(slot: MountedStream) -> None:
    """The page (or the op that inserted the view) has been written: forget the items' HTML."""
    slot.fresh = None


def apply(t: "Tree", slot: MountedStream) -> int:
    """Apply the stream's queued changes; returns the change in the view's DOM size."""
    stream = slot.stream
    queued, stream.pending = stream.pending, []
    slot.queued = False
    if not queued:
        return 0
    old = slot.keys
    p = plan(old, queued, stream.key, stream.limit)
    new_keys = set(p.keys) if not p.reset else ()
    fresh = p.fresh
    survive = [k in new_keys and k not in fresh for k in old]
    mark = len(t.effects)
    if slot.fresh is not None:
        _apply_unsent(t, slot, old, survive, p)
    else:
        _apply_sent(t, slot, old, survive, p)
    # Components inside items render once: their effects never run.
    del t.effects[mark:]
    slot.keys = p.keys
    slot.size = len(p.keys)
    return len(p.keys) - len(old)


def _apply_unsent(t: "Tree", slot: MountedStream, old: list, survive: list, p: Any) -> None:
    written = slot.fresh
    assert written is not None
    for k, kept in zip(old, survive):
        if not kept:
            written.pop(k, None)
            _drop_handlers(t, slot, k)
    for k, item in p.replaced.items():
        _drop_handlers(t, slot, k)
        written[k] = _write_item(t, slot, k, item)
    for k, item in p.fresh.items():
        written[k] = _write_item(t, slot, k, item)


def _write_item(t: "Tree", slot: MountedStream, key: Any, item: Any) -> str:
    item_slot = _mount_item(t, slot, item)
    html = slot_html(item_slot)
    _written(t, slot, key, item_slot)
    return html


def _apply_sent(t: "Tree", slot: MountedStream, old: list, survive: list, p: Any) -> None:
    host = slot.host
    base = reconcile.dom_offset(slot)
    ops = t.ops
    # Removed runs, highest first, so that the indexes below stay valid.
    j = len(old) - 1
    while j >= 0:
        if survive[j]:
            j -= 1
            continue
        end = j
        while j >= 0 and not survive[j]:
            _drop_handlers(t, slot, old[j])
            j -= 1
        ops.append([REMOVE, host.id, base + j + 1, end - j])
    # New runs, lowest first: each is one op 8 where a template fits.
    keys = p.keys
    fresh = p.fresh
    n = len(keys)
    i = 0
    while i < n:
        if keys[i] not in fresh:
            i += 1
            continue
        start = i
        run = []
        while i < n and keys[i] in fresh:
            run.append(_mount_item(t, slot, fresh[keys[i]]))
            i += 1
        ops.extend(t.templates.ops(host.id, base + start, run, slots_html, min_items=1))
        for k, item_slot in zip(keys[start:i], run):
            _written(t, slot, k, item_slot)
    if p.replaced:
        where = {k: i for i, k in enumerate(keys)}
        for k, item in p.replaced.items():
            _drop_handlers(t, slot, k)
            item_slot = _mount_item(t, slot, item)
            ops.append([REPLACE, host.id, base + where[k], slot_html(item_slot)])
            _written(t, slot, k, item_slot)


def _mount_item(t: "Tree", slot: MountedStream, item: Any) -> Any:
    owner = slot.stream._owner()
    try:
        node = flatten((slot.render(item),))[0]
    except Exception as exc:
        t.failed(f"rendering an item of the stream of {owner} failed", exc)
        node = _PLACEHOLDER
    mounted = reconcile.mount(t, node, slot, slot.host, slot.depth, slot.scope)
    size = size_of(mounted)
    if size != 1:
        t.failed(
            f"rendering an item of the stream of {owner} failed",
            StreamError(
                f"{owner}: the function given to items.view(...) returned {size} DOM nodes for an item; "
                "return exactly one element per item (wrap several in one)"
            ),
        )
        if mounted is not None and mounted.__class__ is not str:
            reconcile.unmount(t, mounted)
        mounted = reconcile.mount(t, _PLACEHOLDER, slot, slot.host, slot.depth, slot.scope)
    return mounted


def _written(t: "Tree", slot: MountedStream, key: Any, item_slot: Any) -> Any:
    """Forget an item that has been written: only its handlers' elements stay (without children)."""
    bound: list[MountedElement] = []
    _bound(item_slot, bound)
    if item_slot.__class__ is not str:
        reconcile.unmount(t, item_slot)
    if bound:
        ids = []
        for m in bound:
            el = m.element
            t.handlers[m.id] = MountedElement(m.id, Element(el.tag, None, (), None, el.events, el.bindings), [])
            ids.append(m.id)
        slot.handlers[key] = tuple(ids)
    return item_slot


def _bound(item_slot: Any, out: list) -> None:
    cls = item_slot.__class__
    if cls is MountedElement:
        if item_slot.element.events:
            out.append(item_slot)
        for child in item_slot.children:
            if child.__class__ is not str:
                _bound(child, out)
    elif cls is Instance:
        if item_slot.child is not None:
            _bound(item_slot.child, out)
    elif cls is MountedShape:
        out.extend(item_slot.bound or ())
    elif cls is MountedFragment:
        for child in item_slot.children:
            if child is not None and child.__class__ is not str:
                _bound(child, out)


def _drop_handlers(t: "Tree", slot: MountedStream, key: Any) -> None:
    ids = slot.handlers.pop(key, None)
    if ids:
        for node_id in ids:
            t.handlers.pop(node_id, None)
