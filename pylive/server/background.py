"""An app's own work for as long as the server serves (`@app.background`): a simulation that feeds
every page, a poller that broadcasts what it reads. Started each time the server starts serving,
in each worker process, and cancelled as it stops; a failure is logged with its traceback, never
silent. Hot reload does not restart it: it keeps its code until the server restarts.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Awaitable, Callable

log = logging.getLogger("pylive")

#: How long a cancelled task may take to finish its cleanup before the server stops without it.
STOP_SECONDS = 5.0


class BackgroundTask:
    """One `@app.background` function and, while the server serves, the task running it."""

    def __init__(self, fn: Callable[[], Awaitable[Any]]) -> None:
        if not inspect.iscoroutinefunction(fn):
            name = getattr(fn, "__name__", repr(fn))
            raise TypeError(f"@app.background takes an `async def` function of no arguments, not {name}: "
                            "make it `async def` (and await asyncio.sleep between its steps)")
        self.fn = fn
        self.task: asyncio.Task | None = None

    async def start(self) -> None:
        """Start the task (the server's `before_serving`; each time it starts serving)."""
        self.task = asyncio.create_task(self._run(), name=f"pylive background {self.fn.__qualname__}")

    async def stop(self) -> None:
        """Cancel the task and give its cleanup `STOP_SECONDS` (the server's `after_serving`)."""
        task, self.task = self.task, None
        if task is None:
            return
        task.cancel()
        done, _ = await asyncio.wait([task], timeout=STOP_SECONDS)
        if not done:
            log.warning("the background task %s did not stop within %g s of being cancelled",
                        self.fn.__qualname__, STOP_SECONDS)

    async def _run(self) -> None:
        try:
            await self.fn()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("the background task %s failed, and stopped", self.fn.__qualname__)
