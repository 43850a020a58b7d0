"""`pylive top URL`: a running server's figures in the terminal, and one sentence for every mistake."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from served import free_port

import pylive as pl
from pylive import html as h
from pylive.dev.top import TopError, metrics_url, view
from pylive.testing import LiveServer

ROOT = Path(__file__).resolve().parents[2]


@pl.component
def Hello():
    return h.p("hello")


def pylive(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pylive", *args], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )


@pytest.fixture(scope="module")
def server():
    app = pl.App(Hello, title="Hello", secret_key="top-tests", dashboard=True)
    app.page("/hello-page", Hello)
    with LiveServer(app) as served:
        served.app = app
        yield served


def test_top_once_prints_the_servers_figures(server):
    urllib.request.urlopen(f"{server.url}/hello-page").read()  # a session on a page of its own
    result = pylive("top", f"{server.url}/_pylive/dashboard?token={server.app.board.token}", "--once")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "sessions" in out and "events/s" in out and "Slowest components" in out
    assert "/hello-page" in out


def test_the_token_may_come_from_the_option_or_the_environment(server):
    by_option = pylive("top", server.url, "--token", server.app.board.token, "--once")
    assert by_option.returncode == 0 and "Pages" in by_option.stdout
    env = {**__import__("os").environ, "PYLIVE_DASHBOARD_TOKEN": server.app.board.token}
    by_env = pylive("top", server.url.removeprefix("http://"), "--once", env=env)
    assert by_env.returncode == 0 and "Pages" in by_env.stdout


@pytest.mark.parametrize(
    "args, says",
    [
        (lambda s: [s.url, "--token", "wrong"], "no dashboard at http://127.0.0.1"),
        (lambda s: [f"http://127.0.0.1:{free_port()}", "--token", "x"], "cannot reach http://127.0.0.1"),
    ],
)
def test_every_mistake_is_one_sentence(server, args, says):
    result = pylive("top", *args(server), "--once")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert says in result.stderr and result.stderr.count("\n") == 1, result.stderr


def test_no_token_at_all_says_where_to_put_one(monkeypatch):
    monkeypatch.delenv("PYLIVE_DASHBOARD_TOKEN", raising=False)
    with pytest.raises(TopError, match="no dashboard token"):
        metrics_url("http://example.org")


def test_metrics_url_from_a_root_or_a_dashboard_address():
    assert metrics_url("http://h:1/", "t") == "http://h:1/_pylive/dashboard/metrics?token=t"
    assert metrics_url("h:1/_pylive/dashboard?token=a%2Bb") == "http://h:1/_pylive/dashboard/metrics?token=a%2Bb"
    assert metrics_url("https://h/app/_pylive/dashboard?token=z") == "https://h/app/_pylive/dashboard/metrics?token=z"


def test_view_renders_an_empty_server():
    from rich.console import Console

    figures = {
        "sessions": 0, "pages": {}, "events_per_s": 0.0, "bytes_in_per_s": 0.0, "bytes_out_per_s": 0.0,
        "event_ms": {"p50": 0.0, "p95": 0.0, "p99": 0.0}, "render_ms": {"p50": 0.0, "p95": 0.0, "p99": 0.0},
        "slowest": [], "session_list": [], "topics": [],
        "process": {"rss": 1 << 20, "cpu": 1.0, "gc_max_ms": 0.0, "gc_total_ms": 0.0, "loop_lag_ms": 0.1},
    }
    console = Console(record=True, width=160)
    console.print(view(figures, "http://x"))
    assert "pylive top http://x" in console.export_text()
