"""The state store against a real redis-server: coalesced writes with the resume grace as TTL, one
owner per session, claims that wait for the last write, and state that cannot be stored."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from redis_server import RedisServer

import pylive as pl
from pylive import html as h
from pylive.core.navigation import Location
from pylive.live.session import Session
from pylive.live.snapshot import restore
from pylive.server.statestore import StateStore, check_url

setters: dict = {}


@pl.component
def Counter():
    count, set_count = pl.use_state(0)
    setters["count"] = set_count
    return h.span(str(count), id="value")


@pl.component
def Holder():
    pl.use_state(lambda: open)
    return h.p("x")


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(str(tmp_path)).start()
    yield server
    server.stop()


@pytest.fixture
async def raw(redis_server: RedisServer) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


async def make_store(url: str, **kw) -> StateStore:
    store = StateStore(url, ttl=kw.pop("ttl", 30), **kw)
    store.start()
    return store


def live(root=None) -> Session:
    session = Session(root if root is not None else Counter(), lambda text: None, location=Location.parse("/"))
    session.mount()
    session.go_live()
    return session


async def stored(raw: aioredis.Redis, session_id: str) -> dict | None:
    value = await raw.get("pylive:state:" + session_id)
    return None if value is None else json.loads(value)


async def until(predicate, timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.01)


def test_only_redis_urls_are_taken():
    assert check_url("redis://localhost:6379/0")
    with pytest.raises(ValueError, match="must be a Redis URL"):
        check_url("memory://")


async def test_changes_are_written_coalesced_with_the_grace_as_ttl(redis_server, raw):
    store = await make_store(redis_server.url, ttl=20)
    session = live()
    store.watch("s1", session)
    await until(lambda: _has(raw, "s1"))
    assert 15_000 < await raw.pttl("pylive:state:s1") <= 20_000
    first = store.writes
    for n in range(1, 6):  # five changes within one interval: one write holds the last
        setters["count"](n)
        session.flush(0)
    await until(lambda: _seq_is(raw, "s1", session.seq))
    await asyncio.sleep(0.4)
    assert store.writes == first + 1
    assert 'id="value">5<' in (await _restored(raw, "s1")).tree.html()
    await store.close()


async def _has(raw, sid) -> bool:
    return await stored(raw, sid) is not None


async def _seq_is(raw, sid, seq) -> bool:
    snap = await stored(raw, sid)
    return snap is not None and snap["seq"] == seq


async def _restored(raw, sid) -> Session:
    snap = await stored(raw, sid)
    session = Session(Counter(), location=Location.parse(snap["url"]))
    assert restore(session, snap)
    return session


async def test_a_node_that_lost_a_session_cannot_overwrite_it_and_drops_its_copy(redis_server, raw):
    a, b = await make_store(redis_server.url), await make_store(redis_server.url)
    lost: list[str] = []
    a.on_lost = lost.append
    session = live()
    a.watch("s1", session)
    await until(lambda: _has(raw, "s1"))
    snap = await b.claim("s1", None)
    assert snap is not None and snap["seq"] == session.seq
    assert not await a.owns("s1") and await b.owns("s1")
    setters["count"](7)
    session.flush(0)
    await until(lambda: _lost_is(lost))
    assert 'id="value">0<' in (await _restored(raw, "s1")).tree.html()  # not a's late change
    await a.close()
    await b.close()


async def _lost_is(lost) -> bool:
    return lost == ["s1"]


async def test_a_stopping_node_does_not_count_a_session_another_node_took_as_stored(redis_server, raw):
    a, b = await make_store(redis_server.url), await make_store(redis_server.url)
    a.watch("s1", live())
    a.watch("s2", live())
    await until(lambda: _has(raw, "s2"))
    assert await b.claim("s1", None) is not None
    assert await a.write_all() == 1  # s2; s1 is b's now, and a's write of it was refused
    await a.close()
    await b.close()


async def test_a_claim_waits_for_the_write_of_a_page_that_saw_more(redis_server, raw):
    a, b = await make_store(redis_server.url, interval=0.3), await make_store(redis_server.url)
    session = live()
    a.watch("s1", session)
    await until(lambda: _has(raw, "s1"))
    setters["count"](3)
    session.flush(0)  # message 1, written 0.3 s after the first write
    snap = await b.claim("s1", last=session.seq)
    assert snap["seq"] == session.seq
    await a.close()
    await b.close()


async def test_state_that_cannot_be_stored_is_logged_once_and_none_is_kept(redis_server, raw, caplog):
    store = await make_store(redis_server.url)
    with caplog.at_level(logging.WARNING, logger="pylive"):
        for sid in ("s1", "s2"):
            store.watch(sid, live(Holder()))
        await asyncio.sleep(0.3)
    assert await stored(raw, "s1") is None and await stored(raw, "s2") is None
    assert await store.write_all() == 0  # "stored 0 sessions before stopping", as none was
    lines = [r.getMessage() for r in caplog.records if "cannot store" in r.getMessage()]
    assert len(lines) == 1
    assert lines[0].startswith("cannot store the state of Holder's use_state hook #1, which holds a function (open)")
    await store.close()


async def test_a_closed_page_is_forgotten_and_a_stopping_node_writes_everything(redis_server, raw):
    store = await make_store(redis_server.url, interval=60)
    sessions = {f"s{i}": live() for i in range(3)}
    for sid, session in sessions.items():
        store.watch(sid, session)
    await until(lambda: _has(raw, "s2"))
    for session in sessions.values():
        setters["count"](9)  # each Counter registered its setter last: only s2's changes
        session.flush(0)
    assert await store.write_all() == 3
    assert (await stored(raw, "s2"))["seq"] == sessions["s2"].seq
    await store.forget("s1")
    assert await stored(raw, "s1") is None and await raw.get("pylive:state:s1:o") is None
    await store.close()


def test_an_app_takes_only_a_redis_url_for_its_state():
    assert pl.App(Counter, state="redis://localhost:6379/0").state == "redis://localhost:6379/0"
    with pytest.raises(ValueError, match="must be a Redis URL"):
        pl.App(Counter, state="postgres://db")


async def test_a_store_that_cannot_be_reached_is_said_as_it_starts(caplog):
    from served import free_port

    store = await make_store(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    try:
        for _ in range(100):
            if "Redis is unreachable" in caplog.text:
                break
            await asyncio.sleep(0.05)
        assert "state store: Redis is unreachable" in caplog.text  # before any page needed it
    finally:
        await store.close()


async def test_a_key_made_on_this_machine_is_said_to_need_sharing(redis_server, caplog, monkeypatch):
    from pylive.server import tokens

    monkeypatch.setattr(tokens, "kept_on_disk", True)
    store = await make_store(redis_server.url)
    await store.close()
    assert "give every server the same PYLIVE_SECRET_KEY" in caplog.text
