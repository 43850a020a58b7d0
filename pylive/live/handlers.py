"""Running an event's handler for a session: plain or async, timed, its failure reported.

The session hands over a frame whose handler it found; here the handler runs, the render that
follows is flushed (after an async handler, once it finishes), a handler that blocks the loop is
named in the log, and one that raises is reported to the page and kept for the test driver.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import TYPE_CHECKING, Any

from pylive.core.events import Event, call_handler
from pylive.live.protocol import error_message
from pylive.live.telemetry import HANDLERS, handled, owner
from pylive.live.timing import TimedSteps, clock

if TYPE_CHECKING:
    from pylive.live.session import Session

log = logging.getLogger("pylive")

_FAILED = object()
_CONTROLS = frozenset(("input", "textarea", "select"))


def typed(session: "Session", frame: Any, ev: Event) -> Any:
    """The form control an event came from, if it is controlled and reported another value than
    the one rendered: (element, typed value, rendered value). The pass that answers the event puts
    the rendered value back if its handler did not take the typed one (React's controlled inputs).

    Controlled is a field rendered with `value=` and no `name=`, bound with `on_input=` (what
    React's onChange is), or a single select's `on_change=`. A text field's `on_change=` fires as the value is
    committed (a save elsewhere, say): what the user typed stays, as the DOM's own change event has it.
    """
    kind = frame.type
    if (kind != "input" and kind != "change") or ev.value.__class__ is not str:
        return None
    m = session.tree.handlers.get(frame.node_id)
    if m is None:
        return None
    element = m.element
    if kind == "change" and (element.tag != "select" or "multiple" in (element.attrs or ())):
        return None
    attrs = element.attrs if element.tag in _CONTROLS else None
    if not attrs or "name" in attrs:
        return None  # a named field's value may be a form's to keep (the stock Form's, on its own event)
    rendered = attrs.get("value")
    return None if rendered is None or rendered == ev.value else (m, ev.value, rendered)


def answer(session: "Session", seq: int, control: Any) -> None:
    """Flush what the event `seq` changed, with its controlled `control` put right (see `typed`);
    a component that failed to render in that pass (no error boundary took it) is told to the
    user, as a failed handler is: what they did changed nothing they can see."""
    tree = session.tree
    if control is not None:
        if not tree.typed:
            tree.typed = []
        tree.typed.append(control)  # type: ignore[union-attr]
    errors = tree.errors
    last = errors[-1] if errors else None
    session.flush(seq)
    if errors and errors[-1] is not last:
        session.send_control(error_message("a component failed to render this event's changes", failed=True))


async def handle(session: "Session", frame: Any, handler: Any, ev: Event, arrived: float, text: Any) -> None:
    """Run `handler` for the event `frame` and flush what it changed, answering the frame's number."""
    # The flush right after the handler renders what it changed: no need to schedule one.
    session.tree.handling = True
    control = typed(session, frame, ev)
    start = clock()
    try:
        result = call_handler(handler, ev)
    except Exception as exc:
        failed(session, frame.seq, frame.type, handler, exc)
        result = _FAILED
    finally:
        session.tree.handling = False
        took = clock() - start
        limit = session.slow_handler_seconds
        if limit is not None and took > limit:
            check_slow(session, frame.type, handler, took)
    if result is None or result is _FAILED:
        # (Most handlers return nothing: no need to ask whether None is awaitable, an ABC check.)
        answer(session, frame.seq, control)
    elif inspect.isawaitable(result):
        limit = session.slow_handler_seconds
        if limit is not None:
            result = TimedSteps(result, limit, lambda took: check_slow(session, frame.type, handler, took))
        session.running[frame.seq] = None
        session.tree.spawn(_finish(session, result, frame.seq, frame.type, handler, arrived, text, control))
        # Let the handler run up to its first suspension now, so its early changes go out first.
        await asyncio.sleep(0)
        return
    else:
        answer(session, frame.seq, control)
    if HANDLERS and arrived:
        handled(session.path(), frame.type, handler, arrived, text)


async def _finish(
    session: "Session", awaitable: Any, seq: int, type_: str, handler: Any, arrived: float, text: Any, control: Any
) -> None:
    try:
        await awaitable
    except asyncio.CancelledError:
        session.running.pop(seq, None)
        raise
    except Exception as exc:
        failed(session, seq, type_, handler, exc)
    session.running.pop(seq, None)
    answer(session, seq, control)
    if HANDLERS and arrived:
        handled(session.path(), type_, handler, arrived, text)


def check_slow(session: "Session", type_: str, handler: Any, took: float) -> None:
    """Log a handler that held the event loop past the session's `slow_handler_seconds`."""
    limit = session.slow_handler_seconds
    if limit is not None and took > limit:
        log.warning(
            "the %s handler %s blocked the event loop for %.2f s, and every page of this server with it "
            "(run blocking work with `await asyncio.to_thread(...)`)",
            type_,
            handler_name(handler),
            took,
        )


def failed(session: "Session", seq: int, type_: str, handler: Any, exc: BaseException) -> None:
    """A handler raised: report it (log, dev overlay, telemetry) and tell the page."""
    what = f"the {type_} handler {handler_name(handler)} failed"
    session.tree.failed(what, exc, component=owner(handler), kind="handler")
    session.handler_errors[seq] = exc
    if len(session.handler_errors) > 100:
        session.handler_errors.pop(next(iter(session.handler_errors)))
    session.send_control(error_message("the server could not handle this event", failed=True))


def handler_name(handler: Any) -> str:
    """How the log names a handler: its function's qualified name, through `pl.event` and `pl.js`."""
    fn = getattr(handler, "fn", handler)  # through pl.event(...)
    fn = getattr(fn, "handler", None) or fn  # through pl.js....push(...)
    return getattr(fn, "__qualname__", None) or type(fn).__name__
