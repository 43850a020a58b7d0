"""A live session's resumable state, and the same session made again from it on another node.

`take(session)` gives what a state store (`pl.run(state="redis://...")`) keeps of a session: the hook
state of every mounted component by its identity path, the location, the message and event
sequences, the recent messages and the node ids of the page's elements. `restore(session, snap)`
mounts a fresh session for that location with those hook values, numbers its elements as the page
in the browser numbers them, and says whether the result is exactly the page the browser shows (then
the browser is caught up with the messages it missed, with no remount).

An identity path names a component by its place: the positions (or keys) of the nodes from the
root down to it and the names of the components on the way, e.g. `=_RouterRoot=Shell/1/k'a'=Counter`.
A component whose hooks are not the ones stored (the code changed between versions) starts afresh;
the others keep their state. `use_state`/`use_reducer` values and `use_ref` contents (as of the
component's last render) are stored (see `pylive.live.statecodec` for how); a ref whose content
cannot be stored starts from its initial value on the new node, while state that cannot be stored
keeps the session from being stored at all (`NotStorable`). Effects, timers and subscriptions start
again where the session resumes.

A snapshot reuses what the last one found for every component that has not rendered since (the
tree lists the components each pass renders), so a write costs what changed and the way up to the
root, not the whole page.
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from typing import TYPE_CHECKING, Any

from pylive.core.component import call_component
from pylive.core.element import ComponentElement, Element, Fragment, Provider
from pylive.live import shapes
from pylive.live.mounted import Instance, MountedElement, MountedFragment, MountedShape
from pylive.live.statecodec import VERSION, Unreadable, Unstorable, decode, encode

if TYPE_CHECKING:
    from pylive.live.session import Session
    from pylive.live.tree import Tree

log = logging.getLogger("pylive")

#: The most recent messages a snapshot keeps (to catch up a page that missed them), and their
#: total size: a page further behind gets the current page instead.
HISTORY_MESSAGES = 32
HISTORY_CHARS = 32_768
_VALUE_HOOKS = frozenset(("use_state", "use_reducer"))
_refs_told: set[tuple[str, int]] = set()


class NotStorable(Exception):
    """A session holds state that cannot be stored: `component`'s hook number `hook` (`kind`) holds `what`."""

    def __init__(self, component: str, hook: int, kind: str, what: str) -> None:
        super().__init__(f"{component}'s {kind} hook #{hook} holds {what}")
        self.component = component
        self.hook = hook
        self.kind = kind
        self.what = what


def take(session: "Session") -> dict:
    """What to store of `session` (JSON-able); raises `NotStorable` for state with no stored form.

    The parts of the page whose components have not rendered since the last call are taken from
    that call's survey: a write costs what changed, plus the way up to the root.
    """
    tree = session.tree
    cache = _caches.get(session)
    if cache is None or cache.tree is not tree:
        cache = _caches[session] = _Cache(tree)
        tree.rendered = []  # from now on the tree lists the components each pass renders
    cache.invalidate(tree.rendered)
    tree.rendered.clear()
    part = _Survey(with_hooks=True, cache=cache).tree(tree)
    cache.prune()
    history: list[list] = []
    chars = 0
    for seq, text in reversed(session.history):
        chars += len(text)
        if len(history) == HISTORY_MESSAGES or chars > HISTORY_CHARS:
            break
        history.append([seq, text])
    history.reverse()
    return {
        "v": VERSION,
        "url": session.router.location.url,
        "seq": session.seq,
        # An event whose async handler still runs is handled again where the session resumes.
        "events": session.events_done,
        "next": tree.next_id,
        "ids": _runs([m.id for m in part.elements]),
        "shape": _digest(part.shape),
        "hooks": dict(part.hooks),
        "history": history,
    }


class _Part:
    """What a component's subtree holds: hook records by path relative to it, elements in document
    order, and its shape (tags, texts, raw HTML: what the page shows but attribute values)."""

    __slots__ = ("elements", "hooks", "inst", "parent", "shape")

    def __init__(self, inst: Instance | None, parent: Instance | None) -> None:
        self.inst = inst
        self.parent = parent
        self.hooks: list[tuple[str, list]] = []
        self.elements: list[MountedElement] = []
        self.shape: list[str] = []


class _Cache:
    """A session's last survey, by component, and which components rendered since."""

    def __init__(self, tree: "Tree") -> None:
        self.tree = tree
        self.parts: dict[int, _Part] = {}

    def invalidate(self, rendered: list) -> None:
        """The components in `rendered` (and so their ancestors) changed since the last survey."""
        parts = self.parts
        for inst in rendered:
            while inst is not None:
                part = parts.get(id(inst))
                if part is None or part.inst is not inst:
                    break
                del parts[id(inst)]
                inst = part.parent

    def prune(self) -> None:
        """Forget the components unmounted since (their ids may be reused)."""
        if len(self.parts) > 64:
            self.parts = {k: p for k, p in self.parts.items() if p.inst is not None and p.inst.mounted}


_caches: "weakref.WeakKeyDictionary[Session, _Cache]" = weakref.WeakKeyDictionary()


class _Survey:
    """One walk over a mounted tree, reusing the parts of a cache still valid."""

    def __init__(self, *, with_hooks: bool, cache: _Cache | None = None) -> None:
        self.with_hooks = with_hooks
        self.cache = cache

    def tree(self, tree: "Tree") -> _Part:
        part = _Part(None, None)
        for slot in tree.root.children:
            if slot is not None:
                self.into(slot, part, "") if slot.__class__ is not str else part.shape.append(slot)
        return part

    def into(self, slot: Any, part: _Part, rel: str) -> None:
        cls = slot.__class__
        if cls is Instance:
            sub = self.instance(slot, part.inst)
            prefix = f"{rel}={slot.name}"
            part.hooks.extend((prefix + r, record) for r, record in sub.hooks)
            part.elements.extend(sub.elements)
            part.shape.extend(sub.shape)
            return
        shape = part.shape
        if cls is MountedElement:
            part.elements.append(slot)
            shape.append("<" + slot.element.tag)
        elif cls is not MountedFragment:
            shape.append(getattr(getattr(slot, "raw", None), "html", ""))
            return
        for i, child in enumerate(slot.children):
            if child is None:
                continue
            if child.__class__ is str:
                shape.append(child)
                continue
            key = child.key
            self.into(child, part, f"{rel}/{i}" if key is None else f"{rel}/k{key!r}")
        shape.append(">")

    def instance(self, inst: Instance, parent: Instance | None) -> _Part:
        cache = self.cache
        if cache is not None:
            part = cache.parts.get(id(inst))
            if part is not None and part.inst is inst:
                return part
        part = _Part(inst, parent)
        if inst.hooks and self.with_hooks:
            part.hooks.append(("", _hooks_of(inst)))
        child = inst.child
        if child.__class__ is MountedShape:
            # Surveyed (and restored) element by element: a session with a state store keeps its
            # outputs as elements, with the node ids the page has.
            child = inst.child = shapes.unpack(child)
        if child is not None:
            self.into(child, part, "") if child.__class__ is not str else part.shape.append(child)
        if cache is not None:
            cache.parts[id(inst)] = part
        return part


def _digest(shape: list[str]) -> str:
    return hashlib.sha1("\0".join(shape).encode("utf-8", "surrogatepass")).hexdigest()


def _hooks_of(inst: Instance) -> list:
    values: dict[str, list] = {}
    for i, hook in enumerate(inst.hooks):
        kind = hook.kind
        if kind in _VALUE_HOOKS:
            value = hook.value
        elif kind == "use_ref":
            value = hook.current
        else:
            continue
        try:
            values[str(i)] = [kind, encode(value)]
        except Unstorable as exc:
            if kind != "use_ref":
                raise NotStorable(inst.name, i + 1, kind, exc.what) from None
            if (inst.name, i) not in _refs_told:
                _refs_told.add((inst.name, i))
                log.info(
                    "%s's use_ref hook #%d holds %s, which the state store cannot hold: on another node it "
                    "starts from its initial value",
                    inst.name,
                    i + 1,
                    exc.what,
                )
    return [",".join(hook.kind for hook in inst.hooks), values]


def _runs(ids: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for node_id in ids:
        if runs and runs[-1][0] + runs[-1][1] == node_id:
            runs[-1][1] += 1
        else:
            runs.append([node_id, 1])
    return runs


class Restorer:
    """Gives each component mounted by a resuming session the hook values stored under its identity path."""

    def __init__(self, tree: "Tree", hooks: dict) -> None:
        self.tree = tree
        self.hooks = hooks
        self.paths: dict[int, str] = {}
        self.started = False
        #: The components that started afresh because their hooks changed.
        self.changed: list[str] = []

    def render(self, inst: Instance, node: ComponentElement) -> Any:
        """Render `inst` (just created for `node`) with its stored hook values, if any fit."""
        base = self.paths.pop(id(node), None)
        if base is None:
            if self.started:  # mounted by a later render: not a component of the stored page
                return call_component(inst)
            base = ""
        self.started = True
        path = f"{base}={inst.name}"
        record = self.hooks.get(path)
        if record is None:
            out = call_component(inst)
        else:
            layout, values = record
            try:
                inst.seed = {int(i): (kind, decode(value)) for i, (kind, value) in values.items()}
            except (Unreadable, ValueError, TypeError) as exc:
                log.warning("the stored state of %s cannot be read here (%s): it starts afresh", inst.name, exc)
            try:
                out = call_component(inst)
            finally:
                inst.seed = None
            if ",".join(hook.kind for hook in inst.hooks) != layout:
                out = self._afresh(inst)
        self._assign(out, path)
        return out

    def _afresh(self, inst: Instance) -> Any:
        log.info("%s's hooks changed since its state was stored: it starts afresh", inst.name)
        self.changed.append(inst.name)
        for hook in inst.hooks:
            stop = getattr(hook, "unmount", None)
            if stop is not None:
                stop()
        inst.hooks = []
        effects = self.tree.effects
        effects[:] = [e for e in effects if getattr(e, "inst", None) is not inst]
        return call_component(inst)

    def _assign(self, node: Any, path: str) -> None:
        cls = node.__class__
        if cls is ComponentElement:
            self.paths[id(node)] = path
        elif cls is Element or cls is Fragment or cls is Provider:
            for i, child in enumerate(node.children):
                if child is not None and child.__class__ is not str:
                    key = getattr(child, "key", None)
                    self._assign(child, f"{path}/{i}" if key is None else f"{path}/k{key!r}")


def restore(session: "Session", snap: dict) -> bool:
    """Mount `session` (made for `snap["url"]`) with the state `snap` holds; whether the page it
    renders is the one stored (same shape, same node ids), so that the browser's page stays."""
    tree = session.tree
    restorer = tree.restorer = Restorer(tree, snap["hooks"])
    try:
        session.mount()
    finally:
        tree.restorer = None
    session.seq = snap["seq"]
    session.events = snap["events"]
    for seq, text in snap["history"]:
        session.remember(seq, text)
    part = _Survey(with_hooks=False).tree(tree)
    if restorer.changed or _digest(part.shape) != snap["shape"]:
        return False
    ids = [start + i for start, count in snap["ids"] for i in range(count)]
    if len(ids) != len(part.elements):
        return False
    for element, node_id in zip(part.elements, ids):
        element.id = node_id
    tree.handlers = {m.id: m for m in part.elements if m.element.events}
    tree.next_id = max(snap["next"], tree.next_id)
    return True
