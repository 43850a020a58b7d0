"""Who is present on each topic, as this node knows it: its own sessions' entries and the others'.

The hub's table is changed by this node's sessions (`join`, `leave`) and by the backend with what
the other nodes said (`remote_changed`, `remote_replace`). Watchers of a topic are told its new list
of metas once per event-loop turn, however many changes the turn made.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any, Callable

from pylive.pubsub.backend import PresenceEntry

if TYPE_CHECKING:
    from pylive.pubsub.hub import Hub

log = logging.getLogger("pylive")

Watcher = Callable[[list], None]


class PresenceTable:
    """Presence entries by topic and key, and the watchers to tell when a topic's list changes."""

    def __init__(self, hub: "Hub") -> None:
        self.hub = hub
        self.entries: dict[str, dict[str, PresenceEntry]] = {}
        self.watchers: dict[str, dict[Watcher, None]] = {}
        self._changed: set[str] = set()
        self._scheduled = False

    def metas(self, topic: str) -> list:
        """The metas present on `topic`, oldest join first (the same order on every node)."""
        entries = self.entries.get(topic)
        if not entries:
            return []
        ordered = sorted(entries.items(), key=lambda item: (item[1].joined, item[0]))
        return [entry.meta for _, entry in ordered]

    def local(self, topic: str) -> dict[str, PresenceEntry]:
        """This node's own entries on `topic`."""
        node = self.hub.node
        return {k: e for k, e in self.entries.get(topic, {}).items() if e.node == node}

    def local_topics(self) -> list[str]:
        """The topics on which this node has entries."""
        node = self.hub.node
        return [t for t, entries in self.entries.items() if any(e.node == node for e in entries.values())]

    # --- this node's sessions -------------------------------------------------------------

    def join(self, topic: str, key: str, meta: Any) -> None:
        """Make `key` present on `topic` with `meta`, or change its meta if it already is."""
        entries = self.entries.setdefault(topic, {})
        old = entries.get(key)
        entry = PresenceEntry(self.hub.node, meta, old.joined if old is not None else time.time())
        entries[key] = entry
        self.hub.backend.presence_changed(topic, key, entry)
        self._touch(topic)

    def leave(self, topic: str, key: str) -> None:
        """`key` is no longer present on `topic`."""
        entries = self.entries.get(topic)
        if entries is None or entries.pop(key, None) is None:
            return
        if not entries and topic not in self.watchers:
            del self.entries[topic]
        self.hub.backend.presence_changed(topic, key, None)
        self._touch(topic)

    def watch(self, topic: str, watcher: Watcher) -> None:
        """Call `watcher(metas)` whenever the list on `topic` changes (and once soon, with the current one)."""
        watchers = self.watchers.setdefault(topic, {})
        first = not watchers
        watchers[watcher] = None
        if first:
            self.hub.backend.presence_watch(topic)
        self._touch(topic)

    def unwatch(self, topic: str, watcher: Watcher) -> None:
        """Stop telling `watcher`; a topic nobody here watches or joined is forgotten."""
        watchers = self.watchers.get(topic)
        if watchers is None:
            return
        watchers.pop(watcher, None)
        if not watchers:
            del self.watchers[topic]
            if not self.local(topic):
                self.entries.pop(topic, None)

    # --- the other nodes ------------------------------------------------------------------

    def remote_changed(self, topic: str, key: str, entry: PresenceEntry | None) -> None:
        """Another node said `key` joined or changed (`entry`) or left (`None`) on `topic`."""
        if topic not in self.watchers:
            return
        entries = self.entries.setdefault(topic, {})
        if entry is None:
            old = entries.get(key)
            if old is None or old.node == self.hub.node:
                return  # never let another node remove one of ours
            del entries[key]
        else:
            if entries.get(key) == entry:
                return
            entries[key] = entry
        self._touch(topic)

    def remote_replace(self, topic: str, others: dict[str, PresenceEntry]) -> None:
        """The other nodes' entries on `topic` are exactly `others` (from a full read of the backend)."""
        if topic not in self.watchers:
            return
        node = self.hub.node
        current = self.entries.get(topic, {})
        mine = {k: e for k, e in current.items() if e.node == node}
        fresh = {k: e for k, e in others.items() if e.node != node}
        fresh.update(mine)
        if fresh != current:
            self.entries[topic] = fresh
            self._touch(topic)

    # --- telling watchers -----------------------------------------------------------------

    def _touch(self, topic: str) -> None:
        self._changed.add(topic)
        if not self._scheduled:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # no loop yet: the next change on one tells everybody
            self._scheduled = True
            loop.call_soon(self._notify)

    def _notify(self) -> None:
        self._scheduled = False
        changed, self._changed = self._changed, set()
        for topic in changed:
            watchers = self.watchers.get(topic)
            if not watchers:
                continue
            metas = self.metas(topic)
            for watcher in list(watchers):
                try:
                    watcher(metas)
                except Exception:
                    log.exception("a presence watcher of %r failed", topic)
