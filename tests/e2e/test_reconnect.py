"""Connection loss: a network drop resumes the session; a server restart remounts and recovers forms."""

from __future__ import annotations

import asyncio
import json
import urllib.request

from apps import counter, signup
from livepage import goto_live, mark_page, still_same_page

VALUE = "document.querySelector('#value').textContent"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


async def go_offline(page, hop) -> None:
    """Cut the network between the page and its server, and keep it down until `come_back`."""
    hop.refusing = True
    hop.cut()
    await page.wait_for_selector("html.pl-disconnected:not(.pl-connected)", state="attached")


async def come_back(page, hop) -> None:
    """Let the page reconnect, and wait until it is live again."""
    hop.refusing = False
    await page.wait_for_selector("html.pl-connected:not(.pl-disconnected)", state="attached")


async def away_page(serve_app, proxy, new_page, button: str):
    """The `away` app through a cuttable hop, `button` clicked (its handler waits for the release),
    then the network cut and the handler released: what it sends now goes nowhere."""
    from apps import away

    server = serve_app(away.make_app())
    hop = await proxy(server.port)
    page, errors = await new_page()
    await goto_live(page, hop.url)
    await mark_page(page)
    assert await page.title() == "Start"
    await page.click(button)
    await go_offline(page, hop)
    # Straight to the server, not through the cut network.
    assert await asyncio.to_thread(fetch, server.url + "/_test/release") == b"released"
    return page, errors, hop


async def test_a_network_drop_resumes_with_state_intact(serve_app, proxy, new_page):
    server = serve_app(counter.make_app())
    hop = await proxy(server.port)
    page, errors = await new_page()
    await goto_live(page, hop.url)
    await mark_page(page)
    for _ in range(3):
        await page.click("#inc")
    await page.wait_for_function(f"{VALUE} === '3'")

    await go_offline(page, hop)
    await come_back(page, hop)

    assert await page.text_content("#value") == "3"  # a remount would have started again at 0
    await page.click("#inc")
    await page.wait_for_function(f"{VALUE} === '4'")
    assert await still_same_page(page)
    # The failed reconnection attempts are the browser's own network errors, not the page's.
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_server_restart_remounts_in_place_and_recovers_the_form(serve_app, new_page):
    server = serve_app(signup.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await mark_page(page)
    await page.fill("#name", "Ada Lovelace")
    await page.check("#news")
    await page.select_option("#color", "blue")
    await page.wait_for_function("document.querySelector('#server-view').textContent.includes('blue')")
    await page.click("#email")
    await page.keyboard.type("ada@example.org")  # no change event yet: the field still has focus

    server.stop()
    await page.wait_for_selector("html.pl-disconnected", state="attached")
    serve_app(signup.make_app(), port=server.port)  # a new process would know no session either
    await page.wait_for_selector("html.pl-connected", state="attached")

    expected = {"color": "blue", "email": "ada@example.org", "name": "Ada Lovelace", "news": "yes"}
    await page.wait_for_function(
        "document.querySelector('#server-view').textContent === " + json.dumps(json.dumps(expected, sort_keys=True))
    )
    assert await page.input_value("#name") == "Ada Lovelace"
    assert await page.input_value("#email") == "ada@example.org"
    assert await page.is_checked("#news")
    assert await page.input_value("#color") == "blue"
    assert await still_same_page(page)
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_title_address_and_hook_events_sent_while_away_arrive_on_resume(serve_app, proxy, new_page):
    page, errors, hop = await away_page(serve_app, proxy, new_page, "#wait")
    await come_back(page, hop)

    # Resumed, not remounted (the marker survives), and nothing the server sent meanwhile is lost.
    await page.wait_for_function("document.title === 'Later'")
    await page.wait_for_function("location.pathname === '/later'")
    assert await page.text_content("#path") == "/later"
    assert await page.evaluate("window.notes") == [{"from": "/"}]
    assert await still_same_page(page)
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_page_too_far_behind_gets_the_current_page_at_the_servers_address(serve_app, proxy, new_page):
    page, errors, hop = await away_page(serve_app, proxy, new_page, "#flood")
    await asyncio.sleep(0.5)  # the 400 messages, more than the session keeps
    await come_back(page, hop)

    # Not a resume but the current page, state intact, at the address the server moved to.
    await page.wait_for_function("document.querySelector('#count').textContent === '399'")
    assert await page.evaluate("location.pathname") == "/later"
    assert await page.text_content("#path") == "/later"
    assert await page.title() == "Later"
    assert await still_same_page(page)
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_live_page_answers_when_another_connection_claims_its_session(serve_app, new_page):
    """The server asks the holder whether it is still there; the real client answers, so the
    claimant gets a session of its own and the page keeps its own."""
    import json

    import websockets
    from app_client import session_of

    from pylive.live.frames import join_frame

    server = serve_app(counter.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#inc")
    await page.wait_for_function("document.querySelector('#value').textContent === '1'")
    token = await page.get_attribute("script[data-token]", "data-token")
    async with websockets.connect(f"ws://127.0.0.1:{server.port}/_pylive/ws") as claimant:
        await claimant.send(join_frame(token))
        mount = json.loads(await claimant.recv())
    assert mount["t"] == "mount" and session_of(mount["token"]) != session_of(token)
    await page.click("#inc")  # the page's own session goes on
    await page.wait_for_function("document.querySelector('#value').textContent === '2'")
    assert await page.evaluate("document.documentElement.classList.contains('pl-connected')")
    assert errors == []
