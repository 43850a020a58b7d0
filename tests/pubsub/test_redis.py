"""The Redis backend against a real redis-server: two hubs in one process are two nodes sharing it."""

from __future__ import annotations

import asyncio
import logging
from typing import AsyncIterator, Awaitable, Callable, Iterator

import pytest
from redis_server import RedisServer

import pylive as pl
from pylive import html as h
from pylive.pubsub import Hub, configure
from pylive.pubsub.hub import ENV_URL, make_backend
from pylive.testing import render

#: Short, so that a dead node's presences go quickly in these tests (the default is 30 s).
EXPIRY = 1.0


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(str(tmp_path)).start()
    yield server
    server.stop()


@pytest.fixture
async def node(redis_server: RedisServer) -> AsyncIterator[Callable[[], Hub]]:
    """`node()`: a new hub on the test's Redis, as another process would have; closed after the test."""
    hubs: list[Hub] = []

    def make(expiry: float = EXPIRY) -> Hub:
        hub = Hub(make_backend(redis_server.url, presence_expiry=expiry))
        hubs.append(hub)
        return hub

    yield make
    for hub in hubs:
        await hub.close()


async def eventually(check: Callable[[], bool], timeout: float = 10.0, poke: Callable[[], object] | None = None) -> None:
    """Wait until `check()` holds (calling `poke()` between tries), failing after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still not true after {timeout} s")
        if poke is not None:
            result = poke()
            if isinstance(result, Awaitable):
                await result
        await asyncio.sleep(0.05)


async def connected(*hubs: Hub) -> None:
    """Wait until each hub's backend has reached Redis (it starts with its first subscriber)."""
    for hub in hubs:
        hub.subscribe("_warmup", lambda message: None)
    await eventually(lambda: all(hub.backend.up for hub in hubs))


async def test_a_broadcast_reaches_the_other_node_in_order_and_this_one_once(node) -> None:
    a, b = node(), node()
    got_a: list[int] = []
    got_b: list[int] = []
    a.subscribe("t", got_a.append)
    b.subscribe("t", got_b.append)
    await connected(a, b)
    for i in range(200):
        a.publish("t", i)
    await a.publish("t", 200)  # returns once it has left for Redis
    await eventually(lambda: len(got_b) == 201)
    assert got_b == list(range(201))
    assert got_a == list(range(201))


async def test_messages_must_be_json_for_redis(node) -> None:
    a = node()
    await connected(a)
    with pytest.raises(TypeError):
        a.publish("t", object())


async def test_presence_joins_updates_and_leaves_reach_the_other_node(node) -> None:
    a, b = node(), node()
    seen: list[list] = []
    b.presence.watch("room", seen.append)
    await connected(a, b)
    a.presence.watch("room", lambda metas: None)
    a.presence.join("room", "k1", {"name": "ann"})
    await eventually(lambda: b.presence.metas("room") == [{"name": "ann"}])
    a.presence.join("room", "k1", {"name": "ann", "typing": True})
    await eventually(lambda: b.presence.metas("room") == [{"name": "ann", "typing": True}])
    b.presence.join("room", "k2", {"name": "bob"})
    await eventually(lambda: a.presence.metas("room") == [{"name": "ann", "typing": True}, {"name": "bob"}])
    a.presence.leave("room", "k1")
    await eventually(lambda: b.presence.metas("room") == [{"name": "bob"}])
    assert seen[-1] == [{"name": "bob"}]


async def test_a_node_that_joined_earlier_is_seen_by_a_newcomer(node) -> None:
    a = node()
    a.presence.join("room", "k1", {"name": "ann"})
    await connected(a)
    await asyncio.sleep(0.2)
    b = node()
    b.presence.watch("room", lambda metas: None)
    await eventually(lambda: b.presence.metas("room") == [{"name": "ann"}])


async def test_a_dead_node_s_presences_expire_elsewhere(node) -> None:
    a, b = node(), node()
    b.presence.watch("room", lambda metas: None)
    a.presence.join("room", "k1", {"name": "ann"})
    await connected(a, b)
    await eventually(lambda: b.presence.metas("room") == [{"name": "ann"}])
    await a.backend.close()  # gone without a goodbye: no leave is sent, heartbeats stop
    await eventually(lambda: b.presence.metas("room") == [], timeout=EXPIRY * 3)


async def test_an_outage_keeps_local_delivery_and_resumes_by_itself(
    node, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    a, b = node(), node()
    got_a: list[str] = []
    got_b: list[str] = []
    a.subscribe("t", got_a.append)
    b.subscribe("t", got_b.append)
    await connected(a, b)
    with caplog.at_level(logging.INFO, logger="pylive"):
        redis_server.stop()
        await eventually(lambda: a.backend.up is False and b.backend.up is False)
        for i in range(20):
            sent = a.publish("t", f"down {i}")
            assert sent is None  # a broadcast does not wait out the outage
            await asyncio.sleep(0.05)
        await asyncio.sleep(0)
        assert got_a[-20:] == [f"down {i}" for i in range(20)]
        redis_server.start()
        await eventually(lambda: a.backend.up and b.backend.up)
        a.publish("t", "back")
        await eventually(lambda: "back" in got_b)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "unreachable" in r.getMessage()]
    infos = [r for r in caplog.records if "reachable again" in r.getMessage()]
    assert len(warnings) == 2  # one per node
    assert len(infos) == 2
    assert not [r for r in caplog.records if r.exc_info]


@pl.component
def Feed():
    lines, set_lines = pl.use_state(())
    pl.use_subscription("feed", lambda line: set_lines(lambda old: old + (line,)))
    present = pl.use_presence("feed", {"who": "page"})
    return h.div(
        h.p(f"{len(present)} here", id="count"),
        h.ul([h.li(str(line), key=str(i)) for i, line in enumerate(lines)], id="feed"),
    )


async def test_a_live_session_gets_another_node_s_broadcasts_and_presence(
    node, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_URL, raising=False)
    here = configure(redis_server.url, presence_expiry=EXPIRY)
    try:
        other = node()
        other.presence.watch("feed", lambda metas: None)
        async with render(Feed()) as view:
            await connected(here, other)
            await eventually(lambda: other.presence.metas("feed") == [{"who": "page"}])
            other.presence.join("feed", "x", {"who": "elsewhere"})
            await other.publish("feed", "from the other node")

            def shown() -> bool:
                return [n.text for n in view.find_all("#feed li")] == ["from the other node"] and view.find(
                    "#count"
                ).text == "2 here"

            await eventually(shown, poke=view.settle)
        await eventually(lambda: other.presence.metas("feed") == [{"who": "elsewhere"}])
    finally:
        await here.close()
        configure(None)


async def test_a_topic_subscribed_later_is_listened_to_and_left_when_its_last_subscriber_goes(node) -> None:
    a, b = node(), node()
    await connected(a, b)
    got: list[str] = []
    sub = b.subscribe("later", got.append)

    async def resend() -> None:
        await a.publish("later", "x")

    await eventually(lambda: "x" in got, poke=resend)
    sub.close()
    assert b.backend._channels == {"pylive:m:_warmup"}
    got.clear()
    again: list[str] = []
    b.subscribe("later", again.append)

    async def resend_y() -> None:
        await a.publish("later", "y")

    await eventually(lambda: "y" in again, poke=resend_y)
    assert got == []


async def test_closing_a_node_sends_what_it_still_had_queued(node) -> None:
    a, b = node(expiry=60), node(expiry=60)  # so that only the leave can remove the entry in time
    b.presence.watch("room", lambda metas: None)
    a.presence.join("room", "k1", {"name": "ann"})
    await connected(a, b)
    await eventually(lambda: b.presence.metas("room") == [{"name": "ann"}])
    a.presence.leave("room", "k1")  # as a server's sessions do when it stops
    await a.close()
    await eventually(lambda: b.presence.metas("room") == [], timeout=5)


async def test_a_malformed_message_on_redis_is_logged_and_skipped(
    node, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    import redis.asyncio as aioredis

    b = node()
    got: list = []
    b.subscribe("t", got.append)
    await connected(b)
    client = aioredis.Redis.from_url(redis_server.url)
    try:
        with caplog.at_level(logging.WARNING, logger="pylive"):
            await client.publish("pylive:m:t", b"\xff not json")
            await client.publish("pylive:m:t", '{"n": "elsewhere", "m": "fine"}')
            await eventually(lambda: got == ["fine"])
        assert "malformed" in caplog.text
    finally:
        await client.aclose()


async def test_an_outage_is_logged_without_the_password_of_the_url(caplog: pytest.LogCaptureFixture) -> None:
    # A log line is read by more people, and kept longer, than the secret in the URL was meant for.
    from served import free_port

    url = f"redis://default:hunter2@127.0.0.1:{free_port()}/0"
    hub = Hub(make_backend(url))
    try:
        with caplog.at_level(logging.INFO, logger="pylive"):
            hub.subscribe("t", lambda message: None)
            await eventually(lambda: hub.backend.up is False)
    finally:
        await hub.close()
    assert "unreachable" in caplog.text and "127.0.0.1" in caplog.text
    assert "hunter2" not in caplog.text


def test_a_url_is_shown_without_its_password() -> None:
    from pylive.pubsub.redis import shown

    assert shown("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    assert shown("redis://:s3cret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert shown("rediss://app:s3cret@redis:6380/1") == "rediss://app:***@redis:6380/1"
    assert "s3cret" not in shown("redis://redis:6379/0?password=s3cret")
