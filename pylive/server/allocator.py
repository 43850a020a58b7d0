"""Giving freed memory back to the operating system.

Freeing an object hands its memory to an allocator, not to the system: Python's own for small
objects, the C library's `malloc` for anything over 512 bytes (strings of HTML, socket buffers,
message payloads). glibc's `malloc` keeps what it is given for reuse, and returns it only from the
top of its heap, so a server that peaked (a burst of visitors, an attack) keeps its peak resident
after the objects are gone. Two things make that worse, both measured:

- glibc serves a block of 128 KiB or more with a mapping of its own, returned when freed, but
  raises that threshold each time it frees one (up to 32 MiB). After the first large message, the
  64 KiB - 1 MiB buffers of WebSocket messages all come from the heap: a client streaming a frame
  that never ends, cut and back a hundred times a second, left 35 MB free inside the heap, resident.
- Closing sessions frees their blocks wherever they were, leaving holes only `malloc_trim` returns.

So on glibc, `tune()` fixes the thresholds at start (large blocks are always mapped and unmapped),
and a `Trimmer` looks every `TRIM_EVERY` seconds at how much the heap holds free and calls
`malloc_trim` once that is over `MIN_FREE` and a quarter of the heap, in a worker thread (it takes
the allocator's lock, not the interpreter's). Elsewhere (macOS, musl, Windows) both do nothing: those
allocators return memory on their own terms.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger("pylive.server")

#: Blocks at least this big get a mapping of their own, returned to the system when freed.
MMAP_THRESHOLD = 256 * 1024
#: Free memory at the top of the heap past this is returned at once.
TRIM_THRESHOLD = 512 * 1024
#: Seconds between looks at the heap's free memory.
TRIM_EVERY = 5.0
#: Free memory inside the heap worth a `malloc_trim`, whatever the heap's size.
MIN_FREE = 8 * 2**20

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
    # Setting either threshold also turns off glibc's raising of the mmap threshold.
    _libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
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


def _trim_if_worth_it() -> bool:
    heap, free = free_bytes()
    if free < MIN_FREE or free * 4 < heap:
        return False
    return trim()


class Trimmer:
    """Every `TRIM_EVERY` seconds, trim the heap if enough of it is free (see the module)."""

    __slots__ = ("trims", "_task")

    def __init__(self) -> None:
        #: How many trims returned memory, for the dashboard and the tests.
        self.trims = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start looking, on the running loop (nothing happens where trimming is unsupported)."""
        if _libc is not None and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="pylive-trimmer")

    def stop(self) -> None:
        """Stop looking."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def trim_now(self) -> None:
        """Look once now (after a collection freed much, say), in a worker thread."""
        if _libc is not None and await asyncio.to_thread(_trim_if_worth_it):
            self.trims += 1

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(TRIM_EVERY)
            try:
                await self.trim_now()
            except Exception:  # never expected; the trimmer must not take the server down with it
                log.exception("trimming the heap failed; memory is no longer given back")
                return
