"""The freeze policy: young survivors are frozen; a doubled frozen population is collected."""

from __future__ import annotations

import asyncio
import gc

from pylive import gcpolicy
from pylive.gcpolicy import FreezePolicy


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_young_survivors_are_frozen_and_frozen_garbage_is_collected_once_it_doubles(monkeypatch):
    monkeypatch.setattr(gcpolicy, "MIN_OBJECTS", 0)
    policy = FreezePolicy()
    policy.install()
    try:
        base = policy.base
        assert base == gc.get_freeze_count() > 0
        kept = [[i] for i in range(1000)]
        gc.collect(1)  # a young collection: its survivors get frozen once the loop runs
        assert policy._pending
        await asyncio.sleep(0)
        assert not policy._pending
        assert gc.get_freeze_count() >= base + len(kept)
        # Cyclic garbage that got frozen while it was live stays until the frozen population doubles.
        cycles = [Cycle() for _ in range(base * 9 // 10)]
        gc.collect(1)
        await asyncio.sleep(0)
        frozen = gc.get_freeze_count()
        assert frozen >= base + len(kept) + len(cycles)
        del cycles
        assert gc.get_freeze_count() >= frozen - 1  # unreachable, yet nothing frees them
        more = [[i] for i in range(base // 5)]  # live state grows: the frozen set passes twice its base
        gc.collect(1)
        await asyncio.sleep(0)
        assert gc.get_freeze_count() < base + len(kept) + 2 * len(more) + 1000  # the cycles were collected
        assert policy.base < frozen  # the new base is what survived
    finally:
        policy.uninstall()
        gc.unfreeze()
    gc.collect(1)
    assert not policy._pending  # uninstalled: no more freezing
