"""One subscriber's mailbox on a topic: a bounded queue drained on the subscriber's own event loop.

Messages are handled in the order they arrived. Everything queued before the loop gets control back
is handled in one go, so the state changes it makes become one render pass and one message. An
`async` handler is awaited before the next message is handled. When more than `max_pending` messages
wait, the newest are dropped and counted, and `on_missed(count)` is called where they would have been.
"""

from __future__ import annotations

import asyncio
import collections
import inspect
import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable

if TYPE_CHECKING:
    from pylive.pubsub.hub import Hub

log = logging.getLogger("pylive")

#: How many messages may wait for a subscriber before the newest are dropped and counted.
DEFAULT_MAX_PENDING = 1000


class _Gap:
    """Where dropped messages would have been in a queue, and how many there were."""

    __slots__ = ("count",)

    def __init__(self) -> None:
        self.count = 1


class Subscription:
    """A live subscription to `topic`; `close()` ends it. Made by `Hub.subscribe`.

    `handler` and `on_missed` may be replaced at any time (a hook keeps them the latest);
    `spawn` runs an `async` handler's coroutine (a session passes its tracked `tree.spawn`).
    """

    __slots__ = (
        "hub",
        "topic",
        "handler",
        "on_missed",
        "spawn",
        "max_pending",
        "loop",
        "pending",
        "scheduled",
        "closed",
        "task",
        "__weakref__",
    )

    def __init__(
        self,
        hub: "Hub",
        topic: str,
        handler: Callable[[Any], Any],
        *,
        on_missed: Callable[[int], Any] | None = None,
        spawn: Callable[[Awaitable[Any]], asyncio.Task] | None = None,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> None:
        if max_pending < 1:
            raise ValueError("max_pending must be at least 1")
        self.hub = hub
        self.topic = topic
        self.handler = handler
        self.on_missed = on_missed
        self.spawn = spawn or asyncio.ensure_future
        self.max_pending = max_pending
        self.loop = asyncio.get_running_loop()
        self.pending: collections.deque[Any] = collections.deque()
        self.scheduled = False
        self.closed = False
        self.task: asyncio.Task | None = None

    def deliver(self, message: Any) -> None:
        """Queue `message` (on this subscription's loop); handled once the loop gets control back."""
        if self.closed:
            return
        pending = self.pending
        if len(pending) >= self.max_pending:
            tail = pending[-1]
            if tail.__class__ is _Gap:
                tail.count += 1
            else:
                pending.append(_Gap())
        else:
            pending.append(message)
        if not self.scheduled:
            self.scheduled = True
            self.loop.call_soon(self._drain)

    def close(self) -> None:
        """Stop: nothing queued is handled any more, a running `async` handler is cancelled."""
        if self.closed:
            return
        self.closed = True
        self.pending.clear()
        self.hub.unsubscribe(self)
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def _drain(self) -> None:
        pending = self.pending
        while pending and not self.closed:
            awaitable = self._call(pending.popleft())
            if awaitable is not None:
                self.task = self.spawn(self._drain_async(awaitable))
                return
        self.scheduled = False

    async def _drain_async(self, awaitable: Awaitable[Any] | None) -> None:
        try:
            while awaitable is not None:
                try:
                    await awaitable
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("a subscription handler for %r failed", self.topic)
                awaitable = None
                while self.pending and not self.closed and awaitable is None:
                    awaitable = self._call(self.pending.popleft())
        finally:
            self.task = None
            self.scheduled = False
            if self.pending and not self.closed:
                self.scheduled = True
                self.loop.call_soon(self._drain)

    def _call(self, item: Any) -> Awaitable[Any] | None:
        if item.__class__ is _Gap:
            fn, arg = self.on_missed, item.count
            if fn is None:
                log.warning("a subscriber to %r was too slow and missed %d messages", self.topic, arg)
                return None
        else:
            fn, arg = self.handler, item
        try:
            result = fn(arg)
        except Exception:
            log.exception("a subscription handler for %r failed", self.topic)
            return None
        return result if inspect.isawaitable(result) else None
