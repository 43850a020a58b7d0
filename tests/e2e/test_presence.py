"""A closed tab leaves the others' presence lists at once, not at the end of the resume grace."""

from __future__ import annotations

from apps import lobby
from livepage import goto_live

WHO = "[...document.querySelectorAll('#who li')].map(li => li.textContent).sort().join()"


async def test_closing_a_tab_leaves_presence_at_once(serve_app, new_page):
    server = serve_app(lobby.make_app())
    ann, errors = await new_page()
    bob, _ = await new_page()
    await goto_live(ann, server.url + "/?name=ann")
    await goto_live(bob, server.url + "/?name=bob")
    await ann.wait_for_function(f"{WHO} === 'ann,bob'")
    await bob.close()  # pagehide, not kept for back/forward: the page says bye
    await ann.wait_for_function(f"{WHO} === 'ann'", timeout=5_000)  # the grace is 30 s
    assert errors == []
