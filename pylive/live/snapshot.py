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
the others keep their state. `use_state`/`use_reducer` values and `use_ref` contents are stored
(see `pylive.live.statecodec` for how); a ref whose content cannot be stored starts from its
initial value on the new node, while state that cannot be stored keeps the session from being
stored at all (`NotStorable`). Effects, timers and subscriptions start again where the session resumes.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from pylive.core.component import call_component
from pylive.core.element import ComponentElement, Element, Fragment, Provider
from pylive.live.mounted import Instance, MountedElement, MountedFragment
from pylive.live.statecodec import VERSION, Unreadable, Unstorable, decode, encode

if TYPE_CHECKING:
    from pylive.live.session import Session
    from pylive.live.tree import Tree

log = logging.getLogger("pylive")

#: The most recent messages a snapshot keeps (to catch up a page that missed them), and their
#: total size: a page further behind gets the current page instead.
HISTORY_MESSAGES = 64
HISTORY_CHARS = 65_536
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
    """What to store of `session` (JSON-able); raises `NotStorable` for state with no stored form."""
    survey = _Survey(with_hooks=True)
    survey.tree(session.tree)
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
        "next": session.tree.next_id,
        "ids": _runs([m.id for m in survey.elements]),
        "shape": survey.digest(),
        "hooks": survey.hooks,
        "history": history,
    }


class _Survey:
    """One walk over a mounted tree: its elements in document order, the hook records of its
    components by identity path, and its shape (tags, texts, raw HTML: what the page shows but
    attribute values, which are cheap to get wrong and costly to read)."""

    def __init__(self, *, with_hooks: bool) -> None:
        self.with_hooks = with_hooks
        self.hooks: dict[str, list] = {}
        self.elements: list[MountedElement] = []
        self.shape: list[str] = []
        self.parts: list[str] = []

    def tree(self, tree: "Tree") -> None:
        for slot in tree.root.children:
            if slot is not None:
                self.slot(slot) if slot.__class__ is not str else self.shape.append(slot)

    def slot(self, slot: Any) -> None:
        cls = slot.__class__
        parts, shape = self.parts, self.shape
        if cls is Instance:
            parts.append("=" + slot.name)
            if slot.hooks and self.with_hooks:
                self.hooks["".join(parts)] = _hooks_of(slot)
            child = slot.child
            if child is not None:
                self.slot(child) if child.__class__ is not str else shape.append(child)
            parts.pop()
            return
        if cls is MountedElement:
            self.elements.append(slot)
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
            parts.append("/" + str(i) if key is None else "/k" + repr(key))
            self.slot(child)
            parts.pop()
        shape.append(">")

    def digest(self) -> str:
        return hashlib.sha1("\0".join(self.shape).encode("utf-8", "surrogatepass")).hexdigest()


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
    survey = _Survey(with_hooks=False)
    survey.tree(tree)
    if restorer.changed or survey.digest() != snap["shape"]:
        return False
    ids = [start + i for start, count in snap["ids"] for i in range(count)]
    if len(ids) != len(survey.elements):
        return False
    for element, node_id in zip(survey.elements, ids):
        element.id = node_id
    tree.handlers = {m.id: m for m in survey.elements if m.element.events}
    tree.next_id = max(snap["next"], tree.next_id)
    return True
