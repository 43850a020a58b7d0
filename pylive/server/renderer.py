"""First renders off the event loop: a page's HTTP render runs in a thread of its own.

A GET mounts a whole session and renders it to HTML; for a big page that is tens of milliseconds
of Python, and on the loop every live page's clicks wait behind it (a flood of GETs for a
1,000-row page held other users' clicks for up to a second). In one worker thread the render
still needs the GIL, and the interpreter hands it to a waiting thread only every switch interval:
at the default 5 ms, a click, which wakes the loop several times on its way, waited 40 ms (median)
behind a flood of renders. While the thread works the interval is 0.5 ms, and a render that follows
another straight away first waits half as long as the last one took, so a flood of GETs can have
at most two thirds of the GIL: the loop's clicks get the rest. One thread, not a pool: more renders
at once would each take a share of the GIL from the loop, and would not finish sooner. After each
render, still in the thread, `after` runs: the server freezes what the render made
(`FreezePolicy.rendered`), since a collection also holds the GIL however short the interval.

The same thread closes the sessions whose page never connected (a GET flood evicts them by the
hundred): unmounting walks every node, and such a session has no effect, timer or task to stop.

Nothing of a mount needs the loop: effects, subscriptions and timers wait until the page goes
live, on the loop. The render runs in a copy of the request's context, so context-bound state
(the request, for hooks that read it) is seen as on the loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:
    from pylive.live.session import Session

log = logging.getLogger("pylive")

T = TypeVar("T")

#: The interpreter's switch interval while the render thread works (seconds; the default is 0.005).
SWITCH_INTERVAL = 0.0005
#: A render that follows another at once first waits this share of the time the last one took.
PAUSE_SHARE = 0.5


class PageRenderer:
    """Runs first renders, one at a time, in a thread of the server's own."""

    def __init__(self, after: Callable[[], None] | None = None) -> None:
        self._executor: ThreadPoolExecutor | None = None
        #: Called in the render thread after each render (the server's garbage-collection policy).
        self.after = after
        self._lock = threading.Lock()
        self._busy = 0
        self._interval = sys.getswitchinterval()
        self._free_at = 0.0  # when the thread may take the GIL again without starving the loop

    def _work(self, fn: Callable[[], T]) -> T:
        # In the render thread.
        with self._lock:
            self._busy += 1
            if self._busy == 1:
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, SWITCH_INTERVAL))
        wait = self._free_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # releases the GIL: the loop runs freely meanwhile
        start = time.monotonic()
        try:
            return fn()
        finally:
            end = time.monotonic()
            self._free_at = end + (end - start) * PAUSE_SHARE
            with self._lock:
                self._busy -= 1
                if self._busy == 0:
                    sys.setswitchinterval(self._interval)

    def _thread(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pylive-render")
        return self._executor

    async def run(self, render: Callable[[], T]) -> T:
        """`render()` in the render thread, with the caller's context; its result or its exception."""
        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(self._thread(), self._work, lambda: self._then(context.run(render)))

    def _then(self, result: T) -> T:
        if self.after is not None:
            self.after()
        return result

    def discard(self, session: "Session") -> None:
        """Close a session that never went live, in the render thread."""
        self._thread().submit(self._work, session.close).add_done_callback(_report)

    def close(self) -> None:
        """Let the thread end once the renders under way are done."""
        if self._executor is not None:
            self._executor.shutdown(wait=False)
            self._executor = None


def _report(done: Future) -> None:
    if not done.cancelled() and done.exception() is not None:
        log.error("closing a session that never went live failed", exc_info=done.exception())
