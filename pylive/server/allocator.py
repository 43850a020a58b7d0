"""Giving freed memory back to the operating system.

Freeing an object hands its memory to an allocator, not to the system: Python's own for small
objects, the C library's `malloc` for anything over 512 bytes (strings of HTML, socket buffers,
message payloads). Neither gives back more than whole regions left empty, so a server that peaked
(a burst of visitors, an attack) keeps much of its peak resident after the objects are gone.
Three things make that worse, all measured:

- glibc serves a block of 128 KiB or more with a mapping of its own, returned when freed, but
  raises that threshold each time it frees one (up to 32 MiB). After the first large message, the
  64 KiB - 1 MiB buffers of WebSocket messages all come from the heap: a client streaming a frame
  that never ends, cut and back a hundred times a second, left 35 MB free inside the heap, resident.
- Closing sessions frees their blocks wherever they were, leaving holes only `malloc_trim` returns.
- CPython keeps some freed objects for reuse (its free lists), scattered through the regions that
  closed sessions used, and a region goes back only once all its objects are gone.

So on glibc, `tune()` fixes the thresholds at start (large blocks are always mapped and unmapped).
And a `Trimmer` looks every `TRIM_EVERY` seconds: if Python's allocated blocks fell far since their
peak, it empties the free lists; if `MIN_FREE` more of the heap is free than after its last trim,
and over a quarter of it, it calls `malloc_trim` in a worker thread (which takes the allocator's
lock, not the interpreter's). Where the C library is not glibc 2.33 or later (macOS, musl, Windows),
only the free lists are emptied: those allocators return memory on their own terms.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import os
import sys
from typing import Callable

log = logging.getLogger("pylive.server")

#: Blocks at least this big get a mapping of their own, returned to the system when freed. Just
#: over 256 KiB: asyncio reads every socket into a fresh 256 KiB buffer and shrinks it to what
#: came, and a mapping of its own would cost three system calls (map, shrink, unmap) per frame read.
MMAP_THRESHOLD = 260 * 1024
#: Free memory at the top of the heap past this is returned at once.
TRIM_THRESHOLD = 512 * 1024
#: Seconds between looks at the heap's free memory.
TRIM_EVERY = 5.0
#: Free memory inside the heap worth a `malloc_trim`, whatever the heap's size.
MIN_FREE = 8 * 2**20
#: A fall in Python's allocated blocks from their peak this big, and by this share of it, means
#: many objects died at once (sessions closing): the free lists are emptied then.
FLUSH_BLOCKS = 100_000
FLUSH_SHARE = 0.2

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")
    ]  # fmt: skip


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    if not all(hasattr(libc, name) for name in ("mallopt", "malloc_trim", "mallinfo2")):
        return None  # musl, or a glibc older than 2.33
    libc.mallinfo2.restype = _MallInfo2
    libc.malloc_trim.argtypes = [ctypes.c_size_t]
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return libc


_libc = _glibc()


def supported() -> bool:
    """Whether this process's allocator can be tuned and trimmed (glibc 2.33 or later)."""
    return _libc is not None


def tune() -> None:
    """Fix glibc's thresholds, so that large blocks always go back to the system when freed."""
    if _libc is None:
        return
    # Setting either threshold also turns off glibc's raising of the mmap threshold. One set in the
    # environment (glibc's own variables) is the operator's choice, and stays.
    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        _libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        _libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def free_bytes() -> tuple[int, int]:
    """The heap's size and the free memory in it, in bytes ((0, 0) where unsupported)."""
    if _libc is None:
        return 0, 0
    info = _libc.mallinfo2()
    return info.arena, info.fordblks


def trim() -> bool:
    """Return the heap's free pages to the system; whether any were (False where unsupported)."""
    return bool(_libc is not None and _libc.malloc_trim(0))


def _collect_oldest() -> int:
    return gc.collect(2)


class Trimmer:
    """Every `TRIM_EVERY` seconds: empty Python's free lists after a mass of objects died, and trim
    the heap if enough of it is free (see the module)."""

    __slots__ = ("trims", "flushes", "_flush", "_task", "_peak_blocks", "_trimmed_free")

    def __init__(self, flush: Callable[[], object] | None = None) -> None:
        #: How many trims returned memory, and how many times the free lists were emptied.
        self.trims = 0
        self.flushes = 0
        #: What empties the free lists (a collection of the oldest generation, unless told otherwise).
        self._flush = flush or _collect_oldest
        self._task: asyncio.Task[None] | None = None
        self._peak_blocks = 0
        self._trimmed_free = 0

    def start(self) -> None:
        """Start looking, on the running loop."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="pylive-trimmer")

    def stop(self) -> None:
        """Stop looking."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def flush_if_many_died(self) -> bool:
        """Empty Python's free lists if its allocated blocks fell far since their peak; whether it did.

        CPython keeps freed objects of a few kinds (tuples, lists, dicts, floats, contexts) on free
        lists for reuse, and a memory region goes back to the system only once every object in it
        is gone: after thousands of sessions closed, those kept objects, scattered through the
        regions the sessions used, held a third of them. Only a collection of the oldest generation
        empties the lists; under the freeze policy it walks only what is not frozen (a few ms).
        """
        blocks = sys.getallocatedblocks()
        if blocks > self._peak_blocks:
            self._peak_blocks = blocks
            return False
        if self._peak_blocks - blocks < FLUSH_BLOCKS or blocks > self._peak_blocks * (1 - FLUSH_SHARE):
            return False
        self._flush()
        self.flushes += 1
        self._peak_blocks = sys.getallocatedblocks()
        return True

    def trim_if_worth_it(self) -> bool:
        """Trim the heap if `MIN_FREE` more of it is free than after the last trim, and over a quarter."""
        if _libc is None:
            return False
        heap, free = free_bytes()
        # Trimmed pages still count as free: what matters is what was freed since.
        self._trimmed_free = min(self._trimmed_free, free)
        if free - self._trimmed_free < MIN_FREE or free * 4 < heap:
            return False
        self._trimmed_free = free
        return trim()

    async def look(self) -> None:
        """Look once now: the free lists on the loop, the heap in a worker thread."""
        self.flush_if_many_died()
        if _libc is not None and await asyncio.to_thread(self.trim_if_worth_it):
            self.trims += 1

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(TRIM_EVERY)
            try:
                await self.look()
            except Exception:  # never expected; the trimmer must not take the server down with it
                log.exception("giving memory back failed; it no longer is")
                return
