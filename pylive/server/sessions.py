"""The sessions a worker holds, by session id, and the grace period of the disconnected ones.

A session is parked when its first page is rendered, adopted by the socket that connects for it,
released when that socket goes away, and closed (effects cleaned up) once it has been without a
socket for `resume_seconds`. Waiting costs one timer per disconnected session, no polling.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from typing import Any, Callable, Protocol

from pylive.live.session import Session, State

log = logging.getLogger("pylive")


class Holder(Protocol):
    """What holds a session while attached: a connection, told to go when a newer one takes over."""

    def displace(self) -> None:
        """A newer connection adopted the session: close this one."""

    def server_stopping(self) -> None:
        """The server is stopping: close this one so that its client reconnects."""

    def pause(self) -> None:
        """The server is stopping and stores its sessions: send and handle nothing more."""

    async def answers(self, timeout: float = 1.0) -> bool:
        """Whether its client still answers (a ping, within `timeout` seconds)."""


class _Entry:
    __slots__ = ("session", "holder", "timer")

    def __init__(self, session: Session) -> None:
        self.session = session
        self.holder: Holder | None = None
        self.timer: asyncio.TimerHandle | None = None


#: How many elements the sessions parked for pages whose socket has not come yet may hold in all
#: (about 400 bytes each, so some 20 MB): a flood of GETs parks a bounded amount, the oldest parked
#: going first. A page whose parked session went is mounted afresh when its socket comes (a second
#: render, nothing lost): a browser connects within a second, so only a burst of more than 50
#: pages of 1,000 elements a second comes to that.
PARKED_ELEMENTS = 50_000
#: What a parked session holds besides its elements (its objects, its first HTML: some 60 KB for
#: a small page), counted as this many elements: a flood of GETs for a tiny page parks hundreds,
#: not thousands.
PARKED_SESSION_WEIGHT = 150
#: How long a parked session waits for its page's socket (a browser connects within a second).
PARK_SECONDS = 10.0
#: How long the session of a socket cut for a frame over the limit waits for its page (which
#: reconnects within a second) instead of the whole resume grace.
CUT_GRACE_SECONDS = 5.0


class SessionStore:
    """Sessions by id: attached ones, detached ones kept for a resume, and parked ones (a page just
    rendered) waiting for their socket, within a budget."""

    __slots__ = ("resume_seconds", "parked_elements", "dispose", "persist", "_entries", "_parked", "_parked_total")

    def __init__(self, resume_seconds: float = 30.0, *, parked_elements: int = PARKED_ELEMENTS) -> None:
        self.resume_seconds = resume_seconds
        self.parked_elements = parked_elements
        self._entries: dict[str, _Entry] = {}
        # Parked sessions, oldest first, with the number of elements each holds.
        self._parked: dict[str, int] = {}
        self._parked_total = 0
        #: The state store (`pl.run(state=...)`), told when a session's socket goes or its page closes.
        self.persist: Any = None
        #: Closes a session that never went live (its page's socket never came); the app gives it
        #: the render thread, since unmounting a big page walks every node of it.
        self.dispose: Callable[[Session], None] = Session.close

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._entries

    def sessions(self) -> list[Session]:
        """Every session held, attached or not (hot reload re-renders them all)."""
        return [entry.session for entry in self._entries.values()]

    def entries(self) -> list[tuple[str, Session, Holder | None]]:
        """Every session held, with its id and the connection holding it (None when detached or parked)."""
        return [(session_id, entry.session, entry.holder) for session_id, entry in self._entries.items()]

    def get(self, session_id: str) -> Session | None:
        """The session held under `session_id`, attached or not."""
        entry = self._entries.get(session_id)
        return entry.session if entry is not None else None

    def park(self, session_id: str, session: Session) -> None:
        """Hold a session no socket has yet (a page just rendered); it expires if none comes soon.

        Past the budget of parked elements, the oldest parked sessions are closed: their pages,
        if they connect after all, are mounted afresh (and recover their forms).
        """
        old = self._entries.pop(session_id, None)
        if old is not None:
            self._unpark(session_id)
            self._drop(old)
        entry = self._entries[session_id] = _Entry(session)
        size = session.tree.next_id + PARKED_SESSION_WEIGHT
        self._parked[session_id] = size
        self._parked_total += size
        while self._parked_total > self.parked_elements and len(self._parked) > 1:
            oldest = next(iter(self._parked))
            self._unpark(oldest)
            evicted = self._entries.pop(oldest, None)
            if evicted is not None:
                self._drop(evicted)
        self._start_timer(session_id, entry, min(PARK_SECONDS, self.resume_seconds))

    def _unpark(self, session_id: str) -> None:
        size = self._parked.pop(session_id, None)
        if size is not None:
            self._parked_total -= size

    @property
    def parked(self) -> int:
        """How many sessions wait for their page's socket."""
        return len(self._parked)

    def holder(self, session_id: str) -> Holder | None:
        """The connection that holds the session now, if any."""
        entry = self._entries.get(session_id)
        return entry.holder if entry is not None else None

    def adopt(self, session_id: str, holder: Holder) -> Session | None:
        """Attach `holder` to the session, displacing the connection that had it; None if not held."""
        entry = self._entries.get(session_id)
        if entry is None:
            return None
        self._unpark(session_id)
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None
        previous, entry.holder = entry.holder, holder
        if previous is not None and previous is not holder:
            previous.displace()
        return entry.session

    def add(self, session_id: str, session: Session, holder: Holder) -> None:
        """Hold a session that `holder` has just mounted."""
        old = self._entries.pop(session_id, None)
        if old is not None:
            self._unpark(session_id)
            self._drop(old)
        entry = self._entries[session_id] = _Entry(session)
        entry.holder = holder

    def release(self, session_id: str, holder: Holder, seconds: float | None = None) -> None:
        """`holder`'s socket went away: keep its session for a resume (`seconds`, or the resume
        grace), then close it."""
        entry = self._entries.get(session_id)
        if entry is None or entry.holder is not holder:
            return  # displaced: the newer connection owns the session now
        entry.holder = None
        if entry.session.leaving:
            # A closed tab, not a dropped network: close it now, so that it leaves every presence
            # list at once instead of at the end of the resume grace.
            del self._entries[session_id]
            self._drop(entry)
            if self.persist is not None:
                self.persist.gone(session_id)
            return
        entry.session.detach()
        self._start_timer(session_id, entry, None if seconds is None else min(seconds, self.resume_seconds))
        if self.persist is not None:
            self.persist.detached(session_id)

    def discard(self, session_id: str) -> None:
        """Close the session held under `session_id`, if any (another node took it over)."""
        entry = self._entries.pop(session_id, None)
        if entry is not None:
            self._unpark(session_id)
            self._drop(entry)

    def pause_all(self) -> None:
        """Pause every attached connection (the server stores its sessions before it stops)."""
        for entry in self._entries.values():
            if entry.holder is not None:
                entry.holder.pause()

    def close_all(self) -> None:
        """Close every session (the server is stopping)."""
        entries, self._entries = self._entries, {}
        self._parked.clear()
        self._parked_total = 0
        for entry in entries.values():
            self._drop(entry, stopping=True)

    def _start_timer(self, session_id: str, entry: _Entry, seconds: float | None = None) -> None:
        loop = asyncio.get_running_loop()
        # In a context of its own: the caller's (a WebSocket's) would stay alive for the whole grace.
        entry.timer = loop.call_later(
            self.resume_seconds if seconds is None else seconds,
            self._expire,
            session_id,
            entry,
            context=contextvars.Context(),
        )

    def _expire(self, session_id: str, entry: _Entry) -> None:
        if self._entries.get(session_id) is entry and entry.holder is None:
            del self._entries[session_id]
            self._unpark(session_id)
            self._drop(entry)

    def _drop(self, entry: _Entry, stopping: bool = False) -> None:
        if entry.timer is not None:
            entry.timer.cancel()
            entry.timer = None
        if entry.holder is not None:
            holder, entry.holder = entry.holder, None
            # A stopping server's clients reconnect (and remount with their forms); a displaced one does not.
            holder.server_stopping() if stopping else holder.displace()
        session = entry.session
        try:
            if session.state is State.MOUNTED:
                self.dispose(session)
            else:
                session.close()
        except Exception:
            log.exception("closing a session failed")
