"""Hostile strings in text and attributes stay text: no markup, no script, no dialog."""

from __future__ import annotations

from apps import hostile
from livepage import goto_live

INJECTED = "document.querySelectorAll('#pl-root script, #pl-root img, #pl-root svg, #pl-root b, #injected').length"


async def test_hostile_strings_stay_inert(serve_app, new_page):
    server = serve_app(hostile.make_app())
    page, errors = await new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    await goto_live(page, server.url)

    texts = await page.eval_on_selector_all("#first > li", "lis => lis.map(li => [li.textContent, li.title, li.dataset.x])")
    assert texts == [[s, s, s] for s in hostile.HOSTILE]

    await page.click("#show")  # the same strings again, now through inserts, text, attribute and value ops
    await page.wait_for_function(f"document.querySelectorAll('#later > li').length === {len(hostile.HOSTILE)}")
    later = await page.eval_on_selector_all(
        "#later > li", "lis => lis.map(li => [li.firstChild.data, li.querySelector('span').title, li.dataset.x])"
    )
    assert later == [[s, s, s] for s in hostile.HOSTILE]
    assert await page.text_content("#changing") == hostile.HOSTILE[1]
    assert await page.get_attribute("#changing", "title") == hostile.HOSTILE[2]
    assert await page.input_value("#field") == hostile.HOSTILE[0]

    assert await page.evaluate(INJECTED) == 0
    assert await page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert errors == []
