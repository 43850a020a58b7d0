"""Garbage collection for a server holding thousands of long-lived sessions.

CPython's full collection walks every tracked object: with 10,000 live sessions that is over a
million objects and a pause of seconds, and one comes every few seconds of clicks (each render keeps
a few new objects, and a full collection runs once those reach a quarter of the old ones).

So whatever survives the young collections is frozen (`gc.freeze()`), and full collections find
almost nothing left to walk. Frozen objects are still freed when their reference count drops, so
a steady load keeps the frozen population flat; what grows it is new live state and cyclic
garbage, which only a collection of everything reclaims (pylive's own sessions and connections
leave none: they are freed by reference counting). Once the process's memory has doubled since the
last such collection, one is made, and what survives it is frozen again: the cost of CPython's own
policy, paid far less often, and never while the population is steady. A collection that finds
the growth was live doubles the growth the next one waits for. (Memory, not
`gc.get_freeze_count()`: counting walks every frozen object, tens of milliseconds with a million
of them.) And after a mass of objects died while little is left alive, everything is collected at
once, which is short then.

Young collections need pacing of their own. CPython starts one when the young generation's count
(allocations minus deallocations) passes a threshold, but every time a render frees the frozen tree
it replaces, the count goes down while the new tree stays in the young list: under a steady stream
of events the count hardly moves and the list grows until one collection walks the survivors of
hundreds of events (13-20 ms with 1,000 sessions clicking, every 0.7 s: the whole tail of the
latency). So each connection reports the frames it has sent (`work_done`, once per batch), and
every so many reports the policy collects the young generation and freezes what survives; how many
adapts so that one such collection stays near `YOUNG_PAUSE`.

Render passes keep the collector off while they run. One that made many objects (a table of
thousands of rows) has them frozen as it ends (`after_render`): they are the page, and the first
young collection would otherwise walk them all, to find them alive, before the pass's message left.

Freed memory goes back to the allocator, not to the system: the policy's `Trimmer`
(`pylive.server.allocator`) gives it back, and tells the policy when a mass of objects died.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time

from pylive.live import tree
from pylive.server.allocator import Trimmer, tune

#: Growth below this is not worth a collection of everything, whatever the ratio.
MIN_GROWTH = 64 * 2**20

#: A collection of everything that frees under 1 / FREED_ENOUGH of the allocated blocks found the
#: growth was live: the factor doubles, up to MAX_FACTOR.
FREED_ENOUGH = 10
MAX_FACTOR = 16.0

#: Below this many allocated blocks a collection of everything takes tens of milliseconds (42 ms
#: at a million here): worth it after a mass of sessions closed.
CHEAP_BLOCKS = 800_000

#: A render pass that leaves more new objects than this has them frozen as it ends.
BIG_PASS = 20_000

#: The pause one paced young collection aims at, seconds.
YOUNG_PAUSE = 0.001
#: Bounds on the reports of sent frames between paced young collections.
MIN_EVERY, MAX_EVERY = 1, 1024

#: The policies installed in this process, oldest first: the newest one's hook ends render passes.
_serving: list["FreezePolicy"] = []

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int:
    """The process's resident memory now (its peak where /proc is missing, as on macOS)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except OSError:
        pass
    if sys.platform == "win32":
        # `resource` is Unix-only: importing it at the top would stop the server starting on Windows.
        import psutil

        return psutil.Process().memory_info().rss
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux kilobytes


class FreezePolicy:
    """Freeze the survivors of young collections; collect everything when memory doubles."""

    __slots__ = ("base", "every", "factor", "trimmer", "_loop", "_pending", "_work")

    def __init__(self) -> None:
        self.base = 0
        #: Memory grows to this many times `base` before everything is collected (see `collect_all`).
        self.factor = 2.0
        #: Reports of sent frames between paced young collections (adapted to their pause).
        self.every = 64
        #: Gives the heap's free memory back to the system.
        self.trimmer = Trimmer(flush=self._after_mass_death)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending = False
        self._work = 0

    def install(self) -> None:
        """Start on the serving loop: collect and freeze what start-up made, then follow collections."""
        self._loop = asyncio.get_running_loop()
        tune()
        self.collect_all()
        self.factor = 2.0  # what start-up left is no sign of what the server's growth will be
        if self._on_gc not in gc.callbacks:
            gc.callbacks.append(self._on_gc)
        if self not in _serving:
            _serving.append(self)
        tree.resume_collector = self.after_render
        self.trimmer.start()

    def uninstall(self) -> None:
        """Stop following collections (the server stopped), and let the collector see everything again.

        Unfrozen so that a process that goes on (tests that start and stop servers) can collect
        what the server left behind.
        """
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        if self in _serving:
            _serving.remove(self)
        # Another app's policy, if one still serves in this process (servers stop in any order).
        tree.resume_collector = _serving[-1].after_render if _serving else gc.enable
        self.trimmer.stop()
        self._loop = None
        self._pending = False
        gc.unfreeze()

    def collect_all(self) -> None:
        """Collect everything, frozen or not, and freeze what survives.

        If that freed little, the growth was live state, not garbage: the next such collection
        waits for memory to grow by twice the factor (up to `MAX_FACTOR`), so that a server whose
        sessions simply grow does not pay for collections that find nothing; one that frees
        much brings the factor back to 2.
        """
        blocks = sys.getallocatedblocks()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        freed = blocks - sys.getallocatedblocks()
        self.factor = 2.0 if freed * FREED_ENOUGH >= blocks else min(MAX_FACTOR, self.factor * 2)
        self.base = resident_bytes()

    def _after_mass_death(self) -> None:
        """Many objects just died (sessions closing by the thousand): the trimmer empties the free
        lists. If little is left alive, a collection of everything is short now (it walks what is
        left), and it also frees whatever garbage was frozen, and the memory regions it held."""
        if sys.getallocatedblocks() < CHEAP_BLOCKS:
            self.collect_all()
        else:
            gc.collect(2)  # the frozen are not walked: only the free lists are emptied

    def work_done(self) -> None:
        """Frames went out: every `every` reports, collect the young generation and freeze the rest."""
        if self._loop is None:
            return
        self._work += 1
        if self._work < self.every:
            return
        self._work = 0
        start = time.perf_counter()
        gc.collect(0)
        gc.freeze()
        pause = time.perf_counter() - start
        if pause > YOUNG_PAUSE:
            self.every = max(MIN_EVERY, self.every // 2)
        elif pause < YOUNG_PAUSE / 4:
            self.every = min(MAX_EVERY, self.every * 2)

    def after_render(self) -> None:
        """A render pass on the loop ended (`pylive.live.tree.resume_collector`): turn the collector
        back on, first freezing what the pass made if it made many objects.

        Those are the page's new elements and instances, alive for as long as it shows them; the
        first young collection would otherwise walk them all, between the pass and its message
        leaving (50 ms for a 10,000-row table, 8 ms for 1,000 rows), to find them alive.
        """
        if gc.get_count()[0] > BIG_PASS:
            gc.freeze()
        gc.enable()

    def rendered(self) -> None:
        """A first render made a whole session, which lives on: freeze it at once (in the render thread).

        Left young, the objects of a few big pages reached the middle generation by the hundred
        thousand, and its collection, which holds the interpreter, stalled every live page for
        100 ms under a flood of page loads. The young generation is collected first (it is small
        right after a render), so that the cyclic garbage of requests (werkzeug's URL matcher
        leaves a cycle per match) is freed rather than frozen.
        """
        if self._loop is not None:
            gc.collect(0)
            gc.freeze()

    def _on_gc(self, phase: str, info: dict) -> None:
        if phase != "stop" or info["generation"] == 0 or self._pending:
            return
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        self._pending = True
        # Not from inside the collector (nor from another thread): on the loop, once it is done.
        loop.call_soon_threadsafe(self._freeze)

    def _freeze(self) -> None:
        self._pending = False
        if self._loop is None:
            return  # uninstalled meanwhile
        # The young first: what died young (werkzeug's URL matcher leaves a cycle per request) is
        # freed now rather than frozen, where only a collection of everything would find it.
        gc.collect(0)
        gc.freeze()
        rss = resident_bytes()
        if rss > self.factor * self.base and rss - self.base > MIN_GROWTH:
            self.collect_all()
