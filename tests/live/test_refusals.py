"""The log of refused frames: a few lines, then counts."""

from __future__ import annotations

import logging

from pylive.live.refusals import RefusalLog


async def test_a_flood_gets_a_few_lines_then_a_count(caplog):
    caplog.set_level(logging.WARNING, logger="pylive")
    refusals = RefusalLog(burst=2, interval=3600)
    for n in range(10):
        refusals.note(f"reason {n}")
    assert [r.getMessage() for r in caplog.records] == ["refused a frame: reason 0", "refused a frame: reason 1"]
    refusals.close()
    assert caplog.records[-1].getMessage() == (
        "refused 8 more frames from this page, not logged one by one (the last one: reason 9)"
    )
    refusals.close()
    assert len(caplog.records) == 3


async def test_a_quiet_interval_gives_the_lines_back(caplog):
    caplog.set_level(logging.WARNING, logger="pylive")
    refusals = RefusalLog(burst=1, interval=3600)
    refusals.note("first")
    refusals.note("second")
    refusals._end_interval()  # the interval ends: the count is logged
    refusals._end_interval()  # and the next one was quiet
    refusals.note("third")
    refusals.close()
    assert [r.getMessage() for r in caplog.records] == [
        "refused a frame: first",
        "refused 1 more frames from this page, not logged one by one (the last one: second)",
        "refused a frame: third",
    ]
