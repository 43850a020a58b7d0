"""The in-process backend: there are no other nodes, so there is nothing to carry."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from pylive.pubsub.backend import PresenceEntry

if TYPE_CHECKING:
    from pylive.pubsub.hub import Hub


class MemoryBackend:
    """The default backend: broadcasts and presence reach the sessions of this process only."""

    url = "memory://"

    def attach(self, hub: "Hub") -> None:
        """Nothing comes from elsewhere, so the hub is not needed."""

    def subscribe(self, topic: str) -> None:
        """Nothing comes from elsewhere."""

    def unsubscribe(self, topic: str) -> None:
        """Nothing comes from elsewhere."""

    def publish(self, topic: str, message: Any) -> "asyncio.Future[None] | None":
        """Nothing to send: the hub has already delivered to every subscriber there is."""
        return None

    def presence_changed(self, topic: str, key: str, entry: PresenceEntry | None) -> None:
        """Nothing to tell: the hub's table is the whole truth."""

    def presence_watch(self, topic: str) -> None:
        """Nothing to learn."""

    async def close(self) -> None:
        """Nothing to close."""
