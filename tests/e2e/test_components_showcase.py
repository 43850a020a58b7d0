"""The components showcase in a real Chromium: stylesheet and hooks loaded, live interactions,
the modal's focus trap and restore, charts fed by a timer, and an axe-core accessibility audit."""

from __future__ import annotations

import functools
from pathlib import Path
from types import ModuleType

import pytest
from demo_loader import load_demo
from livepage import goto_live

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@functools.cache
def showcase_module() -> ModuleType:
    """demos/showcase.py, imported once for these tests."""
    return load_demo("showcase")


def load_showcase():
    return showcase_module().app


@pytest.fixture
def showcase(serve_app):
    return serve_app(load_showcase())


async def focused_id(page) -> str:
    return await page.evaluate("document.activeElement && document.activeElement.id")


async def test_styles_and_hooks_are_linked_and_inputs_go_live(showcase, new_page):
    page, errors = await new_page()
    await goto_live(page, showcase.url)
    assert await page.locator('link[href^="/_pylive/components.css"]').count() == 1
    assert await page.locator('script[src^="/_pylive/components.js"]').count() == 1
    assert await page.evaluate("typeof window.pylive.hooks.Modal.mounted") == "function"
    # Styled: the accent colour reaches a primary button.
    background = await page.evaluate("getComputedStyle(document.querySelector('.pl-button--primary')).backgroundColor")
    assert background not in ("", "rgba(0, 0, 0, 0)")
    await page.fill("#in-name-control", "Grace")
    await page.wait_for_function("document.querySelector('#in-values').textContent.includes(\"name = 'Grace'\")")
    await page.check("#in-news-control")
    await page.wait_for_function("document.querySelector('#in-values').textContent.includes('newsletter = True')")
    assert errors == []


async def test_modal_traps_focus_closes_on_escape_and_restores_focus(showcase, new_page):
    page, errors = await new_page()
    await goto_live(page, showcase.url)
    await page.focus("#open-modal")
    await page.keyboard.press("Enter")
    await page.wait_for_selector("[role=dialog][aria-modal=true]")
    await page.wait_for_function("document.activeElement && document.activeElement.id === 'zone-name-control'")
    seen = set()
    for _ in range(6):
        await page.keyboard.press("Tab")
        seen.add(await page.evaluate("!!document.activeElement.closest('[role=dialog]')"))
    assert seen == {True}  # Tab never leaves the dialog
    await page.keyboard.press("Shift+Tab")
    assert await page.evaluate("!!document.activeElement.closest('[role=dialog]')")
    await page.keyboard.press("Escape")
    await page.wait_for_selector("[role=dialog]", state="detached")
    await page.wait_for_function("document.activeElement && document.activeElement.id === 'open-modal'")
    assert errors == []


async def test_table_pages_and_charts_update_live(showcase, new_page):
    page, errors = await new_page()
    await goto_live(page, showcase.url)
    assert await page.text_content("#sensors .pl-table-range") == "1–15 of 100,000"
    await page.click("#sensors .pl-page-next")
    await page.wait_for_function("document.querySelector('#sensors .pl-table-range').textContent === '16–30 of 100,000'")
    await page.fill("#sensors .pl-table-filter", "boiler")
    await page.wait_for_function("document.querySelector('#sensors .pl-table-range').textContent.endsWith('of 10,000')")
    last = "document.querySelector('#load-chart .pl-plot title:last-of-type') && [...document.querySelectorAll('#load-chart .pl-series-1 title')].pop().textContent"
    first = await page.evaluate(last)
    await page.wait_for_function(f"({last}) !== {first!r}")
    # The window slides: still one point per x in the window, per series.
    assert await page.locator("#load-chart .pl-series-1 > g").count() == 120
    assert errors == []


async def test_tabs_follow_the_keyboard(showcase, new_page):
    page, errors = await new_page()
    await goto_live(page, showcase.url)
    await page.focus("#content-tabs-tab-0")
    await page.keyboard.press("ArrowRight")
    await page.wait_for_function("document.activeElement && document.activeElement.id === 'content-tabs-tab-1'")
    assert await page.get_attribute("#content-tabs-tab-1", "aria-selected") == "true"
    await page.wait_for_selector("[role=tabpanel] [role=log]")
    assert errors == []


async def audit(page) -> list[dict]:
    # Colours are measured at rest: a dialog popping in or a theme's transition is half-transparent.
    await page.evaluate(
        """Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)  // not a spinner
            .map(a => a.finished.catch(() => null)))"""
    )
    # From the page's own origin, as the Content-Security-Policy allows no inline script.
    await page.route("**/__axe.js", lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
    await page.add_script_tag(url="/__axe.js")
    result = await page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


async def test_axe_finds_no_serious_violations_in_light_and_dark(showcase, new_page):
    page, errors = await new_page()
    await goto_live(page, showcase.url)
    assert await audit(page) == []
    await page.check("#theme-switch-control")
    await page.wait_for_selector(".pl-shell[data-theme=dark]")
    await page.click("#toast-ok")
    await page.wait_for_selector(".pl-toast")
    await page.click("#open-modal")
    await page.wait_for_selector("[role=dialog]")
    assert await audit(page) == []
    assert errors == []


async def test_the_form_survives_a_server_restart(serve_app, new_page):
    app = load_showcase()
    showcase = showcase_module()
    server = serve_app(app)
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.fill("#su-email-control", "grace@example.com")
    await page.fill("#su-password-control", "hopper1906")
    await page.fill("#su-confirm-control", "hopper1906")
    await page.select_option("#su-role-control", "Engineer")
    await page.check("#su-terms-control")
    await page.wait_for_selector("#signup button[type=submit]:not([disabled])")

    server.stop()
    await page.wait_for_selector("html.pl-disconnected", state="attached")
    serve_app(type(app)(showcase.Showcase, title=app.title), port=server.port)  # knows no session
    await page.wait_for_selector("html.pl-connected", state="attached")

    # The remounted form got the fields back (form recovery) and validates them: submit is enabled.
    await page.wait_for_selector("#signup button[type=submit]:not([disabled])")
    assert await page.input_value("#su-email-control") == "grace@example.com"
    await page.click("#signup button[type=submit]")
    await page.wait_for_function("document.querySelector('#signup [role=status]').textContent === 'Account created.'")
    assert [e for e in errors if "WebSocket" not in e] == []


def log_app():
    import pylive as pl
    from components import LogView
    from pylive import html as h

    @pl.component
    def Logs():
        lines, set_lines = pl.use_state([f"line {i}" for i in range(60)])
        return h.div(
            h.button("more", id="more", on_click=lambda: set_lines(lambda old: old + [f"line {len(old)}"])),
            LogView(lines, label="Log", height="10rem"),
        )

    return pl.App(Logs, title="Log")


async def test_log_view_follows_new_lines_unless_scrolled_up(serve_app, new_page):
    server = serve_app(log_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    at_end = "(() => { const l = document.querySelector('[role=log]'); return l.scrollTop + l.clientHeight >= l.scrollHeight - 2; })()"
    assert await page.evaluate(at_end)
    await page.click("#more")
    await page.wait_for_function("document.querySelectorAll('[role=log] li').length === 61")
    assert await page.evaluate(at_end)
    # The reader scrolls up (the scroll event is dispatched at once, not on the next frame).
    await page.evaluate("(() => { const l = document.querySelector('[role=log]'); l.scrollTop = 0; l.dispatchEvent(new Event('scroll')); })()")
    await page.click("#more")
    await page.wait_for_function("document.querySelectorAll('[role=log] li').length === 62")
    assert await page.evaluate("document.querySelector('[role=log]').scrollTop") == 0
    assert errors == []


def themed_app():
    import pylive as pl
    from components import AppShell, Button, Card

    @pl.component
    def Page():
        return AppShell(Card(Button("Save"), title="Settings"), title="Themed")

    return pl.App(Page, title="Themed")


async def test_the_shell_follows_the_system_colour_scheme(serve_app, new_page):
    server = serve_app(themed_app())
    page, errors = await new_page()
    background = "getComputedStyle(document.querySelector('.pl-shell')).backgroundColor"
    await page.emulate_media(color_scheme="light")
    await goto_live(page, server.url)
    assert await page.evaluate(background) == "rgb(246, 247, 249)"
    await page.emulate_media(color_scheme="dark")
    assert await page.evaluate(background) == "rgb(15, 17, 21)"
    assert await page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(15, 17, 21)"
    assert await audit(page) == []
    assert errors == []
