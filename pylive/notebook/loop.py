"""The event loop that runs every notebook session, on a thread of its own in the kernel.

A kernel's main thread runs cells: a cell that computes for a minute must not freeze the
components already shown, and a component's timer must tick between cells. So sessions live on one
daemon thread with its own asyncio loop; the kernel hands them frames with `call`/`submit`, and
they send frames back through the widget's comm, which the kernel lets any thread use.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def session_loop() -> asyncio.AbstractEventLoop:
    """The sessions' loop, started on its thread the first time it is asked for."""
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            threading.Thread(target=run, name="pylive-notebook", daemon=True).start()
            ready.wait()
            _loop = loop
        return _loop


def call(fn: Callable[[], T], timeout: float | None = 60.0) -> T:
    """Run `fn()` on the sessions' loop and return its result (from any other thread)."""

    async def run() -> T:
        return fn()

    return submit(run()).result(timeout)


def submit(coro: Awaitable[Any]) -> concurrent.futures.Future:
    """Schedule a coroutine on the sessions' loop; returns its future (from any other thread)."""
    return asyncio.run_coroutine_threadsafe(coro, session_loop())  # type: ignore[arg-type]
