"""A session's mounted tree: node ids, bound handlers, dirty components and the render pass."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import traceback
from typing import Any, Callable

from pylive.core.element import Element, make_element
from pylive.live.mounted import Instance, MountedElement
from pylive.live.protocol import push_message
from pylive.live.reconcile import mount, rerender, unmount
from pylive.live.serialize import slots_html

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
        self.on_dirty = on_dirty
        self.debug = debug
        #: Render failures, oldest first: (component name, exception); the oldest go past 200.
        self.errors: list[tuple[str, BaseException]] = []
        self._dirty: list = []
        self._counter = itertools.count()
        #: The effects queued by the current render pass, in the order they run: children first.
        self.effects: list = []
        self._rendering = False
        self.tasks: set[asyncio.Task] = set()
        #: Control messages (hook pushes) to send after the next patch message.
        self.controls: list[dict] = []

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
        try:
            slot = mount(self, node, self.root, self.root, 0, {})
        finally:
            self._rendering = False
        self.root.children = [] if slot is None else [slot]
        self.ops = []

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
        return bool(self._dirty) or bool(self.controls)

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
        ops, self.ops = self.ops, []
        return ops

    # --- errors ---------------------------------------------------------------------------

    def render_failed(self, inst: Instance, exc: Exception, *, first: bool) -> Any:
        """Error boundary: log, and give what the failed component shows meanwhile."""
        log.error("rendering %s failed", inst.name, exc_info=exc)
        self.errors.append((inst.name, exc))
        if len(self.errors) > 200:
            del self.errors[:100]
        self.effects[:] = [e for e in self.effects if getattr(e, "inst", None) is not inst]
        if first:
            inst.hooks = []
        elif not self.debug:
            return None  # keeps its last good output
        if self.debug:
            return make_element(
                "pre",
                (f"{inst.name} failed to render:\n", "".join(traceback.format_exception(exc))),
                {"class_": "pl-error", "role": "alert"},
            )
        return None


def run_effects(effects: list) -> None:
    """Run the effects of a render pass, in the order the tree queued them (children first).

    Every cleanup of the pass (`prepare`) runs before any new effect, as in React; a failing one is
    logged and the others still run.
    """
    for slot in effects:
        prepare = getattr(slot, "prepare", None)
        if prepare is not None:
            try:
                prepare()
            except Exception:
                log.exception("effect cleanup of %s failed", getattr(getattr(slot, "inst", None), "name", "?"))
    for slot in effects:
        try:
            slot.run()
        except Exception:
            log.exception("effect of %s failed", getattr(getattr(slot, "inst", None), "name", "?"))


__all__ = ["Tree", "run_effects"]
