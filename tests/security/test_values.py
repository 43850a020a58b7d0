"""Values a hostile page puts in its frames that the app then passes on to other pages: numbers
JSON cannot carry (`NaN`, `Infinity`, `1e309`), an event number past what the client can count,
a NUL character. Each is refused or made harmless, so that no other page breaks and the sender's
own page goes on."""

from __future__ import annotations

import asyncio
import json

import pytest
from livepage import goto_live
from raw_client import FrameReader, frame, handshake, open_page

import pylive as pl
from pylive import html as h

HOOK = (
    "<script>window.pylive = window.pylive || {}; window.pylive.hooks = {Relay: {mounted(el, ctx) {"
    " ctx.handleEvent('got', p => { el.dataset.got = JSON.stringify(p); }); }}};</script>"
)


def relay_app() -> pl.App:
    """What one page types or its hook sends is shown to, or pushed to the hook of, every page."""
    said: list[str] = []

    @pl.component
    def Relay():
        words, set_words = pl.use_state(tuple(said))
        count, set_count = pl.use_state(0)
        push = pl.use_push_event()
        pl.use_subscription("said", lambda text: set_words(lambda old: (*old, text)))
        pl.use_subscription("picked", lambda payload: push("got", payload))

        async def say(e: pl.Event) -> None:
            said.append(e.form["text"])
            await pl.broadcast("said", e.form["text"])

        return h.div(
            h.p("last: ", words[-1] if words else "none", h.b("!"), id="last"),
            h.form(h.input(name="text", id="text"), h.button("say", id="say"), id="form", on_submit=say),
            h.div(hook="Relay", id="relay", on_pick=lambda e: pl.broadcast("picked", e.payload)),
            h.button("+", id="inc", on_click=lambda: set_count(count + 1)),
            h.output(str(count), id="count"),
        )

    return pl.App(Relay, head=[HOOK])


def strict(text: str):
    """`text` decoded as JSON as a browser's `JSON.parse` does: no NaN, no Infinity."""

    def refuse(name: str):
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


class Page:
    def __init__(self, port: int) -> None:
        self.page = open_page(port)
        status, self.sock = handshake(port, self.page)
        assert status == 101
        self.reader = FrameReader(self.sock)
        self.reader.message()
        self.seq = 0

    def send(self, text: str) -> None:
        self.sock.sendall(frame(text))

    def next_text(self, timeout: float = 5.0) -> str:
        opcode, payload = self.reader.next(timeout)
        assert opcode == 1
        return payload.decode()

    def until(self, predicate) -> object:
        while True:
            message = strict(self.next_text())  # every message a page gets is JSON a browser can read
            if predicate(message):
                return message

    def click(self, dom_id: str, seq: int | None = None) -> list:
        self.seq = self.seq + 1 if seq is None else seq
        self.send(json.dumps([self.seq, self.page.node_id(dom_id), "click", {}]))
        return self.until(lambda m: isinstance(m, list) and m[1] == self.seq)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e309", '[1, {"x": -1e400}]'])
def test_a_number_json_cannot_carry_is_refused_and_never_reaches_another_page(serve_app, number):
    server = serve_app(relay_app())
    hostile, other = Page(server.port), Page(server.port)
    hostile.send(f'[1, {hostile.page.node_id("relay")}, "pick", {{"payload": {number}}}]')
    refused = hostile.until(lambda m: isinstance(m, dict) and m.get("t") == "error")
    assert "number" in refused["message"]
    # The other page gets nothing it cannot parse: its next message is the answer to its own click.
    assert other.click("inc")[2:] == [[0, other.page.node_id("count"), 0, "1"]]
    assert hostile.click("inc", seq=2)


def test_an_event_number_past_what_the_page_can_count_is_refused(serve_app):
    server = serve_app(relay_app())
    client = Page(server.port)
    client.send(json.dumps([2**53, client.page.node_id("inc"), "click", {}]))
    refused = client.until(lambda m: isinstance(m, dict) and m.get("t") == "error")
    assert "seq" in refused["message"]
    # Still handled (not taken for one handled already), as the page's next real event.
    assert client.click("inc", seq=1)[2:] == [[0, client.page.node_id("count"), 0, "1"]]


async def test_a_nul_typed_by_one_page_breaks_no_other(serve_app, new_page):
    """The HTML parser drops a NUL from text: a text of only NUL would be a node the browser never
    makes, and every later op under its parent would miss its mark."""
    server = serve_app(relay_app())
    hostile = await asyncio.to_thread(Page, server.port)
    hostile.send(json.dumps([1, hostile.page.node_id("form"), "submit", {"form": {"text": "\x00"}}]))
    await asyncio.to_thread(hostile.until, lambda m: isinstance(m, list) and m[1] == 1)
    page, errors = await new_page()
    await goto_live(page, server.url)  # its first page shows the NUL
    await page.fill("#text", "hello")
    await page.click("#say")
    await page.wait_for_function("document.getElementById('last').textContent === 'last: hello!'")
    await page.click("#inc")
    await page.wait_for_function("document.getElementById('count').textContent === '1'")
    assert errors == []
