"""The freeze policy: survivors of a full collection are frozen; enough closed sessions thaw them."""

from __future__ import annotations

import asyncio
import gc

from pylive.gcpolicy import MIN_THAW, FreezePolicy


async def test_full_collection_survivors_are_frozen_and_closed_sessions_thaw_them():
    policy = FreezePolicy()
    policy.install()
    try:
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        kept = [[i] for i in range(1000)]
        gc.collect()  # a full collection: its survivors get frozen once the loop runs
        assert policy._freeze_pending
        await asyncio.sleep(0)
        assert not policy._freeze_pending
        assert gc.get_freeze_count() >= len(kept)
        for _ in range(MIN_THAW - 1):
            policy.session_closed(live=10)
        assert gc.get_freeze_count() > 0
        policy.session_closed(live=10)
        assert gc.get_freeze_count() == 0
    finally:
        policy.uninstall()
        gc.unfreeze()
    gc.collect()
    assert not policy._freeze_pending  # uninstalled: no more freezing
