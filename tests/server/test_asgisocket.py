"""The live socket is served straight from ASGI: no Quart task, context or queue per page, while the
app's own WebSocket routes still go through Quart."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from app_client import node_id
from served import InProcess
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

import pylive as pl
from pylive import html as h
from pylive.live.frames import join_frame
from pylive.server.asgisocket import is_live_socket


def page_app() -> pl.App:
    @pl.component
    def Page():
        count, set_count = pl.use_state(0)
        seen = pl.use_session().get("name", "nobody")
        return h.div(h.button(str(count), id="inc", on_click=lambda: set_count(count + 1)), h.p(seen, id="name"))

    return pl.App(Page, secret_key="asgi-socket-tests")


def token_of(html: str) -> str:
    return html.split('data-token="', 1)[1].split('"', 1)[0]


def quart_socket_tasks() -> list[asyncio.Task]:
    """The running tasks in Quart's WebSocket handling (its receiver and handler, per socket)."""
    found = []
    for task in asyncio.all_tasks():
        coro = task.get_coro()
        while coro is not None:
            code = getattr(coro, "cr_code", None)
            if code is not None and "quart" in code.co_filename and code.co_name in ("handle_messages", "handle_websocket"):
                found.append(task)
                break
            coro = getattr(coro, "cr_await", None)
    return found


async def test_a_held_live_socket_runs_no_quart_task_and_its_own_routes_still_do():
    app = page_app()
    served_hooks: list[str] = []

    @app.quart.before_websocket
    async def hook() -> None:
        served_hooks.append("hook")

    @app.quart.websocket("/echo")
    async def echo() -> None:
        from quart import websocket

        while True:
            await websocket.send(await websocket.receive())

    async with InProcess(app) as server:
        origin = f"http://127.0.0.1:{server.port}"
        html = await server.get("/")
        async with connect(f"ws://127.0.0.1:{server.port}/_pylive/ws", origin=origin) as ws:
            await ws.send(join_frame(token_of(html)))
            assert '"resumed"' in await ws.recv()
            assert quart_socket_tasks() == []  # two per socket before, with a queue and a context
            assert served_hooks == []  # the live socket's checks are pylive's own
            async with connect(f"ws://127.0.0.1:{server.port}/echo", origin=origin) as mine:
                await mine.send("hello")
                assert await mine.recv() == "hello"
                assert len(quart_socket_tasks()) == 2  # the check sees them where they are
                assert served_hooks == ["hook"]


async def test_a_fresh_mount_reads_the_cookie_session_from_the_handshake():
    app = page_app()
    client = app.test_client()
    async with client.session_transaction() as cookie:
        cookie["name"] = "Ada"
    response = await client.get("/")
    token = token_of(await response.get_data(as_text=True))
    app.store.close_all()  # the parked session is gone: the socket mounts the page afresh
    async with client.websocket("/_pylive/ws") as ws:
        await ws.send(join_frame(token))
        first = await ws.receive()
    assert '"mount"' in first and "Ada" in first


async def test_a_server_failure_closes_the_socket_with_1011_and_is_logged(caplog, monkeypatch):
    app = page_app()

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the store")

    async with InProcess(app) as server:
        html = await server.get("/")
        monkeypatch.setattr(type(app.store), "holder", broken)
        with caplog.at_level(logging.ERROR, logger="pylive"):
            async with connect(f"ws://127.0.0.1:{server.port}/_pylive/ws", origin=f"http://127.0.0.1:{server.port}") as ws:
                await ws.send(join_frame(token_of(html)))
                with pytest.raises(ConnectionClosed) as closed:
                    await ws.recv()
        assert closed.value.rcvd.code == 1011
        assert any("the live socket failed" in r.getMessage() and r.exc_info for r in caplog.records)


@pytest.mark.parametrize(
    ("path", "root", "expected"),
    [
        ("/_pylive/ws", "", True),
        ("/app/_pylive/ws", "/app", True),  # the mount point in both, as hypercorn --root-path gives it
        ("/_pylive/ws", "/app", True),  # the mount point in root_path alone
        ("/app/_pylive/ws", "", False),
        ("/_pylive/wss", "", False),
    ],
)
def test_the_live_socket_is_known_by_its_path_below_the_mount_point(path, root, expected):
    assert is_live_socket({"type": "websocket", "path": path, "root_path": root}) is expected
    assert not is_live_socket({"type": "http", "path": path, "root_path": root})


async def test_live_handlers_run_in_the_apps_context_with_a_g_of_the_sockets_own():
    seen: list = []

    @pl.component
    def Page():
        count, set_count = pl.use_state(0)

        def inc():
            from quart import current_app, g

            seen.append((current_app.config["GREETING"], g.get("visits", 0)))
            g.visits = g.get("visits", 0) + 1
            set_count(count + 1)

        return h.button(str(count), id="inc", on_click=inc)

    app = pl.App(Page, secret_key="asgi-socket-tests")
    app.quart.config["GREETING"] = "hi"
    async with InProcess(app) as server:
        origin = f"http://127.0.0.1:{server.port}"
        for _ in range(2):  # two pages: each socket has a `g` of its own
            html = await server.get("/")
            inc = node_id(html, "inc")
            async with connect(f"ws://127.0.0.1:{server.port}/_pylive/ws", origin=origin) as ws:
                await ws.send(join_frame(token_of(html)))
                await ws.recv()
                for seq in (1, 2):
                    await ws.send(json.dumps([seq, inc, "click", {}]))
                    await ws.recv()
    assert seen == [("hi", 0), ("hi", 1), ("hi", 0), ("hi", 1)]


async def test_cookies_split_over_several_headers_are_all_read():
    from pylive.server.asgisocket import AsgiSocket

    scope = {"type": "websocket", "headers": [(b"cookie", b"a=1"), (b"host", b"x"), (b"cookie", b"session=abc")]}
    assert AsgiSocket(scope, None, None).cookie == "a=1; session=abc"


async def test_the_socket_asked_for_without_its_upgrade_says_the_proxy_dropped_it(caplog, monkeypatch):
    # A proxy that does not forward Upgrade/Connection turns the socket's handshake into a plain GET:
    # a bare 404 there left every page disconnected and the log silent.
    monkeypatch.setattr("pylive.server.asgisocket._told_at", -60.0)
    client = pl.App(lambda: h.p("x"), secret_key="asgi-socket-tests").test_client()
    with caplog.at_level(logging.WARNING, logger="pylive"):
        first = await client.get("/_pylive/ws")
        again = await client.get("/_pylive/ws")
    assert first.status_code == again.status_code == 426
    assert "proxy_set_header Upgrade" in await first.get_data(as_text=True)
    assert len([r for r in caplog.records if "without its WebSocket upgrade" in r.getMessage()]) == 1
    assert (await client.get("/_pylive/nothing.js")).status_code == 404
