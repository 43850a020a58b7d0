"""pylive.testing's real server and Chromium finder, for browser tests of one's own app."""

from __future__ import annotations

import asyncio
import socket
import urllib.error
import urllib.request

import pytest

import pylive as pl
from pylive import html as h
from pylive.testing import ChromiumNotFound, LiveServer, find_chromium


@pl.component
def Hello():
    return h.p("hello from a live server", id="hello")


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
    except OSError:
        return True
    return False


async def test_a_live_server_serves_the_app_until_stopped_and_can_restart_on_its_port():
    with LiveServer(pl.App(Hello, secret_key="k")) as server:
        assert server.port > 0 and server.url == f"http://127.0.0.1:{server.port}"
        assert "hello from a live server" in await asyncio.to_thread(get, server.url + "/")
    assert refused(server.port)
    with LiveServer(pl.App(Hello, secret_key="k"), server.port) as again:  # a restart
        assert "hello from a live server" in await asyncio.to_thread(get, again.url + "/")


def test_a_taken_port_is_an_error_at_once():
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        with pytest.raises(OSError):
            LiveServer(pl.App(Hello, secret_key="k"), squatter.getsockname()[1]).start()


def test_an_app_that_fails_to_start_up_is_an_error_of_start():
    app = pl.App(Hello, secret_key="k")

    @app.quart.before_serving
    async def broken() -> None:
        raise RuntimeError("no database")

    server = LiveServer(app)
    with pytest.raises(RuntimeError, match="failed to start") as failure:
        server.start()
    assert "no database" in str(failure.value.__cause__)
    assert refused(server.port)


def test_chromium_is_found_on_the_path_or_where_pylive_chromium_says(monkeypatch, tmp_path):
    monkeypatch.delenv("PYLIVE_CHROMIUM", raising=False)
    assert find_chromium().endswith(("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"))
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PYLIVE_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)
    monkeypatch.setenv("PYLIVE_CHROMIUM", str(tmp_path / "nothing-here"))
    with pytest.raises(ChromiumNotFound, match="apt-get install -y chromium"):
        find_chromium()
    monkeypatch.delenv("PYLIVE_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ChromiumNotFound, match="PYLIVE_CHROMIUM"):
        find_chromium()
