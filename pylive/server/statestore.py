"""The state store: every live session's resumable state in Redis, so a page resumes on any node.

`pl.run(app, state="redis://host:6379/0")` (also `pylive run --state URL`, `PYLIVE_STATE`). After a
render pass or message that changed a session, its snapshot (`pylive.live.snapshot`) is written,
at most every `interval` seconds per session (changes in between are coalesced into the next
write), when its socket goes away, and for every session when the server stops. Keys, under a
prefix (`pylive:state:`):

- `<session id>`: the snapshot (JSON), and `<session id>:o`: the node that owns the session.

Both expire `ttl` seconds (the resume grace) after the last write; a held session's keys are kept
alive while its page is connected. A node that does not own a session any more (another resumed
it) has its writes refused, and drops its stale copy. A reconnect that finds no session in its
node claims it here (waiting a moment for the last write of a node that still had it); what cannot
be stored (a function, a file, a socket in state) is logged once, with the component and hook,
and that session is not stored: on another node it remounts, and the page recovers its forms.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import json
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from pylive.live.session import Session, State
from pylive.live.snapshot import NotStorable, take
from pylive.live.statecodec import VERSION
from pylive.server import tokens

log = logging.getLogger("pylive")

#: The shortest time between two writes of one session, in seconds.
INTERVAL = 0.25
#: The most sessions written in one pipeline: the loop is never held longer than their snapshots take.
BATCH = 64
#: How long a reconnect waits for the write of a node that still held its session, in seconds.
HANDOFF_WAIT = 0.6
_UNREACHABLE = (RedisError, OSError, asyncio.TimeoutError)

# Write if this node owns the session, or nobody does: KEYS state, owner; ARGV node, blob, ttl ms.
_WRITE = """
local o = redis.call('GET', KEYS[2])
if o and o ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
return 1
"""
# Take the session over and read it: KEYS state, owner; ARGV node, ttl ms.
_CLAIM = """
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
local s = redis.call('GET', KEYS[1])
if s then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return s
"""
# Delete the session if this node owns it: KEYS state, owner; ARGV node.
_DROP = """
local o = redis.call('GET', KEYS[2])
if o and o ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1
"""


def check_url(url: str) -> str:
    """`url` if it names a Redis server; a `ValueError` in one sentence otherwise."""
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"the state store must be a Redis URL (redis://host:6379/0), not {url!r}")
    return url


class StateStore:
    """Sessions' resumable state in Redis, written by the node that owns each session."""

    def __init__(
        self, url: str, *, ttl: float, interval: float = INTERVAL, prefix: str = "pylive:state:"
    ) -> None:
        self.url = check_url(url)
        self.ttl_ms = max(1000, int(ttl * 1000))
        self.interval = interval
        self.prefix = prefix
        #: This process's name as an owner of sessions.
        self.node = secrets.token_hex(8)
        #: Called with a session id when another node took the session over (drop the stale copy).
        self.on_lost: Callable[[str], None] | None = None
        #: Writes made, and the bytes they carried (for the benchmark and the dashboard).
        self.writes = 0
        self.bytes_written = 0
        self._sessions: dict[str, Session] = {}
        self._last: dict[str, float] = {}
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._due: dict[str, None] = {}
        self._client: aioredis.Redis | None = None
        self._scripts: dict[str, Any] = {}
        self._wake: asyncio.Event | None = None
        self._tasks: list[asyncio.Task] = []
        self._told: set[tuple[str, int]] = set()
        self._down = False
        self._closing = False
        self._forgetting: set[asyncio.Task] = set()

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Connect (lazily) and start the writer and the keep-alive on the running loop."""
        if self._client is not None:
            return
        self._client = aioredis.Redis.from_url(
            self.url, socket_connect_timeout=2, socket_timeout=5, retry=Retry(NoBackoff(), 0)
        )
        for name, source in (("write", _WRITE), ("claim", _CLAIM), ("drop", _DROP)):
            self._scripts[name] = self._client.register_script(source)
        self._wake = asyncio.Event()
        self._tasks = [
            asyncio.ensure_future(self._writer()),
            asyncio.ensure_future(self._keep_alive()),
            asyncio.ensure_future(self._check_reachable()),
        ]
        if tokens.kept_on_disk:
            log.warning(
                "state store: sessions are stored for any server to resume, but this one signs page tokens "
                "with a key made on this machine (no secret_key= or PYLIVE_SECRET_KEY): a page that reaches "
                "another machine will not resume there; give every server the same PYLIVE_SECRET_KEY"
            )

    async def _check_reachable(self) -> None:
        # At once: a wrong URL is said as the server starts, not when the first page needs the store.
        try:
            await self._client.ping()  # type: ignore[union-attr]
        except _UNREACHABLE as exc:
            self._outage(exc)

    async def close(self) -> None:
        """Stop writing and close the connection (after `write_all`, when the server stops)."""
        self._closing = True
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # redis-py may turn a cancellation inside a command into a connection error: the loops
            # also stop on `_closing`, and none is waited for long.
            await asyncio.wait(self._tasks, timeout=2)
        self._tasks = []
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        client, self._client = self._client, None
        if client is not None:
            try:
                await asyncio.wait_for(client.aclose(), 2)
            except Exception:  # its connections are already gone
                pass

    # --- writing --------------------------------------------------------------------------

    def watch(self, session_id: str, session: "Session") -> None:
        """Store `session` from now on, after each change (and now)."""
        self._sessions[session_id] = session
        session.on_change = lambda: self.changed(session_id)
        self.changed(session_id)

    def changed(self, session_id: str, *, now: bool = False) -> None:
        """`session_id` changed: write it within `interval` (or at once, `now`)."""
        if session_id in self._due or self._wake is None:
            return
        timer = self._timers.get(session_id)
        if timer is not None:
            if not now:
                return
            timer.cancel()
            del self._timers[session_id]
        wait = 0.0 if now else self._last.get(session_id, 0.0) + self.interval - time.monotonic()
        if wait > 0:
            loop = asyncio.get_running_loop()
            # In a context of its own: the caller's holds its socket, which may close before this runs.
            self._timers[session_id] = loop.call_later(wait, self._make_due, session_id, context=contextvars.Context())
        else:
            self._make_due(session_id)

    def detached(self, session_id: str) -> None:
        """Its socket went away: write it now, so that it outlives this node for the whole grace."""
        if session_id in self._sessions:
            self.changed(session_id, now=True)

    def _make_due(self, session_id: str) -> None:
        self._timers.pop(session_id, None)
        self._due[session_id] = None
        assert self._wake is not None
        self._wake.set()

    def snapshot(self, session_id: str) -> str | None:
        """The text to store for `session_id` now, or None (closed, or holding what cannot be stored)."""
        session = self._sessions.get(session_id)
        if session is None or session.closed:
            self._forget_locally(session_id)
            return None
        try:
            return json.dumps(take(session), separators=(",", ":"), ensure_ascii=False)
        except NotStorable as exc:
            if (exc.component, exc.hook) not in self._told:
                self._told.add((exc.component, exc.hook))
                log.warning(
                    "cannot store the state of %s's %s hook #%d, which holds %s: this session is not stored, "
                    "and remounts (recovering its forms) if its page reconnects to another node; "
                    "keep only data (numbers, strings, lists, dicts, dataclasses) in state",
                    exc.component,
                    exc.kind,
                    exc.hook,
                    exc.what,
                )
            return None

    async def _writer(self) -> None:
        assert self._wake is not None
        delay = 0.1
        while not self._closing:
            if not self._due:
                self._wake.clear()
                await self._wake.wait()
                continue
            due = list(itertools.islice(self._due, BATCH))
            for session_id in due:
                del self._due[session_id]
            try:
                await self._write(due)
                delay = 0.1
            except _UNREACHABLE as exc:
                self._outage(exc)
                for session_id in due:
                    if session_id in self._sessions:
                        self._due[session_id] = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _write(self, due: list[str]) -> int:
        """Write the sessions `due`; returns how many had their state stored (not the unstorable)."""
        if not due or self._client is None:
            return 0
        async with self._client.pipeline(transaction=False) as pipe:
            return await self._write_with(pipe, due)

    async def _write_with(self, pipe: Any, due: list[str]) -> int:
        now = time.monotonic()
        written: list[str | None] = []  # per command of the pipeline: the session written, or None
        for n, session_id in enumerate(due, 1):
            if n % 16 == 0:
                await asyncio.sleep(0)  # many due at once: let events in between the snapshots
            if session_id in self._due:
                del self._due[session_id]  # made due again meanwhile: this write has its latest state
            self._last[session_id] = now
            blob = self.snapshot(session_id)
            keys = [self.prefix + session_id, self.prefix + session_id + ":o"]
            if blob is not None:
                await self._scripts["write"](keys=keys, args=[self.node, blob, self.ttl_ms], client=pipe)
                written.append(session_id)
                self.writes += 1
                self.bytes_written += len(blob.encode())
            elif session_id in self._sessions:  # not storable: no stale state of it may resume elsewhere
                await self._scripts["drop"](keys=keys, args=[self.node], client=pipe)
                written.append(None)
        if not written:
            return 0
        results = await pipe.execute()
        self._up()
        stored = 0
        for session_id, result in zip(written, results):
            if session_id is None:
                continue
            if result == 0:
                self._lost(session_id)  # another node holds it now: not stored by this one
            else:
                stored += 1
        return stored

    def _lost(self, session_id: str) -> None:
        log.info("another node resumed a session this one held: dropping this node's copy")
        self._forget_locally(session_id)
        if self.on_lost is not None:
            self.on_lost(session_id)

    def _forget_locally(self, session_id: str) -> None:
        session = self._sessions.pop(session_id, None)
        if session is not None:
            session.on_change = None
        self._last.pop(session_id, None)
        self._due.pop(session_id, None)
        timer = self._timers.pop(session_id, None)
        if timer is not None:
            timer.cancel()

    async def write_all(self, timeout: float = 5.0) -> int:
        """Write every session held now (the server is stopping); returns how many were stored (a
        session holding what cannot be stored is not)."""
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        self._due.clear()
        # Let the handlers still running finish (their pages are paused): what they do is kept.
        deadline = time.monotonic() + timeout / 2
        while time.monotonic() < deadline and any(s.running for s in self._sessions.values() if not s.closed):
            await asyncio.sleep(0.02)
        due = [sid for sid, session in self._sessions.items() if not session.closed]
        try:
            return await asyncio.wait_for(self._write(due), timeout)
        except _UNREACHABLE as exc:
            self._outage(exc)
            log.warning("%d sessions could not be stored before stopping: their pages will remount", len(due))
            return 0

    async def _keep_alive(self) -> None:
        # A session whose page stays connected without changing must not expire in Redis.
        while not self._closing:
            await asyncio.sleep(self.ttl_ms / 3000)
            for session_id in [sid for sid, s in self._sessions.items() if s.closed]:
                self._forget_locally(session_id)
            if not self._sessions or self._client is None:
                continue
            try:
                pipe = self._client.pipeline(transaction=False)
                for session_id, session in self._sessions.items():
                    if session.state is not State.LIVE:
                        continue  # a page that went: its keys expire a grace period after its last write
                    pipe.pexpire(self.prefix + session_id, self.ttl_ms)
                    pipe.pexpire(self.prefix + session_id + ":o", self.ttl_ms)
                await pipe.execute()
            except _UNREACHABLE as exc:
                self._outage(exc)

    # --- reading --------------------------------------------------------------------------

    async def owns(self, session_id: str) -> bool:
        """Whether no other node has taken `session_id` over (this node's copy is current)."""
        if self._client is None:
            return True
        try:
            owner = await self._client.get(self.prefix + session_id + ":o")
        except _UNREACHABLE as exc:
            self._outage(exc)
            return True
        return owner is None or owner.decode() == self.node

    async def claim(self, session_id: str, last: int | None) -> dict | None:
        """Take `session_id` over; its stored state, or None if there is none (or it cannot be read).

        When the page has seen more messages (`last`) than the stored state holds, the node that had
        the session may still be writing it: wait up to `HANDOFF_WAIT` seconds for that write.
        """
        if self._client is None:
            return None
        key = self.prefix + session_id
        try:
            deadline = time.monotonic() + HANDOFF_WAIT
            while last is not None:
                raw = await self._client.get(key)
                if raw is None or time.monotonic() > deadline or _seq(raw) >= last:
                    break
                await asyncio.sleep(0.05)
            raw = await self._scripts["claim"](keys=[key, key + ":o"], args=[self.node, self.ttl_ms])
        except _UNREACHABLE as exc:
            self._outage(exc)
            return None
        self._up()
        if raw is None:
            return None
        try:
            snap = json.loads(raw)
        except ValueError:
            log.warning("a stored session is not JSON: its page remounts")
            return None
        if not isinstance(snap, dict) or snap.get("v") != VERSION:
            log.info("a stored session was written in another format version: its page remounts")
            return None
        return snap

    def gone(self, session_id: str) -> None:
        """The page closed for good: its state is deleted (see `forget`), in the background."""
        task = asyncio.ensure_future(self.forget(session_id))
        self._forgetting.add(task)
        task.add_done_callback(self._forgetting.discard)

    async def forget(self, session_id: str) -> None:
        """The page closed for good: delete its state (if this node still owns it)."""
        self._forget_locally(session_id)
        if self._client is None:
            return
        key = self.prefix + session_id
        try:
            await self._scripts["drop"](keys=[key, key + ":o"], args=[self.node])
        except _UNREACHABLE as exc:
            self._outage(exc)

    def _outage(self, exc: BaseException) -> None:
        if not self._down:
            self._down = True
            log.warning("state store: Redis is unreachable (%s); sessions are stored again once it is back", exc)

    def _up(self) -> None:
        if self._down:
            self._down = False
            log.info("state store: Redis is reachable again")


def _seq(raw: bytes) -> int:
    try:
        return int(json.loads(raw).get("seq", 0))
    except (ValueError, AttributeError, TypeError):
        return 0
