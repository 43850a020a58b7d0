"""Two `pylive run` servers sharing a real redis-server, a Chromium page on each, running the chat demo:
messages and presence cross servers; a server killed with SIGKILL leaves the other's presence list
within the (shortened) expiry; a Redis outage leaves both pages working, logged once, and cross-server
delivery resumes by itself when Redis is back."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from livepage import goto_live
from playwright.async_api import Page, expect
from redis_server import RedisServer, free_port
from served import start_logged

CHAT = Path(__file__).resolve().parents[2] / "demos" / "chat.py"
#: Presence expiry for these servers, in seconds: short, so that a dead server's presences go fast.
EXPIRY = "2"
WAIT_MS = 15_000


class ChatServer:
    """`pylive run demos/chat.py --pubsub URL` in a process of its own, its log in a file."""

    def __init__(self, redis_url: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {**os.environ, "PYLIVE_PRESENCE_EXPIRY": EXPIRY, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "pylive", "run", str(CHAT), "--port", str(self.port), "--pubsub", redis_url]
        self.process = start_logged(command, self.port, log, env=env, what="the chat server")

    def text(self) -> str:
        return self.log.read_text()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(str(tmp_path)).start()
    yield server
    server.stop()


@pytest.fixture
def chat_servers(redis_server: RedisServer, tmp_path: Path) -> Iterator[list[ChatServer]]:
    servers = [ChatServer(redis_server.url, tmp_path / f"server{i}.log") for i in range(2)]
    yield servers
    for server in servers:
        server.kill()


async def join(page: Page, url: str, name: str) -> None:
    await goto_live(page, url)
    await page.fill("#name", name)
    await page.click("#join")
    await page.wait_for_selector("#text")


async def say(page: Page, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")


def messages(page: Page):
    return page.locator(".pl-chat-text")


async def test_two_servers_share_messages_presence_and_survive_failures(
    chat_servers: list[ChatServer], redis_server: RedisServer, new_page
) -> None:
    a, b = chat_servers
    ann, ann_errors = await new_page()
    bob, bob_errors = await new_page()
    await join(ann, a.url, "ann")
    await join(bob, b.url, "bob")

    # Presence across servers: each page lists both.
    for page in (ann, bob):
        await expect(page.locator("#online li")).to_have_text(["ann", "bob"], timeout=WAIT_MS)

    # A message sent on one server shows on the other.
    await say(ann, "hello from a")
    await expect(messages(bob)).to_have_text(["hello from a"], timeout=WAIT_MS)
    await expect(ann.locator("#text")).to_have_value("")  # the composer is cleared once sent
    await say(bob, "hello from b")
    await expect(messages(ann)).to_have_text(["hello from a", "hello from b"], timeout=WAIT_MS)

    # Redis goes away: both pages keep working, each server's own broadcasts still arrive.
    redis_server.stop()
    await say(ann, "a alone")
    await expect(messages(ann).last).to_have_text("a alone", timeout=WAIT_MS)
    await say(bob, "b alone")
    await expect(messages(bob).last).to_have_text("b alone", timeout=WAIT_MS)

    # Redis comes back: delivery across servers resumes by itself.
    redis_server.start()
    deadline = time.monotonic() + WAIT_MS / 1000
    attempt = 0
    while True:
        attempt += 1
        await say(ann, f"after #{attempt}#")
        try:
            await expect(messages(bob).filter(has_text=f"after #{attempt}#")).to_have_count(1, timeout=1000)
            break
        except AssertionError:
            assert time.monotonic() < deadline, "cross-server delivery did not resume"
    for server in (a, b):
        log = server.text()
        assert log.count("is unreachable") == 1, log  # one warning, not one per message or retry
        assert "Traceback" not in log, log
    # Presence is rebuilt from the heartbeats once Redis is back (it lost everything).
    for page in (ann, bob):
        await expect(page.locator("#online li")).to_have_text(["ann", "bob"], timeout=WAIT_MS)

    # A server killed without a goodbye: its session's presence disappears from the other.
    b.kill()
    await expect(ann.locator("#online li")).to_have_text(["ann"], timeout=WAIT_MS)
    await say(ann, "still here")
    await expect(messages(ann).last).to_have_text("still here", timeout=WAIT_MS)
    assert ann_errors == []
    await asyncio.sleep(0)
    del bob_errors  # bob's server was killed: its page's reconnect attempts may log errors
