"""`use_async`: work that loads after the page shows, with its loading, value and error states.

An `async def` runs on the session's event loop; a plain function runs in a worker thread, so a
blocking call (a database driver, `requests`, a slow computation) never holds up the other pages.
A run made stale by new dependencies, a `reload()` or an unmount is cancelled (a thread cannot be
stopped, but its result is dropped) and never updates the component.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Callable

import attrs

from pylive.core.current import HookHost, slot_for
from pylive.core.hooks import deps_changed, deps_of

log = logging.getLogger("pylive")

__all__ = ["AsyncResult", "use_async"]


@attrs.frozen(slots=True)
class AsyncResult:
    """What `use_async` gives a render: `loading`, the last `value`, the `error` (an exception) and `reload()`.

    While a new run loads, `value` is still the previous run's (None at first), so a page can keep
    showing it; `error` is the exception of the last finished run, or None.
    """

    loading: bool
    value: Any
    error: BaseException | None
    reload: Callable[[], None] = attrs.field(repr=False)


class AsyncSlot:
    """A `use_async` slot: the function, its deps, the state of the last run and the running task."""

    __slots__ = ("kind", "inst", "fn", "deps", "loading", "value", "error", "run_id", "task", "queued")

    def __init__(self, inst: HookHost, fn: Callable[[], Any], deps: tuple | None) -> None:
        self.kind = "use_async"
        self.inst = inst
        self.fn = fn
        self.deps = deps
        self.loading = True
        self.value: Any = None
        self.error: BaseException | None = None
        self.run_id = 0  # bumped by every new run and by an unmount: an older run's result is stale
        self.task: asyncio.Task | None = None
        self.queued = False

    def _supersede(self) -> None:
        self.run_id += 1
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def _queue(self) -> None:
        tree = self.inst.tree
        if tree is not None and not self.queued:
            self.queued = True
            tree.queue_effect(self)

    def run(self) -> None:
        """Start a run (queued by a render: after mount, new deps, or `reload()`)."""
        self.queued = False
        if not self.inst.mounted:
            return
        self._supersede()
        run_id = self.run_id
        fn = self.fn
        if inspect.iscoroutinefunction(fn):
            work: Any = fn()
        else:
            work = asyncio.to_thread(fn)
        tree = self.inst.tree
        coro = self._finish(work, run_id)
        self.task = tree.spawn(coro) if tree is not None else asyncio.ensure_future(coro)

    async def _finish(self, work: Any, run_id: int) -> None:
        try:
            value = await work
            if inspect.isawaitable(value):  # a plain function that returned a coroutine
                value = await value
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if run_id == self.run_id and self.inst.mounted:
                self.task = None
                self.loading, self.error = False, exc
                # The component shows `res.error`; the developer gets one line, not a fault overlay.
                log.warning("use_async in %s: %s failed: %r", self.inst.name, _name(self.fn), exc)
                self.inst.invalidate()
            return
        if run_id == self.run_id and self.inst.mounted:
            self.task = None
            self.loading, self.value, self.error = False, value, None
            self.inst.invalidate()

    def reload(self) -> None:
        """Run the function again (the component re-renders with `loading` true first)."""
        if not self.inst.mounted:
            return
        self._supersede()
        self.loading = True
        self._queue()
        self.inst.invalidate()

    def unmount(self) -> None:
        self._supersede()

    def result(self) -> AsyncResult:
        return AsyncResult(self.loading, self.value, self.error, self.reload)


def _name(fn: Any) -> str:
    return getattr(fn, "__qualname__", None) or type(fn).__name__


def use_async(fn: Callable[[], Any], deps: list | tuple) -> AsyncResult:
    """Run `fn` after mount and whenever a dependency changes; its result arrives in a later render.

        @pl.component
        def Profile(user_id):
            res = pl.use_async(lambda: load_profile(user_id), [user_id])    # a thread: load_profile blocks
            if res.loading:
                return h.p("Loading...")
            if res.error:
                return h.p(f"Could not load: {res.error}", h.button("Retry", on_click=res.reload))
            return h.p(res.value.name)

    `fn` is an `async def` (run on the event loop) or a plain function (run in a worker thread).
    `res.loading` is true in the first render and while a run is going; `res.value` is the last
    run's result, `res.error` its exception (shown to the developer like any failure, too).
    `deps=[]` runs it once. A stale run is cancelled and never updates the component.
    """
    inst, slot = slot_for("use_async")
    new_deps = deps_of("use_async", inst, deps)
    if new_deps is None:  # not "every render" here: the work would never settle
        raise TypeError(f"{inst.name} passed None as use_async()'s deps: pass a list of the values it depends on "
                        "([] for once)")
    if slot is None:
        slot = AsyncSlot(inst, fn, new_deps)
        inst.hooks.append(slot)
        slot._queue()
        return slot.result()
    slot.fn = fn
    if deps_changed(slot.deps, new_deps):
        slot.deps = new_deps
        slot._supersede()
        slot.loading = True
        slot._queue()
    return slot.result()

