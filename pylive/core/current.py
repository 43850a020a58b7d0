"""The component being rendered: what hooks find their state through.

The reconciler calls `begin(host)` before it runs a component's function and `end(...)` after;
between the two, each hook call takes the next slot of that host with `slot_for(kind)`. Component
functions are synchronous and a render never awaits, so two renders can never interleave on one
thread; the current host is thread-local so that threads cannot either.

The core knows hosts only through `HookHost`, which the live layer's mounted instance meets.
"""

from __future__ import annotations

import threading
from typing import Any, Awaitable, Callable, Protocol


class Scheduler(Protocol):
    """What a host's hooks ask of the tree that mounted it (the live layer's `Tree`)."""

    def queue_effect(self, slot: Any) -> None:
        """Run `slot.run()` after the render pass that queued it has been sent."""

    def spawn(self, awaitable: Awaitable[Any]) -> Any:
        """Run a coroutine as a task the session tracks and cancels when it closes."""

    def failed(self, what: str, exc: BaseException) -> None:
        """Report a failure of the app's code outside a render (an effect, a timer): `what` failed."""

    def push_event(self, node_id: int, event: str, payload_json: str) -> None:
        """Send `event` (its payload encoded) to the JS hook of element `node_id` after the next render pass."""

    #: Once the page is live, the ident of the thread whose loop serves it (else None).
    thread: int | None

    def elsewhere(self) -> bool:
        """Whether the caller must hand its change to the loop that serves the page (`call_soon`)."""

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn(*args)` on the loop that serves the page (called from another thread)."""


class HookHost(Protocol):
    """A mounted component as hooks see it: its slots, its name and a way to re-render it."""

    hooks: list
    mounted: bool
    #: The tree that mounted it, or None in a static render (effects never run there).
    tree: Scheduler | None
    child: Any

    @property
    def name(self) -> str:
        """The component's name, for error messages."""

    def invalidate(self) -> None:
        """Re-render the component in the next render pass."""

    def element_id(self) -> int | None:
        """The node id of the first element the component renders, or None if it renders none."""


class HookError(RuntimeError):
    """A hook was called outside a component, or not in the same order as in the last render."""


class _Cursor:
    """One thread's place in a render: the host whose hooks are called, and the next hook's index."""

    __slots__ = ("index", "instance", "known")

    def __init__(self) -> None:
        self.instance: Any = None
        self.index = 0
        #: How many hooks the host's last render called (0 on its first render).
        self.known = 0


# One attribute of the thread-local, then slots: its attributes cost a lookup in the thread's dict
# each, six per component rendered.
_local = threading.local()


def _cursor() -> _Cursor:
    try:
        return _local.cursor
    except AttributeError:
        cursor = _local.cursor = _Cursor()
        return cursor


def begin(host: HookHost) -> tuple[Any, int, int]:
    """Make `host` the component whose hooks are being called; returns what to restore."""
    c = _cursor()
    saved = (c.instance, c.index, c.known)
    c.instance = host
    c.index = 0
    c.known = len(host.hooks)  # a render after one that called hooks may not add any
    return saved


def end(host: HookHost, saved: tuple[Any, int, int], completed: bool) -> None:
    """Check the hook count of the render of `host` that just ended, and restore the previous one."""
    c = _local.cursor  # begin() made it
    count = c.index
    c.instance, c.index, c.known = saved
    if completed and count != len(host.hooks):
        raise HookError(
            f"{host.name} called {count} hooks where its last render called {len(host.hooks)}: "
            "call hooks at the top level of a component, in the same order every render"
        )


def slot_for(kind: str) -> tuple[Any, Any]:
    """The current host and its next hook slot, or `(host, None)` on its first render.

    Raises `HookError` outside a render, or when the slot at this position is of another kind
    (hooks called in another order than last time).
    """
    c = _cursor()
    inst = c.instance
    if inst is None:
        raise HookError(f"{kind}() was called outside a component: call it at the top level of an @pl.component function")
    index = c.index
    c.index = index + 1
    hooks = inst.hooks
    if index < len(hooks):
        slot = hooks[index]
        if slot.kind != kind:
            raise HookError(
                f"{inst.name} called {kind}() as hook #{index + 1} where its last render called "
                f"{slot.kind}(): call hooks in the same order every render"
            )
        return inst, slot
    if c.known:
        raise HookError(
            f"{inst.name} called {kind}() as hook #{index + 1} where its last render called only "
            f"{c.known} hooks: call hooks at the top level of a component, in the same order every render"
        )
    return inst, None


#: What `restored` gives for a hook with no stored value.
NO_SEED = object()


def restored(host: HookHost, kind: str) -> Any:
    """The stored value for the `kind` hook slot just taken by `slot_for` on `host`'s first render,
    or `NO_SEED`: a session resumed from a state store (`pl.run(state=...)`) gives its hooks their
    values this way, through the `seed` (hook index -> (kind, value)) its instances carry while they mount."""
    seed = getattr(host, "seed", None)
    if not seed:
        return NO_SEED
    stored = seed.get(_cursor().index - 1)
    if stored is None or stored[0] != kind:
        return NO_SEED
    return stored[1]


def current_instance() -> Any:
    """The component being rendered (for hooks built on top of these); raises outside a render."""
    inst = _cursor().instance
    if inst is None:
        raise HookError("a hook was called outside a component")
    return inst


def current_name() -> str | None:
    """The name of the component being rendered, or None outside a render (for error messages)."""
    inst = _cursor().instance
    return None if inst is None else inst.name
