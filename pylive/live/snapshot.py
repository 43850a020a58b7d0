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


def _segment(index: int, node: Any) -> str:
    key = node.key
    return str(index) if key is None else "k" + repr(key)


def take(session: "Session") -> dict:
    """What to store of `session` (JSON-able); raises `NotStorable` for state with no stored form."""
    hooks: dict[str, list] = {}
    ids: list[int] = []

    def walk(slot: Any, path: str) -> None:
        cls = slot.__class__
        if cls is Instance:
            path = f"{path}={slot.name}"
            if slot.hooks:
                hooks[path] = _hooks_of(slot)
            if slot.child is not None and slot.child.__class__ is not str:
                walk(slot.child, path)
            return
        if cls is MountedElement:
            ids.append(slot.id)
        elif cls is not MountedFragment:
            return
        for i, child in enumerate(slot.children):
            if child is not None and child.__class__ is not str:
                walk(child, f"{path}/{_segment(i, child)}")

    tree = session.tree
    for slot in tree.root.children:
        if slot is not None and slot.__class__ is not str:
            walk(slot, "")
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
        "ids": _runs(ids),
        "html": _digest(tree),
        "hooks": hooks,
        "history": history,
    }


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


def _digest(tree: "Tree") -> str:
    return hashlib.sha1(tree.html().encode("utf-8", "surrogatepass")).hexdigest()


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
                    self._assign(child, f"{path}/{_segment(i, child)}")


def restore(session: "Session", snap: dict) -> bool:
    """Mount `session` (made for `snap["url"]`) with the state `snap` holds; whether the page it
    renders is exactly the one stored (same HTML, same node ids), so that the browser's page stays."""
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
    if restorer.changed or not _renumber(tree, snap["ids"], snap["next"]):
        return False
    return _digest(tree) == snap["html"]


def _renumber(tree: "Tree", runs: list, next_id: int) -> bool:
    elements: list[MountedElement] = []

    def walk(slot: Any) -> None:
        cls = slot.__class__
        if cls is Instance:
            if slot.child is not None:
                walk(slot.child)
            return
        if cls is MountedElement:
            elements.append(slot)
        elif cls is not MountedFragment:
            return
        for child in slot.children:
            if child is not None and child.__class__ is not str:
                walk(child)

    for slot in tree.root.children:
        if slot is not None:
            walk(slot)
    ids = [start + i for start, count in runs for i in range(count)]
    if len(ids) != len(elements):
        return False
    for element, node_id in zip(elements, ids):
        element.id = node_id
    tree.handlers = {m.id: m for m in elements if m.element.events}
    tree.next_id = max(next_id, tree.next_id)
    return True
