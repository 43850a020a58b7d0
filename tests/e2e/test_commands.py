"""Client commands run in the browser with no round trip and stay applied over patches; window
keys reach elements while the body has focus; drag events carry the dragged element's data."""

from __future__ import annotations

import json

from apps import commands
from livepage import goto_live
from test_reconnect import come_back, go_offline

SHOWN = "(sel) => getComputedStyle(document.querySelector(sel)).display !== 'none'"


async def shown(page, sel: str) -> bool:
    return await page.evaluate(SHOWN, sel)


async def test_a_toggle_works_with_the_socket_cut(serve_app, proxy, new_page):
    server = serve_app(commands.make_app())
    hop = await proxy(server.port)
    page, errors = await new_page()
    await goto_live(page, hop.url)
    await go_offline(page, hop)
    await page.click("#menu-btn")
    assert await shown(page, "#menu")
    assert "open" in (await page.get_attribute("#menu-btn", "class")).split()
    await page.click("#menu-btn")
    assert not await shown(page, "#menu")
    await page.click("#menu-btn")
    await come_back(page, hop)
    assert await shown(page, "#menu")  # the resume left the command's work alone
    # The failed reconnection attempts are the browser's own network errors, not the page's.
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_patch_after_a_command_keeps_what_the_command_set(serve_app, new_page):
    server = serve_app(commands.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#mark")  # the command adds "marked"; the handler's patch rewrites class and style
    await page.wait_for_function("document.querySelector('#panel').textContent === 'restyled 1'")
    assert (await page.get_attribute("#panel", "class")).split() == ["panel", "n-1", "marked"]
    await page.click("#menu-btn")
    await page.click("#restyle")  # a server-only change of the button's siblings, then of the panel
    await page.wait_for_function("document.querySelector('#panel').textContent === 'restyled 2'")
    assert (await page.get_attribute("#panel", "class")).split() == ["panel", "n-2", "marked"]
    assert await shown(page, "#menu")
    assert errors == []


async def test_a_patch_of_style_keeps_a_commands_visibility(serve_app, new_page):
    server = serve_app(commands.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.evaluate("document.querySelector('#panel').setAttribute('data-pl-on', 'click|l|j=hide,')")
    await page.click("#panel")  # hidden by a command (bound here by hand: the app has no such button)
    assert not await shown(page, "#panel")
    await page.click("#restyle")  # the server rewrites the panel's style attribute
    await page.wait_for_function("document.querySelector('#panel').textContent === 'restyled 1'")
    assert not await shown(page, "#panel")
    assert errors == []


async def test_ctrl_k_opens_the_palette_while_the_body_has_focus(serve_app, new_page):
    server = serve_app(commands.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert await page.evaluate("document.activeElement === document.body")
    await page.keyboard.press("k")  # no modifier: not the palette's key
    assert not await shown(page, "#palette")
    await page.keyboard.press("Control+k")
    assert await shown(page, "#palette")
    assert await page.evaluate("document.activeElement.id") == "palette-input"
    assert await page.input_value("#palette-input") == ""  # the browser's default for the key was prevented
    await page.keyboard.press("Escape")  # a window key for the server
    await page.wait_for_function("document.querySelector('#keys').textContent === 'window_keydown:Escape'")
    assert errors == []


async def test_window_blur_reaches_the_server(serve_app, new_page):
    server = serve_app(commands.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.evaluate("window.dispatchEvent(new FocusEvent('blur'))")
    await page.focus("#palette-input")  # an element's blur and focus are not the window's
    await page.focus("#menu-btn")
    await page.wait_for_function("document.querySelector('#keys').textContent === 'window_blur:'")
    assert errors == []


async def test_a_click_outside_a_shown_element_is_its_click_away(serve_app, new_page):
    server = serve_app(commands.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#pop-btn")
    await page.click("#pop-inside")  # inside: no click_away
    assert await shown(page, "#pop")
    await page.click("#panel")
    assert not await shown(page, "#pop")
    await page.wait_for_function("document.querySelector('#away').textContent === '1'")
    await page.click("#panel")  # hidden now: a click elsewhere is nothing to it
    await page.click("#pop-btn")  # outside while hidden, then shown by its own click
    assert await shown(page, "#pop")
    assert await page.text_content("#away") == "1"
    # The stock Dropdown closes when a click lands outside it, in the browser alone.
    await page.click("#export-button")
    assert await shown(page, "#export-menu")
    await page.click("#panel")
    assert not await shown(page, "#export-menu")
    assert await page.get_attribute("#export-button", "aria-expanded") == "false"
    assert errors == []


async def test_drag_events_carry_the_dragged_elements_data(serve_app, new_page):
    server = serve_app(commands.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.drag_and_drop("#item-1", "#bin")
    await page.wait_for_function("JSON.parse(document.querySelector('#drag-log').textContent)[1] !== null")
    assert json.loads(await page.text_content("#drag-log")) == [{"item-id": "1"}, {"item-id": "1"}]
    assert errors == []


async def test_a_modal_opened_by_a_command_traps_focus_and_gives_it_back(serve_app, proxy, new_page):
    server = serve_app(commands.make_app())
    hop = await proxy(server.port)
    page, errors = await new_page()
    await goto_live(page, hop.url)
    await go_offline(page, hop)  # no server needed to open and close it
    await page.click("#help-btn")
    assert await shown(page, "#help")
    await page.wait_for_function("document.activeElement.id === 'help-ok'")  # the focus moved in
    await page.keyboard.press("Tab")
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.querySelector('#help').contains(document.activeElement)")
    await page.keyboard.press("Escape")
    assert not await shown(page, "#help")
    await page.wait_for_function("document.activeElement.id === 'help-btn'")  # and back to the opener
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_a_remount_after_a_restart_keeps_what_commands_set_on_elements_with_an_id(serve_app, new_page):
    server = serve_app(commands.make_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#menu-btn")  # shown, and the button's class "open", by commands
    server.stop()
    await page.wait_for_selector("html.pl-disconnected", state="attached")
    serve_app(commands.make_app(), port=server.port)  # a new server knows no session: a remount
    await page.wait_for_selector("html.pl-connected", state="attached")
    assert await shown(page, "#menu")
    assert "open" in (await page.get_attribute("#menu-btn", "class")).split()
    await page.click("#menu-btn")  # and the commands go on from there
    assert not await shown(page, "#menu")
    assert [e for e in errors if "WebSocket" not in e] == []


async def test_dispatch_fires_a_custom_event_with_its_detail_and_click_clicks(serve_app, new_page):
    import pylive as pl
    from pylive import html as h

    @pl.component
    def Page():
        clicks, set_clicks = pl.use_state(0)
        return h.div(
            h.button("Copy", id="copy", on_click=pl.js.dispatch("pl-copy", to="#code", detail={"n": 1})),
            h.pre("x = 1", id="code"),
            h.button("Choose", id="proxy", on_click=pl.js.dispatch("click", to="#real")),
            h.button(f"real {clicks}", id="real", on_click=lambda: set_clicks(clicks + 1)),
        )

    server = serve_app(pl.App(Page))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.evaluate(
        "window.__heard = []; document.addEventListener('pl-copy', e => window.__heard.push([e.target.id, e.detail]))"
    )
    await page.click("#copy")
    assert await page.evaluate("window.__heard") == [["code", {"n": 1}]]  # bubbled up to the document
    await page.click("#proxy")
    await page.wait_for_selector("#real:text('real 1')")  # the dispatched click reached the server's handler
    assert errors == []


async def test_a_click_away_binding_with_stop_or_prevent_does_not_swallow_the_click_it_heard(serve_app, new_page):
    # click_away hears every click on the page, at the document, before its target does: stopping or
    # cancelling that click would break every button, link and checkbox outside the element.
    import pylive as pl
    from pylive import html as h

    @pl.component
    def Page():
        n, set_n = pl.use_state(0)
        away, set_away = pl.use_state(0)
        return h.div(
            h.div("popover", id="pop", on_click_away=pl.event(lambda: set_away(away + 1), stop_propagation=True,
                                                               prevent_default=True)),
            h.button(f"count {n}", id="btn", on_click=lambda: set_n(n + 1)),
            h.p(str(away), id="away"),
            h.input(type="checkbox", id="cb"),
        )

    server = serve_app(pl.App(Page))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#btn")
    await page.wait_for_selector("#btn:text('count 1')")
    await page.click("#cb")
    assert await page.is_checked("#cb")
    await page.wait_for_function("document.querySelector('#away').textContent === '2'")
    assert errors == []
