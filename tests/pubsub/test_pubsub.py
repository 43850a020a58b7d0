"""Pub/sub in one process: delivery through real sessions, order, batching, bounds, resume, backends."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

import pylive as pl
from pylive import html as h
from pylive.live.session import Session
from pylive.pubsub import Hub, configure, current_hub, warn_if_local
from pylive.pubsub.hub import ENV_URL
from pylive.pubsub.memory import MemoryBackend
from pylive.testing import render


@pytest.fixture(autouse=True)
def memory_hub(monkeypatch: pytest.MonkeyPatch) -> Hub:
    """A fresh in-process hub for every test, so no subscription leaks from one to the next."""
    monkeypatch.delenv(ENV_URL, raising=False)
    return configure(None)


@pl.component
def Feed(topic: str = "feed"):
    lines, set_lines = pl.use_state(())
    pl.use_subscription(topic, lambda line: set_lines(lambda old: old + (line,)))
    return h.ul([h.li(str(line), key=str(i)) for i, line in enumerate(lines)], id="feed")


def texts(view) -> list[str]:
    return [n.text for n in view.find_all("#feed li")]


async def test_a_broadcast_reaches_every_subscribed_session() -> None:
    async with render(Feed()) as a, render(Feed()) as b, render(Feed(topic="other")) as c:
        await pl.broadcast("feed", "hello")
        pl.broadcast_nowait("feed", "again")
        for view in (a, b, c):
            await view.settle()
        assert texts(a) == texts(b) == ["hello", "again"]
        assert texts(c) == []


@pl.component
def Sender():
    def send() -> None:
        pl.broadcast("feed", "no await")  # its result dropped: nothing awaits it

    return h.button("send", id="send", on_click=send)


async def test_a_broadcast_goes_whether_or_not_it_is_awaited(recwarn) -> None:
    # `pl.broadcast(...)` without `await`, in a plain handler: it used to be a coroutine never run.
    async with render(Feed()) as feed, render(Sender()) as sender:
        await sender.click("#send")
        await feed.settle()
        assert texts(feed) == ["no await"]
    assert not [w for w in recwarn if "never awaited" in str(w.message)]


async def test_what_broadcast_returns_is_a_coroutine_as_it_was() -> None:
    # Code written when broadcast was an `async def` hands it to create_task or asyncio.run.
    async with render(Feed()) as feed:
        await asyncio.create_task(pl.broadcast("feed", "as a task"))
        await feed.settle()
        assert texts(feed) == ["as a task"]


async def test_changes_of_one_turn_make_one_message_in_order() -> None:
    async with render(Feed()) as view:
        before = len(view.frames)
        for i in range(50):
            pl.broadcast_nowait("feed", i)
        await view.settle()
        assert texts(view) == [str(i) for i in range(50)]
        assert len(view.frames) == before + 1  # one render pass, one message


async def test_async_handlers_keep_the_order_of_messages() -> None:
    seen: list[int] = []

    @pl.component
    def Slow():
        async def handle(n: int) -> None:
            await asyncio.sleep(0.001 * (5 - n % 5))  # later messages would finish first if run at once
            seen.append(n)

        pl.use_subscription("slow", handle)
        return h.p("slow")

    async with render(Slow()) as view:
        for i in range(20):
            pl.broadcast_nowait("slow", i)
        await view.settle()
        assert seen == list(range(20))


async def test_a_slow_subscriber_is_bounded_and_told_what_it_missed() -> None:
    release = asyncio.Event()
    got: list = []

    @pl.component
    def Stuck():
        async def handle(n: int) -> None:
            await release.wait()
            got.append(n)

        pl.use_subscription("busy", handle, max_pending=5, on_missed=lambda count: got.append(("missed", count)))
        return h.p("stuck")

    async with render(Stuck()) as view:
        pl.broadcast_nowait("busy", 0)
        await asyncio.sleep(0)  # 0 is being handled: the handler waits
        for i in range(1, 21):
            pl.broadcast_nowait("busy", i)
        sub = next(iter(current_hub().topics["busy"]))
        assert len(sub.pending) <= 6  # five messages and one gap, never twenty
        release.set()
        await view.settle()
        pl.broadcast_nowait("busy", 99)
        await view.settle()
    assert got == [0, 1, 2, 3, 4, 5, ("missed", 15), 99]


async def test_a_missed_count_without_on_missed_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    hub = current_hub()
    got: list = []
    sub = hub.subscribe("t", got.append, max_pending=2)
    for i in range(5):
        hub.publish("t", i)
    with caplog.at_level(logging.WARNING, logger="pylive"):
        await asyncio.sleep(0)
    sub.close()
    assert got == [0, 1]
    assert "missed 3 messages" in caplog.text


async def test_a_failing_handler_is_logged_and_the_next_message_still_arrives(caplog: pytest.LogCaptureFixture) -> None:
    @pl.component
    def Picky():
        value, set_value = pl.use_state("none")

        def handle(message: str) -> None:
            if message == "bad":
                raise ValueError("bad message")
            set_value(message)

        pl.use_subscription("picky", handle)
        return h.p(value, id="v")

    async with render(Picky()) as view:
        with caplog.at_level(logging.ERROR, logger="pylive"):
            pl.broadcast_nowait("picky", "bad")
            pl.broadcast_nowait("picky", "good")
            await view.settle()
        assert view.find("#v").text == "good"
        assert "bad message" in caplog.text


async def test_unmounting_unsubscribes_and_a_new_topic_moves_the_subscription() -> None:
    @pl.component
    def Switch():
        shown, set_shown = pl.use_state(True)
        topic, set_topic = pl.use_state("a")
        return h.div(
            h.button("toggle", id="toggle", on_click=lambda: set_shown(lambda s: not s)),
            h.button("move", id="move", on_click=lambda: set_topic("b")),
            Feed(topic=topic) if shown else None,
        )

    hub = current_hub()
    async with render(Switch()) as view:
        assert set(hub.topics) == {"a"}
        pl.broadcast_nowait("a", "one")
        await view.settle()
        await view.click("#move")
        await view.settle()
        assert set(hub.topics) == {"b"}
        pl.broadcast_nowait("a", "lost")
        pl.broadcast_nowait("b", "two")
        await view.settle()
        assert texts(view) == ["one", "two"]
        await view.click("#toggle")
        await view.settle()
        assert hub.topics == {}
    assert hub.topics == {}


async def test_the_first_http_render_subscribes_nothing() -> None:
    session = Session(Feed())
    assert "<ul" in session.mount()
    assert current_hub().topics == {}
    session.go_live()
    assert set(current_hub().topics) == {"feed"}
    session.close()
    assert current_hub().topics == {}


async def test_a_detached_session_gets_its_missed_messages_on_resume() -> None:
    sent: list[str] = []
    session = Session(Feed(), sent.append)
    session.mount()
    session.go_live()
    pl.broadcast_nowait("feed", "seen")
    await asyncio.sleep(0.01)
    last = session.seq
    session.detach()  # the browser's connection dropped; the session waits for it
    pl.broadcast_nowait("feed", "while away")
    await asyncio.sleep(0.01)
    missed = session.missed(last)
    assert missed is not None and len(missed) == 1
    assert "while away" in json.dumps(json.loads(missed[0]))
    session.close()


async def test_a_message_from_another_thread_arrives_on_the_session_loop() -> None:
    async with render(Feed()) as view:
        await asyncio.to_thread(pl.broadcast_nowait, "feed", "from a thread")
        for _ in range(100):
            await view.settle()
            if texts(view):
                break
            await asyncio.sleep(0.01)
        assert texts(view) == ["from a thread"]


def test_configure_picks_the_backend_and_refuses_an_unknown_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(configure("memory://").backend, MemoryBackend)
    hub = configure("redis://127.0.0.1:1/0")
    assert type(hub.backend).__name__ == "RedisBackend"
    import os

    assert os.environ[ENV_URL] == "redis://127.0.0.1:1/0"
    with pytest.raises(ValueError, match="unknown pub/sub backend"):
        configure("kafka://x")
    configure(None)
    assert ENV_URL not in os.environ


def test_several_workers_with_the_memory_backend_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pylive"):
        assert warn_if_local(1) is None
        message = warn_if_local(4)
    assert message is not None and "worker that sent it" in message
    assert "--pubsub" in caplog.text
    configure("redis://127.0.0.1:1/0")
    assert warn_if_local(4) is None


async def test_the_readme_example() -> None:
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    source = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "def Room(" in b)
    namespace: dict = {}
    exec(compile(source, "README:Room", "exec"), namespace)
    Room = namespace["Room"]
    async with render(Room("x", "ann")) as ann, render(Room("x", "bob")) as bob:
        await ann.submit("#say", {"text": "hi"})
        for view in (ann, bob, ann, bob):
            await view.settle()
        assert [n.text for n in bob.find_all("#lines li")] == ["ann: hi"]
        assert bob.find("#who").text == "2 here: ann, bob"


async def test_a_page_reconnecting_within_its_grace_gets_the_broadcasts_it_missed() -> None:
    from app_client import open_page, receive

    app = pl.App(Feed, title="Feed")
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client, 0) as ws:
        assert await receive(ws) == {"t": "resumed", "seq": 0}
        await pl.broadcast("feed", "while connected")
        first = await receive(ws)
        assert first[0] == 1 and "while connected" in json.dumps(first)
    for _ in range(100):  # the server notices the socket is gone
        await asyncio.sleep(0.01)
        if app.store.get(page.session) is not None and app.store.get(page.session)._send is None:
            break
    await pl.broadcast("feed", "while away")
    await asyncio.sleep(0.05)
    async with page.connect(client, 1) as ws:
        assert await asyncio.wait_for(receive(ws), 5) == {"t": "resumed", "seq": 2}
        missed = await asyncio.wait_for(receive(ws), 5)
        assert missed[0] == 2 and "while away" in json.dumps(missed)
