"""`use_presence`: who else is here, kept live across every worker and node sharing the pub/sub backend.

    @pl.component
    def Room(name: str, user: str):
        present = pl.use_presence(f"room:{name}", {"name": user})
        return h.p(f"{len(present)} online: ", ", ".join(m["name"] for m in present))
"""

from __future__ import annotations

import secrets
from typing import Any

from .hooks import use_hook_slot
from .mount import Instance
from .pubsub.hub import current_hub

__all__ = ["PresenceSlot", "use_presence"]


class PresenceSlot:
    """A `use_presence` slot: this session's entry (joined after the first render is sent) and the list."""

    __slots__ = ("kind", "inst", "key", "topic", "meta", "joined", "present", "__weakref__")

    def __init__(self, inst: Instance) -> None:
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


def use_presence(topic: str | None, meta: Any = None) -> list:
    """While mounted, this session is present on `topic` with `meta` (a JSON-able dict); returns the
    list of every present session's meta on `topic` (this one's included), oldest first, kept live.

    Passing a different `meta` (compared with `==`) updates it everywhere; `topic=None` leaves.
    A session joins once its page is live: the first HTTP render shows the others only.
    """
    slot: PresenceSlot = use_hook_slot("use_presence", PresenceSlot)
    if slot.topic != topic or slot.meta != meta:
        slot.topic, slot.meta = topic, meta
        tree = slot.inst.tree
        if tree is not None:
            tree.queue_effect(slot)
    if slot.joined is None and topic is not None and not slot.present:
        slot.present = current_hub().presence.metas(topic)
    return slot.present
