"""The pub/sub hooks: `use_subscription` (messages broadcast on a topic) and `use_presence` (who
else is here), kept live across every worker and node sharing the pub/sub backend.

    @pl.component
    def Room(name: str, user: str):
        present = pl.use_presence(f"room:{name}", {"name": user})
        return h.p(f"{len(present)} online: ", ", ".join(m["name"] for m in present))
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any, Callable

from pylive.core.current import HookHost
from pylive.core.hooks import use_hook_slot
from pylive.core.jsondata import KINDS, not_json
from pylive.pubsub.hub import current_hub
from pylive.pubsub.subscription import DEFAULT_MAX_PENDING, Subscription

__all__ = ["PresenceSlot", "SubscriptionSlot", "use_presence", "use_subscription"]

log = logging.getLogger("pylive")


class PresenceSlot:
    """A `use_presence` slot: this session's entry (joined after the first render is sent) and the list."""

    __slots__ = ("kind", "inst", "key", "topic", "meta", "joined", "present", "__weakref__")

    def __init__(self, inst: HookHost) -> None:
        self.kind = "use_presence"
        self.inst = inst
        self.key = secrets.token_urlsafe(12)
        self.topic: str | None = None
        self.meta: Any = None
        #: The topic this session is present on, once joined, and the meta it joined with.
        self.joined: tuple[str, Any] | None = None
        self.present: list = []

    def run(self) -> None:
        """Join, move to a new topic, or publish a new meta (after the render is sent)."""
        if not self.inst.mounted:
            return
        table = current_hub().presence
        joined, topic, meta = self.joined, self.topic, self.meta
        if joined is not None and joined[0] != topic:
            self._leave()
            joined = None
        if topic is None:
            return
        if joined is None:
            table.watch(topic, self.changed)
            table.join(topic, self.key, meta)
        elif joined[1] != meta:
            table.join(topic, self.key, meta)
        self.joined = (topic, meta)

    def changed(self, present: list) -> None:
        """The list of metas on the topic changed: show it."""
        if present != self.present:
            self.present = present
            self.inst.invalidate()

    def _leave(self) -> None:
        if self.joined is None:
            return
        topic = self.joined[0]
        self.joined = None
        table = current_hub().presence
        table.leave(topic, self.key)
        table.unwatch(topic, self.changed)

    def unmount(self) -> None:
        self._leave()


def check_json(meta: Any) -> None:
    """Raise `TypeError` naming the part of `meta` that is not JSON (a set, a datetime, an object...)."""
    bad = not_json(meta, "meta")
    if bad is not None:
        raise TypeError(f"use_presence(): {bad}: pass JSON data ({KINDS})")


def use_presence(topic: str | None, meta: Any = None) -> list:
    """While mounted, this session is present on `topic` with `meta` (a JSON-able dict); returns the
    list of every present session's meta on `topic` (this one's included), oldest first, kept live.

    Passing a different `meta` (compared with `==`) updates it everywhere; `topic=None` leaves.
    `meta` goes to every server as JSON: anything else is a `TypeError` here, naming the key.
    A session joins once its page is live: the first HTTP render shows the others only.
    """
    slot: PresenceSlot = use_hook_slot("use_presence", PresenceSlot)
    if slot.topic != topic or slot.meta != meta:
        check_json(meta)
        slot.topic, slot.meta = topic, meta
        tree = slot.inst.tree
        if tree is not None:
            tree.queue_effect(slot)
    if slot.joined is None and topic is not None and not slot.present:
        slot.present = current_hub().presence.metas(topic)
    return slot.present


class SubscriptionSlot:
    """A `use_subscription` slot: the latest handler, and the subscription while mounted."""

    __slots__ = ("kind", "inst", "topic", "handler", "on_missed", "max_pending", "sub")

    def __init__(self, inst: HookHost) -> None:
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
