"""One WebSocket's life: adopt (resume) or mount a session, then move frames both ways.

The connection never looks inside a frame beyond its size and the heartbeat: the session checks
and handles everything else. Outgoing frames wait in a bounded buffer drained by a writer task that
exists only while there is something to write, so an idle connection holds no task of its own and
costs no CPU.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from typing import Any, Callable, Protocol

from pylive.live.frames import PING, is_ping, well_formed
from pylive.live.protocol import (
    CLOSE_OVERLOADED,
    CLOSE_REPLACED,
    CLOSE_RESTARTING,
    PONG,
    encode,
    error_message,
    resumed_message,
)
from pylive.live.session import Session
from pylive.live.snapshot import restore
from pylive.live.telemetry import HANDLERS, clock, emit, since
from pylive.server.closing import CUT_FOR_SIZE
from pylive.server.deadline import within
from pylive.server.sessions import CUT_GRACE_SECONDS, SessionStore

log = logging.getLogger("pylive")

_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,128}\Z")


class Socket(Protocol):
    """The transport a connection drives (`pylive.server.asgisocket.AsgiSocket`)."""

    async def receive(self) -> str | bytes:
        """The next frame; raises or is cancelled when the socket closes."""

    async def send(self, data: str) -> None:
        """Send one text frame."""

    async def close(self, code: int, reason: str = "") -> None:
        """Close the socket with `code`."""


def valid_session_id(value: str | None) -> bool:
    """Whether `value` looks like a session id this server hands out."""
    return value is not None and _SESSION_ID.match(value) is not None


class Connection:
    """Drives one socket for one session id.

    `make_session(url)` builds a fresh session for the page at `url` (the token's), used when the
    store no longer holds the session the client names.
    """

    __slots__ = (
        "socket",
        "store",
        "session_id",
        "url",
        "make_session",
        "max_frame_bytes",
        "max_queue",
        "max_queue_bytes",
        "_queued",
        "default_title",
        "session",
        "_out",
        "_writer",
        "_task",
        "_close_code",
        "_heard",
        "_told_invalid",
        "after_send",
        "reissue",
        "persist",
        "_paused",
        "scope",
    )

    def __init__(
        self,
        socket: Socket,
        store: SessionStore,
        session_id: str,
        url: str,
        make_session: Callable[[str], Session],
        *,
        max_frame_bytes: int = 1_048_576,
        max_queue: int = 1024,
        max_queue_bytes: int = 1_048_576,
        default_title: str = "",
        after_send: Callable[[], None] | None = None,
        reissue: Callable[[str, str], str] | None = None,
        persist: Any = None,
        scope: dict | None = None,
    ) -> None:
        self.socket = socket
        self.store = store
        self.session_id = session_id
        self.url = url
        self.make_session = make_session
        self.max_frame_bytes = max_frame_bytes
        self.max_queue = max_queue
        #: Characters queued and not yet sent past which a client that does not read is dropped.
        self.max_queue_bytes = max_queue_bytes
        self._queued = 0
        self.default_title = default_title
        #: Called once the frames queued so far are sent (the server's garbage-collection pacing).
        self.after_send = after_send
        #: `reissue(url, session_id)`: the page token for a new session id: a page whose session
        #: another live page holds gets one of its own. Without it, the newer connection takes the
        #: session over.
        self.reissue = reissue
        self._heard: asyncio.Event | None = None
        self.session: Session | None = None
        self._out: list[str] | None = None
        self._writer: asyncio.Task | None = None
        self._task: asyncio.Task | None = None
        self._close_code: int | None = None
        self._told_invalid = False
        #: The state store (`pylive.server.statestore.StateStore`), or None: sessions live in this process only.
        self.persist = persist
        self._paused = False
        #: The socket's ASGI scope, where `closing` marks a socket cut for a frame over the limit.
        self.scope = scope if scope is not None else {}

    # --- outgoing -------------------------------------------------------------------------

    def push(self, text: str) -> None:
        """Queue one frame for the socket (the session's `send`); never blocks."""
        if self._close_code is not None or self._paused:
            return
        out = self._out
        if out is None:
            out = self._out = []
        elif len(out) >= self.max_queue or self._queued > self.max_queue_bytes:
            log.warning("a client is not reading its messages; disconnecting it")
            self._stop(CLOSE_OVERLOADED)
            return
        out.append(text)
        self._queued += len(text)
        if self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        try:
            while self._out:
                batch, self._out = self._out, None
                for text in batch:
                    start = clock() if HANDLERS else 0.0
                    try:
                        await self.socket.send(text)
                    except UnicodeEncodeError:
                        await self.socket.send(self._well_formed(text))
                    self._queued -= len(text)
                    if HANDLERS and start:
                        self._sent(text, start)
                if self.after_send is not None:
                    try:
                        self.after_send()
                    except Exception:
                        log.exception("after_send failed")  # the frames are out: nothing to undo
        except asyncio.CancelledError:
            raise
        except Exception:
            self._out = None  # the socket is gone; the reader sees it and releases the session
            self._queued = 0
        finally:
            self._writer = None

    def _sent(self, text: str, start: float) -> None:
        session = self.session
        emit(
            "send",
            {"duration_ms": since(start), "bytes": len(text.encode(errors="replace"))},
            {"path": session.path() if session is not None else "", "component": session.component if session else ""},
        )

    def _well_formed(self, text: str) -> str:
        # The app rendered text UTF-8 cannot encode (a lone surrogate): send this one message with
        # U+FFFD in its place rather than lose it, which would leave the page out of step.
        if not self._told_invalid:
            self._told_invalid = True
            log.warning(
                "a message held text that is not valid Unicode (a lone surrogate, as os.fsdecode makes of a "
                "file name it cannot decode): sent with U+FFFD in its place; further ones on this socket are not logged"
            )
        return well_formed(text)

    # --- lifecycle ------------------------------------------------------------------------

    def displace(self) -> None:
        """A newer connection adopted this session: close this socket."""
        self._stop(CLOSE_REPLACED)

    def pause(self) -> None:
        """The server is stopping and stores its sessions: send nothing more and handle no frame
        (the page sends again the events it gets no answer for, to the node that resumes it)."""
        self._paused = True

    def server_stopping(self) -> None:
        """The server is stopping: close this socket so that the client comes back."""
        self._stop(CLOSE_RESTARTING)

    def _stop(self, code: int) -> None:
        if self._close_code is not None:
            return
        self._close_code = code
        self._out = None
        self._queued = 0
        if self._task is not None:
            # From inside the reader too (a send while it handles a frame): it stops at its next await.
            self._task.cancel()

    async def answers(self, timeout: float = 1.0) -> bool:
        """Whether this connection's page still answers: a ping, and any frame back within `timeout`."""
        if self._close_code is not None or self._task is None:
            return False
        heard = self._heard
        if heard is None:
            # One ping for every page asking at once: the frame that answers it answers them all.
            heard = self._heard = asyncio.Event()
            self.push(PING)
        try:
            await within(heard.wait(), timeout)
            return True
        except TimeoutError:
            return False

    async def _start(self, last: int | None) -> Session:
        session = await self._open(last)
        if self.persist is not None:
            self.persist.watch(self.session_id, session)
        return session

    async def _open(self, last: int | None) -> Session:
        store, sid, persist = self.store, self.session_id, self.persist
        if persist is not None and store.get(sid) is not None and not await persist.owns(sid):
            store.discard(sid)  # another node resumed this session since: the copy here is stale
        holder = store.holder(sid)
        if holder is not None and holder is not self and self.reissue is not None and await holder.answers():
            # Another live page holds this session (a duplicated tab): this page gets one of its own
            # rather than cutting the other off.
            log.info("a second page claimed a session its holder still answers for: mounting it afresh")
            self.session_id = sid = secrets.token_urlsafe(24)
            session = self.make_session(self.url)
            text = session.remount(token=self.reissue(self.url, sid))
            store.add(sid, session, self)
            session.attach(self.push)
            self.push(text)
            session.go_live()
            return session
        session = store.adopt(sid, self)
        if session is not None and not session.closed:
            missed = session.missed(last) if last is not None else None
            session.attach(self.push)
            if missed is not None:
                self.push(encode(resumed_message(session.seq)))
                for text in missed:
                    self.push(text)
            else:
                # The client cannot be caught up message by message: give it the current page
                # (state intact) as a mount.
                self.push(session.current_page(self.default_title))
        else:
            resumed = await self._restore(last) if persist is not None else None
            if resumed is not None:
                session = resumed
            else:
                session = self.make_session(self.url)
                text = session.remount()
                store.add(sid, session, self)
                session.attach(self.push)
                self.push(text)
        if not session.live:
            session.go_live()
        return session

    async def _restore(self, last: int | None) -> Session | None:
        """The session as the state store holds it (taken over from the node that had it), or None."""
        snap = await self.persist.claim(self.session_id, last)
        if snap is None:
            return None
        session = self.make_session(snap["url"])
        try:
            exact = restore(session, snap)
        except Exception:
            log.exception("a stored session could not be restored: its page remounts")
            session.close()
            return None
        self.store.add(self.session_id, session, self)
        session.attach(self.push)
        missed = session.missed(last) if exact and last is not None else None
        if missed is not None:
            self.push(encode(resumed_message(session.seq)))
            for text in missed:
                self.push(text)
        else:
            # Not the page the browser shows (the code changed, or the page saw what was never
            # stored): the current page, state intact, as a mount.
            self.push(session.current_page(self.default_title))
        return session

    async def run(self, last: int | None) -> None:
        """Serve the socket until it closes; `last` is the client's last applied message (or None)."""
        task = self._task = asyncio.current_task()
        try:
            session = self.session = await self._start(last)
            receive = self.socket.receive
            while True:
                data = await receive()
                if self._heard is not None:
                    self._heard.set()
                    self._heard = None
                if self._paused:
                    continue
                await self._handle(session, data)
                if self._out is not None and len(self._out) >= 64:
                    # A burst of frames already received never suspends this loop: let the writer
                    # send, or a client that reads fine would look like one that does not.
                    await asyncio.sleep(0)
        except asyncio.CancelledError:
            if self._close_code is None or task is None or task.uncancel() > 0:
                raise  # the socket closed (or the server is stopping)
            await self.socket.close(self._close_code)
        finally:
            writer, self._writer = self._writer, None
            if writer is not None:
                writer.cancel()
            self._out = None
            # A page cut for a frame over the limit reconnects at once: its session need not wait the
            # whole grace, and a client that does so on purpose cannot pile sessions up.
            cut = self.scope.get(CUT_FOR_SIZE, False)
            self.store.release(self.session_id, self, CUT_GRACE_SECONDS if cut else None)
            # The exception that ends this task keeps this frame alive through its traceback, and
            # the task keeps the exception: drop what would close that cycle through the session,
            # so that a closed session is freed by reference counting, not by a full collection.
            self._task = self.session = None
            task = session = writer = None  # noqa: F841

    async def _handle(self, session: Session, data: Any) -> None:
        size = len(data)
        if size > self.max_frame_bytes or (
            data.__class__ is str and size * 4 > self.max_frame_bytes and len(data.encode()) > self.max_frame_bytes
        ):
            session.refusals.note(f"{size} bytes is over max_frame_bytes ({self.max_frame_bytes})")
            self.push(encode(error_message("frame too large")))
            return
        if data.__class__ is str and is_ping(data):
            self.push(PONG)
            return
        try:
            await session.receive(data)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the session failed to handle a frame")
            self.push(encode(error_message("the server could not handle this frame", failed=True)))
