"""What a pub/sub backend does: carry broadcasts and presence changes to the other nodes.

The hub delivers every broadcast to this node's own subscribers itself, so a backend only moves
messages between nodes (workers, machines) and gives back what the others sent. The memory backend
moves nothing; the Redis backend publishes over Redis and keeps presence entries there with heartbeats.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Protocol

import attrs

if TYPE_CHECKING:
    from pylive.pubsub.hub import Hub


@attrs.frozen(slots=True)
class PresenceEntry:
    """One session's presence on a topic: the node holding it, its meta, and when it joined."""

    node: str
    meta: Any
    joined: float


class Backend(Protocol):
    """The transport between nodes. Every method is called on the hub's event loop and never blocks."""

    def attach(self, hub: "Hub") -> None:
        """Remember the hub to hand messages from other nodes to (`hub.deliver`, `hub.presence`)."""

    def subscribe(self, topic: str) -> None:
        """A subscriber to `topic` appeared on this node: make sure the other nodes' messages come in."""

    def unsubscribe(self, topic: str) -> None:
        """This node's last subscriber to `topic` left: its messages need not come in any more."""

    def publish(self, topic: str, message: Any) -> "asyncio.Future[None] | None":
        """Send `message` to the other nodes; the future (if any) resolves once it has left this node."""

    def presence_changed(self, topic: str, key: str, entry: PresenceEntry | None) -> None:
        """This node's presence `key` on `topic` joined or changed (`entry`) or left (`None`)."""

    def presence_watch(self, topic: str) -> None:
        """This node shows presence on `topic`: learn the other nodes' entries and follow them."""

    async def close(self) -> None:
        """Stop: close connections and background tasks."""
