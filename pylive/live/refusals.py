"""The log of one page's refused frames, which a flood cannot fill.

Every refused frame still gets its error reply; only the log is limited: the first few refusals of
a page get a line each, then one line per interval says how many more there were. A quiet interval
gives the page its few lines back.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging

log = logging.getLogger("pylive")


class RefusalLog:
    """Logs a page's refused frames: `burst` lines, then one count every `interval` seconds."""

    __slots__ = ("burst", "interval", "_logged", "_more", "_last", "_timer")

    def __init__(self, burst: int = 5, interval: float = 10.0) -> None:
        self.burst = burst
        self.interval = interval
        self._logged = 0
        self._more = 0
        self._last = ""
        self._timer: asyncio.TimerHandle | None = None

    def note(self, reason: str) -> None:
        """A frame was refused for `reason` (one short sentence)."""
        if self._logged < self.burst:
            self._logged += 1
            log.warning("refused a frame: %s", reason)
        else:
            self._more += 1
            self._last = reason
        if self._timer is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self._end_interval()  # no loop to wait on: say it now
                return
            # In a context of its own, not the socket's: that would outlive the socket with it.
            self._timer = loop.call_later(self.interval, self._end_interval, context=contextvars.Context())

    def _end_interval(self) -> None:
        self._timer = None
        if not self._more:
            self._logged = 0
            return
        self._say_more()
        try:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self.interval, self._end_interval, context=contextvars.Context())
        except RuntimeError:
            pass

    def _say_more(self) -> None:
        log.warning(
            "refused %d more frames from this page, not logged one by one (the last one: %s)",
            self._more,
            self._last,
        )
        self._more = 0

    def close(self) -> None:
        """The page is gone: say how many refusals are not logged yet, and stop the timer."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._more:
            self._say_more()
