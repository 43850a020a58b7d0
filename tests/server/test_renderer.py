"""First renders and the closing of never-live sessions happen in the render thread, off the loop."""

from __future__ import annotations

import asyncio
import contextvars
import threading

from quart import request

import pylive as pl
from pylive import html as h
from pylive.live.session import Session
from pylive.server.renderer import PageRenderer
from pylive.server.sessions import SessionStore

threads: list[str] = []


def make_session():
    session = Session(h.p("x"), None)
    session.mount()
    return session


@pl.component
def Page():
    threads.append(threading.current_thread().name)
    # The request is visible as on the loop: the render runs in the request's context.
    return h.p(request.args.get("who", "nobody"), id="who")


async def test_a_page_renders_in_the_render_thread_with_the_request_context():
    threads.clear()
    app = pl.App(Page, secret_key="renderer-tests")
    response = await app.test_client().get("/?who=ada")
    html = (await response.get_data()).decode()
    assert response.status_code == 200 and ">ada</p>" in html
    assert threads and threads[0].startswith("pylive-render")
    assert threads[0] != threading.current_thread().name


async def test_a_failing_render_raises_on_the_loop():
    renderer = PageRenderer()

    def fail():
        raise ValueError("no page")

    try:
        await renderer.run(fail)
    except ValueError as exc:
        assert str(exc) == "no page"
    else:
        raise AssertionError("the render's exception was lost")
    finally:
        renderer.close()


async def test_context_variables_reach_the_render():
    name = contextvars.ContextVar("name")
    name.set("set on the loop")
    renderer = PageRenderer()
    try:
        assert await renderer.run(name.get) == "set on the loop"
    finally:
        renderer.close()


async def test_evicted_parked_sessions_are_closed_in_the_render_thread(monkeypatch):
    renderer = PageRenderer()
    closed_in: list[str] = []

    def discard(session):
        renderer.discard(session)

    store = SessionStore(30, parked_elements=1)
    store.dispose = discard
    first, second = make_session(), make_session()
    original = type(first).close

    def close(self):
        if self is first:
            closed_in.append(threading.current_thread().name)
        original(self)

    monkeypatch.setattr(type(first), "close", close)
    store.park("a" * 20, first)
    store.park("b" * 20, second)  # past the budget: the first goes
    for _ in range(200):
        if first.closed:
            break
        await asyncio.sleep(0.01)
    assert first.closed and not second.closed
    assert closed_in and closed_in[0].startswith("pylive-render")
    renderer.close()


async def test_the_loop_gets_the_gil_often_while_renders_run_back_to_back():
    """A short switch interval while the thread works (restored after), and a render that follows
    another at once waits half as long as that one took, so a flood cannot take the whole GIL."""
    import sys
    import time

    from pylive.server.renderer import PAUSE_SHARE, SWITCH_INTERVAL

    renderer = PageRenderer()
    before = sys.getswitchinterval()
    seen: list[tuple[float, float, float]] = []

    def render() -> None:
        start = time.monotonic()
        interval = sys.getswitchinterval()
        while time.monotonic() - start < 0.05:
            pass
        seen.append((start, time.monotonic(), interval))

    try:
        await asyncio.gather(renderer.run(render), renderer.run(render))
        assert [interval for _, _, interval in seen] == [SWITCH_INTERVAL, SWITCH_INTERVAL]
        assert sys.getswitchinterval() == before
        (_, first_end, _), (second_start, _, _) = seen
        assert second_start - first_end >= 0.05 * PAUSE_SHARE * 0.9
    finally:
        renderer.close()
