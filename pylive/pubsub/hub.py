"""The hub: this process's subscribers by topic, its presence table, and the backend to other nodes.

There is one hub per process (`current_hub()`), built from `configure(url)` or, failing that, from
the `PYLIVE_PUBSUB` environment variable (which is how worker processes inherit the setting).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from typing import Any, Awaitable, Callable

from pylive.pubsub.backend import Backend
from pylive.pubsub.memory import MemoryBackend
from pylive.pubsub.presence_table import PresenceTable
from pylive.pubsub.subscription import DEFAULT_MAX_PENDING, Subscription

log = logging.getLogger("pylive")

ENV_URL = "PYLIVE_PUBSUB"
ENV_PRESENCE_EXPIRY = "PYLIVE_PRESENCE_EXPIRY"
#: Seconds after which a node that stopped heartbeating has its presences removed elsewhere.
DEFAULT_PRESENCE_EXPIRY = 30.0


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Hub:
    """Delivers broadcasts to this process's subscribers and hands them to the backend for the others."""

    def __init__(self, backend: Backend | None = None) -> None:
        #: This process's id among the nodes sharing the backend (it ignores its own echoes).
        self.node = secrets.token_hex(8)
        self.backend: Backend = backend if backend is not None else MemoryBackend()
        self.topics: dict[str, dict[Subscription, None]] = {}
        self.presence = PresenceTable(self)
        self.backend.attach(self)
        #: Called with the topic of each message delivered to this process (the dashboard counts them).
        self.on_deliver: Callable[[str], None] | None = None

    def subscribe(
        self,
        topic: str,
        handler: Callable[[Any], Any],
        *,
        on_missed: Callable[[int], Any] | None = None,
        spawn: Callable[[Awaitable[Any]], asyncio.Task] | None = None,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> Subscription:
        """Call `handler(message)` on the running loop for every message on `topic`, until `close()`."""
        sub = Subscription(self, topic, handler, on_missed=on_missed, spawn=spawn, max_pending=max_pending)
        self.topics.setdefault(topic, {})[sub] = None
        self.backend.subscribe(topic)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        """Forget `sub` (its `close()` calls this)."""
        subs = self.topics.get(sub.topic)
        if subs is not None:
            subs.pop(sub, None)
            if not subs:
                del self.topics[sub.topic]
                self.backend.unsubscribe(sub.topic)

    def publish(self, topic: str, message: Any) -> "asyncio.Future[None] | None":
        """Send `message` to every subscriber of `topic`: the backend's nodes, then this one's."""
        sent = self.backend.publish(topic, message)
        self.deliver(topic, message)
        return sent

    def deliver(self, topic: str, message: Any) -> None:
        """Queue `message` for each of this process's subscribers to `topic` (each on its own loop)."""
        subs = self.topics.get(topic)
        if not subs:
            return
        if self.on_deliver is not None:
            self.on_deliver(topic)
        loop = _running_loop()
        for sub in list(subs):
            if sub.loop is loop:
                sub.deliver(message)
            elif not sub.loop.is_closed():
                sub.loop.call_soon_threadsafe(sub.deliver, message)

    async def close(self) -> None:
        """Close the backend (its connections and tasks)."""
        await self.backend.close()


_hub: Hub | None = None


def make_backend(url: str | None, *, presence_expiry: float | None = None) -> Backend:
    """The backend for `url`: `None`, `""` or `memory://` is in-process; `redis://...` is Redis."""
    if not url or url in ("memory", "memory://"):
        return MemoryBackend()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("redis", "rediss", "unix"):
        from pylive.pubsub.redis import RedisBackend

        expiry = presence_expiry
        if expiry is None:
            expiry = float(os.environ.get(ENV_PRESENCE_EXPIRY) or DEFAULT_PRESENCE_EXPIRY)
        return RedisBackend(url, presence_expiry=expiry)
    raise ValueError(f"unknown pub/sub backend {url!r}: use memory:// or redis://host:6379/0")


def configure(url: str | None = None, *, presence_expiry: float | None = None) -> Hub:
    """Choose this process's pub/sub backend (`pl.run(pubsub=...)` and `pylive run --pubsub` call it).

    `url` is `None`/`memory://` (in-process, the default) or `redis://host:6379/0`. The choice is
    also put in the environment so that worker processes started afterwards make the same one.
    `presence_expiry` (seconds, default 30) bounds how long a dead node's presences outlive it.
    Call it before any session subscribes: subscriptions of the previous hub are not moved.
    """
    global _hub
    backend = make_backend(url, presence_expiry=presence_expiry)
    if url:
        os.environ[ENV_URL] = url
    else:
        os.environ.pop(ENV_URL, None)
    if presence_expiry is not None:
        os.environ[ENV_PRESENCE_EXPIRY] = str(presence_expiry)
    old, _hub = _hub, Hub(backend)
    if old is not None:
        loop = _running_loop()
        if loop is not None:
            loop.create_task(old.close())
    return _hub


def current_hub() -> Hub:
    """This process's hub, built from `PYLIVE_PUBSUB` on first use when `configure` was not called."""
    global _hub
    if _hub is None:
        _hub = Hub(make_backend(os.environ.get(ENV_URL) or None))
    return _hub


async def shutdown() -> None:
    """Close this process's hub (a stopping server); the next use builds a fresh one."""
    global _hub
    hub, _hub = _hub, None
    if hub is not None:
        await hub.close()


def backend_is_local() -> bool:
    """Whether broadcasts stay inside this process (no `PYLIVE_PUBSUB` and no `configure(url)`)."""
    if _hub is not None:
        return isinstance(_hub.backend, MemoryBackend)
    return (os.environ.get(ENV_URL) or "") in ("", "memory", "memory://")


def warn_if_local(workers: int) -> str | None:
    """With several workers and the in-process backend, warn (once, in the log) that broadcasts stay
    inside one worker; returns the warning, or None when there is nothing to warn about."""
    if workers <= 1 or not backend_is_local():
        return None
    message = (
        f"pub/sub is in-process, so with {workers} workers a broadcast reaches only the sessions of the "
        "worker that sent it: pass --pubsub redis://host:6379/0 (or set PYLIVE_PUBSUB) to share them"
    )
    log.warning(message)
    return message
