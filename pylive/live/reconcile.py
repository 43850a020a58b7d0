"""The reconciler: mounts trees, and diffs new output against the mounted tree into patch ops.

Ops are appended to `tree.ops` in the wire format of docs/protocol.md, in the order the client
applies them, with child indexes valid at that moment. A component is re-rendered only when it is
dirty (its state changed, or a context it reads) or its props differ (`==`, identity first).
Keyed children are matched by key and reordered with the fewest moves (a longest increasing
subsequence stays put); unkeyed children are matched by position.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from pylive.core.component import call_component
from pylive.core.element import PROPERTY_ATTRS, ComponentElement, Element, Fragment, Provider, Raw, StreamView
from pylive.core.props import same_props, same_value
from pylive.live import shapes, streams
from pylive.live.keyed import compatible, match, moves, node_key, removed_runs, slot_key
from pylive.live.mounted import (
    EMPTY_SCOPE,
    Instance,
    MountedElement,
    MountedFragment,
    MountedRaw,
    MountedShape,
    MountedStream,
    size_of,
)
from pylive.live.protocol import INSERT, MOVE, REMOVE, REMOVE_ATTR, REPLACE, SET_ATTR, SET_PROP, TEXT
from pylive.live.serialize import raw_node_count, slot_html, slots_html
from pylive.live.telemetry import HANDLERS, clock, emit, since

if TYPE_CHECKING:
    from pylive.live.tree import Tree

log = logging.getLogger("pylive")

_PROPERTY_TAGS = frozenset(("input", "textarea", "select", "option"))
_BOOL_PROPS = frozenset(("checked", "selected"))


# --- mounting ----------------------------------------------------------------------------------


def mount(t: "Tree", node: Any, parent: Any, host: MountedElement, depth: int, scope: dict) -> Any:
    """Create the mounted slot for a new node (allocating node ids, rendering components)."""
    cls = node.__class__
    if cls is str:
        return node
    if cls is Element:
        children = node.children
        m = MountedElement(t.next_id, node, children)
        t.next_id += 1
        if node.events:
            t.handlers[m.id] = m
        for c in children:
            if c.__class__ is not str and c is not None:
                m.children = [mount(t, c, m, m, depth, scope) for c in children]
                break
        # Else its slots are its texts, as the element holds them: the tuple is shared, not copied
        # (a list per table cell was a sixth of a mounted table's memory). Slots are never changed
        # in place: a diff makes a new list.
        return m
    if cls is ComponentElement:
        inst = Instance(node.component, node.args, node.kwargs, node.key, parent, host, depth + 1, t)
        inst.providers = scope
        effects = t.effects
        mark = len(effects)
        try:
            if t.restorer is not None:
                # A session resumed from a state store mounts with its stored hook values.
                out = t.restorer.render(inst, node)
            else:
                out = _timed_render(t, inst) if HANDLERS else call_component(inst)
        except Exception as exc:
            out = t.render_failed(inst, exc, first=True)
        if out is not None:
            # An output of elements and texts alone is kept as its shape and values.
            packed = shapes.mount(t, out) if out.__class__ is Element else None
            if packed is not None:
                inst.child = packed
            elif len(effects) > mark:
                # Its own effects go after those of the children it mounts (React's order).
                own = effects[mark:]
                del effects[mark:]
                inst.child = mount(t, out, inst, host, inst.depth, scope)
                effects.extend(own)
            else:
                inst.child = mount(t, out, inst, host, inst.depth, scope)
            inst.size = size_of(inst.child)
        return inst
    if cls is Fragment or cls is Provider:
        f = MountedFragment(node, parent, host)
        if cls is Provider:
            scope = {**scope, node.context: f}
        f.children = [mount(t, c, f, host, depth, scope) for c in node.children]
        f.size = sum(map(size_of, f.children))
        f.scope = scope
        return f
    if cls is Raw:
        return MountedRaw(node, raw_node_count(node.html))
    if cls is StreamView:
        return streams.mount_stream(t, node, parent, host, depth, scope)
    if node is None:
        return None
    raise TypeError(f"cannot mount {node!r}")


def _timed_render(t: "Tree", inst: Instance) -> Any:
    # The component's own time: its children are mounted or diffed after it returns.
    if inst.component.__dict__.get("internal"):
        return call_component(inst)  # pylive's own (the router's root): not the app's to profile
    start = clock()
    out = call_component(inst)
    emit("render", {"duration_ms": since(start)}, {"path": t.path(), "component": inst.name})
    return out


def unmount(t: "Tree", slot: Any) -> None:
    """Tear down a slot: effects cleaned up, timers stopped, handlers unbound.

    The references that make cycles (parent <-> child, instance <-> hook slots) are dropped too,
    so that a removed subtree, or a closed session, is freed at once by reference counting
    instead of waiting for a full garbage collection.
    """
    cls = slot.__class__
    if cls is MountedElement:
        if slot.element.events:
            t.handlers.pop(slot.id, None)
        children = slot.children
        # A tuple is the element's own texts (see mount): no slot in it holds anything to stop.
        if children.__class__ is list:
            for child in children:
                if child.__class__ is not str:
                    unmount(t, child)
            slot.children = ()
    elif cls is Instance:
        slot.mounted = False
        for hook in slot.hooks:
            stop = getattr(hook, "unmount", None)
            if stop is not None:
                try:
                    stop()
                except Exception:
                    log.exception("unmounting %s failed", slot.name)
        if slot.child is not None:
            unmount(t, slot.child)
        slot.hooks = []
        slot.child = slot.parent = slot.host = slot.tree = None
        slot.providers = EMPTY_SCOPE
    elif cls is MountedFragment:
        for child in slot.children:
            if child.__class__ is not str:
                unmount(t, child)
        slot.children = []
        slot.parent = slot.host = slot.consumers = None
        slot.scope = EMPTY_SCOPE
    elif cls is MountedShape:
        shapes.unmount(t, slot)
    elif cls is MountedStream:
        streams.unmount_stream(t, slot)


# --- diffing -----------------------------------------------------------------------------------


def dom_offset(slot: Any) -> int:
    """The child index, in its host element, of the first DOM node of an instance or fragment."""
    offset = 0
    node = slot
    while True:
        parent = node.parent
        pcls = parent.__class__
        if pcls is Instance:
            node = parent
            continue
        for sibling in parent.children:
            if sibling is node:
                break
            offset += size_of(sibling)
        if pcls is MountedElement:
            return offset
        node = parent


def diff_slot(
    t: "Tree", old: Any, new: Any, parent: Any, host: MountedElement, depth: int, scope: dict, index: int | None
) -> Any:
    """Bring `old` up to date with `new`, emitting ops; returns the slot now in its place."""
    ocls = old.__class__
    ncls = new.__class__
    if ocls is str:
        if ncls is str:
            if old != new:
                t.ops.append([TEXT, host.id, dom_offset(parent) if index is None else index, new])
            return new
    elif ocls is MountedElement:
        if ncls is Element and old.element.tag == new.tag:
            if old.element is not new:
                diff_element(t, old, new, depth, scope)
            return old
    elif ocls is Instance:
        if ncls is ComponentElement and old.component is new.component:
            update_instance(t, old, new, index)
            return old
    elif ocls is MountedShape:
        if ncls is Element:
            if shapes.diff(t, old, new):
                return old
            if new.tag == old.shape.tag:
                # Another shape: diffed as elements (the same node ids), then packed again.
                m = shapes.unpack(old)
                diff_element(t, m, new, depth, scope)
                return shapes.pack(m) or m
    elif ocls is MountedFragment:
        if ncls is Fragment and old.node.__class__ is Fragment or (
            ncls is Provider and old.node.__class__ is Provider and old.node.context is new.context
        ):
            update_fragment(t, old, new, depth, index)
            return old
    elif ocls is MountedRaw:
        if ncls is Raw and old.raw.html == new.html:
            old.raw = new
            return old
    elif ocls is MountedStream:
        if ncls is StreamView and old.stream is new.stream and old.tree is not None:
            old.render = new.render  # items to come render with the latest function
            return old
    elif old is None and new is None:
        return None
    return replace(t, old, new, parent, host, depth, scope, index)


def replace(
    t: "Tree", old: Any, new: Any, parent: Any, host: MountedElement, depth: int, scope: dict, index: int | None
) -> Any:
    """Unmount `old` and mount `new` in its place."""
    if index is None:
        index = dom_offset(parent)
    old_size = size_of(old)
    if old is not None:
        unmount(t, old)
    slot = None
    if parent.__class__ is Instance and new.__class__ is Element:
        slot = shapes.mount(t, new)  # a component's new output, kept as its shape if it has one
    if slot is None and new is not None:
        slot = mount(t, new, parent, host, depth, scope)
    new_size = size_of(slot)
    if old_size == 1 and new_size:
        t.ops.append([REPLACE, host.id, index, slot_html(slot)])
    else:
        if old_size:
            t.ops.append([REMOVE, host.id, index, old_size])
        if new_size:
            t.ops.append([INSERT, host.id, index, slot_html(slot)])
    return slot


def _prop_value(name: str, value: str | None) -> Any:
    if name in _BOOL_PROPS:
        return value is not None
    return "" if value is None else value


def diff_element(t: "Tree", m: MountedElement, new: Element, depth: int, scope: dict) -> None:
    """Patch an element's attributes, bindings and children in place."""
    old = m.element
    m.element = new
    node_id = m.id
    ops = t.ops
    old_attrs = old.attrs
    new_attrs = new.attrs
    if old_attrs != new_attrs:
        props = new.tag in _PROPERTY_TAGS
        old_attrs = old_attrs or {}
        new_attrs = new_attrs or {}
        for name, value in new_attrs.items():
            if old_attrs.get(name) != value:
                if props and name in PROPERTY_ATTRS:
                    ops.append([SET_PROP, node_id, name, _prop_value(name, value)])
                else:
                    ops.append([SET_ATTR, node_id, name, value])
        for name in old_attrs:
            if name not in new_attrs:
                if name == "value" and (new.tag == "select" or new.tag == "textarea"):
                    ops.append([SET_PROP, node_id, "value", ""])  # no value attribute on these
                else:
                    # The client also resets value/checked/selected to what a fresh page would show.
                    ops.append([REMOVE_ATTR, node_id, name])
    if old.bindings != new.bindings:
        if new.bindings:
            ops.append([SET_ATTR, node_id, "data-pl-on", new.bindings])
        else:
            ops.append([REMOVE_ATTR, node_id, "data-pl-on"])
    if new.events:
        if not old.events:
            t.handlers[node_id] = m
    elif old.events:
        t.handlers.pop(node_id, None)
    if old.children is not new.children:
        mark = len(ops)
        m.children, _ = diff_children(t, m, m.children, new.children, m, depth, scope, 0)
        if len(ops) > mark and new.tag == "select" and new.attrs and "value" in new.attrs:
            # New or changed options come without `selected`: the browser may show another one.
            ops.append([SET_PROP, node_id, "value", new.attrs["value"]])


def update_instance(t: "Tree", inst: Instance, new: ComponentElement, index: int | None) -> None:
    """Re-render a component matched by a new element, unless its props and state are unchanged."""
    if not inst.dirty:
        if (new.args is inst.args or same_props(new.args, inst.args)) and (
            new.kwargs is inst.kwargs or same_props(new.kwargs, inst.kwargs)
        ):
            return
    inst.args = new.args
    inst.kwargs = new.kwargs
    rerender(t, inst, index)


def rerender(t: "Tree", inst: Instance, index: int | None) -> int:
    """Render a component again and diff its output; returns the change of its DOM size."""
    inst.dirty = False
    if t.rendered is not None:
        t.rendered.append(inst)  # the state store's survey of this component is out of date
    effects = t.effects
    mark = len(effects)
    try:
        out = _timed_render(t, inst) if HANDLERS else call_component(inst)
    except Exception as exc:
        out = t.render_failed(inst, exc, first=False)
        if out is None:
            return 0  # keeps its last good output
    own = None
    if len(effects) > mark:
        # Its own effects go after those of the children it re-renders (React's order).
        own = effects[mark:]
        del effects[mark:]
    old_size = inst.size
    if slot_key(inst.child) != (None if out is None else node_key(out)):
        # A new key is a new identity even for a lone child (React's way to reset state).
        inst.child = replace(t, inst.child, out, inst, inst.host, inst.depth, inst.providers, index)
    else:
        inst.child = diff_slot(t, inst.child, out, inst, inst.host, inst.depth, inst.providers, index)
    if own is not None:
        effects.extend(own)
    inst.size = size_of(inst.child)
    return inst.size - old_size


def update_fragment(t: "Tree", f: MountedFragment, new: Any, depth: int, index: int | None) -> None:
    """Diff a fragment's (or provider's) children; a provider whose value changed wakes its consumers."""
    old = f.node
    f.node = new
    if new.__class__ is Provider and f.consumers and not same_value(old.value, new.value):
        for consumer in list(f.consumers):
            consumer.invalidate()
    if old.children is new.children:
        return
    if index is None:
        index = dom_offset(f)
    f.children, f.size = diff_children(t, f, f.children, new.children, f.host, depth, f.scope, index)


def diff_children(
    t: "Tree", parent: Any, old: list, new: tuple, host: MountedElement, depth: int, scope: dict, base: int
) -> tuple[list, int]:
    """Diff a list of children whose DOM nodes start at child `base` of `host`; returns the new
    slots and how many DOM nodes they stand for.

    The common prefix and the common keyed suffix are diffed pair by pair; only the middle, where
    children were added, removed or reordered, goes through keyed matching.
    """
    n_old = len(old)
    n_new = len(new)
    out = []
    offset = base
    i = 0
    limit = n_old if n_old < n_new else n_new
    while i < limit:
        o = old[i]
        n = new[i]
        ocls = o.__class__
        ncls = n.__class__
        if (None if o is None or ocls is str else o.key) != (None if n is None or ncls is str else n.key):
            break
        if ocls is MountedElement and ncls is Element and o.element.tag == n.tag:
            if o.element is not n:
                diff_element(t, o, n, depth, scope)
            out.append(o)
            offset += 1
        elif (
            ocls is Instance
            and ncls is ComponentElement
            and o.component is n.component
            and not o.dirty
            and (n.args is o.args or same_props(n.args, o.args))
            and (n.kwargs is o.kwargs or same_props(n.kwargs, o.kwargs))
        ):
            out.append(o)
            offset += o.size
        else:
            s = diff_slot(t, o, n, parent, host, depth, scope, offset)
            out.append(s)
            offset += size_of(s)
        i += 1
    if i == n_old and i == n_new:
        return out, offset - base
    # Unkeyed children are matched by position, so only keyed ones can form a common suffix.
    end_old = n_old
    end_new = n_new
    while end_old > i and end_new > i:
        o = old[end_old - 1]
        key = None if o is None or o.__class__ is str else o.key
        if key is None or not compatible(o, new[end_new - 1]) or new[end_new - 1].key != key:
            break
        end_old -= 1
        end_new -= 1
    middle, size = _diff_keyed(t, parent, old[i:end_old], new[i:end_new], host, depth, scope, offset)
    out.extend(middle)
    offset += size
    for k in range(end_new, n_new):
        s = diff_slot(t, old[end_old + k - end_new], new[k], parent, host, depth, scope, offset)
        out.append(s)
        offset += size_of(s)
    return out, offset - base


def _diff_keyed(
    t: "Tree", parent: Any, old: list, new: tuple, host: MountedElement, depth: int, scope: dict, base: int
) -> tuple[list, int]:
    """Diff children by key: remove the unmatched old ones, move the matched ones, mount the new ones,
    then diff each matched pair at its final place."""
    where = f"<{host.element.tag}>" if parent is host else "a fragment"
    matched, used = match(old, new, where)
    sizes = [size_of(s) for s in old]
    ops = t.ops
    for offset, count, start, end in removed_runs(used, sizes, base):
        if count:
            ops.append([REMOVE, host.id, offset, count])
        for k in range(start, end):
            if old[k] is not None:
                unmount(t, old[k])
    move = moves(matched, used, sizes, base)
    if move is not None:
        ops.append([MOVE, host.id, *move])
    out = _mount_new(t, parent, old, new, matched, sizes, host, depth, scope, base)
    offset = base
    for i in range(len(new)):
        if matched[i] >= 0:
            out[i] = diff_slot(t, out[i], new[i], parent, host, depth, scope, offset)
        offset += size_of(out[i])
    return out, offset - base


def _mount_new(
    t: "Tree",
    parent: Any,
    old: list,
    new: tuple,
    matched: list[int],
    sizes: list[int],
    host: MountedElement,
    depth: int,
    scope: dict,
    base: int,
) -> list:
    """The slots in their new order: kept ones as they are, new ones mounted and inserted, lowest
    index first, consecutive new children in one op."""
    n_new = len(new)
    out: list = [None] * n_new
    offset = base
    i = 0
    while i < n_new:
        j = matched[i]
        if j >= 0:
            out[i] = old[j]
            offset += sizes[j]
            i += 1
            continue
        start = offset
        run = []
        while i < n_new and matched[i] < 0:
            slot = mount(t, new[i], parent, host, depth, scope)
            out[i] = slot
            run.append(slot)
            offset += size_of(slot)
            i += 1
        if offset > start:
            t.ops.extend(t.templates.ops(host.id, start, run, slots_html))
    return out
