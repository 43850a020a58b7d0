"""A session's mounted tree: node ids, bound handlers, dirty components and the render pass."""

from __future__ import annotations

import asyncio
import gc
import heapq
import itertools
import logging
from typing import Any, Callable

from pylive.core.element import Element
from pylive.live import faults
from pylive.live.mounted import Instance, MountedElement
from pylive.live.protocol import push_message
from pylive.live.reconcile import mount, rerender, unmount
from pylive.live.serialize import slots_html
from pylive.live.templates import Templates

log = logging.getLogger("pylive")

#: A component that keeps setting state during its own render gives up after this many passes.
MAX_RENDERS_PER_PASS = 50


class Tree:
    """The mounted tree of one session, under the root container (node 0).

    `mark_dirty` is called by state setters; `on_dirty` (set by the session) schedules a flush.
    `render()` re-renders the dirty components and returns the ops of the pass.
    """

    def __init__(self, on_dirty: Callable[[], None] | None = None, *, debug: bool = False) -> None:
        self.root = MountedElement(0, Element("div", {"id": "pl-root"}, ()), [])
        self.next_id = 1
        self.ops: list = []
        self.handlers: dict[int, MountedElement] = {}
        #: The templates the page has been sent (inserted items go as a template and their values).
        self.templates = Templates()
        self.on_dirty = on_dirty
        self.debug = debug
        #: Render failures, oldest first: (component name, exception); the oldest go past 200.
        self.errors: list[tuple[str, BaseException]] = []
        #: In development, the failures (renders, handlers, effects) the page has not been shown yet.
        self.failures: list[tuple[str, BaseException]] = []
        self._dirty: list = []
        self._counter = itertools.count()
        #: The effects queued by the current render pass, in the order they run: children first.
        self.effects: list = []
        self._rendering = False
        self.tasks: set[asyncio.Task] = set()
        #: Control messages (hook pushes) to send after the next patch message.
        self.controls: list[dict] = []
        #: While a session resumed from a state store mounts: what gives its components their stored
        #: hook values (`pylive.live.snapshot.Restorer`).
        self.restorer: Any = None
        #: When a state store watches the session: the components each render pass re-rendered
        #: since its last snapshot (whose survey it reuses for the rest of the page).
        self.rendered: list | None = None

    def spawn(self, awaitable: Any) -> asyncio.Task:
        """Run an effect's or a delivery's coroutine as a task the session tracks (and cancels on close)."""
        task = asyncio.ensure_future(awaitable)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # --- mounting -------------------------------------------------------------------------

    def mount(self, node: Any) -> None:
        """Mount `node` as the root's content (replacing what was there)."""
        for slot in self.root.children:
            if slot.__class__ is not str:
                unmount(self, slot)
        self.ops = []
        self._rendering = True
        collecting = gc.isenabled()
        gc.disable()  # no collection pauses inside a render: the collector runs between passes
        try:
            slot = mount(self, node, self.root, self.root, 0, {})
        finally:
            self._rendering = False
            if collecting:
                gc.enable()
        self.root.children = [] if slot is None else [slot]
        self.ops = []
        self.templates = Templates()  # a mount replaces the page: the client forgets its templates

    def html(self) -> str:
        """The root's content as HTML with node ids (the first page, or a remount)."""
        return slots_html(self.root.children)

    def unmount(self) -> None:
        """Unmount everything: every effect cleaned up, every timer stopped."""
        for slot in self.root.children:
            if slot.__class__ is not str:
                unmount(self, slot)
        self.root.children = []
        self._dirty.clear()
        self.effects.clear()
        for task in list(self.tasks):
            task.cancel()

    # --- state changes --------------------------------------------------------------------

    def mark_dirty(self, inst: Instance) -> None:
        heapq.heappush(self._dirty, (inst.depth, next(self._counter), inst))
        if not self._rendering and self.on_dirty is not None:
            self.on_dirty()

    @property
    def dirty(self) -> bool:
        """Whether some component waits to re-render."""
        return bool(self._dirty)

    @property
    def pending(self) -> bool:
        """Whether a render pass has something to do (or a control message waits for one)."""
        return bool(self._dirty) or bool(self.controls) or bool(self.failures)

    def push_event(self, node_id: int, event: str, payload: Any) -> None:
        """Queue an event for element `node_id`'s JS hook, to go after the patches of the next render pass."""
        self.controls.append(push_message(node_id, event, payload))
        if not self._rendering and self.on_dirty is not None:
            self.on_dirty()

    def queue_effect(self, slot: Any) -> None:
        """Run `slot.run()` once the patches of this render pass are sent."""
        self.effects.append(slot)

    def take_effects(self) -> list:
        """The effects queued by the renders so far, to run once their message is sent."""
        effects, self.effects = self.effects, []
        return effects

    def render(self) -> list:
        """Re-render every dirty component, shallowest first; returns the ops of this pass."""
        self.ops = []
        dirty = self._dirty
        renders: dict[int, int] = {}
        self._rendering = True
        collecting = gc.isenabled()
        gc.disable()  # no collection pauses inside a render: the collector runs between passes
        try:
            while dirty:
                _, _, inst = heapq.heappop(dirty)
                if not inst.dirty or not inst.mounted:
                    continue
                n = renders[id(inst)] = renders.get(id(inst), 0) + 1
                if n > MAX_RENDERS_PER_PASS:
                    inst.dirty = False
                    log.error("%s keeps changing its state while rendering; stopped", inst.name)
                    continue
                delta = rerender(self, inst, None)
                if delta:
                    node = inst.parent
                    while node.__class__ is not MountedElement:
                        node.size += delta
                        node = node.parent
        finally:
            self._rendering = False
            if collecting:
                gc.enable()
        ops, self.ops = self.ops, []
        return ops

    # --- errors ---------------------------------------------------------------------------

    def render_failed(self, inst: Instance, exc: Exception, *, first: bool) -> Any:
        """Error boundary: report, and give what the failed component shows meanwhile (nothing on
        its first render, else its last good output)."""
        faults.report(f"rendering {inst.name} failed", exc, self.debug)
        self.errors.append((inst.name, exc))
        if len(self.errors) > 200:
            del self.errors[:100]
        self.fail(f"{inst.name} failed to render", exc)
        self.effects[:] = [e for e in self.effects if getattr(e, "inst", None) is not inst]
        if first:
            inst.hooks = []
        return None

    def fail(self, what: str, exc: BaseException) -> None:
        """Keep a failure for the development overlay (the session takes them after each pass)."""
        if self.debug and len(self.failures) < 20:
            self.failures.append((what, exc))
            if not self._rendering and self.on_dirty is not None:
                self.on_dirty()  # a pass shows it, even with nothing to render

    def failed(self, what: str, exc: BaseException) -> None:
        """Report a failure of the app's code outside a render (an effect, a timer, a handler)."""
        faults.report(what, exc, self.debug)
        self.fail(what[0].upper() + what[1:], exc)

    def take_failures(self) -> list[tuple[str, BaseException]]:
        """The failures since the last call: (what failed, the exception)."""
        failures, self.failures = self.failures, []
        return failures


def run_effects(tree: Tree, effects: list) -> None:
    """Run the effects of a render pass, in the order the tree queued them (children first).

    Every cleanup of the pass (`prepare`) runs before any new effect, as in React; a failing one is
    reported (and kept for the development overlay) and the others still run.
    """
    for slot in effects:
        prepare = getattr(slot, "prepare", None)
        if prepare is not None:
            try:
                prepare()
            except Exception as exc:
                tree.failed(f"an effect cleanup of {_owner(slot)} failed", exc)
    for slot in effects:
        try:
            slot.run()
        except Exception as exc:
            tree.failed(f"an effect of {_owner(slot)} failed", exc)


def _owner(slot: Any) -> str:
    return getattr(getattr(slot, "inst", None), "name", "a component")


__all__ = ["Tree", "run_effects"]
