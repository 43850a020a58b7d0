"""An app's own work for as long as the server serves (`@app.background`): a simulation that feeds
every page, a poller that broadcasts what it reads. Started once the server serves, in each worker
process, and cancelled as it stops; a failure is logged with its traceback, never silent.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, AsyncIterator, Awaitable, Callable

log = logging.getLogger("pylive")


def lifespan(fn: Callable[[], Awaitable[Any]]) -> Callable[[], AsyncIterator[None]]:
    """Quart's `while_serving` generator that runs `fn()` as a task from the start to the stop."""
    if not inspect.iscoroutinefunction(fn):
        name = getattr(fn, "__name__", repr(fn))
        raise TypeError(f"@app.background takes an `async def` function of no arguments, not {name}: "
                        "make it `async def` (and await asyncio.sleep between its steps)")

    async def serving() -> AsyncIterator[None]:
        task = asyncio.create_task(_run(fn), name=f"pylive background {fn.__qualname__}")
        yield
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    return serving


async def _run(fn: Callable[[], Awaitable[Any]]) -> None:
    try:
        await fn()
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("the background task %s failed, and stopped", fn.__qualname__)
