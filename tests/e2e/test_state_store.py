"""Two `pylive run --state URL` nodes sharing a real redis-server, one Chromium page reaching them
through a cuttable proxy whose target the test switches: every reconnect lands on the other node,
with no sticky routing. The page keeps its state and its DOM (no remount) when its session moves,
when its node gets SIGTERM (a deploy) or SIGKILL (a lost machine); a click made while the network
is down, or sent on a socket that died before its answer came, is applied exactly once; a session
holding what cannot be stored is named in the log and remounts with its form recovered."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from livepage import goto_live, mark_page, still_same_page
from redis_server import RedisServer, free_port
from served import start_logged

APP = Path(__file__).resolve().parent / "apps" / "handoff.py"
VALUE = "document.querySelector('#value').textContent"


class Node:
    """`pylive run handoff.py --state URL` in a process of its own, its log in a file."""

    def __init__(self, redis_url: str, log: Path) -> None:
        self.port = free_port()
        self.log = log
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "pylive", "run", str(APP), "--port", str(self.port), "--state", redis_url]
        self.process = start_logged(command, self.port, log, env=env, what="the node")

    def text(self) -> str:
        return self.log.read_text()

    def signal(self, sig: int) -> None:
        self.process.send_signal(sig)
        self.process.wait(15)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(str(tmp_path)).start()
    yield server
    server.stop()


@pytest.fixture
def nodes(redis_server: RedisServer, tmp_path: Path) -> Iterator[list[Node]]:
    started = [Node(redis_server.url, tmp_path / f"node{i}.log") for i in range(2)]
    yield started
    for node in started:
        node.stop()


async def open_on(page, hop, node: Node, path: str = "/") -> None:
    hop.target_port = node.port
    await goto_live(page, hop.url + path)
    await mark_page(page)
    # A mount replaces every element of the page: this one's mark would be gone.
    await page.evaluate("document.querySelector('#value').plMark = 1")


async def move_to(page, hop, node: Node) -> None:
    """Cut the network; the page reconnects through the proxy, which now leads to `node`."""
    hop.target_port = node.port
    # The page may be back within a frame (its first retry comes within 100 ms): an observer sees
    # the disconnected state however briefly it lasts, where polling for it could miss it.
    await page.evaluate(
        """() => {
          window.plDropped = false;
          const html = document.documentElement;
          new MutationObserver(() => {
            if (html.classList.contains('pl-disconnected')) window.plDropped = true;
          }).observe(html, { attributes: true, attributeFilter: ['class'] });
        }"""
    )
    hop.cut()
    await page.wait_for_function("window.plDropped === true")
    await page.wait_for_selector("html.pl-connected:not(.pl-disconnected)", state="attached")


async def not_remounted(page) -> bool:
    return await still_same_page(page) and await page.evaluate("document.querySelector('#value').plMark === 1")


async def clicks(page, n: int, expected: str) -> None:
    for _ in range(n):
        await page.click("#inc")
    await page.wait_for_function(f"{VALUE} === {expected!r}")


async def test_a_session_moves_between_nodes_and_survives_a_deploy_without_a_remount(nodes, proxy, new_page):
    a, b = nodes
    hop = await proxy(a.port)
    page, errors = await new_page()
    await open_on(page, hop, a)
    await clicks(page, 3, "3")
    await page.click("#name")
    await page.keyboard.type("Ada Lov")  # half typed: the server has it, the form was never sent
    await page.wait_for_function("document.querySelector('#echo').textContent === 'Ada Lov'")

    await move_to(page, hop, b)  # A still holds it: B takes it over from the store
    assert await page.text_content("#value") == "3"
    await clicks(page, 1, "4")
    await move_to(page, hop, a)  # A's own copy is stale now: it takes B's
    await clicks(page, 1, "5")
    assert await page.input_value("#name") == "Ada Lov"
    assert await page.text_content("#echo") == "Ada Lov"

    # A deploy: A gets SIGTERM, stores its sessions and closes with 1012; the page resumes on B.
    hop.target_port = b.port
    await asyncio.to_thread(a.signal, signal.SIGTERM)
    await page.wait_for_selector("html.pl-connected:not(.pl-disconnected)", state="attached")
    await clicks(page, 1, "6")
    await page.focus("#name")
    await page.keyboard.press("End")
    await page.keyboard.type("ace")
    await page.wait_for_function("document.querySelector('#echo').textContent === 'Ada Lovace'")
    assert await not_remounted(page)
    assert "stored 1 session before stopping" in a.text()
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_node_killed_outright_leaves_the_last_write_to_resume_from(nodes, proxy, new_page):
    a, b = nodes
    hop = await proxy(a.port)
    page, errors = await new_page()
    await open_on(page, hop, a)
    await clicks(page, 2, "2")
    await asyncio.sleep(0.6)  # past the 250 ms within which a change is written
    hop.target_port = b.port
    await asyncio.to_thread(a.signal, signal.SIGKILL)
    # Made on the dead socket or on the new one, the click counts once.
    await clicks(page, 1, "3")
    await page.wait_for_selector("html.pl-connected:not(.pl-disconnected)", state="attached")
    assert await not_remounted(page)
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_click_made_while_the_network_is_down_is_applied_once_on_the_other_node(nodes, proxy, new_page):
    a, b = nodes
    hop = await proxy(a.port)
    page, errors = await new_page()
    await open_on(page, hop, a)
    await clicks(page, 1, "1")
    hop.refusing = True
    hop.cut()
    await page.wait_for_selector("html.pl-disconnected", state="attached")
    await page.click("#inc")  # queued in the page; the button shows as pending
    await page.wait_for_selector("#inc.pl-loading")
    await asyncio.sleep(2)  # a 2 s cut
    hop.target_port = b.port
    hop.refusing = False
    await page.wait_for_function(f"{VALUE} === '2'")
    assert await page.query_selector("#inc.pl-loading") is None
    await clicks(page, 1, "3")  # and not 4: the queued click was applied once
    assert await not_remounted(page)
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_an_event_whose_answer_was_lost_is_sent_again_and_applied_once(nodes, proxy, new_page):
    a, b = nodes
    hop = await proxy(a.port)
    page, errors = await new_page()
    await open_on(page, hop, a)
    await clicks(page, 1, "1")
    await page.click("#slow")  # its handler answers after 1 s
    await asyncio.sleep(0.3)
    await move_to(page, hop, b)  # the page sends it again to B, which has A's state
    await page.wait_for_function(f"{VALUE} === '2'")
    await asyncio.sleep(1.5)  # A's handler is done by now: its late write is refused, not applied
    await clicks(page, 1, "3")
    await move_to(page, hop, a)
    await clicks(page, 1, "4")
    assert await not_remounted(page)
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_session_holding_a_function_is_named_and_remounts_with_its_form(nodes, proxy, new_page):
    a, b = nodes
    hop = await proxy(a.port)
    page, errors = await new_page()
    await open_on(page, hop, a, "/unstorable")
    await clicks(page, 2, "2")
    await page.fill("#name", "Grace")
    await move_to(page, hop, b)
    # Not stored: B mounts it afresh, and the page recovers its form.
    await page.wait_for_function("document.querySelector('#server-view').textContent.includes('Grace')")
    assert await page.text_content("#value") == "0"
    assert await page.input_value("#name") == "Grace"
    assert await still_same_page(page)
    log = a.text()
    sentence = "cannot store the state of Unstorable's use_state hook #2, which holds a function (str.upper)"
    assert log.count(sentence) == 1, log
    assert [e for e in errors if "WebSocket" not in e] == []
