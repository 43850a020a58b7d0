"""`within`: a wait with a time limit that leaves nothing of its caller behind in the loop."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import weakref

import pytest

from pylive.server.deadline import within

held: contextvars.ContextVar[object] = contextvars.ContextVar("held")


class Connection:
    """Stands for what a WebSocket's context holds."""


async def test_it_returns_what_it_waited_for():
    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    assert await within(answer(), 1) == 42


async def test_it_raises_timeout_error_and_cancels_the_wait():
    cancelled = asyncio.Event()

    async def never() -> None:
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with pytest.raises(TimeoutError, match="within 0.05 s"):
        await within(never(), 0.05)
    assert cancelled.is_set()
    await asyncio.sleep(0.01)  # and the task goes on: no cancel is left pending on it
    assert asyncio.current_task().cancelling() == 0


async def test_a_cancel_from_outside_is_not_taken_for_a_timeout():
    async def waiter() -> None:
        await within(asyncio.sleep(60), 30)

    task = asyncio.ensure_future(waiter())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_the_callers_context_is_not_kept_once_the_wait_is_over():
    # asyncio.wait_for's cancelled timer stays queued until its time, holding the caller's context.
    refs: list[weakref.ref] = []

    def handler(wait):
        async def run() -> None:
            connection = Connection()
            refs.append(weakref.ref(connection))
            held.set(connection)
            del connection
            await wait(asyncio.sleep(0), 30)

        return run

    async def kept(wait) -> bool:
        # A server has other timers due sooner: the cancelled one is not at the head of the queue,
        # where the loop drops cancelled timers as it goes.
        sooner = asyncio.get_running_loop().call_later(10, print)
        await asyncio.get_running_loop().create_task(handler(wait)(), context=contextvars.Context())
        await asyncio.sleep(0)  # the loop lets go of the finished task (its wake-up held it)
        gc.collect()
        sooner.cancel()
        return refs[-1]() is not None

    assert await kept(asyncio.wait_for)  # what the test would see without `within`
    assert not await kept(within)
