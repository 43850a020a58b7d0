"""Layout frames and content: AppShell navigation, Markdown sanitizing, log and chat lists."""

from __future__ import annotations

import json

import pylive as pl
from components import AppShell, Card, ChatMessage, ChatMessages, Feed, Grid, LogView, Markdown, Row, Stack
from pylive import html as h
from pylive.testing import render


async def test_app_shell_marks_the_current_page_and_skips_to_content():
    shell = AppShell(h.p("content"), title="Plant", nav=[("Overview", "/"), ("Sensors", "/sensors")], actions=h.span("me"))
    async with render(shell, path="/sensors") as view:
        assert view.find("nav").attrs["aria-label"] == "Main"
        links = view.find_all("nav a")
        assert [a.attrs["href"] for a in links] == ["/", "/sensors"]
        assert "aria-current" not in links[0].attrs and links[1].attrs["aria-current"] == "page"
        skip = view.find(".pl-skip-link")
        assert skip.attrs["href"] == "#pl-main" and view.find("main").attrs["id"] == "pl-main"
        assert view.find("header").text == "Plantme"


async def test_layout_primitives():
    async with render(h.div(Stack("a", "b", gap="lg"), Row("a", justify="between"), Grid("x", min_width="10rem"), Card("body", title="T", footer="f"))) as view:
        assert "pl-gap-lg" in view.find(".pl-stack").attrs["class"]
        assert "pl-justify-between" in view.find(".pl-row").attrs["class"]
        assert view.find(".pl-grid").attrs["style"] == "--pl-grid-min:10rem"
        assert view.find(".pl-card h3").text == "T" and view.find(".pl-card-footer").text == "f"


async def test_markdown_is_rendered_and_sanitized():
    text = "# Title\n\n**bold** <script>alert(1)</script> [ok](https://example.com) [bad](javascript:alert(1))"
    async with render(Markdown(text)) as view:
        html = view.html()
        assert "<h1>Title</h1>" in html and "<strong>bold</strong>" in html
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert 'href="https://example.com"' in html and "javascript:" not in html.split("[bad]")[0]
        assert 'rel="nofollow noopener noreferrer"' in html
        assert "href=\"javascript" not in html


async def test_log_view_appends_by_key():
    push = {}

    @pl.component
    def Log():
        lines, set_lines = pl.use_state([f"line {i}" for i in range(100)])
        start, set_start = pl.use_state(0)

        def add(text):
            set_lines(lambda old: (old + [text])[-100:])
            set_start(lambda s: s + 1)

        push["fn"] = add
        return LogView(lines, start=start, label="Build")

    async with render(Log()) as view:
        log = view.find("[role=log]")
        assert log.attrs["aria-label"] == "Build" and log.attrs["hook"] == "LogView" and log.attrs["tabindex"] == "0"
        push["fn"]("new line")
        await view.settle()
        ops = json.loads(view.frames[-1])[2:]
        assert sorted(op[0] for op in ops) == [4, 5]  # one line out, one line in
        assert view.find_all("li")[-1].text == "101new line"


async def test_chat_messages():
    messages = [ChatMessage(1, "ann", "hi", "10:00"), ChatMessage(2, "me", "**yo**", "10:01", mine=True)]
    async with render(ChatMessages(messages, markdown=True)) as view:
        assert view.find("[role=log]").attrs["aria-label"] == "Messages"
        items = view.find_all("li")
        assert "pl-chat-message--mine" in items[1].attrs["class"]
        assert view.find_all("strong")[0].text == "yo"
        assert view.find("time").text == "10:00"


async def test_feed_shows_a_stream_and_loads_older_items_at_the_top():
    @pl.component
    def Lines():
        lines = pl.use_stream(key=lambda n: n)
        oldest = pl.use_ref(10)
        pl.use_memo(lambda: lines.reset(range(10, 13)), [])

        def older():
            oldest.current -= 1
            lines.insert(oldest.current, at=0)

        return Feed(lines.view(lambda n: h.li(f"line {n}")), on_top=older, id="f", label="Lines")

    async with render(Lines()) as view:
        feed = view.find("#f")
        assert feed.attrs["role"] == "log" and feed.attrs["hook"] == "LogView"
        await view.dispatch("#f .pl-feed-top", "viewport_enter")
        assert [li.text for li in view.find_all("#f li")] == ["line 9", "line 10", "line 11", "line 12"]


async def test_a_markdown_table_is_in_its_own_scroll_box():
    async with render(Markdown("| a | b |\n|---|---|\n| 1 | 2 |")) as view:
        box = view.find(".pl-markdown-table")
        assert box.attrs["role"] == "region" and box.attrs["tabindex"] == "0" and box.find("table") is not None
