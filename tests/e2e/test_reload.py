"""Hot reload end to end: `pylive run --reload` on a copy of the counter demo, edited while a page is open."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from livepage import goto_live, mark_page, still_same_page

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def reloading_app(tmp_path: Path):
    """A copy of demos/counter.py served by `pylive run --reload`; yields (url, file)."""
    app_file = tmp_path / "counter.py"
    shutil.copy(ROOT / "demos" / "counter.py", app_file)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pylive.cli", "run", str(app_file), "--reload", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"pylive run --reload did not serve:\n{proc.communicate()[0]}")
            time.sleep(0.1)
    yield url, app_file
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
    edit(app_file, "def Counter(start: int = 0):", "def Counter(start: int = 0:")
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
    edit(app_file, "def Counter(start: int = 0:", "def Counter(start: int = 0):")
    edit(app_file, 'h.span("Clicks so far", id="label")', 'h.span("Fixed", id="label")')
    await overlay.wait_for(state="detached")
    await page.wait_for_function("document.querySelector('#label').textContent === 'Fixed'")
    assert await page.text_content("#value") == "4"
    assert await still_same_page(page)
    await other.locator("#pl-error-overlay").wait_for(state="detached")
    assert errors == [] and other_errors == []
