"""use_presence in one process: joins, leaves, metadata updates, and the first HTTP render."""

from __future__ import annotations

import pytest

import pylive as pl
from pylive import html as h
from pylive.live.session import Session
from pylive.pubsub import Hub, configure, current_hub
from pylive.pubsub.hub import ENV_URL
from pylive.testing import render


@pytest.fixture(autouse=True)
def memory_hub(monkeypatch: pytest.MonkeyPatch) -> Hub:
    monkeypatch.delenv(ENV_URL, raising=False)
    return configure(None)


@pl.component
def Lobby(name: str, room: str = "lobby"):
    status, set_status = pl.use_state("here")
    present = pl.use_presence(room, {"name": name, "status": status})
    return h.div(
        h.button("away", id="away", on_click=lambda: set_status("away")),
        h.p(f"{len(present)} online", id="count"),
        h.ul([h.li(f"{m['name']} ({m['status']})", key=m["name"]) for m in present], id="who"),
    )


def who(view) -> list[str]:
    return [n.text for n in view.find_all("#who li")]


async def settle(*views) -> None:
    for _ in range(2):
        for view in views:
            await view.settle()


async def test_joins_leaves_and_meta_updates_reach_every_session() -> None:
    async with render(Lobby("ann")) as ann:
        assert who(ann) == ["ann (here)"]
        async with render(Lobby("bob")) as bob:
            await settle(ann, bob)
            assert who(ann) == who(bob) == ["ann (here)", "bob (here)"]
            await bob.click("#away")
            await settle(ann, bob)
            assert who(ann) == ["ann (here)", "bob (away)"]
        await settle(ann)
        assert who(ann) == ["ann (here)"]
        assert ann.find("#count").text == "1 online"
    assert current_hub().presence.metas("lobby") == []
    assert current_hub().presence.entries == {}


async def test_topics_are_separate() -> None:
    async with render(Lobby("ann", room="a")) as ann, render(Lobby("bob", room="b")) as bob:
        await settle(ann, bob)
        assert who(ann) == ["ann (here)"]
        assert who(bob) == ["bob (here)"]


async def test_the_first_http_render_shows_the_others_but_joins_nothing() -> None:
    async with render(Lobby("ann")) as ann:
        session = Session(Lobby("bob"))
        html = session.mount()
        assert "1 online" in html and "ann (here)" in html
        await settle(ann)
        assert who(ann) == ["ann (here)"]
        session.go_live()
        await settle(ann)
        assert who(ann) == ["ann (here)", "bob (here)"]
        session.close()
        await settle(ann)
        assert who(ann) == ["ann (here)"]


async def test_a_closed_tab_leaves_at_once_and_a_dropped_one_stays_for_its_grace() -> None:
    """Through the real app and socket: `bye` (sent on pagehide) closes the session when its socket
    goes; a socket that just drops keeps the session, and its presence, for a resume."""
    import asyncio
    import json

    from app_client import open_page

    @pl.component
    def Named():
        return Lobby(name=pl.use_location().query["name"][0])

    app = pl.App(Named, resume_seconds=30)
    async with app.quart.test_app() as test_app:
        client = test_app.test_client()
        pages = {name: await open_page(client, f"/?name={name}") for name in ("ann", "bob", "cid")}
        async with pages["ann"].connect(client) as ann:
            await ann.receive()
            async with pages["bob"].connect(client) as bob:
                await bob.receive()
                await bob.send(json.dumps({"t": "bye"}))
                await asyncio.sleep(0.05)
            async with pages["cid"].connect(client) as cid:
                await cid.receive()
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)
            present = sorted(m["name"] for m in current_hub().presence.metas("lobby"))
            assert present == ["ann", "cid"]  # bob closed his tab; cid only lost his network
            assert pages["bob"].session not in app.store and pages["cid"].session in app.store


async def test_meta_that_is_not_json_is_refused_at_once_naming_the_key(caplog: pytest.LogCaptureFixture) -> None:
    import datetime

    @pl.component
    def Since():
        pl.use_presence("lobby", {"name": "ada", "since": datetime.date(2024, 1, 2)})
        return h.p("here", id="here")

    async with render(Since(), raise_errors=False) as view:
        # The render fails where the mistake is, as a component error; nothing reaches the hub.
        assert view.find_all("#here") == []
        assert current_hub().presence.metas("lobby") == []
    assert "use_presence(): meta['since'] is date datetime.date(2024, 1, 2), which is not JSON" in caplog.text
