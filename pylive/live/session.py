"""A live session: one mounted page, its incoming events and outgoing messages, with no transport.

The server adapter (or `pylive.testing`) gives the session a `send` callable taking one text frame
and feeds it incoming frames with `await session.receive(text)`. Everything between, routing events
to handlers, batching state changes into render passes, sequencing messages, keeping the last ones
for a resume, and running effects after their message is sent, happens here.

A session moves through four states, and a move that the table below does not list raises:

    new --mount--> mounted --go_live--> live --detach--> detached --attach--> live
    any state --close--> closed

`mounted` is a page rendered for its first HTTP response (or remounted) whose effects wait for
the client; `detached` keeps rendering and numbering messages for a resume while no socket is there.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from typing import Any, Callable

from pylive.core import cookie as cookies
from pylive.core.cookie import CookieSession, CookieSync
from pylive.core.events import Event
from pylive.core.navigation import Location
from pylive.live import control, downloads, faults, handlers
from pylive.live.downloads import Downloads
from pylive.live.frames import ControlFrame, ProtocolError, is_chunk, parse_frame
from pylive.live.protocol import (
    CHUNK_HEADER_BYTES,
    UPLOAD_CHUNK_BYTES,
    cookie_message,
    encode,
    error_message,
    fault_message,
    mount_message,
    nav_message,
    patch_message,
    push_message,
    title_message,
)
from pylive.live.refusals import RefusalLog
from pylive.live.router import Guard, Router
from pylive.live.telemetry import HANDLERS, emit, no_path, since
from pylive.live.templates import Templates
from pylive.live.timing import clock
from pylive.live.tree import Tree, run_effects
from pylive.live.uploads import Uploads

log = logging.getLogger("pylive")

Send = Callable[[str], Any]



class State(enum.Enum):
    """Where a session is in its life (see the module's docstring for the moves)."""

    NEW = "new"
    MOUNTED = "mounted"
    LIVE = "live"
    DETACHED = "detached"
    CLOSED = "closed"


class IllegalTransition(RuntimeError):
    """A session was asked to make a move its state does not allow (a bug in the caller)."""


_MOVES: dict[str, frozenset[State]] = {  # move -> the states it may start from
    "mount": frozenset((State.NEW, State.MOUNTED, State.LIVE, State.DETACHED)),
    "go_live": frozenset((State.MOUNTED,)),
    "attach": frozenset((State.MOUNTED, State.LIVE, State.DETACHED)),
    "detach": frozenset((State.MOUNTED, State.LIVE, State.DETACHED)),
}


class Session:
    """One page's live state: a mounted tree driven by frames in and messages out.

    `send(text)` must not block (the adapter queues the frame). Messages are numbered; the last
    `history` of them are kept so that a client that reconnects gets what it missed.
    """

    # Slots: more attributes than an instance dict shares keys for; a dict cost every idle page 1.6 KB.
    __slots__ = (
        "tree", "uploads", "downloads", "cookie", "cookie_sync", "base", "router", "started", "state", "_send", "seq",
        "history", "history_count", "history_bytes", "_kept", "handler_errors", "_flush_handle", "_rate", "_allowance",
        "_last_event", "_pending_effects", "_fault_shown", "leaving", "slow_handler_seconds", "refusals",
        "on_live", "events", "running", "on_change", "__weakref__",
    )  # fmt: skip

    def __init__(
        self,
        root: Any,
        send: Send | None = None,
        *,
        location: Location | None = None,
        debug: bool = False,
        history: int = 256,
        history_bytes: int = 262_144,
        max_events_per_second: float = 100.0,
        on_live: Callable[["Session"], None] | None = None,
        slow_handler_seconds: float | None = 0.25,
        max_frame_bytes: int = 1_048_576,
        cookie: CookieSession | None = None,
        cookie_sync: CookieSync | None = None,
        guard: Guard | None = None,
        base: str = "",
    ) -> None:
        self.tree = Tree(self._schedule, debug=debug)
        #: Files on their way from the page (`use_upload`); chunks fit in a frame the server takes.
        chunk = min(UPLOAD_CHUNK_BYTES, max_frame_bytes - CHUNK_HEADER_BYTES)
        self.uploads = self.tree.uploads = Uploads(self.send_control, self.refuse, chunk)
        #: Files waiting for the page to save them (`pl.download`).
        self.downloads = Downloads(self.send_change)
        #: The browser's cookie session (`pl.use_session()`); a changed one is written back by `cookie_sync`.
        self.cookie = cookie if cookie is not None else CookieSession()
        self.cookie.on_change = self._cookie_changed
        self.cookie_sync = cookie_sync
        #: The app's mount point: the address bar shows it before the page's own path.
        self.base = base
        self.router = Router(
            root, location or Location("/", {}), on_title=self._title_changed, on_nav=self._moved,
            cookie=self.cookie, guard=guard, base=base,
        )  # fmt: skip
        self.tree.path = self.path
        #: When the session was made (`time.monotonic()`): the dashboard shows its age.
        self.started = time.monotonic()
        self.state = State.NEW
        self._send = send
        self.seq = 0
        # A list, not a deque: an empty deque takes 760 bytes, which every idle page paid.
        self.history: list[tuple[int, str]] = []
        #: At most this many messages are kept.
        self.history_count = history
        #: The kept messages stay under this many characters too (the oldest go first).
        self.history_bytes = history_bytes
        self._kept = 0
        self.handler_errors: dict[int, BaseException] = {}
        self._flush_handle: asyncio.Handle | None = None
        self._rate = max_events_per_second
        self._allowance = max_events_per_second * 2
        self._last_event = time.monotonic()
        self._pending_effects: list = []
        self._fault_shown = False
        #: The page said it is closing for good (a closed tab): its session is not kept for a resume.
        self.leaving = False
        #: A handler call (or a step of an async one) holding the loop longer than this is logged.
        self.slow_handler_seconds = slow_handler_seconds
        #: Where refused frames are logged, a few lines at most however many come.
        self.refusals = RefusalLog()
        #: Called once when the session goes live (the server's hooks: hot reload's error overlay).
        self.on_live = on_live
        #: The number of the last client event handled: one sent again (after a drop, to this node or
        #: another that resumed the session) is answered but not handled twice.
        self.events = 0
        #: The numbers of the events whose async handlers are still running (a dict: a set, smaller).
        self.running: dict[int, None] = {}
        #: Called after each render pass or message that changed the session (the state store's cue).
        self.on_change: Callable[[], None] | None = None

    @property
    def events_done(self) -> int:
        """The number up to which every event has been handled completely (none still running)."""
        return min(self.running) - 1 if self.running else self.events

    @property
    def live(self) -> bool:
        """Whether the page has gone live (effects run, renders are sent or kept for a resume)."""
        return self.state is State.LIVE or self.state is State.DETACHED

    @property
    def closed(self) -> bool:
        """Whether the session is closed (unmounted; it handles nothing more)."""
        return self.state is State.CLOSED

    def path(self) -> str:
        """The path of the page the session shows now."""
        return self.router.location.path

    @property
    def component(self) -> str:
        """The name of the page's component (once mounted)."""
        return self.router.component

    @property
    def title(self) -> str | None:
        """The title of the page shown (None until a page gives one)."""
        return self.router.title

    def _move(self, move: str, to: State | None) -> None:
        if self.state not in _MOVES[move]:
            raise IllegalTransition(f"a {self.state.value} session cannot {move.replace('_', ' ')}")
        if to is not None:
            self.state = to

    # --- lifecycle ------------------------------------------------------------------------

    def mount(self) -> str:
        """Render the page; returns its HTML with node ids. Effects wait for `go_live`."""
        self._move("mount", State.MOUNTED if self.state is State.NEW else None)
        start = clock() if HANDLERS else 0.0
        self.tree.mount(self.router.element())
        if self.tree.dirty:
            # Changed while it first rendered (a redirect, state set in render): the first HTML
            # shows where that led rather than a page the socket would replace at once.
            self.tree.render()
        self._pending_effects = self.tree.take_effects()
        html = self.tree.html()
        if HANDLERS:
            emit("mount", {"duration_ms": since(start)}, {"path": self.path(), "component": self.router.component})
        return html

    def remount(self, *, token: str = "") -> str:
        """Mount afresh (after a restart or an expired session): the `mount` control message's text,
        carrying `token` if the page is to reconnect with a new one (a session of its own)."""
        self.tree.unmount()
        location = self.router.location
        html = self.mount()
        self.history.clear()
        self._kept = 0
        # A number of its own: a client that missed this mount finds no history after its last
        # message, so it gets a mount again instead of a resume onto nodes that no longer exist.
        self.seq += 1
        # The page may have redirected while it rendered: that `nav` went with the history cleared above.
        moved = self.router.location != location
        path = self.base + self.router.location.url if moved else None
        return encode(mount_message(self.seq, html, self.title, path, token=token))

    def current_page(self, default_title: str = "") -> str:
        """The page as it is now (state intact), as a `mount` message with the address it shows.

        For a client too far behind to be caught up message by message. A page showing a stream
        is mounted afresh instead: the server no longer has the items the client missed, so the
        components render their sources again (and their effects run again).
        """
        if self.tree.has_streams:
            text = self.remount()
            asyncio.get_running_loop().call_soon(self._run_remount_effects)
            return text
        self.tree.templates = Templates()  # the client forgets its templates on a mount
        path = self.base + self.router.location.url
        return encode(mount_message(self.seq, self.tree.html(), self.title or default_title, path))

    def _run_remount_effects(self) -> None:
        if self.state is State.LIVE or self.state is State.DETACHED:
            effects, self._pending_effects = self._pending_effects, []
            self._run_effects(effects)

    def attach(self, send: Send) -> None:
        """Connect a transport; frames go to `send` from now on."""
        self._move("attach", State.LIVE if self.state is State.DETACHED else None)
        self._send = send

    def detach(self) -> None:
        """The transport went away: messages are only kept (for a resume) until one is attached."""
        self._move("detach", State.DETACHED if self.state is State.LIVE else None)
        self._send = None
        self.uploads.connection_lost()

    def go_live(self) -> None:
        """The client has the page: run the effects of the first render and start timers."""
        self.tree.bind_loop()  # first: a worker's change as the page goes live is handed to this loop
        self._move("go_live", State.LIVE)
        effects, self._pending_effects = self._pending_effects, []
        self._run_effects(effects)
        if self.on_live is not None:
            self.on_live(self)
        if self.tree.pending or self.cookie.changed:  # the cookie: written by the first render, not yet sent
            self._schedule()

    def missed(self, last: int) -> list[str] | None:
        """The messages after `last`, or None when some of them are no longer kept."""
        if last >= self.seq:
            return [] if last == self.seq else None
        kept = [text for seq, text in self.history if seq > last]
        if not kept or self.history[0][0] > last + 1:
            return None
        return kept

    def close(self) -> None:
        """Unmount the page: every effect cleaned up, every timer and handler task stopped."""
        if self.state is State.CLOSED:
            return
        self.state = State.CLOSED
        self._send = None
        handle, self._flush_handle = self._flush_handle, None
        if handle is not None:
            handle.cancel()
        self.tree.unmount()
        self.uploads.close()
        self.downloads.close()
        self.tree.uploads = None
        self.refusals.close()
        # Break the session's own cycles so that reference counting frees it at once.
        self.tree.on_dirty = None
        self.router.close()
        self.on_live = None
        self.tree.path = no_path

    # --- outgoing -------------------------------------------------------------------------

    def send_control(self, message: dict) -> None:
        """Send a transient control message (an error, a heartbeat): not numbered, not kept."""
        self._send_text(encode(message))

    def send_change(self, message: dict) -> None:
        """Send a control message that changes the page (title, address, a hook's event): numbered
        as patches are and kept for a resume like them, so a client that was away gets it in its place."""
        self.seq += 1
        self._emit(encode({**message, "seq": self.seq}))

    def _title_changed(self, title: str) -> None:
        if self.live:
            self.send_change(title_message(title))

    def _moved(self, url: str, replace: bool) -> None:
        self.send_change(nav_message(self.base + url, replace))

    def _cookie_changed(self, written: bool) -> None:
        self.router.session_changed()  # what reads it re-renders; that flush writes the cookie, once

    def _write_cookie(self) -> None:
        cookie = self.cookie
        if not cookie.changed or self.cookie_sync is None or not self.live:
            return
        cookie.changed = False
        if (problem := self.cookie_sync.oversize(data := cookie.data())) is not None:  # never lost in silence
            self.tree.failed("writing the session cookie", ValueError(problem), kind="session")
        self.send_change(cookie_message(self.cookie_sync.write_token(data)))

    def _send_text(self, text: str) -> None:
        if self._send is not None:
            self._send(text)

    def _emit(self, text: str) -> None:
        self.remember(self.seq, text)
        self._send_text(text)
        if self.on_change is not None:
            self.on_change()

    def remember(self, seq: int, text: str) -> None:
        """Keep message `seq` for a resume (the last `history` of them, within `history_bytes`)."""
        history = self.history
        if len(history) >= self.history_count:
            self._kept -= len(history.pop(0)[1])
        history.append((seq, text))
        self._kept += len(text)
        while self._kept > self.history_bytes and len(history) > 1:
            self._kept -= len(history.pop(0)[1])

    def _schedule(self) -> None:
        if self._flush_handle is not None or self.tree.handling or not self.live:
            return
        if self.tree.elsewhere():
            return self.tree.call_soon(self._schedule)  # from an app's worker thread: the session's loop flushes
        self._flush_handle = asyncio.get_running_loop().call_soon(self._scheduled_flush)

    def _scheduled_flush(self) -> None:
        self._flush_handle = None
        self.flush(0)

    @property
    def busy_rendering(self) -> bool:
        """Whether a render pass is scheduled or has dirty components to do."""
        return self._flush_handle is not None or self.tree.pending

    @property
    def busy(self) -> bool:
        """Whether a render, a handler, an effect or a delivery is still pending."""
        return self._flush_handle is not None or self.tree.pending or any(not t.done() for t in self.tree.tasks)

    def flush(self, ack: int) -> None:
        """Render what is dirty; send one message if there are ops or an event to answer.

        A flush scheduled by the state changes it renders is cancelled: one event, one pass.
        """
        if self.state is State.CLOSED:
            return
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        if self.router.guard_due:
            self.router.check_guard(self.tree.failed)  # once the handler is done: its session change may shut this page
        rendered = self.tree.pending
        try:
            ops = self.tree.render() if rendered else []
        except Exception:
            # Not a component's error (those are caught by the error boundary): the mounted tree
            # may no longer match the browser's, so start the page again rather than guess.
            log.exception("render pass failed; remounting the page")
            self._send_text(self.remount())
            self._pending_effects, effects = [], self._pending_effects
            self._run_effects(effects)
            ops = []
        if ops or ack:
            self.seq += 1
            self._emit(patch_message(self.seq, ack, ops))
        if self.tree.controls:
            controls, self.tree.controls = self.tree.controls, []
            for node_id, event, payload_json in controls:
                self.seq += 1
                self._emit(push_message(node_id, event, payload_json, self.seq))
        self._write_cookie()
        tree = self.tree
        if tree.failures or self._fault_shown:
            self._show_faults(bool(ops))
        if tree.effects:
            self._run_effects(tree.take_effects())
        if rendered and not ops and not ack and self.on_change is not None:
            self.on_change()  # state changed without a message (one that renders the same page)

    def _run_effects(self, effects: list) -> None:
        scope = downloads.current.set(self.downloads)
        # `pl.flash` in an effect (and the tasks it starts) reaches this page's cookie session.
        token = cookies.enter(self.cookie) if effects else None
        try:
            run_effects(self.tree, effects)
        finally:
            if token is not None:
                cookies.leave(token)
            downloads.current.reset(scope)
        self._show_faults(False)

    def _show_faults(self, rendered: bool) -> None:
        """In development: show the failures since the last pass in the page's overlay, or clear
        it once a pass rendered with none."""
        failures = self.tree.take_failures()
        if failures:
            self._fault_shown = True
            self.send_control(fault_message("\n\n".join(faults.detail(what, exc) for what, exc in failures)))
        elif rendered and self._fault_shown:
            self._fault_shown = False
            self.send_control(fault_message(None))

    # --- incoming -------------------------------------------------------------------------

    async def receive(self, text: str | bytes) -> None:
        """Handle one incoming frame. Malformed frames get an error message and change nothing."""
        if self.closed:
            return
        # What the frame runs (a handler, the task of an async one, an `on_upload`) finds the page's
        # downloads (`pl.download`) and cookie session (`pl.flash`).
        scope = downloads.current.set(self.downloads)
        token = cookies.enter(self.cookie)
        try:
            await self._receive(text)
        finally:
            cookies.leave(token)
            downloads.current.reset(scope)

    async def _receive(self, text: str | bytes) -> None:
        arrived = clock() if HANDLERS else 0.0
        if is_chunk(text):
            self.uploads.receive(text)  # type: ignore[arg-type]  # paced by the client's acks, not the event rate
            return
        try:
            frame = parse_frame(text)
        except ProtocolError as exc:
            return self.refuse(str(exc))
        if isinstance(frame, ControlFrame):
            return control.handle(self, frame)
        if frame.seq:
            if frame.seq <= self.events:
                # Handled already (its answer went with the socket): answered, not run again, and
                # counted like any event, so that replays cannot flood the resume history.
                if not self.take_token():
                    return self.refuse("too many events: slow down", frame.seq)
                self.seq += 1
                self._emit(patch_message(self.seq, frame.seq, []))
                return
            self.events = frame.seq
        if not self.take_token():
            return self.refuse("too many events: slow down", frame.seq)
        m = self.tree.handlers.get(frame.node_id)
        handler = m.element.events.get(frame.type) if m is not None else None  # type: ignore[union-attr]
        if handler is None:
            self.refuse(f"no on_{frame.type}= handler on node {frame.node_id} (a JS hook's pushEvent needs one too)", frame.seq)
            return
        ev = Event.from_data(frame.type, frame.data)
        await handlers.handle(self, frame, handler, ev, arrived, text)

    def refuse(self, reason: str, seq: int = 0) -> None:
        """Answer a frame it will not act on with one sentence (and note it in the rate-limited log)."""
        self.refusals.note(reason)
        self.send_control(error_message(reason, seq))

    def take_token(self) -> bool:
        """Whether the page may send one more event now (a token bucket at `max_events_per_second`)."""
        now = time.monotonic()
        self._allowance = min(self._rate * 2, self._allowance + (now - self._last_event) * self._rate)
        self._last_event = now
        if self._allowance < 1:
            return False
        self._allowance -= 1
        return True
