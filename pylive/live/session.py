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
import collections
import enum
import inspect
import logging
import time
from typing import Any, Callable

from pylive.core.events import Event, call_handler
from pylive.core.navigation import Location
from pylive.live import faults
from pylive.live.protocol import (
    ControlFrame,
    ProtocolError,
    encode,
    error_message,
    fault_message,
    mount_message,
    nav_message,
    parse_frame,
    patch_message,
    title_message,
)
from pylive.live.refusals import RefusalLog
from pylive.live.router import Router
from pylive.live.templates import Templates
from pylive.live.timing import TimedSteps, clock
from pylive.live.tree import Tree, run_effects

log = logging.getLogger("pylive")

Send = Callable[[str], Any]


_FAILED = object()


class State(enum.Enum):
    """Where a session is in its life (see the module's docstring for the moves)."""

    NEW = "new"
    MOUNTED = "mounted"
    LIVE = "live"
    DETACHED = "detached"
    CLOSED = "closed"


class IllegalTransition(RuntimeError):
    """A session was asked to make a move its state does not allow (a bug in the caller)."""


_MOVES: dict[str, frozenset[State]] = {
    # move -> the states it may start from
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

    def __init__(
        self,
        root: Any,
        send: Send | None = None,
        *,
        location: Location | None = None,
        debug: bool = False,
        history: int = 256,
        history_bytes: int = 1_048_576,
        max_events_per_second: float = 100.0,
        on_live: Callable[["Session"], None] | None = None,
        slow_handler_seconds: float | None = 0.25,
    ) -> None:
        self.tree = Tree(self._schedule, debug=debug)
        self.router = Router(root, location or Location("/", {}), on_title=self._title_changed, on_nav=self._moved)
        self.state = State.NEW
        self._send = send
        self.seq = 0
        self.history: collections.deque[tuple[int, str]] = collections.deque(maxlen=history)
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
        self._handling = False  # a handler runs now, and a flush follows it
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
        #: The numbers of the events whose async handlers are still running.
        self.running: set[int] = set()
        #: Called after each render pass or message that changed the session (the state store's cue).
        self.on_change: Callable[[], None] | None = None

    @property
    def live(self) -> bool:
        """Whether the page has gone live (effects run, renders are sent or kept for a resume)."""
        return self.state is State.LIVE or self.state is State.DETACHED

    @property
    def closed(self) -> bool:
        """Whether the session is closed (unmounted; it handles nothing more)."""
        return self.state is State.CLOSED

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
        self.tree.mount(self.router.element())
        if self.tree.dirty:
            # Changed while it first rendered (a redirect, state set in render): the first HTML
            # shows where that led rather than a page the socket would replace at once.
            self.tree.render()
        self._pending_effects = self.tree.take_effects()
        return self.tree.html()

    def remount(self, *, session: str | None = None, token: str = "") -> str:
        """Mount afresh (after a restart or an expired session): the `mount` control message's text."""
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
        path = self.router.location.url if moved else None
        return encode(mount_message(self.seq, html, self.title, path, session=session, token=token))

    def current_page(self, default_title: str = "") -> str:
        """The page as it is now (state intact), as a `mount` message with the address it shows.

        For a client too far behind to be caught up message by message.
        """
        self.tree.templates = Templates()  # the client forgets its templates on a mount
        return encode(mount_message(self.seq, self.tree.html(), self.title or default_title, self.router.location.url))

    def attach(self, send: Send) -> None:
        """Connect a transport; frames go to `send` from now on."""
        self._move("attach", State.LIVE if self.state is State.DETACHED else None)
        self._send = send

    def detach(self) -> None:
        """The transport went away: messages are only kept (for a resume) until one is attached."""
        self._move("detach", State.DETACHED if self.state is State.LIVE else None)
        self._send = None

    def go_live(self) -> None:
        """The client has the page: run the effects of the first render and start timers."""
        self._move("go_live", State.LIVE)
        effects, self._pending_effects = self._pending_effects, []
        self._run_effects(effects)
        if self.on_live is not None:
            self.on_live(self)
        if self.tree.pending:
            self._schedule()

    def missed(self, last: int) -> list[str] | None:
        """The messages after `last`, or None when some of them are no longer kept."""
        if last == self.seq:
            return []
        if last > self.seq:
            return None
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
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        self.tree.unmount()
        self.refusals.close()
        # Break the session's own cycles so that reference counting frees it at once.
        self.tree.on_dirty = None
        self.router.close()
        self.on_live = None

    # --- outgoing -------------------------------------------------------------------------

    def send_control(self, message: dict) -> None:
        """Send a transient control message (an error, a heartbeat): not numbered, not kept."""
        self._send_text(encode(message))

    def send_change(self, message: dict) -> None:
        """Send a control message that changes the page (title, address, a hook's event).

        Numbered in the same sequence as patches and kept for a resume like them, so that a
        client that was away gets it again, in its place among the patches.
        """
        self.seq += 1
        self._emit(encode({**message, "seq": self.seq}))

    def _title_changed(self, title: str) -> None:
        if self.live:
            self.send_change(title_message(title))

    def _moved(self, url: str, replace: bool) -> None:
        self.send_change(nav_message(url, replace))

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
        if len(history) == history.maxlen:
            self._kept -= len(history[0][1])
        history.append((seq, text))
        self._kept += len(text)
        while self._kept > self.history_bytes and len(history) > 1:
            self._kept -= len(history.popleft()[1])

    def _schedule(self) -> None:
        if self._flush_handle is not None or self._handling or not self.live:
            return
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
            for message in controls:
                self.send_change(message)
        self._show_faults(bool(ops))
        self._run_effects(self.tree.take_effects())
        if rendered and not ops and not ack and self.on_change is not None:
            self.on_change()  # state changed without a message (one that renders the same page)

    def _run_effects(self, effects: list) -> None:
        run_effects(self.tree, effects)
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
        try:
            frame = parse_frame(text)
        except ProtocolError as exc:
            self._refuse(str(exc), 0)
            return
        if isinstance(frame, ControlFrame):
            self._control(frame)
            return
        if frame.seq:
            if frame.seq <= self.events:
                # Already handled (its answer was lost with the socket): answered, not applied again.
                self.seq += 1
                self._emit(patch_message(self.seq, frame.seq, []))
                return
            self.events = frame.seq
        if not self._take_token():
            self._refuse("too many events: slow down", frame.seq)
            return
        m = self.tree.handlers.get(frame.node_id)
        handler = m.element.events.get(frame.type) if m is not None else None  # type: ignore[union-attr]
        if handler is None:
            self._refuse(f"no {frame.type!r} handler on node {frame.node_id}", frame.seq)
            return
        ev = Event.from_data(frame.type, frame.data)
        # The flush right after the handler renders what it changed: no need to schedule one.
        self._handling = True
        start = clock()
        try:
            result = call_handler(handler, ev)
        except Exception as exc:
            self._handler_failed(frame.seq, frame.type, handler, exc)
            result = _FAILED
        finally:
            self._handling = False
            self._check_slow(frame.type, handler, clock() - start)
        if result is _FAILED:
            self.flush(frame.seq)
            return
        if inspect.isawaitable(result):
            limit = self.slow_handler_seconds
            if limit is not None:
                result = TimedSteps(result, limit, lambda took: self._check_slow(frame.type, handler, took))
            self.running.add(frame.seq)
            self.tree.spawn(self._finish(result, frame.seq, frame.type, handler))
            # Let the handler run up to its first suspension now, so its early changes go out first.
            await asyncio.sleep(0)
        else:
            self.flush(frame.seq)

    async def _finish(self, awaitable: Any, seq: int, type_: str, handler: Any) -> None:
        try:
            await awaitable
        except asyncio.CancelledError:
            self.running.discard(seq)
            raise
        except Exception as exc:
            self._handler_failed(seq, type_, handler, exc)
        self.running.discard(seq)
        self.flush(seq)

    @property
    def events_done(self) -> int:
        """The number up to which every event has been handled completely (none still running)."""
        return min(self.running) - 1 if self.running else self.events

    def _check_slow(self, type_: str, handler: Any, took: float) -> None:
        limit = self.slow_handler_seconds
        if limit is not None and took > limit:
            log.warning(
                "the %s handler %s blocked the event loop for %.2f s, and every page of this server with it "
                "(run blocking work with `await asyncio.to_thread(...)`)",
                type_,
                _handler_name(handler),
                took,
            )

    def _handler_failed(self, seq: int, type_: str, handler: Any, exc: BaseException) -> None:
        self.tree.failed(f"the {type_} handler {_handler_name(handler)} failed", exc)
        self.handler_errors[seq] = exc
        if len(self.handler_errors) > 100:
            self.handler_errors.pop(next(iter(self.handler_errors)))
        self.send_control(error_message("the server could not handle this event"))

    def _refuse(self, reason: str, seq: int) -> None:
        self.refusals.note(reason)
        self.send_control(error_message(reason, seq))

    def _take_token(self) -> bool:
        now = time.monotonic()
        self._allowance = min(self._rate * 2, self._allowance + (now - self._last_event) * self._rate)
        self._last_event = now
        if self._allowance < 1:
            return False
        self._allowance -= 1
        return True

    def _control(self, frame: ControlFrame) -> None:
        fields = frame.fields
        if frame.kind == "nav":
            if not self._take_token():  # a nav renders a page: it costs what an event does
                self._refuse("too many events: slow down", 0)
                return
            path = fields.get("path")
            if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
                self._refuse("nav needs a path starting with one '/'", 0)
                return
            try:
                self.router.navigate(path, replace=True, from_client=True)
            except ValueError:
                self._refuse("nav path is not a valid URL path", 0)
            return
        if frame.kind == "pong":
            return  # the answer to the server's ping (the connection noted that the page answers)
        if frame.kind == "bye":
            # The page is closing for good (not a dropped network): nothing to keep it for.
            self.leaving = True
            return
        self._refuse(f"unknown control frame {frame.kind[:40]!r}", 0)


def _handler_name(handler: Any) -> str:
    fn = getattr(handler, "fn", handler)  # through pl.event(...)
    return getattr(fn, "__qualname__", None) or type(fn).__name__
