"""pl.App(dashboard=True) over HTTP: the token, 404 without it, the metrics JSON, the page's own CSP."""

from __future__ import annotations

import logging

import pytest
from app_client import open_page

import pylive as pl
from pylive import html as h
from pylive.live import telemetry
from pylive.server.dashboard import ENV_TOKEN, dashboard_token, fmt_age, fmt_bytes, fmt_ms


@pl.component
def Hello():
    return h.p("hello", id="hello")


def make_app(**options) -> pl.App:
    return pl.App(Hello, title="Hello", secret_key="dashboard-tests", **options)


async def test_without_dashboard_the_route_does_not_exist():
    app = make_app()
    assert app.board is None
    client = app.test_client()
    for path in ("/_pylive/dashboard", "/_pylive/dashboard?token=x", "/_pylive/dashboard/metrics?token=x"):
        assert (await client.get(path)).status_code == 404


async def test_without_the_right_token_the_dashboard_answers_as_a_missing_route(monkeypatch):
    monkeypatch.setenv(ENV_TOKEN, "s3cret-token")
    app = make_app(dashboard=True)
    assert app.board.token == "s3cret-token"
    client = app.test_client()
    without = make_app().test_client()
    for query in ("", "?token=", "?token=wrong", "?token=s3cret-toke", "?tok=s3cret-token"):
        for path in ("/_pylive/dashboard", "/_pylive/dashboard/metrics"):
            response = await client.get(path + query)
            missing = await without.get(path + query)  # the same request to a server without it
            assert response.status_code == 404
            assert await response.get_data() == await missing.get_data()
            assert response.headers["Content-Type"] == missing.headers["Content-Type"]
    assert (await client.get("/_pylive/dashboard?token=s3cret-token")).status_code == 200


async def test_the_dashboard_page_and_its_metrics(monkeypatch):
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    app = make_app(dashboard=True)
    token = app.board.token
    assert len(token) >= 20
    async with app.quart.test_app() as test_app:
        client = test_app.test_client()
        await open_page(client)  # a visitor
        page = await open_page(client, f"/_pylive/dashboard?token={token}")
        assert "pylive dashboard" in page.html and 'id="pl-dash-sessions"' in page.html
        response = await client.get(f"/_pylive/dashboard?token={token}")
        csp = response.headers["Content-Security-Policy"]
        assert "style-src 'self' 'sha256-" in csp  # its stylesheet is allowed by hash, nothing inline else
        metrics = await (await client.get(f"/_pylive/dashboard/metrics?token={token}")).get_json()
        assert metrics["sessions"] == 1 and metrics["pages"] == {"/": 1}
        assert {"events_per_s", "event_ms", "render_ms", "bytes_in_per_s", "slowest", "topics", "process"} <= set(metrics)
        assert len(telemetry.HANDLERS) == 1  # the metrics, attached while serving
    assert not telemetry.HANDLERS  # detached when the app stops


async def test_the_token_is_logged_at_start_up(monkeypatch, caplog):
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    app = make_app(dashboard=True)
    with caplog.at_level(logging.INFO, "pylive"):
        async with app.quart.test_app():
            pass
    assert f"/_pylive/dashboard?token={app.board.token}" in caplog.text


async def test_a_token_set_in_the_environment_is_not_written_to_the_log(monkeypatch, caplog):
    monkeypatch.setenv(ENV_TOKEN, "operators-own-secret")
    app = make_app(dashboard=True)
    with caplog.at_level(logging.INFO, "pylive"):
        async with app.quart.test_app():
            pass
    assert "operators-own-secret" not in caplog.text
    assert f"/_pylive/dashboard?token=<{ENV_TOKEN}>" in caplog.text


def test_a_token_comes_from_the_environment_or_is_random(monkeypatch):
    monkeypatch.setenv(ENV_TOKEN, "from-env")
    assert dashboard_token() == "from-env"
    monkeypatch.delenv(ENV_TOKEN)
    assert dashboard_token() != dashboard_token()


@pytest.mark.parametrize(
    "value, text", [(512, "512 B"), (2048, "2.0 KB"), (5 * 2**20, "5.0 MB"), (3 * 2**30, "3.00 GB")]
)
def test_fmt_bytes(value, text):
    assert fmt_bytes(value) == text


def test_fmt_ms_and_age():
    assert fmt_ms(0.1234) == "0.123 ms" and fmt_ms(12.34) == "12.3 ms"
    assert fmt_age(5) == "5 s" and fmt_age(600) == "10 min" and fmt_age(9000) == "2.5 h"


async def test_the_inspector_keeps_its_session_and_says_when_it_is_gone():
    from pylive.server.dashboard import Board
    from pylive.server.sessions import SessionStore

    @pl.component
    def Counter():
        count, _ = pl.use_state(41)
        return h.p(str(count))

    class Holder:
        _out = None

        def displace(self):
            pass

        def server_stopping(self):
            pass

    store = SessionStore()
    session = pl.Session(Counter())
    session.mount()
    store.add("abcdefgh-the-rest-of-the-id", session, Holder())
    board = Board(store, "token", dict)
    assert board.figures()["session_list"][0]["id"] == "abcdefgh"
    row, tree = board.inspect("abcdefgh")
    assert row["state"] == "mounted" and {"hook": "use_state", "value": "41"} in tree[-1]["hooks"]
    board.metrics.ids.clear()  # it left the list of the biggest
    assert board.inspect("abcdefgh") is not None
    store.close_all()
    assert board.inspect("abcdefgh") is None
    assert board.inspect("nothing!") is None
