"""Hooks: per-instance state that survives re-renders while a component's identity holds.

Each hook takes its slot of the component being rendered through `pylive.core.current`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Awaitable, Callable, Generic, TypeVar, overload

from pylive.core.current import NO_SEED, HookError, HookHost, restored, slot_for
from pylive.core.jsondata import KINDS, not_json
from pylive.core.jsondata import encode as encode_json

T = TypeVar("T")
A = TypeVar("A")

#: What `use_state` hands back to set the value: a new value, or a function of the old one.
Setter = Callable[[T | Callable[[T], T]], None]
log = logging.getLogger("pylive")

def failed(host: HookHost, what: str, exc: BaseException, *, bounded: bool = False) -> None:
    """Report a failure of a hook's callback (an effect, a cleanup, a timer) of `host`; a `bounded`
    one (an effect's, as in React) is also shown by the error boundary above `host`, if any."""
    tree = host.tree
    if tree is not None:
        tree.failed(f"{what} of {host.name} failed", exc, component=host.name, owner=host if bounded else None)
    else:
        log.error("%s of %s failed", what, host.name, exc_info=exc)


class StateSlot:
    """A `use_state`/`use_reducer` slot; `handle` is the setter (or dispatch) handed to the component,
    the same object on every render."""

    __slots__ = ("kind", "inst", "value", "reducer", "handle", "__weakref__")

    def __init__(self, kind: str, inst: HookHost, value: Any, reducer: Callable | None) -> None:
        self.kind = kind
        self.inst = inst
        self.value = value
        self.reducer = reducer
        self.handle: Callable[[Any], None] | None = self.set if reducer is None else self.dispatch

    def unmount(self) -> None:
        # The bound method refers back to this slot: drop it so reference counting frees both.
        # A setter still held elsewhere keeps working (it schedules nothing once unmounted).
        self.handle = None

    def set(self, new: Any) -> None:
        """Replace the value (or compute it from the old one, if `new` is callable) and re-render.

        Called from another thread than the live page's loop, the call is handed to that loop."""
        tree = self.inst.tree
        if tree is not None and tree.thread is not None and tree.elsewhere():
            return tree.call_soon(self.set, new)
        if callable(new):
            try:
                new = new(self.value)
            except TypeError as exc:
                _not_an_updater(self.inst, new, exc)
                raise
        if new is self.value:
            return
        self.value = new
        self.inst.invalidate()

    def dispatch(self, action: Any) -> None:
        """Apply the reducer to the current state and `action`, and re-render if it changed."""
        tree = self.inst.tree
        if tree is not None and tree.thread is not None and tree.elsewhere():
            return tree.call_soon(self.dispatch, action)
        new = self.reducer(self.value, action)  # type: ignore[misc]
        if new is self.value:
            return
        self.value = new
        self.inst.invalidate()


@overload
def use_state(initial: Callable[[], T]) -> tuple[T, Setter[T]]: ...


@overload
def use_state(initial: T) -> tuple[T, Setter[T]]: ...


def use_state(initial: Any) -> tuple[Any, Any]:
    """A state value and its setter: `count, set_count = pl.use_state(0)`.

    `set_count(5)` or `set_count(lambda c: c + 1)` re-renders the component (batched with every
    other change made before the event loop regains control). Setting the very object the state
    already holds schedules nothing. `initial` may be a zero-argument callable, called once.
    """
    inst, slot = slot_for("use_state")
    if slot is None:
        value = restored(inst, "use_state")
        if value is NO_SEED:
            value = initial() if callable(initial) else initial
        slot = StateSlot("use_state", inst, value, None)
        inst.hooks.append(slot)
    return slot.value, slot.handle  # type: ignore[return-value]


def use_reducer(reducer: Callable[[T, A], T], initial: T) -> tuple[T, Callable[[A], None]]:
    """State updated by a reducer: `state, dispatch = pl.use_reducer(reducer, initial)`."""
    inst, slot = slot_for("use_reducer")
    if slot is None:
        value = restored(inst, "use_reducer")
        slot = StateSlot("use_reducer", inst, initial if value is NO_SEED else value, reducer)
        inst.hooks.append(slot)
    else:
        slot.reducer = reducer
    return slot.value, slot.handle  # type: ignore[return-value]


def deps_changed(old: tuple | None, new: tuple | None) -> bool:
    """Whether an effect or memo with dependencies `old` must run again for `new` (None: always)."""
    if new is None or old is None or len(old) != len(new):
        return True
    for a, b in zip(old, new):
        if a is not b:
            try:
                if a != b:
                    return True
            except Exception:
                return True
    return False


def deps_of(kind: str, host: HookHost, deps: Any) -> tuple | None:
    """A hook's dependencies as a tuple (None: every render); anything but a list or tuple is a
    mistake said in one sentence (a string or a lone value would be read item by item, or fail)."""
    if deps is None:
        return None
    if deps.__class__ is list or deps.__class__ is tuple or isinstance(deps, (list, tuple)):
        return tuple(deps)
    raise TypeError(
        f"{host.name} passed {type(deps).__name__} {deps!r:.40} as {kind}()'s deps: pass a list of "
        f"the values it depends on ([] for once, None for every render)"
    )


def _not_an_updater(host: HookHost, fn: Callable, exc: TypeError) -> None:
    # set_x(make) with a zero-argument function: Python's "takes 0 positional arguments" says
    # nothing of why it was called with one.
    code = getattr(fn, "__code__", None)
    if code is not None and code.co_argcount == 0 and not code.co_flags & 0x04 and "positional" in str(exc):
        name = fn.__name__ if fn.__name__.isidentifier() else "make"
        raise TypeError(
            f"{host.name} set its state to a function, which is called with the current value (an "
            f"updater, old -> new): to store the function, wrap it (set_x(lambda _: {name})); "
            f"to store what it makes, call it (set_x({name}()))"
        ) from exc


def _not_a_cleanup(host: HookHost, fn: Callable, result: Any) -> None:
    # Said once per effect: the same effect returns the same kind of thing on every run.
    code = getattr(fn, "__code__", None) or getattr(fn, "cr_code", None) or type(fn)
    if code in _told:
        return
    _told.add(code)
    failed(host, "an effect", TypeError(
        f"{host.name}'s effect returned {type(result).__name__} {result!r:.40}, which is not a cleanup: "
        "return a function to run before the next run and on unmount, or nothing"
    ))


_told: set = set()
_cleanups: set[asyncio.Future] = set()


class EffectSlot:
    """A `use_effect` slot: its dependencies, the pending function and the last cleanup."""

    __slots__ = ("kind", "inst", "deps", "fn", "cleanup", "task")

    def __init__(self, inst: HookHost) -> None:
        self.kind = "use_effect"
        self.inst = inst
        self.deps: tuple | None = None
        self.fn: Callable | None = None
        self.cleanup: Callable | None = None
        self.task: asyncio.Task | None = None

    def prepare(self) -> None:
        """Clean up the previous run before this one (the session runs every `prepare` of a pass
        before any `run`, as React runs every cleanup before any new effect)."""
        if self.fn is None or not self.inst.mounted:
            return
        if self.task is not None:
            self.task.cancel()  # an earlier async run still going: this one supersedes it
            self.task = None
        self.run_cleanup()

    def run(self) -> None:
        """Run the pending function (after the render was sent), cleaning up first if not yet done."""
        self.prepare()
        fn, self.fn = self.fn, None
        if fn is None or not self.inst.mounted:
            return
        try:
            result = fn()
        except Exception as exc:
            failed(self.inst, "an effect", exc, bounded=True)
            return
        if inspect.isawaitable(result):
            tree = self.inst.tree
            coro = self._await(result)
            self.task = tree.spawn(coro) if tree is not None else asyncio.ensure_future(coro)
        elif callable(result):
            self.cleanup = result
        elif result is not None:
            _not_a_cleanup(self.inst, fn, result)

    async def _await(self, awaitable: Awaitable) -> None:
        try:
            result = await awaitable
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            failed(self.inst, "an effect", exc, bounded=True)
            return
        finally:
            if self.task is asyncio.current_task():
                self.task = None
        if callable(result):
            self.cleanup = result
            if not self.inst.mounted:
                self.run_cleanup()
        elif result is not None:
            _not_a_cleanup(self.inst, awaitable, result)

    def run_cleanup(self) -> None:
        cleanup, self.cleanup = self.cleanup, None
        if cleanup is None:
            return
        try:
            result = cleanup()
            if inspect.isawaitable(result):
                # Kept until done (the loop holds tasks weakly), and not one of the tree's tasks,
                # which are cancelled when the session closes: a cleanup must get to finish.
                task = asyncio.ensure_future(result)
                _cleanups.add(task)
                task.add_done_callback(_cleanups.discard)
        except Exception as exc:
            failed(self.inst, "an effect cleanup", exc, bounded=True)

    def unmount(self) -> None:
        self.fn = None
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self.run_cleanup()


def use_effect(fn: Callable[[], Any], deps: list | tuple | None = None) -> None:
    """Run `fn` after the render has been sent: every render (`deps=None`), once (`[]`), or when a dep changes.

    `fn` may be `async`. A callable it returns is the cleanup, run before the next run and on unmount.
    Effects run only in a live session, never while a page is rendered for its first HTTP response.
    """
    inst, slot = slot_for("use_effect")
    new_deps = deps_of("use_effect", inst, deps)
    if slot is None:
        slot = EffectSlot(inst)
        inst.hooks.append(slot)
    elif new_deps is not None and not deps_changed(slot.deps, new_deps):
        return
    slot.deps = new_deps
    slot.fn = fn
    if inst.tree is not None:
        inst.tree.queue_effect(slot)


class MemoSlot:
    __slots__ = ("kind", "deps", "value")

    def __init__(self, kind: str, value: Any, deps: tuple | None) -> None:
        self.kind = kind
        self.value = value
        self.deps = deps


def use_memo(fn: Callable[[], T], deps: list | tuple | None) -> T:
    """`fn()`, recomputed only when a dependency changes (`deps=None`: every render)."""
    inst, slot = slot_for("use_memo")
    new_deps = deps_of("use_memo", inst, deps)
    if slot is None:
        slot = MemoSlot("use_memo", fn(), new_deps)
        inst.hooks.append(slot)
    elif deps_changed(slot.deps, new_deps):
        slot.value = fn()
        slot.deps = new_deps
    return slot.value


class Ref(Generic[T]):
    """A mutable box that survives re-renders; changing `.current` does not re-render."""

    __slots__ = ("kind", "current")

    def __init__(self, current: T) -> None:
        self.kind = "use_ref"
        self.current = current

    def __repr__(self) -> str:
        return f"Ref({self.current!r})"


@overload
def use_ref() -> Ref[Any]: ...


@overload
def use_ref(initial: T) -> Ref[T]: ...


def use_ref(initial: Any = None) -> Ref[Any]:
    """A `Ref` whose `.current` starts as `initial` and persists for the component's life."""
    inst, slot = slot_for("use_ref")
    if slot is None:
        value = restored(inst, "use_ref")
        slot = Ref(initial if value is NO_SEED else value)
        inst.hooks.append(slot)
    return slot


class IntervalSlot:
    """A `use_interval` slot: the latest function, the period, and the running timer task."""

    __slots__ = ("kind", "inst", "fn", "ms", "task")

    def __init__(self, inst: HookHost, fn: Callable, ms: float) -> None:
        self.kind = "use_interval"
        self.inst = inst
        self.fn = fn
        self.ms = ms
        self.task: asyncio.Task | None = None

    def run(self) -> None:
        if self.task is None and self.inst.mounted and self.ms is not None:
            self.task = asyncio.ensure_future(self._tick())

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.ms / 1000)
            if not self.inst.mounted:
                return
            try:
                result = self.fn()
                if inspect.isawaitable(result):
                    await result
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                failed(self.inst, "an interval", exc)

    def unmount(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None


def use_interval(fn: Callable[[], Any], ms: float | None) -> None:
    """Call `fn` (plain or `async`) every `ms` milliseconds while mounted; `None` pauses it.

    The timer keeps running across re-renders and always calls the latest `fn`.
    """
    inst, slot = slot_for("use_interval")
    if slot is None:
        slot = IntervalSlot(inst, fn, ms)
        inst.hooks.append(slot)
        if inst.tree is not None:
            inst.tree.queue_effect(slot)
        return
    slot.fn = fn
    if slot.ms != ms:
        slot.unmount()
        slot.ms = ms
        if inst.tree is not None:
            inst.tree.queue_effect(slot)


class PushSlot:
    """A `use_push_event` slot: sends events to the JS hook on its component's root element."""

    __slots__ = ("kind", "inst")

    def __init__(self, inst: HookHost) -> None:
        self.kind = "use_push_event"
        self.inst = inst

    def push(self, event: str, payload: Any = None) -> None:
        """Send `event` with `payload` (any JSON) to the hook's `ctx.handleEvent(event, ...)` callbacks."""
        inst = self.inst
        tree = inst.tree
        if not inst.mounted or tree is None:
            return
        # Encoded here, once, as the browser reads JSON: a mistake is said at the app's line (the
        # encoder would fail the whole message later, or send NaN, which JSON.parse refuses).
        try:
            text = encode_json(payload)
        except (TypeError, ValueError):
            raise TypeError(f"{inst.name} pushed {event!r}, but {not_json(payload, 'its payload')}: "
                            f"push JSON data ({KINDS})") from None
        if tree.thread is not None and tree.elsewhere():
            return tree.call_soon(self._push, event, text)  # the element's id as the loop sees it
        self._push(event, text)

    def _push(self, event: str, payload_json: str) -> None:
        inst = self.inst
        if not inst.mounted or inst.tree is None:
            return
        node_id = inst.element_id()
        if node_id is None:
            raise HookError(f"{inst.name} pushed {event!r} but does not render an element with a hook= attribute")
        inst.tree.push_event(node_id, event, payload_json)


def use_push_event() -> Callable[[str, Any], None]:
    """A function `push(event, payload)` that sends an event to the JS hook on this component's root element.

        @pl.component
        def Chart(points):
            push = pl.use_push_event()
            pl.use_effect(lambda: push("points", points), [points])
            return h.canvas(hook="Chart")          # window.pylive.hooks.Chart: ctx.handleEvent("points", draw)

    Pushes go out after the patches of the same render pass, so the element exists when they arrive.
    """
    inst, slot = slot_for("use_push_event")
    if slot is None:
        slot = PushSlot(inst)
        inst.hooks.append(slot)
    return slot.push


def use_hook_slot(kind: str, make: Callable[[HookHost], Any]) -> Any:
    """The slot of a custom hook `kind` of the current component, made by `make(inst)` on the first render.

    A slot with an `unmount()` method is told when its component unmounts; one with a `run()`
    method can be queued with `inst.tree.queue_effect(slot)` to run after the render is sent.
    """
    inst, slot = slot_for(kind)
    if slot is None:
        slot = make(inst)
        slot.kind = kind
        inst.hooks.append(slot)
    return slot
