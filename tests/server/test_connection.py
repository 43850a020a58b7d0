"""The WebSocket protocol through Quart's test client: handshake, events, bad frames, resume, remount."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from urllib.parse import quote

import pytest
from app_client import SOCKET_PATH, click, open_page, receive, session_of
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from quart.testing.connections import WebsocketDisconnectError, WebsocketResponseError

import pylive as pl
from pylive import html as h
from pylive.server.tokens import SALT

SECRET = "connection-tests"

#: Each live Counter's setter, by the session's label, so a test can change state from outside.
setters: dict[str, object] = {}


@pl.component
def Counter(label: str = "a"):
    count, set_count = pl.use_state(0)
    pl.use_effect(lambda: setters.__setitem__(label, set_count), [])
    return h.div(
        h.span(str(count), id="value"),
        h.button("+", id="inc", on_click=lambda e: set_count(lambda c: c + 1)),
        h.button("boom", id="boom", on_click=lambda e: 1 / 0),
    )


def make_app(**options) -> pl.App:
    app = pl.App(Counter, title="Counter", secret_key=SECRET, **options)

    @app.page("/other")
    @pl.component
    def Other():
        return h.p("the other page", id="other")

    return app


@pytest.fixture
def app() -> pl.App:
    return make_app()


def value_text(message: list) -> str:
    """The text a counter patch sets (`[seq, ack, [0, parent, 0, text]]`)."""
    (op,) = message[2:]
    assert op[0] == 0
    return op[3]


async def test_first_connect_resumes_the_rendered_session_and_a_click_round_trips(app):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        assert await receive(ws) == {"t": "resumed", "seq": 0}
        assert await click(ws, 1, page.node_id("inc")) == [1, 1, [0, page.node_id("value"), 0, "1"]]
        assert await click(ws, 2, page.node_id("inc")) == [2, 2, [0, page.node_id("value"), 0, "2"]]


async def test_heartbeat_is_answered(app):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        await ws.send('{"t":"ping"}')
        assert await receive(ws) == {"t": "pong"}
        await ws.send('{"t": "ping"}')
        assert await receive(ws) == {"t": "pong"}


BAD_FRAMES = [
    "not json",
    b"\xff\xfe\x00 binary garbage",
    "[1, 2]",
    '["1", 3, "click", {}]',
    "[1, -3, \"click\", {}]",
    '[1, 3, 7, {}]',
    '[1, 3, "click", []]',
    '[1, 3, "click", {"value": 5}]',
    '[1, 3, "click", {"form": {"a": 1}}]',
    '"a string"',
    "null",
    "42",
    '{"t": 5}',
    '{"t": "no-such-control"}',
    '{"t": "nav", "path": "no-slash"}',
    "[" * 100_000,
]


async def test_every_bad_frame_gets_an_error_and_the_session_goes_on(app, caplog):
    client = app.test_client()
    page = await open_page(client)
    inc = page.node_id("inc")
    async with page.connect(client) as ws:
        await receive(ws)
        seq = 0
        for frame in BAD_FRAMES:
            await ws.send(frame)
            answer = await receive(ws)
            assert answer["t"] == "error", frame
            assert "Traceback" not in answer["message"]
            seq += 1
            assert await click(ws, seq, inc) == [seq, seq, [0, page.node_id("value"), 0, str(seq)]], frame


async def test_unknown_node_and_unknown_event_are_refused_with_their_ack(app):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        await ws.send(json.dumps([1, 9999, "click", {}]))
        assert (await receive(ws))["ack"] == 1
        await ws.send(json.dumps([2, page.node_id("inc"), "frobnicate", {}]))
        answer = await receive(ws)
        assert answer["t"] == "error" and answer["ack"] == 2
        assert await click(ws, 3, page.node_id("inc")) == [1, 3, [0, page.node_id("value"), 0, "1"]]


async def test_an_oversized_frame_is_refused_with_one_log_line_and_no_traceback(caplog):
    app = make_app(max_frame_bytes=1000)
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="pylive"):
            await ws.send(json.dumps([1, page.node_id("inc"), "click", {"value": "x" * 2000}]))
            assert await receive(ws) == {"t": "error", "message": "frame too large"}
            await ws.send("é" * 600)  # 600 characters, 1,200 bytes
            assert await receive(ws) == {"t": "error", "message": "frame too large"}
        records = [r for r in caplog.records if r.name == "pylive"]
        assert len(records) == 2
        assert all(r.exc_info is None and "max_frame_bytes" in r.getMessage() for r in records)
        assert await click(ws, 2, page.node_id("inc")) == [1, 2, [0, page.node_id("value"), 0, "1"]]


async def test_a_failing_handler_answers_with_an_error_and_no_traceback(app, caplog):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        with caplog.at_level(logging.ERROR, logger="pylive"):
            await ws.send(json.dumps([1, page.node_id("boom"), "click", {}]))
            frames = [await receive(ws), await receive(ws)]
        error = next(f for f in frames if isinstance(f, dict))
        assert error["t"] == "error" and "ZeroDivision" not in json.dumps(frames)
        assert [1, 1] in [f for f in frames if isinstance(f, list)]
        # The server's log names the failure in one line (production); the page is not told what.
        assert any("ZeroDivisionError" in r.getMessage() and r.exc_info is None for r in caplog.records)
        assert await click(ws, 2, page.node_id("inc")) == [2, 2, [0, page.node_id("value"), 0, "1"]]


async def test_a_bad_token_closes_the_socket_with_4401(app):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client, token=page.token[:-2] + "xx") as ws:
        with pytest.raises(WebsocketDisconnectError) as closed:
            await ws.receive()
    assert closed.value.args[0] == 4401


async def test_an_expired_token_closes_the_socket_with_4401():
    app = make_app(token_max_age=60)
    client = app.test_client()
    page = await open_page(client)

    class HourAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 3600

    old = URLSafeTimedSerializer(SECRET, salt=SALT, signer=HourAgo).dumps({"p": "/"})
    async with page.connect(client, token=old) as ws:
        with pytest.raises(WebsocketDisconnectError) as closed:
            await ws.receive()
    assert closed.value.args[0] == 4401
    # The same page's fresh token is fine.
    async with page.connect(client) as ws:
        assert (await receive(ws))["t"] == "resumed"


async def test_a_token_signed_with_another_key_is_refused(app):
    client = app.test_client()
    page = await open_page(client)
    forged = URLSafeTimedSerializer("another key", salt=SALT).dumps({"p": "/"})
    async with page.connect(client, token=forged) as ws:
        with pytest.raises(WebsocketDisconnectError) as closed:
            await ws.receive()
    assert closed.value.args[0] == 4401


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://localhost.evil.example", "file://"])
async def test_a_foreign_origin_is_refused_with_403(app, origin):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client, headers={"Origin": origin}) as ws:
        with pytest.raises(WebsocketResponseError) as refused:
            await ws.receive()
    assert refused.value.response.status_code == 403


async def test_the_pages_own_origin_and_listed_origins_are_accepted():
    app = make_app(allowed_origins=["https://app.example"])
    client = app.test_client()
    for origin in ("http://localhost", "https://app.example", "HTTPS://APP.EXAMPLE/"):
        page = await open_page(client)
        async with page.connect(client, headers={"Origin": origin}) as ws:
            assert (await receive(ws))["t"] == "resumed", origin


async def test_resume_after_a_dropped_socket_sends_only_the_missed_messages(app):
    client = app.test_client()
    page = await open_page(client)
    inc, value = page.node_id("inc"), page.node_id("value")
    async with page.connect(client) as ws:
        await receive(ws)
        assert await click(ws, 1, inc) == [1, 1, [0, value, 0, "1"]]
    # Socket gone; the session changes meanwhile (as a timer or a broadcast would change it).
    setters["a"](lambda c: c + 10)
    await asyncio.sleep(0.01)
    setters["a"](lambda c: c + 100)
    await asyncio.sleep(0.01)
    async with page.connect(client, last=1) as ws:
        assert await receive(ws) == {"t": "resumed", "seq": 3}
        assert await receive(ws) == [2, 0, [0, value, 0, "11"]]
        assert await receive(ws) == [3, 0, [0, value, 0, "111"]]
        # State intact; the page numbers its events for its whole life, across sockets.
        assert await click(ws, 2, inc) == [4, 2, [0, value, 0, "112"]]
    async with page.connect(client, last=4) as ws:
        assert await receive(ws) == {"t": "resumed", "seq": 4}
        # An event sent again (its answer was lost with the socket) is answered, not applied twice.
        assert await click(ws, 2, inc) == [5, 2]
        assert await click(ws, 3, inc) == [6, 3, [0, value, 0, "113"]]


async def test_a_client_that_cannot_be_caught_up_gets_the_current_page_as_a_mount(app):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        await click(ws, 1, page.node_id("inc"))
    async with page.connect(client, last=99) as ws:
        mount = await receive(ws)
        assert mount["t"] == "mount" and mount["seq"] == 1 and mount["title"] == "Counter"
        assert 'id="value">1</span>' in mount["html"]  # state kept


async def test_a_session_the_server_no_longer_holds_mounts_the_tokens_page_afresh(app):
    client = app.test_client()
    page = await open_page(client, "/other")
    app.store.close_all()  # as after a restart: the token is good, the session is gone
    async with page.connect(client, last=7) as ws:
        mount = await receive(ws)
        assert mount["t"] == "mount" and mount["seq"] == 1  # a mount has a number of its own
        assert "the other page" in mount["html"]
        # The new session is held under the token's id: a reconnect resumes it.
    async with page.connect(client, last=1) as ws:
        assert await receive(ws) == {"t": "resumed", "seq": 1}


async def test_the_token_goes_in_the_first_frame_never_in_the_url(app):
    """The socket's URL names nothing (proxies and access logs keep URLs): a token put there is
    ignored, and a socket whose first frame is not a join is closed with 4401."""
    client = app.test_client()
    victim = await open_page(client)
    assert victim.session not in victim.html  # the page carries its token, not a bare session id
    async with victim.connect(client) as victim_ws:
        await receive(victim_ws)
        await click(victim_ws, 1, victim.node_id("inc"))
        for first in (json.dumps([1, victim.node_id("inc"), "click", {}]), '{"t": "join"}', "x" * 5000):
            async with client.websocket(f"{SOCKET_PATH}?token={quote(victim.token)}&last=1") as ws:
                await ws.send(first)
                with pytest.raises(WebsocketDisconnectError) as closed:
                    await ws.receive()
            assert closed.value.args[0] == 4401
        # The victim's page goes on, undisturbed.
        assert value_text(await click(victim_ws, 2, victim.node_id("inc"))) == "2"


async def test_an_expired_session_remounts_with_fresh_state():
    app = make_app(resume_seconds=0.01)
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        await click(ws, 1, page.node_id("inc"))
    for _ in range(500):
        if page.session not in app.store:
            break
        await asyncio.sleep(0.01)
    assert page.session not in app.store
    async with page.connect(client, last=1) as ws:
        mount = await receive(ws)
        assert mount["t"] == "mount" and mount["seq"] == 1
        assert 'id="value">0</span>' in mount["html"]


async def test_an_unconnected_page_session_expires_and_is_closed():
    app = make_app(resume_seconds=0.5)  # long enough to be there still when a busy machine looks
    page = await open_page(app.test_client())
    session = app.store.get(page.session)
    assert session is not None and not session.closed
    for _ in range(500):
        if session.closed:
            break
        await asyncio.sleep(0.01)
    assert session.closed and page.session not in app.store


async def test_a_newer_socket_for_the_same_session_closes_the_older(app):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as old:
        await receive(old)
        await click(old, 1, page.node_id("inc"))
        async with page.connect(client, last=1) as new:
            assert await receive(new) == {"t": "resumed", "seq": 1}
            with pytest.raises(WebsocketDisconnectError) as closed:
                assert await receive(old) == {"t": "ping"}  # is it still there? it does not answer
                await old.receive()
            assert closed.value.args[0] == 4409
            assert await click(new, 2, page.node_id("inc")) == [2, 2, [0, page.node_id("value"), 0, "2"]]
        # The older socket's end did not detach the newer one's session.
    assert app.store.get(page.session) is not None


async def test_two_page_views_are_isolated(app):
    client = app.test_client()
    first, second = await open_page(client), await open_page(client)
    assert first.session != second.session
    async with first.connect(client) as a, second.connect(client) as b:
        await receive(a)
        await receive(b)
        for seq in (1, 2, 3):
            await click(a, seq, first.node_id("inc"))
        assert await click(b, 1, second.node_id("inc")) == [1, 1, [0, second.node_id("value"), 0, "1"]]
        assert await click(a, 4, first.node_id("inc")) == [4, 4, [0, first.node_id("value"), 0, "4"]]


async def test_in_app_navigation_renders_another_page_in_the_same_session(app):
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as ws:
        await receive(ws)
        await ws.send(json.dumps({"t": "nav", "path": "/other"}))
        frames = [await receive(ws)]
        while not isinstance(frames[-1], list):
            frames.append(await receive(ws))
        assert "the other page" in json.dumps(frames)
        await ws.send(json.dumps({"t": "nav", "path": "/no/such/page"}))
        frames = [await receive(ws)]
        while not isinstance(frames[-1], list):
            frames.append(await receive(ws))
        assert "Page not found" in json.dumps(frames)
        assert {"t": "title", "title": "Page not found", "seq": 2} in frames


class StalledPeer:
    """A socket whose peer never reads: every send waits forever."""

    def __init__(self) -> None:
        self.incoming: asyncio.Queue = asyncio.Queue()
        self.closed: asyncio.Future = asyncio.get_running_loop().create_future()

    async def receive(self) -> str:
        return await self.incoming.get()

    async def send(self, data: str) -> None:
        await asyncio.Event().wait()

    async def close(self, code: int, reason: str = "") -> None:
        self.closed.set_result(code)


async def test_a_client_that_does_not_read_is_disconnected_and_can_resume_later(app):
    from pylive.server.connection import Connection

    client = app.test_client()
    page = await open_page(client)
    peer = StalledPeer()
    connection = Connection(peer, app.store, page.session, "/", app.new_session, max_queue=10)
    task = asyncio.create_task(connection.run(0))
    for seq in range(1, 30):
        peer.incoming.put_nowait(json.dumps([seq, page.node_id("inc"), "click", {}]))
    assert await asyncio.wait_for(peer.closed, 5) == 1013
    await asyncio.wait_for(task, 5)
    # The session was kept: a new socket resumes it, with every message the stalled one missed.
    async with page.connect(client, last=0) as ws:
        resumed = await receive(ws)
        assert resumed["t"] == "resumed" and resumed["seq"] >= 10
        missed = [await receive(ws) for _ in range(resumed["seq"])]
        assert [m[0] for m in missed] == list(range(1, resumed["seq"] + 1))
        assert missed[-1][2][3] == str(resumed["seq"])


class StopsReadingPeer(StalledPeer):
    """A socket whose peer reads the first `reads` frames, then nothing more."""

    def __init__(self, reads: int) -> None:
        super().__init__()
        self.reads = reads

    async def send(self, data: str) -> None:
        if self.reads <= 0:
            await asyncio.Event().wait()
        self.reads -= 1


async def test_a_client_that_stops_reading_after_its_mount_is_disconnected_while_it_keeps_sending(app):
    from pylive.server.connection import Connection

    # Its only traffic is the answers to its own frames (heartbeats): those must be queued and
    # counted, not wait in the reading task's own send, which would stop it reading for good.
    peer = StopsReadingPeer(reads=1)
    connection = Connection(peer, app.store, "s" * 24, "/", app.new_session, max_queue=10)
    task = asyncio.create_task(connection.run(None))
    await asyncio.sleep(0.05)
    for _ in range(50):
        peer.incoming.put_nowait('{"t":"ping"}')
    assert await asyncio.wait_for(peer.closed, 5) == 1013
    await asyncio.wait_for(task, 5)


class RecordingPeer(StalledPeer):
    """A socket whose peer reads every frame at once."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    async def send(self, data: str) -> None:
        self.sent.append(data)


async def test_the_connection_reports_each_batch_of_frames_it_has_sent(app):
    from pylive.server.connection import Connection

    page = await open_page(app.test_client())
    peer = RecordingPeer()
    reports: list[int] = []
    connection = Connection(
        peer, app.store, page.session, "/", app.new_session, after_send=lambda: reports.append(len(peer.sent))
    )
    task = asyncio.create_task(connection.run(0))
    try:
        for seq in range(1, 4):
            peer.incoming.put_nowait(json.dumps([seq, page.node_id("inc"), "click", {}]))
            while len(peer.sent) < seq + 1:  # the resume, then one patch per click
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.01)
        # Reported after the frames went out, never before: the garbage-collection pacing that
        # listens here must not delay the frame it counts.
        assert reports and reports[-1] == len(peer.sent) == 4
        assert all(a < b for a, b in zip(reports, reports[1:]))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_closed_connection_and_its_expired_session_are_freed_without_the_collector():
    """The exception that ends a connection's task must not keep its session in a reference cycle."""
    import gc
    import weakref

    app = make_app(resume_seconds=0.05)
    async with app.quart.test_app() as test_app:
        client = test_app.test_client()
        refs = []
        gc.collect()
        gc.disable()
        try:
            for _ in range(3):
                page = await open_page(client)
                async with page.connect(client) as ws:
                    await receive(ws)
                    refs.append(weakref.ref(app.store.get(page.session)))
                    await click(ws, 1, page.node_id("inc"))
                await asyncio.sleep(0.2)  # past the resume grace: the session is closed and dropped
            assert len(app.store) == 0
            assert [r() for r in refs] == [None, None, None]
        finally:
            gc.enable()


async def test_a_client_that_does_not_read_is_dropped_past_its_byte_budget():
    """Frames are bounded in bytes, not only in number: a few large broadcasts are enough."""
    app = make_app()
    page_session = app.new_session("/")
    page_session.mount()

    class Stalled:
        """A socket whose client never reads: sends wait forever."""

        closed_with: int | None = None

        async def receive(self):
            await asyncio.Event().wait()

        async def send(self, data):
            await asyncio.Event().wait()

        async def close(self, code, reason=""):
            self.closed_with = code

    from pylive.server.connection import Connection

    socket = Stalled()
    connection = Connection(socket, app.store, "s" * 24, "/", app.new_session, max_queue_bytes=200_000)
    task = asyncio.ensure_future(connection.run(None))
    await asyncio.sleep(0.05)
    for _ in range(10):
        connection.push("x" * 64_000)  # 640 KB in ten frames, far under the 1,024-frame limit
    await asyncio.wait_for(task, 5)
    assert socket.closed_with == 1013


async def test_the_resume_history_is_bounded_in_characters():
    from pylive.live.session import Session

    session = Session(h.p("x"), [].append, history_bytes=10_000)
    session.mount()
    for _ in range(40):
        session.send_change({"t": "push", "id": 1, "event": "big", "payload": "y" * 1000})
    assert sum(len(text) for _, text in session.history) <= 10_000
    assert session.missed(0) is None  # the oldest went: a client that far behind gets a mount
    assert session.missed(session.seq - 2) is not None


async def test_a_second_page_claiming_a_live_session_gets_one_of_its_own(app):
    """A duplicated tab names the session its original holds: if the original still answers, the
    newcomer is mounted afresh with a session and token of its own, and the original goes on."""
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as first:
        await receive(first)
        await click(first, 1, page.node_id("inc"))

        async def answer_the_ping():
            assert await receive(first) == {"t": "ping"}
            await first.send(json.dumps({"t": "pong"}))

        answering = asyncio.ensure_future(answer_the_ping())
        async with page.connect(client, last=1) as second:
            mount = await receive(second)
            await answering
            assert mount["t"] == "mount" and mount["token"] and session_of(mount["token"]) != page.session
            assert "0" in mount["html"]  # a fresh page, not the first page's state
            # The first page goes on with its session; the second has its own.
            assert value_text(await click(first, 2, page.node_id("inc"))) == "2"
            assert session_of(mount["token"]) in app.store and page.session in app.store
        # The second page reconnects to its own session with its new identity.
        async with page.connect(client, last=1, token=mount["token"]) as again:
            assert (await receive(again))["t"] == "resumed"


async def test_two_pages_claiming_a_live_session_at_once_each_get_one_of_their_own(app):
    """Two duplicated tabs at the same moment: the holder answers, so neither takes its session
    (one ping answered for both, not one newcomer taking the answer and the other the session)."""
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as first:
        await receive(first)
        await click(first, 1, page.node_id("inc"))

        async def answer_pings():
            while True:
                if await receive(first) == {"t": "ping"}:
                    await first.send(json.dumps({"t": "pong"}))

        answering = asyncio.ensure_future(answer_pings())
        async with page.connect(client, last=1) as second, page.connect(client, last=1) as third:
            mounts = [await receive(second), await receive(third)]
            answering.cancel()
            for mount in mounts:
                assert mount["t"] == "mount" and session_of(mount["token"]) != page.session
            assert value_text(await click(first, 2, page.node_id("inc"))) == "2"


async def test_a_second_page_claiming_a_session_whose_holder_is_silent_takes_it_over(app):
    """A holder that does not answer is a dead socket (the same page reconnecting): resume."""
    client = app.test_client()
    page = await open_page(client)
    async with page.connect(client) as first:
        await receive(first)
        await click(first, 1, page.node_id("inc"))
        async with page.connect(client, last=1) as second:  # the first never answers
            assert await receive(second) == {"t": "resumed", "seq": 1}
            with pytest.raises(WebsocketDisconnectError) as closed:
                while True:
                    await first.receive()
            assert closed.value.args[0] == 4409


async def test_a_burst_of_frames_already_received_does_not_look_like_a_client_that_does_not_read():
    """Frames that arrive together are handled without the reader suspending; the writer must get
    its turn, or the queue passes its limit and a client that reads fine is dropped with 1013."""
    from pylive.server.connection import Connection

    app = make_app()

    class Burst:
        def __init__(self):
            self.frames = ['{"t":"ping"}'] * 3000
            self.sent = []
            self.closed_with = None

        async def receive(self):
            if self.frames:
                return self.frames.pop()
            await asyncio.Event().wait()

        async def send(self, data):
            self.sent.append(data)

        async def close(self, code, reason=""):
            self.closed_with = code

    socket = Burst()
    connection = Connection(socket, app.store, "b" * 24, "/", app.new_session)
    task = asyncio.ensure_future(connection.run(None))
    for _ in range(200):
        await asyncio.sleep(0.01)
        if not socket.frames and socket.sent.count('{"t":"pong"}') == 3000:
            break
    task.cancel()
    assert socket.closed_with is None
    assert socket.sent.count('{"t":"pong"}') == 3000
