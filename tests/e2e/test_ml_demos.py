"""The ML demos in a real Chromium: a "1" drawn with the mouse on the digit reader's canvas is read
as 1 with its probabilities charted, two tabs draw apart, and the model explorer trains with visible
progress and can be cancelled. Both pass an axe-core audit."""

from __future__ import annotations

import functools
from types import ModuleType

import pytest
from demo_loader import load_demo
from livepage import goto_live
from playwright.async_api import expect
from test_components_showcase import audit


@functools.cache
def demo(name: str) -> ModuleType:
    module = load_demo(name)
    if getattr(module, "model_future", None) is not None:
        module.model_future.result(timeout=300)  # trained (or read from the cache) before the clock starts
    return module


@pytest.fixture
def digits(serve_app):
    return serve_app(demo("digits").app)


@pytest.fixture
def explorer(serve_app):
    return serve_app(demo("explorer").app)


async def draw(page, *points: tuple[float, float]) -> None:
    """One stroke with the mouse through `points`, given as fractions of the canvas."""
    box = await page.locator("#pad").bounding_box()

    def at(p: tuple[float, float]) -> tuple[float, float]:
        return box["x"] + box["width"] * p[0], box["y"] + box["height"] * p[1]

    await page.mouse.move(*at(points[0]))
    await page.mouse.down()
    for p in points[1:]:
        await page.mouse.move(*at(p), steps=10)
    await page.mouse.up()


async def probability(page, digit: int) -> float:
    titles = await page.locator("#probabilities rect title").all_text_contents()
    shown = dict(t.split(": ") for t in titles)
    return float(shown[str(digit)].rstrip("%")) / 100


INKED = """() => { const c = document.querySelector('#pad');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"""


async def inked(page) -> int:
    return await page.evaluate(INKED)


async def test_a_drawn_one_is_read_as_one_and_each_tab_draws_apart(digits, new_page) -> None:
    page, errors = await new_page()
    other, other_errors = await new_page()
    await goto_live(page, digits.url)
    await goto_live(other, digits.url)
    assert await probability(page, 1) == 0
    await draw(page, (0.5, 0.1), (0.5, 0.9))
    await expect(page.locator("#guess")).to_have_text("1")
    assert await probability(page, 1) > 0.5
    assert await page.locator("#pixels i").count() == 64
    assert await inked(page) > 0
    # The other tab has its own canvas and reading.
    await expect(other.locator("#guess")).to_have_text("?")
    assert await inked(other) == 0
    await draw(other, (0.25, 0.15), (0.75, 0.15), (0.45, 0.9))
    await expect(other.locator("#guess")).to_have_text("7")
    await expect(page.locator("#guess")).to_have_text("1")
    # Clear empties the canvas (a push to the hook) and the reading.
    await page.click("#clear")
    await expect(page.locator("#guess")).to_have_text("?")
    await page.wait_for_function(f"() => ({INKED})() === 0")
    await draw(page, (0.5, 0.1), (0.5, 0.9))
    await expect(page.locator("#guess")).to_have_text("1")
    assert await audit(page) == []
    assert errors == [] and other_errors == []


async def test_the_explorer_trains_with_progress_and_can_be_cancelled(explorer, new_page) -> None:
    page, errors = await new_page()
    await goto_live(page, explorer.url)
    await page.focus("#epochs-control")
    await page.keyboard.press("End")  # 300 epochs
    await page.focus("#hidden-control")
    await page.keyboard.press("End")  # 256 hidden units: slow enough to watch
    await expect(page.locator("#hidden")).to_contain_text("256")
    await page.click("#train")
    # Watched in the page, every frame: on an idle core the epochs come faster than a test polls.
    await page.wait_for_function(
        """() => {
            const m = /epoch (\\d+) of 300/.exec(document.querySelector('#status').textContent);
            if (!m || Number(m[1]) < 2) return false;
            window.__bar = document.querySelector('#progress .pl-progress-bar').style.width;
            window.__rows = document.querySelectorAll('#confusion tbody tr').length;
            document.querySelector('#cancel').click();
            return true;
        }""",
        polling="raf",
        timeout=60_000,
    )
    assert float((await page.evaluate("window.__bar")).rstrip("%")) > 0
    assert await page.evaluate("window.__rows") == 10
    await expect(page.locator("#status")).to_contain_text("Run 1 cancelled after")
    await expect(page.locator("#results tbody")).to_contain_text("cancelled")
    await expect(page.locator("#train")).to_be_enabled()
    # A short run to its end.
    await page.focus("#epochs-control")
    await page.keyboard.press("Home")  # 5 epochs
    await page.focus("#hidden-control")
    await page.keyboard.press("Home")  # 4 hidden units
    await expect(page.locator("#epochs")).to_contain_text("5")
    await page.click("#train")
    await expect(page.locator("#status")).to_contain_text("Last run: 5 epochs", timeout=60_000)
    await expect(page.locator("#results tbody tr")).to_have_count(2)
    await expect(page.locator("#results tbody tr").first).to_contain_text("done")
    # The ten-by-ten matrix stays inside its card (it spilled 19 px past it at 1280 px wide).
    spill = await page.evaluate(
        """() => {
            const table = document.querySelector('#confusion').getBoundingClientRect();
            const card = document.querySelector('#confusion').closest('.pl-card-body').getBoundingClientRect();
            return table.right - card.right;
        }"""
    )
    assert spill <= 0
    assert await audit(page) == []
    assert errors == []
