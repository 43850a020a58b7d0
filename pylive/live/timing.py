"""Telling when the app's code holds the event loop: every page of the server waits meanwhile.

A handler runs on the loop that serves every session, so a handler that computes for two seconds,
or makes a blocking call, stalls every page for two seconds. The session times each handler call,
and each step of an async handler (from one `await` to the next), and reports the ones longer
than its limit.
"""

from __future__ import annotations

import time
from typing import Any, Awaitable, Callable, Generator

#: The clock steps are timed with.
clock = time.perf_counter


class TimedSteps:
    """`awaitable`, awaited step by step: `on_slow(seconds)` is called for each step (the code between
    two suspensions) that held the loop longer than `limit` seconds."""

    __slots__ = ("_awaitable", "_limit", "_on_slow")

    def __init__(self, awaitable: Awaitable[Any], limit: float, on_slow: Callable[[float], None]) -> None:
        self._awaitable = awaitable
        self._limit = limit
        self._on_slow = on_slow

    def _check(self, start: float) -> None:
        took = clock() - start
        if took > self._limit:
            self._on_slow(took)

    def __await__(self) -> Generator[Any, Any, Any]:
        steps = self._awaitable.__await__()
        value: Any = None
        error: BaseException | None = None
        while True:
            start = clock()
            try:
                if error is None:
                    yielded = steps.send(value)
                else:
                    yielded, error = steps.throw(error), None
            except StopIteration as done:
                self._check(start)
                return done.value
            except BaseException:
                self._check(start)
                raise
            self._check(start)
            try:
                value = yield yielded
            except GeneratorExit:
                close = getattr(steps, "close", None)
                if close is not None:
                    close()
                raise
            except BaseException as exc:  # a cancellation, thrown into the handler where it waits
                value, error = None, exc
