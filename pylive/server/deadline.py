"""Waiting with a time limit without keeping the waiter's context alive afterwards.

`asyncio.wait_for` and `asyncio.timeout` arm a timer in the caller's context and cancel it when the
wait ends; but a cancelled timer stays in the loop's queue until its time comes, and with it the
context it was made in. In a WebSocket's handler that context holds the connection: its request,
its protocol objects, the last frame's bytes. A join waited on for 10 s kept every connection
for 10 s after it ended (a client reconnecting a hundred times a second kept a thousand). `within`
arms its timer in an empty context.
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Awaitable, TypeVar

T = TypeVar("T")


async def within(awaitable: Awaitable[T], seconds: float) -> T:
    """`await awaitable`, or raise `TimeoutError` once `seconds` have passed (and cancel it).

        join = await within(ws.receive(), 10)
    """
    task = asyncio.current_task()
    if task is None:
        raise RuntimeError("within() needs a running task")
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    timer = asyncio.get_running_loop().call_later(seconds, expire, context=contextvars.Context())
    try:
        return await awaitable
    except asyncio.CancelledError:
        # Ours, unless the task was also cancelled from outside: then that cancel goes on.
        if expired and task.uncancel() == 0:
            raise TimeoutError(f"no answer within {seconds:g} s") from None
        raise
    finally:
        timer.cancel()
