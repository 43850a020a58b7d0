"""Pub/sub: broadcasts to every subscribed session, on this worker and on every node sharing a backend.

    @pl.component
    def Room(name: str):
        lines, set_lines = pl.use_state(())
        pl.use_subscription(f"room:{name}", lambda line: set_lines(lambda old: old + (line,)))
        async def send(e):
            await pl.broadcast(f"room:{name}", e.form["text"])
        ...

A handler runs on its session's event loop; the state changes it makes are sent as one render pass.
Messages from one publisher on one topic arrive in the order they were sent. A subscriber whose
handler falls behind by more than `max_pending` messages loses the newest and is told how many with
`on_missed(count)`. A session whose browser is reconnecting keeps its subscriptions, so what it
missed reaches the page when it resumes. The backend is in-process by default; `configure(url)`
(`pl.run(pubsub=...)`, `pylive run --pubsub`, `PYLIVE_PUBSUB`) picks Redis for several processes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, Awaitable, Generator

from pylive.pubsub.backend import Backend, PresenceEntry
from pylive.pubsub.hooks import PresenceSlot, SubscriptionSlot, use_presence, use_subscription
from pylive.pubsub.hub import (
    DEFAULT_PRESENCE_EXPIRY,
    Hub,
    backend_is_local,
    configure,
    current_hub,
    shutdown,
    warn_if_local,
)
from pylive.pubsub.subscription import DEFAULT_MAX_PENDING, Subscription

__all__ = [
    "DEFAULT_MAX_PENDING",
    "DEFAULT_PRESENCE_EXPIRY",
    "Backend",
    "Hub",
    "PresenceEntry",
    "PresenceSlot",
    "Subscription",
    "SubscriptionSlot",
    "backend_is_local",
    "broadcast",
    "broadcast_nowait",
    "configure",
    "current_hub",
    "shutdown",
    "use_presence",
    "use_subscription",
    "warn_if_local",
]


def broadcast(topic: str, message: Any) -> Awaitable[None]:
    """Send `message` to every subscriber of `topic`, on every worker and node sharing the backend.

    The message goes at once, awaited or not (a forgotten `await` loses nothing); awaiting what this
    returns waits until it has left this process (at once with the in-process backend, or while
    Redis is unreachable). With Redis the message must be JSON-able.

        await pl.broadcast("chat", {"author": name, "text": text})
    """
    return Sent(current_hub().publish(topic, message))


class Sent(Coroutine[Any, Any, None]):
    """What `broadcast` returns: awaiting it waits until the message has left this process. A
    coroutine, so that `asyncio.create_task`, `asyncio.run` and `run_coroutine_threadsafe` take it
    as they took `broadcast` when it was an `async def`; never awaited, it warns of nothing."""

    __slots__ = ("_pending", "_steps")

    def __init__(self, pending: "asyncio.Future[None] | None") -> None:
        self._pending = pending
        self._steps: Generator[Any, None, None] | None = None
        if pending is not None:
            # Not awaited, a failure is the backend's to report (it logs an outage): not "never retrieved".
            pending.add_done_callback(_seen)

    def __await__(self) -> Generator[Any, None, None]:
        if self._pending is not None:
            yield from self._pending.__await__()

    def _stepper(self) -> Generator[Any, None, None]:
        if self._steps is None:
            self._steps = self.__await__()
        return self._steps

    def send(self, value: Any) -> Any:
        return self._stepper().send(value)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> Any:
        if val is None and tb is None:
            return self._stepper().throw(typ)
        return self._stepper().throw(typ, val, tb)

    def close(self) -> None:
        self._stepper().close()


def _seen(future: "asyncio.Future[None]") -> None:
    if not future.cancelled():
        future.exception()


def broadcast_nowait(topic: str, message: Any) -> None:
    """`broadcast` from synchronous code (a handler, a timer, another thread): queued, not awaited."""
    current_hub().publish(topic, message)
