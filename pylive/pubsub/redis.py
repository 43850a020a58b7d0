"""The Redis backend: broadcasts over Redis pub/sub, presence kept in Redis with heartbeats.

Channels and keys, under a prefix (`pylive:`):

- `m:<topic>` carries broadcasts as `{"n": node, "m": message}` (so a message must be JSON-able);
- `p:<topic>` carries presence changes as `{"n": node, "k": key, "e": entry or null}`;
- hash `ph:<topic>` holds every present entry by key, sorted set `pz:<topic>` its last heartbeat.

A node listens only to the channels of the topics it has subscribers or presence watchers for.
Everything this node sends goes through one ordered queue written by one task, so messages from one
publisher on one topic arrive in order. Every `presence_expiry / 4` seconds each node re-writes its
entries (the heartbeat) and re-reads the topics it shows, dropping entries whose heartbeat is older
than `presence_expiry / 2`: a node that dies without a word has its presences gone everywhere
within `presence_expiry`. While Redis is unreachable, broadcasts still reach this node's own
subscribers; the node logs one warning, retries with backoff, and logs once when it is back.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from pylive.pubsub.backend import PresenceEntry

if TYPE_CHECKING:
    from pylive.pubsub.hub import Hub

log = logging.getLogger("pylive")

#: The longest wait between two attempts to reach Redis again.
MAX_BACKOFF = 2.0
#: How many outgoing operations may wait (Redis unreachable or slower than the publishers) before
#: the oldest are dropped.
MAX_BACKLOG = 100_000
#: How many queued operations go to Redis in one pipeline.
BATCH = 512

_UNREACHABLE = (RedisError, OSError, asyncio.TimeoutError)


def shown(url: str) -> str:
    """`url` as a log line may show it: without its password (`redis://user:secret@host`, `?password=`)."""
    parts = urlsplit(url)
    if parts.password is None and "password=" not in parts.query:
        return url
    netloc = parts.netloc.rpartition("@")[2]
    if parts.username or parts.password is not None:
        netloc = f"{parts.username or ''}:***@{netloc}"
    return parts._replace(netloc=netloc, query="").geturl()


class RedisBackend:
    """Carries broadcasts and presence between every node that uses the same Redis and prefix."""

    def __init__(self, url: str, *, presence_expiry: float = 30.0, prefix: str = "pylive:") -> None:
        if presence_expiry <= 0:
            raise ValueError("presence_expiry must be positive")
        self.url = url
        self.prefix = prefix
        self.presence_expiry = presence_expiry
        self.hub: "Hub | None" = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.client: aioredis.Redis | None = None
        #: None until the first contact, then whether Redis answers.
        self.up: bool | None = None
        self._out: collections.deque[tuple] = collections.deque(maxlen=MAX_BACKLOG)
        self._wake: asyncio.Event | None = None
        self._tasks: list[asyncio.Task] = []
        self._watched: set[str] = set()
        self._dropping = False
        #: The channels this node listens to, and the pub/sub connection while it is open.
        self._channels: set[str] = set()
        self._pubsub: Any = None

    def attach(self, hub: "Hub") -> None:
        self.hub = hub

    # --- outgoing -------------------------------------------------------------------------

    def subscribe(self, topic: str) -> None:
        """Listen to `topic`'s channel (this node has a subscriber to it)."""
        self._listen_to(self.prefix + "m:" + topic)

    def unsubscribe(self, topic: str) -> None:
        """Stop listening to `topic`'s channel (this node's last subscriber to it left)."""
        channel = self.prefix + "m:" + topic
        self._channels.discard(channel)
        if self._pubsub is not None and self._on_loop():
            self._spawn(self._command(self._pubsub, "unsubscribe", channel))

    def _listen_to(self, channel: str) -> None:
        if channel in self._channels:
            return
        self._channels.add(channel)
        if self._on_loop() and self._pubsub is not None:
            self._spawn(self._command(self._pubsub, "subscribe", channel))

    async def _command(self, pubsub: Any, name: str, channel: str) -> None:
        try:
            await getattr(pubsub, name)(channel)
        except _UNREACHABLE:
            pass  # the listener sees the outage too, and subscribes afresh when Redis is back

    def publish(self, topic: str, message: Any) -> "asyncio.Future[None] | None":
        """Queue `message` for the other nodes; raises `TypeError` at once if it is not JSON-able."""
        assert self.hub is not None
        data = json.dumps({"n": self.hub.node, "m": message}, separators=(",", ":"))
        return self._send(("pub", self.prefix + "m:" + topic, data), wait=True)

    def presence_changed(self, topic: str, key: str, entry: PresenceEntry | None) -> None:
        self._send(("pres", topic, key, entry), wait=False)

    def presence_watch(self, topic: str) -> None:
        self._watched.add(topic)
        self._listen_to(self.prefix + "p:" + topic)
        if self._on_loop():
            self._spawn(self._sync_quietly([topic]))

    def _send(self, op: tuple, *, wait: bool) -> "asyncio.Future[None] | None":
        if not self._on_loop():
            if self.loop is not None and self.loop.is_running():
                self.loop.call_soon_threadsafe(self._enqueue, op, None)
            return None
        future = self.loop.create_future() if wait and self.up is not False else None  # type: ignore[union-attr]
        self._enqueue(op, future)
        return future

    def _enqueue(self, op: tuple, future: "asyncio.Future[None] | None") -> None:
        if len(self._out) == MAX_BACKLOG:
            dropped = self._out[0][1]
            if dropped is not None and not dropped.done():
                dropped.set_result(None)
            if not self._dropping:
                self._dropping = True
                log.warning("pub/sub: %d messages wait for Redis; dropping the oldest", MAX_BACKLOG)
        elif self._dropping and len(self._out) < MAX_BACKLOG // 2:
            self._dropping = False
        self._out.append((op, future))
        assert self._wake is not None
        self._wake.set()

    def _on_loop(self) -> bool:
        """Start on the running loop if not started (or if the loop it ran on is gone)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if loop is self.loop:
            return True
        if self.loop is not None and self.loop.is_running():
            return False  # another thread's loop holds the connection
        self._start(loop)
        return True

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.up = None
        self._wake = asyncio.Event()
        self._tasks = []
        self.client = self._connect()
        self._spawn(self._write())
        self._spawn(self._listen())
        self._spawn(self._beat())

    def _connect(self) -> aioredis.Redis:
        # No retries of its own: the tasks here retry with backoff, and log the outage once.
        return aioredis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5, retry=Retry(NoBackoff(), 0))

    @staticmethod
    async def _close_client(client: aioredis.Redis) -> None:
        try:
            await asyncio.wait_for(client.aclose(), 2)
        except Exception:  # its connections are already gone
            pass

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.append(task)
        task.add_done_callback(lambda t: t in self._tasks and self._tasks.remove(t))

    async def _write(self) -> None:
        assert self._wake is not None and self.client is not None
        delay = 0.1
        while True:
            if not self._out:
                self._wake.clear()
                await self._wake.wait()
                continue
            batch = [self._out.popleft() for _ in range(min(BATCH, len(self._out)))]
            try:
                pipe = self.client.pipeline(transaction=False)
                now = time.time()
                for op, _ in batch:
                    self._queue_op(pipe, op, now)
                await pipe.execute()
            except _UNREACHABLE as exc:
                self._down(exc)
                # Put the batch back, unless it is full of what arrived while we waited.
                for item in reversed(batch):
                    if len(self._out) < MAX_BACKLOG:
                        self._out.appendleft(item)
                    elif item[1] is not None and not item[1].done():
                        item[1].set_result(None)
                for _, future in batch:
                    if future is not None and not future.done():
                        future.set_result(None)  # a broadcast's caller does not wait out an outage
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)
                continue
            delay = 0.1
            self._up()
            for _, future in batch:
                if future is not None and not future.done():
                    future.set_result(None)

    def _queue_op(self, pipe: Any, op: tuple, now: float) -> None:
        if op[0] == "pub":
            pipe.publish(op[1], op[2])
            return
        _, topic, key, entry = op
        hkey, zkey, channel = self._keys(topic)
        if entry is None:
            pipe.hdel(hkey, key)
            pipe.zrem(zkey, key)
            body = None
        else:
            body = {"node": entry.node, "meta": entry.meta, "joined": entry.joined}
            pipe.hset(hkey, key, json.dumps(body))
            pipe.zadd(zkey, {key: now})
            self._keep(pipe, hkey, zkey)
        assert self.hub is not None
        pipe.publish(channel, json.dumps({"n": self.hub.node, "k": key, "e": body}))

    def _keys(self, topic: str) -> tuple[str, str, str]:
        p = self.prefix
        return p + "ph:" + topic, p + "pz:" + topic, p + "p:" + topic

    def _keep(self, pipe: Any, *keys: str) -> None:
        # A topic every node left for good disappears from Redis by itself.
        ttl = max(60, int(self.presence_expiry * 10))
        for key in keys:
            pipe.expire(key, ttl)

    # --- incoming -------------------------------------------------------------------------

    async def _listen(self) -> None:
        assert self.client is not None
        delay = 0.1
        while True:
            pubsub = self.client.pubsub(ignore_subscribe_messages=True)
            try:
                # A channel of our own opens the connection even before any topic has a subscriber.
                subscribed = {self.prefix + "node:" + self.hub.node, *self._channels}  # type: ignore[union-attr]
                await pubsub.subscribe(*subscribed)
                self._pubsub = pubsub
                missing = self._channels - subscribed  # added while the subscribe above was on its way
                if missing:
                    await pubsub.subscribe(*missing)
                self._up()
                delay = 0.1
                await self._sync(list(self._watched))
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is not None:
                        self._received(message["channel"], message["data"])
            except _UNREACHABLE as exc:
                self._down(exc)
            finally:
                self._pubsub = None
                try:
                    await asyncio.wait_for(pubsub.aclose(), 1)
                except Exception:  # the connection is already gone
                    pass
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)

    def _received(self, channel: bytes, data: bytes) -> None:
        hub = self.hub
        assert hub is not None
        try:
            name = channel.decode()
            body = json.loads(data)
            if body.get("n") == hub.node:
                return  # our own, already delivered here
            kind, topic = name[len(self.prefix) : len(self.prefix) + 2], name[len(self.prefix) + 2 :]
            if kind == "m:":
                hub.deliver(topic, body["m"])
            elif kind == "p:":
                e = body.get("e")
                entry = None if e is None else PresenceEntry(e["node"], e["meta"], float(e["joined"]))
                hub.presence.remote_changed(topic, str(body["k"]), entry)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError):
            log.warning("pub/sub: ignored a malformed message on %.100r", channel)

    # --- presence heartbeats --------------------------------------------------------------

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.presence_expiry / 4)
            if self.client is None:
                return  # closed while this task slept past its cancellation
            if self.up is False:
                continue  # the listener re-reads everything when Redis is back
            try:
                await self._heartbeat()
                await self._sync(list(self._watched))
            except _UNREACHABLE as exc:
                self._down(exc)

    async def _heartbeat(self) -> None:
        hub, client = self.hub, self.client
        assert hub is not None and client is not None
        topics = hub.presence.local_topics()
        if not topics:
            return
        pipe = client.pipeline(transaction=False)
        now = time.time()
        for topic in topics:
            hkey, zkey, _ = self._keys(topic)
            local = hub.presence.local(topic)
            pipe.hset(
                hkey,
                mapping={k: json.dumps({"node": e.node, "meta": e.meta, "joined": e.joined}) for k, e in local.items()},
            )
            pipe.zadd(zkey, {k: now for k in local})
            self._keep(pipe, hkey, zkey)
        await pipe.execute()

    async def _sync_quietly(self, topics: list[str]) -> None:
        try:
            await self._sync(topics)
        except _UNREACHABLE as exc:
            self._down(exc)

    async def _sync(self, topics: list[str]) -> None:
        """Read the entries on `topics` afresh, removing those whose node stopped heartbeating."""
        hub, client = self.hub, self.client
        assert hub is not None and client is not None
        if not topics:
            return
        stale_before = time.time() - self.presence_expiry / 2
        pipe = client.pipeline(transaction=False)
        for topic in topics:
            hkey, zkey, _ = self._keys(topic)
            pipe.hgetall(hkey)
            pipe.zrange(zkey, 0, -1, withscores=True)
        replies = await pipe.execute()
        cleanup = client.pipeline(transaction=False)
        stale_any = False
        for i, topic in enumerate(topics):
            raw, beats = replies[2 * i], dict(replies[2 * i + 1])
            others: dict[str, PresenceEntry] = {}
            stale = []
            for key, value in raw.items():
                beat = beats.get(key)
                if beat is None or beat < stale_before:
                    stale.append(key)
                    continue
                try:
                    e = json.loads(value)
                    others[key.decode()] = PresenceEntry(e["node"], e["meta"], float(e["joined"]))
                except (ValueError, KeyError, TypeError):
                    stale.append(key)
            stale += [k for k, beat in beats.items() if beat < stale_before and k not in raw]
            if stale:
                stale_any = True
                hkey, zkey, _ = self._keys(topic)
                mine = hub.presence.local(topic)
                stale = [k for k in stale if k.decode() not in mine]
                if stale:
                    cleanup.hdel(hkey, *stale)
                    cleanup.zrem(zkey, *stale)
            hub.presence.remote_replace(topic, others)
        if stale_any:
            await cleanup.execute()

    # --- health ---------------------------------------------------------------------------

    def _down(self, exc: BaseException) -> None:
        if self.up is not False:
            self.up = False
            # Every pooled connection from before the outage is dead: start a fresh pool, so that
            # none of them fails again once Redis is back.
            old, self.client = self.client, self._connect()
            if old is not None:
                self._spawn(self._close_client(old))
            log.warning(
                "pub/sub: Redis at %s is unreachable (%s); broadcasts reach this process only until it is back",
                shown(self.url),
                exc.__class__.__name__,
            )

    def _up(self) -> None:
        if self.up is not True:
            if self.up is False:
                log.info("pub/sub: Redis at %s is reachable again; broadcasts reach every node", shown(self.url))
            self.up = True

    async def close(self, *, flush_seconds: float = 1.0) -> None:
        """Send what is still queued (the leaves of closing sessions; for up to `flush_seconds`),
        then stop the background tasks and close the connections."""
        if self.up and self._out and self.loop is asyncio.get_running_loop():
            deadline = self.loop.time() + flush_seconds
            while self._out and self.up and self.loop.time() < deadline:
                await asyncio.sleep(0.01)
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=2)
        if self.client is not None:
            await self._close_client(self.client)
            self.client = None
        self.loop = None
