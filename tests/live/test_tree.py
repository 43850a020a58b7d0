"""The mounted tree's render passes and the cyclic collector they hold off."""

from __future__ import annotations

import gc
import threading

import pylive as pl
from pylive import html as h
from pylive.live.tree import Tree


def test_the_collector_stays_off_until_the_last_of_overlapping_passes_in_two_threads_ends() -> None:
    # First renders run in a worker thread while the loop renders: each pass reading and setting
    # the collector on its own could leave it off for good.
    entered, release = threading.Event(), threading.Event()

    @pl.component
    def Slow():
        entered.set()
        release.wait(5)
        return h.p("slow")

    assert gc.isenabled()
    worker = threading.Thread(target=lambda: Tree().mount(Slow()))
    worker.start()
    try:
        assert entered.wait(5)
        assert not gc.isenabled()  # the worker's pass holds it off
        Tree().mount(h.p("inside"))  # a whole pass on this thread, inside the worker's
        assert not gc.isenabled()  # still held: the worker's pass has not ended
    finally:
        release.set()
        worker.join(5)
    assert gc.isenabled()


def test_a_pass_that_fails_turns_the_collector_back_on() -> None:
    @pl.component
    def Broken():
        raise RuntimeError("boom")

    tree = Tree()
    tree.mount(Broken())  # the error boundary shows it; the pass ends normally
    assert gc.isenabled()


@pl.component
def Restless():
    n, set_n = pl.use_state(0)
    set_n(n + 1)  # in the body: every render asks for another
    return h.p(str(n))


async def test_state_set_on_every_render_is_stopped_and_said_with_the_fix(caplog) -> None:
    import json

    from pylive.live.tree import MAX_RENDERS_PER_PASS
    from pylive.testing import render

    async with render(Restless(), debug=True) as view:
        assert view.html() == f"<p>{MAX_RENDERS_PER_PASS}</p>"  # stopped, and the page still answers
        faults = [json.loads(f) for f in view.frames if '"fault"' in f]
    assert faults and "Restless's state was set while rendering" in faults[-1]["error"]
    assert "set state in a handler or an effect, not while rendering" in caplog.text
