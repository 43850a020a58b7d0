"""A session's mounted tree: node ids, bound handlers, dirty components and the render pass."""

from __future__ import annotations

import asyncio
import gc
import heapq
import itertools
import logging
import threading
from typing import Any, Callable

from pylive.core.boundary import CATCH
from pylive.core.element import Element
from pylive.core.props import forget as forget_compared
from pylive.live import faults, streams
from pylive.live.mounted import Instance, MountedElement, MountedStream
from pylive.live.protocol import SET_PROP
from pylive.live.reconcile import mount, rerender, unmount
from pylive.live.serialize import slots_html
from pylive.live.telemetry import HANDLERS, emit, no_path
from pylive.live.templates import Templates

log = logging.getLogger("pylive")

#: A component that keeps setting state during its own render gives up after this many passes.
MAX_RENDERS_PER_PASS = 50


#: Called at the end of a render pass that turned the cyclic collector off, to turn it back on. A
#: server's collection policy sets its own (`pylive.server.gcpolicy`): the pass's new objects are
#: the page, and the first young collection after it would walk every one of them.
resume_collector: Callable[[], None] = gc.enable

# Render passes run on the loop and first renders in a worker thread, at once: the collector is
# turned off by the first of them to start and back on by the last to end. (Each one reading and
# setting it on its own could leave it off for good: one saw it off as another turned it back on.)
_pause_lock = threading.Lock()
_pauses = 0
_was_on = False


def _pause_collector() -> None:
    global _pauses, _was_on
    with _pause_lock:
        if not _pauses:
            _was_on = gc.isenabled()
            gc.disable()
        _pauses += 1


def _unpause_collector() -> None:
    global _pauses
    with _pause_lock:
        _pauses -= 1
        if not _pauses and _was_on:
            resume_collector()


#: The root container's element: the same for every tree (elements are never changed).
ROOT = Element("div", {"id": "pl-root"}, ())


class Tree:
    """The mounted tree of one session, under the root container (node 0).

    `mark_dirty` is called by state setters; `on_dirty` (set by the session) schedules a flush.
    `render()` re-renders the dirty components and returns the ops of the pass.
    """

    #: Whether a handler runs now, on the loop's thread: the flush that follows it renders what it
    #: changes (none is scheduled), and it holds the loop (a worker it waits for changes state
    #: directly, into the pass that answers the event). A class default: no slot per page.
    handling = False

    def __init__(self, on_dirty: Callable[[], None] | None = None, *, debug: bool = False) -> None:
        self.root = MountedElement(0, ROOT, [])
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
        self.tasks: dict[asyncio.Task, None] = {}  # a set, at a third of an empty set's size
        #: While a session resumed from a state store mounts: what gives its components their stored
        #: hook values (`pylive.live.snapshot.Restorer`).
        self.restorer: Any = None
        #: When a state store watches the session: the components each render pass re-rendered
        #: since its last snapshot (whose survey it reuses for the rest of the page).
        self.rendered: list | None = None
        #: Control messages (hook pushes) to send after the next patch message.
        self.controls: list[tuple[int, str, str]] = []
        #: The session's uploads in flight (`pylive.live.uploads.Uploads`), which `use_upload` registers with.
        self.uploads: Any = None
        #: The path of the page this tree shows (the session sets it; telemetry events carry it).
        self.path: Callable[[], str] = no_path
        #: Stream views with queued changes, applied at the end of the next render pass.
        self.changed_streams: list[MountedStream] = []
        #: Stream views mounted since the last write of their HTML (they keep their items' HTML till then).
        self.fresh_streams: list[MountedStream] = []
        #: Whether the page's HTML has been written since the last mount (later changes go as ops).
        self.page_written = False
        #: Once live: the event loop that serves the session, and its thread's ident. A setter called
        #: from another thread (an app's worker) is handed to that loop (`call_soon`).
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: int | None = None
        #: Controlled form controls whose user typed another value than the one rendered, for the
        #: pass that answers the event: (element, typed value, rendered value before the pass).
        #: An empty tuple between events: an idle page keeps no list for it.
        self.typed: list[tuple[MountedElement, str, str]] | tuple = ()

    def bind_loop(self) -> None:
        """Take the running loop as the session's (on going live)."""
        try:
            self.loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.thread = threading.get_ident()

    def elsewhere(self) -> bool:
        """Whether the caller is another thread than the one whose loop serves the live page, and
        that loop is not held by a handler (which may be waiting for the caller)."""
        thread = self.thread
        return thread is not None and thread != threading.get_ident() and not self.handling

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` on the session's loop, called from another thread: state is only ever
        changed, and renders scheduled, on the loop that renders."""
        loop = self.loop
        if loop is None:
            return  # not live yet: nothing to schedule (the page's first flush renders what changed)
        try:
            loop.call_soon_threadsafe(fn, *args)
        except RuntimeError:
            pass  # the loop is closed: the session ended with it

    def spawn(self, awaitable: Any) -> asyncio.Task:
        """Run an effect's or a delivery's coroutine as a task the session tracks (and cancels on close)."""
        task = asyncio.ensure_future(awaitable)
        self.tasks[task] = None
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task) -> None:
        self.tasks.pop(task, None)

    # --- mounting -------------------------------------------------------------------------

    def mount(self, node: Any) -> None:
        """Mount `node` as the root's content (replacing what was there)."""
        for slot in self.root.children:
            if slot.__class__ is not str:
                unmount(self, slot)
        self.ops = []
        self._rendering = True
        _pause_collector()  # no collection pauses inside a render: the collector runs between passes
        try:
            slot = mount(self, node, self.root, self.root, 0, {})
        finally:
            self._rendering = False
            forget_compared()
            _unpause_collector()
        self.root.children = [] if slot is None else [slot]
        self.ops = []
        self.templates = Templates()  # a mount replaces the page: the client forgets its templates
        self.page_written = False

    def html(self) -> str:
        """The root's content as HTML with node ids (the first page, or a remount)."""
        html = slots_html(self.root.children)
        self.page_written = True
        self._release_streams()
        return html

    @property
    def has_streams(self) -> bool:
        """Whether the page shows a stream view (whose items only the client has)."""
        return _has_stream(self.root)

    def stream_changed(self, slot: MountedStream) -> None:
        """A stream queued a change: apply it at the end of the next render pass."""
        self.changed_streams.append(slot)
        if not self._rendering and self.on_dirty is not None:
            self.on_dirty()

    def _release_streams(self) -> None:
        for slot in self.fresh_streams:
            streams.release(slot)
        self.fresh_streams = []

    def _apply_streams(self) -> None:
        """Apply the streams' queued changes, after the components of the pass rendered."""
        if self.page_written:
            self._release_streams()  # written into this pass's ops already: changes go as ops now
        while self.changed_streams:
            changed, self.changed_streams = self.changed_streams, []
            for slot in changed:
                if slot.tree is not self:
                    continue  # unmounted meanwhile
                delta = streams.apply(self, slot)
                if delta:
                    node = slot.parent
                    while node.__class__ is not MountedElement:
                        node.size += delta
                        node = node.parent

    def unmount(self) -> None:
        """Unmount everything: every effect cleaned up, every timer stopped."""
        for slot in self.root.children:
            if slot.__class__ is not str:
                unmount(self, slot)
        self.root.children = []
        self._dirty.clear()
        self.changed_streams = []
        self.fresh_streams = []
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
        return (
            bool(self._dirty)
            or bool(self.controls)
            or bool(self.failures)
            or bool(self.changed_streams)
            or bool(self.typed)
        )

    def push_event(self, node_id: int, event: str, payload_json: str) -> None:
        """Queue an event for element `node_id`'s JS hook, to go after the patches of the next render
        pass; `payload_json` is its payload encoded already."""
        self.controls.append((node_id, event, payload_json))
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
        _pause_collector()  # no collection pauses inside a render: the collector runs between passes
        try:
            while True:
                while dirty:
                    _, _, inst = heapq.heappop(dirty)
                    if not inst.dirty or not inst.mounted:
                        continue
                    n = renders[id(inst)] = renders.get(id(inst), 0) + 1
                    if n > MAX_RENDERS_PER_PASS:
                        inst.dirty = False
                        self.failed(f"rendering {inst.name}", RuntimeError(
                            f"{inst.name}'s state was set while rendering, {MAX_RENDERS_PER_PASS} times in one pass, "
                            "and its renders were stopped: set state in a handler or an effect, not while rendering"
                        ), component=inst.name, kind="render")
                        continue
                    delta = rerender(self, inst, None)
                    if delta:
                        node = inst.parent
                        while node.__class__ is not MountedElement:
                            node.size += delta
                            node = node.parent
                if not (self.changed_streams or self.fresh_streams):
                    break
                self._apply_streams()
                if self.page_written:
                    self._release_streams()
                if not dirty:
                    break
                # An item's component marked one dirty (its error boundary): it renders in this pass too.
            if self.typed:
                self._put_back_typed()
        finally:
            if self.typed:
                self.typed = ()
            self._rendering = False
            forget_compared()
            _unpause_collector()
        ops, self.ops = self.ops, []
        return ops

    def _put_back_typed(self) -> None:
        """Show a controlled control's rendered value again where the user typed another one that
        the handler did not take (a pass that changed the value sent it already), as React does."""
        for m, value, before in self.typed:
            if self.handlers.get(m.id) is not m:
                continue  # gone, or no longer listening
            rendered = (m.element.attrs or {}).get("value")
            if rendered is not None and rendered == before and _shows_other(m, value, rendered):
                self.ops.append([SET_PROP, m.id, "value", rendered])

    # --- errors ---------------------------------------------------------------------------

    def render_failed(self, inst: Instance, exc: Exception, *, first: bool) -> Any:
        """Error boundary: report, and give what the failed component shows meanwhile (nothing on
        its first render, else its last good output)."""
        caught = self.catch(inst, exc)
        faults.report(f"rendering {inst.name} failed{caught}", exc, self.debug)
        if HANDLERS:
            _emit_error(self, "render", inst.name, exc)
        if not caught:
            # What tests and hot reload raise: a failure a boundary shows is the app's to handle.
            self.errors.append((inst.name, exc))
            if len(self.errors) > 200:
                del self.errors[:100]
        self.fail(f"{inst.name} failed to render", exc)
        self.effects[:] = [e for e in self.effects if getattr(e, "inst", None) is not inst]
        if first:
            inst.hooks = []
        return None

    def catch(self, inst: Any, exc: BaseException) -> str:
        """Hand a failure of `inst`'s code to the nearest `pl.ErrorBoundary` above it, if any;
        returns what the log adds to say so ("" when no boundary took it)."""
        provider = inst.providers.get(CATCH) if inst.__class__ is Instance and inst.providers else None
        if provider is None or not inst.mounted:
            return ""
        try:
            provider.node.value(exc)
        except Exception as error:  # the boundary's on_error
            self.failed(f"an ErrorBoundary's on_error failed for {inst.name}", error, component=inst.name)
        return " (its ErrorBoundary shows the fallback)"

    def fail(self, what: str, exc: BaseException) -> None:
        """Keep a failure for the development overlay (the session takes them after each pass)."""
        if self.debug and len(self.failures) < 20:
            self.failures.append((what, exc))
            if not self._rendering and self.on_dirty is not None:
                self.on_dirty()  # a pass shows it, even with nothing to render

    def failed(
        self, what: str, exc: BaseException, *, component: str = "", kind: str = "effect", owner: Any = None
    ) -> None:
        """Report a failure of the app's code outside a render (an effect, a timer, a handler): `component`
        names the component whose code failed, `kind` what failed (telemetry's "error" event carries both);
        an `owner` instance's failure is shown by its error boundary, if it has one."""
        faults.report(what + self.catch(owner, exc) if owner is not None else what, exc, self.debug)
        if HANDLERS:
            _emit_error(self, kind, component, exc)
        self.fail(what[0].upper() + what[1:], exc)

    def take_failures(self) -> list[tuple[str, BaseException]]:
        """The failures since the last call: (what failed, the exception)."""
        failures, self.failures = self.failures, []
        return failures


def _shows_other(m: MountedElement, typed: str, rendered: str) -> bool:
    """Whether a control showing `typed` does not show `rendered` (a number input's "1." shows 1)."""
    if typed == rendered:
        return False
    if (m.element.attrs or {}).get("type") in ("number", "range"):
        try:
            return float(typed) != float(rendered)
        except ValueError:
            return True
    return True


def _has_stream(slot: Any) -> bool:
    cls = slot.__class__
    if cls is MountedStream:
        return True
    if cls is Instance:
        return slot.child is not None and _has_stream(slot.child)
    children = getattr(slot, "children", None)
    if children:
        for child in children:
            if child is not None and child.__class__ is not str and _has_stream(child):
                return True
    return False


def _emit_error(tree: Tree, kind: str, component: str, exc: BaseException) -> None:
    emit(
        "error",
        {"duration_ms": 0.0},
        {"path": tree.path(), "component": component, "kind": kind, "error": type(exc).__name__, "message": str(exc)},
    )


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
                tree.failed(f"an effect cleanup of {_owner(slot)} failed", exc, component=_owner(slot))
    for slot in effects:
        try:
            slot.run()
        except Exception as exc:
            tree.failed(f"an effect of {_owner(slot)} failed", exc, component=_owner(slot))


def _owner(slot: Any) -> str:
    return getattr(getattr(slot, "inst", None), "name", "a component")


__all__ = ["Tree", "run_effects"]
