"""Timing each step of an async handler, from one await to the next."""

from __future__ import annotations

import asyncio

import pytest

from pylive.live import timing
from pylive.live.timing import TimedSteps


class FakeClock:
    """Time moves only when the code under test says it spent some."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def spend(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock(monkeypatch) -> FakeClock:
    clock = FakeClock()
    monkeypatch.setattr(timing, "clock", clock)
    return clock


async def test_each_step_is_timed_and_the_result_comes_through(fake_clock):
    slow: list[float] = []

    async def handler() -> str:
        fake_clock.spend(0.1)
        await asyncio.sleep(0)
        fake_clock.spend(2.0)
        await asyncio.sleep(0)
        fake_clock.spend(0.3)
        return "done"

    assert await TimedSteps(handler(), 0.25, slow.append) == "done"
    assert slow == [2.0, pytest.approx(0.3)]


async def test_errors_and_cancellation_reach_the_handler(fake_clock):
    seen: list[str] = []

    async def handler() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise

    task = asyncio.ensure_future(_run(handler()))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert seen == ["cancelled"]

    async def failing() -> None:
        await asyncio.sleep(0)
        raise KeyError("x")

    with pytest.raises(KeyError):
        await TimedSteps(failing(), 1.0, lambda took: None)


async def _run(awaitable) -> None:
    await TimedSteps(awaitable, 1.0, lambda took: None)
