"""Garbage collection for a server holding thousands of long-lived sessions.

CPython's full collection walks every tracked object: with 10,000 live sessions that is over a
million objects and a pause of seconds, and one comes every few seconds of clicks (each render keeps
a few new objects, and a full collection runs once those reach a quarter of the old ones).

So what has survived a full collection is frozen (`gc.freeze()`): later full collections only
walk what is newer, and stay short. A closed session is cyclic garbage; once frozen it is only
reclaimed by a collection of everything, so after as many sessions have closed as are alive (the
frozen garbage is then at most the size of what is live), the freeze is lifted and the next full
collection, CPython's own, reclaims them; what survives it is frozen again.
"""

from __future__ import annotations

import asyncio
import gc

#: Below this many closed sessions, the frozen garbage is too small to be worth a full pause.
MIN_THAW = 1000


class FreezePolicy:
    """Freeze what survives each full collection; thaw after enough sessions have closed."""

    __slots__ = ("closed", "_loop", "_freeze_pending")

    def __init__(self) -> None:
        self.closed = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._freeze_pending = False

    def install(self) -> None:
        """Start (on the serving loop): freeze what start-up made, and every full collection's survivors."""
        self._loop = asyncio.get_running_loop()
        gc.collect()
        gc.freeze()
        if self._on_gc not in gc.callbacks:
            gc.callbacks.append(self._on_gc)

    def uninstall(self) -> None:
        """Stop following collections (the server stopped)."""
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        self._loop = None

    def session_closed(self, live: int) -> None:
        """A session was closed; `live` sessions remain."""
        self.closed += 1
        if self.closed >= max(MIN_THAW, live):
            self.closed = 0
            gc.unfreeze()

    def _on_gc(self, phase: str, info: dict) -> None:
        if phase != "stop" or info["generation"] != 2 or self._freeze_pending:
            return
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        self._freeze_pending = True
        # Not from inside the collector: once it has finished, on the loop.
        loop.call_soon_threadsafe(self._freeze)

    def _freeze(self) -> None:
        self._freeze_pending = False
        gc.collect(1)  # young garbage would be frozen with the rest
        gc.freeze()
