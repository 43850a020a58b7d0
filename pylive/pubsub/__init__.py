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
import logging
from typing import Any, Callable

from ..hooks import use_hook_slot
from ..mount import Instance
from .backend import Backend, PresenceEntry
from .hub import DEFAULT_PRESENCE_EXPIRY, Hub, backend_is_local, configure, current_hub, shutdown, warn_if_local
from .subscription import DEFAULT_MAX_PENDING, Subscription

log = logging.getLogger("pylive")

__all__ = [
    "DEFAULT_MAX_PENDING",
    "DEFAULT_PRESENCE_EXPIRY",
    "Backend",
    "Hub",
    "PresenceEntry",
    "Subscription",
    "backend_is_local",
    "broadcast",
    "broadcast_nowait",
    "configure",
    "current_hub",
    "shutdown",
    "use_subscription",
    "warn_if_local",
]


async def broadcast(topic: str, message: Any) -> None:
    """Send `message` to every subscriber of `topic`, on every worker and node sharing the backend.

    Returns once the message has left this process (at once with the in-process backend, or while
    Redis is unreachable). With Redis the message must be JSON-able.
    """
    sent = current_hub().publish(topic, message)
    if sent is not None:
        await sent


def broadcast_nowait(topic: str, message: Any) -> None:
    """`broadcast` from synchronous code (a handler, a timer, another thread): queued, not awaited."""
    current_hub().publish(topic, message)


class SubscriptionSlot:
    """A `use_subscription` slot: the latest handler, and the subscription while mounted."""

    __slots__ = ("kind", "inst", "topic", "handler", "on_missed", "max_pending", "sub")

    def __init__(self, inst: Instance) -> None:
        self.kind = "use_subscription"
        self.inst = inst
        self.topic: str | None = None
        self.handler: Callable[[Any], Any] = lambda message: None
        self.on_missed: Callable[[int], Any] | None = None
        self.max_pending = DEFAULT_MAX_PENDING
        self.sub: Subscription | None = None

    def run(self) -> None:
        """Subscribe (after the render is sent), or move the subscription to a new topic."""
        sub = self.sub
        if not self.inst.mounted or (sub is not None and sub.topic == self.topic and not sub.closed):
            return
        if sub is not None:
            sub.close()
            self.sub = None
        if self.topic is None:
            return
        tree = self.inst.tree
        self.sub = current_hub().subscribe(
            self.topic,
            self._handle,
            on_missed=self._missed,
            spawn=tree.spawn if tree is not None else asyncio.ensure_future,
            max_pending=self.max_pending,
        )

    def _handle(self, message: Any) -> Any:
        return self.handler(message)

    def _missed(self, count: int) -> Any:
        if self.on_missed is None:
            log.warning("a subscriber to %r was too slow and missed %d messages", self.topic, count)
            return None
        return self.on_missed(count)

    def unmount(self) -> None:
        if self.sub is not None:
            self.sub.close()
            self.sub = None


def use_subscription(
    topic: str | None,
    handler: Callable[[Any], Any],
    *,
    on_missed: Callable[[int], Any] | None = None,
    max_pending: int = DEFAULT_MAX_PENDING,
) -> None:
    """While mounted, call `handler(message)` (plain or `async`) for each message broadcast on `topic`.

    `handler` is always the latest one passed; a new `topic` moves the subscription (`None`: none).
    When more than `max_pending` messages wait for this handler, the newest are dropped and
    `on_missed(count)` is called in their place (by default a warning is logged).
    Subscriptions start after the first render is sent, never while a page is rendered for HTTP.
    """
    slot: SubscriptionSlot = use_hook_slot("use_subscription", SubscriptionSlot)
    slot.handler = handler
    slot.on_missed = on_missed
    slot.max_pending = max_pending
    sub = slot.sub
    if (sub is None and topic is not None) or (sub is not None and sub.topic != topic):
        slot.topic = topic
        tree = slot.inst.tree
        if tree is not None:
            tree.queue_effect(slot)
