"""The freeze policy: young survivors are frozen; once memory doubles, everything is collected."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import weakref

from pylive.server import gcpolicy
from pylive.server.gcpolicy import FreezePolicy, resident_bytes


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_young_survivors_are_frozen_and_frozen_garbage_is_collected_once_memory_doubles(monkeypatch):
    monkeypatch.setattr(gcpolicy, "MIN_GROWTH", 0)
    policy = FreezePolicy()
    policy.install()
    try:
        assert policy.base > 0 and gc.get_freeze_count() > 0
        start = gc.get_freeze_count()
        kept = [[i] for i in range(1000)]
        gc.collect(1)  # a young collection: its survivors get frozen once the loop runs
        assert policy._pending
        await asyncio.sleep(0)
        assert not policy._pending
        assert gc.get_freeze_count() >= start + len(kept)
        # Cyclic garbage frozen while it was live stays while memory has not doubled.
        cycles = [Cycle() for _ in range(20_000)]
        gc.collect(1)
        await asyncio.sleep(0)
        frozen = gc.get_freeze_count()
        # Other frozen objects may die meanwhile (a finished test's leftovers): a margin for those.
        noise = 1000
        assert frozen >= start + len(kept) + len(cycles) - noise
        del cycles
        gc.collect(1)
        await asyncio.sleep(0)
        assert gc.get_freeze_count() >= frozen - noise  # 20,000 unreachable, yet still there
        policy.base = 1  # as if memory had doubled since the last collection of everything
        gc.collect(1)
        await asyncio.sleep(0)
        assert gc.get_freeze_count() < frozen - 19_000  # the cycles were collected
        assert policy.base > resident_bytes() // 2  # and the new base is today's memory
    finally:
        policy.uninstall()
    assert gc.get_freeze_count() == 0  # what the server froze is collectable again once it stopped
    gc.collect(1)
    assert not policy._pending  # uninstalled: no more freezing


async def test_sent_frames_pace_young_collections_whose_survivors_are_frozen(monkeypatch):
    policy = FreezePolicy()
    policy.every = 4
    policy.work_done()  # not installed: nothing happens, nothing is counted
    assert policy._work == 0
    policy.install()
    try:
        monkeypatch.setattr(gcpolicy, "YOUNG_PAUSE", 1.0)  # any pause is short: pacing relaxes
        for _ in range(3):
            policy.work_done()
        start = gc.get_freeze_count()
        kept = [[i] for i in range(1000)]
        garbage = weakref.ref(Cycle())
        policy.work_done()  # the fourth frame: a young collection, and its survivors frozen
        assert garbage() is None
        assert gc.get_freeze_count() >= start + len(kept)
        assert policy.every == 8 and policy._work == 0
        monkeypatch.setattr(gcpolicy, "YOUNG_PAUSE", 0.0)  # any pause is too long: collect more often
        for _ in range(8):
            policy.work_done()
        assert policy.every == 4
        for _ in range(20):
            for _ in range(policy.every):
                policy.work_done()
        assert policy.every == gcpolicy.MIN_EVERY
    finally:
        policy.uninstall()
        gc.unfreeze()


def test_the_server_imports_where_the_unix_only_resource_module_is_missing():
    # As on Windows: `import resource` fails there, and the server must still start.
    code = (
        "import sys; sys.modules['resource'] = None\n"
        "import pylive.server.app, pylive.server.gcpolicy as g\n"
        "assert g.resident_bytes() > 0\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


async def test_a_first_render_is_frozen_in_the_render_thread():
    """A page load's whole session is frozen as it is made, in the render thread: left young, a
    flood's pages filled the middle generation, whose collection held the interpreter for 100 ms."""
    import threading

    import pylive as pl
    from pylive import html as h
    from pylive.server.renderer import PageRenderer

    policy = FreezePolicy()
    policy.install()
    threads: list[str] = []

    def after() -> None:
        threads.append(threading.current_thread().name)
        policy.rendered()

    renderer = PageRenderer(after=after)
    try:
        page = await renderer.run(lambda: [[i] for i in range(5000)])
        assert threads and threads[0].startswith("pylive-render")
        # Frozen: in none of the collector's generations. (The freeze count is no measure: another
        # thread's collection may unfreeze and collect meanwhile, as a full test run's servers do.)
        assert not any(o is page for g in (0, 1, 2) for o in gc.get_objects(generation=g))
        assert not any(o is page[-1] for g in (0, 1, 2) for o in gc.get_objects(generation=g))
    finally:
        renderer.close()
        policy.uninstall()
    app = pl.App(lambda: h.p("x"))
    assert app.renderer.after == app.gc_policy.rendered  # the app's first renders are frozen so


async def test_after_a_mass_of_objects_died_everything_is_collected_if_little_is_left(monkeypatch):
    policy = FreezePolicy()
    policy.install()
    try:
        cycles = [Cycle() for _ in range(20_000)]
        gc.collect(1)
        await asyncio.sleep(0)  # frozen while alive, as a session's objects are
        frozen = gc.get_freeze_count()
        del cycles  # they die: frozen garbage
        monkeypatch.setattr(gcpolicy, "CHEAP_BLOCKS", 0)  # much is left alive: the free lists only
        policy._after_mass_death()
        assert gc.get_freeze_count() >= frozen - 1000
        monkeypatch.setattr(gcpolicy, "CHEAP_BLOCKS", 10**12)  # little is left
        policy._after_mass_death()
        assert gc.get_freeze_count() < frozen - 19_000  # everything was collected, the cycles too
    finally:
        policy.uninstall()


async def test_a_collection_that_frees_little_doubles_the_growth_the_next_one_waits_for(monkeypatch):
    # "Little" relative to this process, which may hold millions of blocks (the whole test suite):
    # under 100,000 of them freed.
    monkeypatch.setattr(gcpolicy, "FREED_ENOUGH", max(10, sys.getallocatedblocks() // 100_000))
    policy = FreezePolicy()
    policy.install()
    try:
        assert policy.factor == 2.0
        policy.collect_all()  # whatever earlier tests left is gone
        policy.factor = 2.0
        live = [[i] for i in range(100_000)]  # growth that is live state
        policy.collect_all()
        assert policy.factor == 4.0
        policy.collect_all()
        assert policy.factor == 8.0
        garbage = [Cycle() for _ in range(200_000)]  # growth that is garbage, once dropped
        gc.collect(1)
        await asyncio.sleep(0)
        del garbage
        policy.collect_all()
        assert policy.factor == 2.0
        del live
    finally:
        policy.uninstall()


async def test_a_big_render_pass_is_frozen_as_it_ends_and_a_small_one_is_left_young():
    import pylive as pl
    from pylive import html as h
    from pylive.live import tree as tree_module
    from pylive.live.tree import Tree

    rows: list = []

    @pl.component
    def Table():
        n, set_n = pl.use_state(0)
        rows.append(set_n)
        return h.ul([h.li(str(i), key=i) for i in range(n)])

    previous = tree_module.resume_collector  # gc.enable, or a server's still serving in this process
    policy = FreezePolicy()
    policy.install()
    try:
        assert tree_module.resume_collector == policy.after_render
        tree = Tree()
        tree.mount(Table())
        rows[-1](2)
        before = gc.get_freeze_count()
        tree.render()
        assert gc.isenabled()
        assert gc.get_freeze_count() < before + gcpolicy.BIG_PASS  # a small pass stays young
        rows[-1](20_000)
        before = gc.get_freeze_count()
        tree.render()
        assert gc.isenabled()
        # The new elements and their mounted slots were frozen, not left for a young collection.
        assert gc.get_freeze_count() >= before + 20_000
        assert gc.get_count()[0] < gcpolicy.BIG_PASS
    finally:
        policy.uninstall()
    assert tree_module.resume_collector == previous


async def test_two_policies_installed_in_turn_leave_the_render_hook_to_the_one_still_serving():
    from pylive.live import tree as tree_module

    previous = tree_module.resume_collector  # gc.enable, or a server's still serving in this process
    first, second, third = FreezePolicy(), FreezePolicy(), FreezePolicy()
    first.install()
    try:
        second.install()
        assert tree_module.resume_collector == second.after_render
        second.uninstall()
        assert tree_module.resume_collector == first.after_render
        # Servers stop in any order: one stopped before the newest leaves no hook of its own behind.
        third.install()
        first.uninstall()
        assert tree_module.resume_collector == third.after_render
        third.uninstall()
    finally:
        first.uninstall()
        third.uninstall()
    assert tree_module.resume_collector == previous
