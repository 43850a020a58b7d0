"""A keyed reorder moves the DOM nodes: typed text and focus travel with their row."""

from __future__ import annotations

import pytest
from apps import rows
from livepage import goto_live

ORDER = "[...document.querySelectorAll('#rows > li')].map(li => li.id)"
# Browsers without Element.prototype.moveBefore take the insertBefore path, which must restore focus.
WITHOUT_MOVE_BEFORE = "delete Element.prototype.moveBefore;"


@pytest.mark.parametrize("move_before", [True, False], ids=["moveBefore", "insertBefore"])
async def test_reverse_moves_rows_with_their_state(serve_app, new_page, move_before):
    server = serve_app(rows.make_app())
    page, errors = await new_page(None if move_before else WITHOUT_MOVE_BEFORE)
    await goto_live(page, server.url)
    assert await page.evaluate("typeof Element.prototype.moveBefore === 'function'") is move_before
    handles = {key: await page.query_selector(f"#row-{key}") for key in rows.KEYS}
    field = await page.query_selector("#row-b input")
    await field.click()
    await page.keyboard.type("typed in b")
    await page.keyboard.press("Shift+ArrowLeft")
    await page.keyboard.press("Shift+ArrowLeft")

    await page.keyboard.press("Enter")  # reverses the rows, focus staying in row b's input
    await page.wait_for_function(f"{ORDER}.join() === 'row-e,row-d,row-c,row-b,row-a'")

    # The same nodes, moved: no row was recreated.
    for key, handle in handles.items():
        assert await handle.evaluate("(li, id) => li.isConnected && li === document.getElementById(id)", f"row-{key}")
    assert await field.evaluate("el => el === document.activeElement")
    assert await field.evaluate("el => [el.value, el.selectionStart, el.selectionEnd]") == ["typed in b", 8, 10]

    # Typing goes on in the same input after the move.
    await page.keyboard.press("End")
    await page.keyboard.type("!")
    assert await field.input_value() == "typed in b!"

    await page.click("#rotate")
    await page.wait_for_function(f"{ORDER}.join() === 'row-d,row-c,row-b,row-a,row-e'")
    assert await page.input_value("#row-b input") == "typed in b!"
    assert await handles["e"].evaluate("li => li === document.querySelector('#rows').lastElementChild")
    assert errors == []
