"""Typing fast into an input whose value the server controls (and transforms) loses nothing."""

from __future__ import annotations

from apps import shout
from livepage import goto_live

CARET = "[document.activeElement.id, document.activeElement.selectionStart, document.activeElement.selectionEnd]"


async def test_fast_typing_into_a_server_controlled_input(serve_app, new_page):
    server = serve_app(shout.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#shout")
    await page.keyboard.type("the quick brown fox jumps over the lazy dog", delay=0)
    expected = "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG"
    await page.wait_for_function(f"document.querySelector('#echo').textContent === {expected!r}")
    await page.wait_for_function(f"document.querySelector('#shout').value === {expected!r}")
    assert await page.evaluate(CARET) == ["shout", len(expected), len(expected)]

    # Typing in the middle: the caret stays where the user put it while the echoes come back.
    for _ in range(3):
        await page.keyboard.press("ArrowLeft")
    await page.keyboard.type("big ", delay=0)
    expected = "THE QUICK BROWN FOX JUMPS OVER THE LAZY BIG DOG"
    await page.wait_for_function(f"document.querySelector('#echo').textContent === {expected!r}")
    await page.wait_for_function(f"document.querySelector('#shout').value === {expected!r}")
    caret = len(expected) - len("DOG")
    assert await page.evaluate(CARET) == ["shout", caret, caret]

    # Deleting fast works the same way.
    for _ in range(len("LAZY BIG ")):
        await page.keyboard.press("Backspace")
    expected = "THE QUICK BROWN FOX JUMPS OVER THE DOG"
    await page.wait_for_function(f"document.querySelector('#echo').textContent === {expected!r}")
    await page.wait_for_function(f"document.querySelector('#shout').value === {expected!r}")
    caret = len(expected) - len("DOG")
    assert await page.evaluate(CARET) == ["shout", caret, caret]
    assert errors == []
