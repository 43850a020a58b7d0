"""The allocator: memory freed inside the C heap goes back to the system."""

from __future__ import annotations

import asyncio
import json
import platform
import subprocess
import sys
import textwrap

from pylive.server import allocator
from pylive.server.allocator import Trimmer

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"

# In a process of its own: what it allocates and how it tunes the heap must not touch the tests'.
SCRIPT = textwrap.dedent(
    """
    import asyncio, json
    from pylive.server import allocator
    from pylive.server.gcpolicy import resident_bytes

    async def main():
        allocator.tune()
        trimmer = allocator.Trimmer()
        await trimmer.look()
        nothing_to_trim = trimmer.trims
        # 96 MB of 1 KB blocks (the C heap's, not Python's small-object allocator), a few kept,
        # spread out, so that the heap cannot shrink from its top: the state sessions leave.
        blocks = [bytearray(1000) for _ in range(96 * 1024)]
        kept = blocks[::256]
        del blocks
        freed = resident_bytes()
        heap, free = allocator.free_bytes()
        await trimmer.look()
        print(json.dumps({"nothing_to_trim": nothing_to_trim, "trims": trimmer.trims, "heap": heap,
                          "free": free, "freed": freed, "trimmed": resident_bytes(), "kept": len(kept)}))

    asyncio.run(main())
    """
)


def test_a_heap_left_mostly_free_is_given_back_to_the_system():
    assert allocator.supported() == GLIBC
    if not GLIBC:
        return  # elsewhere the allocator gives memory back on its own terms: nothing to check
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    figures = json.loads(out)
    assert figures["nothing_to_trim"] == 0  # a fresh heap is not worth a trim
    assert figures["free"] > 64 * 2**20  # freed, yet still the process's ...
    assert figures["trims"] == 1
    assert figures["freed"] - figures["trimmed"] > 48 * 2**20  # ... until trimmed


def test_a_socket_read_buffer_is_under_the_mapping_threshold():
    from asyncio.selector_events import _SelectorSocketTransport

    # asyncio reads every frame into a fresh buffer of `max_size` bytes (plus the bytes object's
    # header): a mapping of its own would cost three system calls per frame read.
    assert _SelectorSocketTransport.max_size + 64 < allocator.MMAP_THRESHOLD <= 1024 * 1024


async def test_where_unsupported_everything_is_a_no_op(monkeypatch):
    monkeypatch.setattr(allocator, "_libc", None)
    assert not allocator.supported()
    allocator.tune()
    assert allocator.free_bytes() == (0, 0)
    assert allocator.trim() is False
    trimmer = Trimmer()
    assert trimmer.trim_if_worth_it() is False
    await trimmer.look()
    assert trimmer.trims == 0


async def test_the_trimmer_looks_every_few_seconds_until_stopped(monkeypatch):
    if not GLIBC:
        return
    looks: list[int] = []
    monkeypatch.setattr(allocator, "TRIM_EVERY", 0.01)
    monkeypatch.setattr(Trimmer, "trim_if_worth_it", lambda self: looks.append(1) or True)
    trimmer = Trimmer()
    trimmer.start()
    await asyncio.sleep(0.2)
    trimmer.stop()
    seen = len(looks)
    assert seen >= 3 and trimmer.trims == seen
    await asyncio.sleep(0.05)
    assert len(looks) == seen


def test_the_free_lists_are_emptied_once_many_objects_died(monkeypatch):
    # The share is of all this process's blocks, which may be millions (the whole test suite).
    monkeypatch.setattr(allocator, "FLUSH_SHARE", 0.01)
    trimmer = Trimmer()
    assert not trimmer.flush_if_many_died()  # the first look sets the peak
    objects = [(i, str(i)) for i in range(200_000)]  # a mass of small objects, as sessions are
    assert not trimmer.flush_if_many_died()  # a new peak
    flushes = trimmer.flushes
    del objects
    assert trimmer.flush_if_many_died()
    assert trimmer.flushes == flushes + 1
    assert not trimmer.flush_if_many_died()  # once: the peak is where the blocks are now
