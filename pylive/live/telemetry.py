"""Telemetry: what the server does, as events handed to the handlers the app attaches.

    import pylive as pl

    def log_slow(name, measurements, metadata):
        if measurements["duration_ms"] > 50:
            print(name, metadata["path"], metadata["component"], measurements)

    detach = pl.telemetry.attach(log_slow)
    ...
    detach()

Five events, each `handler(name, measurements, metadata)`:

- `"mount"`: a page rendered for the first time (or again after a restart); the page's component.
- `"event"`: a browser event handled, from the frame's arrival to its reply (handler, render, diff,
  encoding); the component whose code defines the handler. `measurements["bytes"]` is the frame's size.
- `"render"`: one component's function called (its own time, without its children's).
- `"send"`: one frame written to a socket; `measurements["bytes"]` is its UTF-8 size.
- `"error"`: the app's code failed (a render, a handler, an effect); `metadata["error"]` names the exception.

`measurements` always holds `duration_ms` (float); `metadata` always holds `path` (the page's path) and
`component` (a component's name). Handlers run inline, on the event loop: keep them quick. One that
raises is logged and stays attached.

With nothing attached, an emitting site costs one truth test of `HANDLERS` (no clock read, no dict).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable

log = logging.getLogger("pylive")

Handler = Callable[[str, dict, dict], Any]

#: The event names, in the order of a page's life.
EVENTS = ("mount", "event", "render", "send", "error")

#: The handlers attached, in the order they were. Emitting sites test it before measuring anything.
HANDLERS: list[Handler] = []

#: The clock durations are measured with (seconds).
clock = time.perf_counter


def attach(handler: Handler) -> Callable[[], None]:
    """Call `handler(name, measurements, metadata)` for every telemetry event; returns a callable that
    detaches it (calling it twice is harmless).

        detach = pl.telemetry.attach(lambda name, m, meta: print(name, m["duration_ms"]))
    """
    if not callable(handler):
        raise TypeError(f"pl.telemetry.attach takes a callable handler(name, measurements, metadata), not {handler!r}")
    HANDLERS.append(handler)

    def detach() -> None:
        try:
            HANDLERS.remove(handler)
        except ValueError:
            pass

    return detach


def emit(name: str, measurements: dict, metadata: dict) -> None:
    """Hand one event to every handler attached (a failing handler is logged, the others still run)."""
    for handler in tuple(HANDLERS):
        try:
            handler(name, measurements, metadata)
        except Exception:
            log.exception("the telemetry handler %s failed on a %r event", _name(handler), name)


def since(start: float) -> float:
    """Milliseconds elapsed since `start` (a `clock()` reading)."""
    return (clock() - start) * 1000.0


def handled(path: str, type_: str, handler: Any, arrived: float, frame: str | bytes) -> None:
    """Emit the `"event"` of a frame that arrived at `arrived` (a `clock()` reading) and whose reply just went."""
    fn = getattr(handler, "fn", handler)
    emit(
        "event",
        {"duration_ms": since(arrived), "bytes": len(frame) if frame.__class__ is bytes else len(frame.encode())},
        {
            "path": path,
            "component": owner(handler),
            "type": type_,
            "handler": getattr(fn, "__qualname__", None) or type(fn).__name__,
        },
    )


def no_path() -> str:
    """The path of a page that has none (a tree outside a session, or a closed one)."""
    return ""


def owner(fn: Any) -> str:
    """The name of the component whose code defines `fn` (an event handler), as the component's own name
    reads, from the handler's qualified name: `Counter.<locals>.increment` is Counter's; a function
    defined outside any other is its own."""
    fn = getattr(fn, "fn", fn)  # through pl.event(...)
    qualname = getattr(fn, "__qualname__", None) or type(fn).__name__
    return qualname.rsplit(".<locals>.", 1)[0]


def _name(handler: Any) -> str:
    return getattr(handler, "__qualname__", None) or type(handler).__name__


__all__ = ["EVENTS", "HANDLERS", "attach", "clock", "emit", "handled", "no_path", "owner", "since"]
