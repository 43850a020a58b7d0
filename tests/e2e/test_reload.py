"""Hot reload end to end: `pylive run --reload` on a copy of the counter demo, edited while a page is open."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from livepage import goto_live, mark_page, still_same_page
from served import Served, free_port

ROOT = Path(__file__).resolve().parents[2]


def serve_reloading(app_file: Path) -> Served:
    """`pylive run FILE --reload` in a subprocess of its own, on a free port, once it serves."""
    port = free_port()
    command = [sys.executable, "-m", "pylive", "run", str(app_file), "--reload", "--port", str(port)]
    server = Served(command, port=port, cwd=app_file.parent)
    server.get()
    return server


@pytest.fixture
def reloading():
    """`reloading(app_file) -> Served`, stopped after the test."""
    servers: list[Served] = []

    def start(app_file: Path) -> Served:
        servers.append(serve_reloading(app_file))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def reloading_app(tmp_path: Path, reloading):
    """A copy of demos/counter.py served by `pylive run --reload`; yields (url, file)."""
    app_file = tmp_path / "counter.py"
    shutil.copy(ROOT / "demos" / "counter.py", app_file)
    yield reloading(app_file).url, app_file


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


async def test_a_save_rerenders_in_place_keeping_state(reloading_app, new_page) -> None:
    url, app_file = reloading_app
    page, errors = await new_page()
    await goto_live(page, url)
    for _ in range(3):
        await page.click("#inc")
    await page.wait_for_function("document.querySelector('#value').textContent === '3'")
    await mark_page(page)

    edit(app_file, 'h.span("Count", id="label")', 'h.span("Clicks so far", id="label")')
    await page.wait_for_function("document.querySelector('#label').textContent === 'Clicks so far'")
    assert await page.text_content("#value") == "3"
    assert await still_same_page(page)

    # A broken save: the overlay shows file, line and message; the page keeps working on the old code.
    edit(app_file, "def Counter(start: int = 0) -> pl.Element:", "def Counter(start: int = 0 -> pl.Element:")
    overlay = page.locator("#pl-error-overlay")
    await overlay.wait_for(state="visible")
    message = await overlay.inner_text()
    assert "counter.py:" in message and "SyntaxError" in message, message
    # (The overlay covers the page, so the click is a script's.)
    await page.evaluate("document.querySelector('#inc').click()")
    await page.wait_for_function("document.querySelector('#value').textContent === '4'")
    # A page opened while the error stands shows it too.
    other, other_errors = await new_page()
    await goto_live(other, url)
    await other.locator("#pl-error-overlay").wait_for(state="visible")
    assert "SyntaxError" in await other.locator("#pl-error-overlay").inner_text()

    # A good save clears it, and the new code is in place with the state still there.
    edit(app_file, "def Counter(start: int = 0 -> pl.Element:", "def Counter(start: int = 0) -> pl.Element:")
    edit(app_file, 'h.span("Clicks so far", id="label")', 'h.span("Fixed", id="label")')
    await overlay.wait_for(state="detached")
    await page.wait_for_function("document.querySelector('#label').textContent === 'Fixed'")
    assert await page.text_content("#value") == "4"
    assert await still_same_page(page)
    await other.locator("#pl-error-overlay").wait_for(state="detached")
    assert errors == [] and other_errors == []


STYLED_APP = '''
import pylive as pl
from pylive import html as h


@pl.component
def Styled():
    count, set_count = pl.use_state(0)
    return h.div(
        h.button("+", id="inc", on_click=lambda: set_count(count + 1)),
        h.output(str(count), id="value"),
        id="box",
    )


app = pl.App(Styled, title="Styled", head=[h.link(rel="stylesheet", href="/static/app.css")])
'''


async def test_a_stylesheet_save_swaps_styles_without_rerendering(tmp_path: Path, reloading, new_page) -> None:
    (tmp_path / "static").mkdir()
    css = tmp_path / "static" / "app.css"
    css.write_text("#box { color: rgb(0, 0, 255); }\n")
    app_file = tmp_path / "styled.py"
    app_file.write_text(STYLED_APP)
    server = reloading(app_file)
    page, errors = await new_page()
    await goto_live(page, server.url)
    color = "getComputedStyle(document.querySelector('#box')).color"
    await page.wait_for_function(f"{color} === 'rgb(0, 0, 255)'")
    await page.click("#inc")
    await page.wait_for_function("document.querySelector('#value').textContent === '1'")
    await mark_page(page)

    css.write_text("#box { color: rgb(255, 0, 0); }\n")
    await page.wait_for_function(f"{color} === 'rgb(255, 0, 0)'")
    assert await still_same_page(page)
    assert await page.text_content("#value") == "1"
    links = "document.querySelectorAll('link[rel=stylesheet][href^=\"/static/app.css\"]').length"
    await page.wait_for_function(f"{links} === 1")
    assert errors == []
