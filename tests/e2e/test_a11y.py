"""Keyboard and screen-reader use of the stock components in Chromium: where the focus goes, what
the keys do, and what the accessibility tree says."""

from __future__ import annotations

import asyncio

import pytest
from livepage import goto_live

import pylive as pl
from components import (
    Accordion,
    AccordionItem,
    Button,
    Disclosure,
    Dropdown,
    Form,
    Stack,
    Switch,
    TextInput,
    Tooltip,
    required,
)
from pylive import html as h


def saving_app() -> pl.App:
    @pl.component
    def Saving():
        saved, set_saved = pl.use_state(0)

        async def save(values: dict) -> str:
            await asyncio.sleep(0.3)
            set_saved(lambda n: n + 1)
            return "Saved."

        return h.div(
            Form(
                TextInput("Name", "name", id="name"),
                validators={"name": [required()]},
                on_submit=save,
                id="f",
            ),
            h.p(str(saved), id="saved"),
        )

    return pl.App(Saving)


async def test_a_submit_button_keeps_the_focus_through_its_loading_state(new_page, serve_app) -> None:
    # A loading Button is disabled, and a disabled element drops the focus to <body>: a keyboard
    # user would start again from the top of the page after every save.
    server = serve_app(saving_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.fill("#name-control", "Ada")
    await page.focus("#f button[type=submit]")
    await page.keyboard.press("Enter")
    await page.wait_for_function("document.querySelector('#saved').textContent === '1'")
    await page.wait_for_function("!document.querySelector('#f button[type=submit]').disabled")
    assert await page.evaluate("document.activeElement === document.querySelector('#f button[type=submit]')")
    assert errors == []


def dropdown_app() -> pl.App:
    @pl.component
    def Menu():
        picked, set_picked = pl.use_state("")
        items = [(name, lambda name=name: set_picked(name)) for name in ("Copy", "Rename", "Delete")]
        return h.div(Dropdown("Actions", items, id="menu"), h.p(picked, id="picked"))

    return pl.App(Menu)


async def test_a_dropdown_menu_moves_with_the_arrow_keys_and_shows_where_the_focus_is(new_page, serve_app) -> None:
    # WAI-ARIA menu: Up/Down (wrapping), Home and End move between the items.
    server = serve_app(dropdown_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.focus("#menu-button")
    await page.keyboard.press("Enter")
    await page.wait_for_function("document.activeElement?.textContent === 'Copy'")
    focused = "document.activeElement.textContent"
    for key, expected in (("ArrowDown", "Rename"), ("End", "Delete"), ("ArrowDown", "Copy"), ("ArrowUp", "Delete"),
                          ("Home", "Copy"), ("ArrowDown", "Rename")):
        await page.keyboard.press(key)
        assert await page.evaluate(focused) == expected, key
    # The focused item is outlined like every other control, not told by a faint background.
    assert await page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    await page.keyboard.press("Enter")
    await page.wait_for_function("document.querySelector('#picked').textContent === 'Rename'")
    assert errors == []



async def test_a_button_in_a_stack_keeps_its_own_width(new_page, serve_app) -> None:
    # A column flexbox stretches its items: a Stack drew a 390 px wide "Save" bar on a phone.
    server = serve_app(pl.App(lambda: Stack(TextInput("Name", "name"), Button("Save", id="save"), id="stack")))
    page, errors = await new_page()
    await page.set_viewport_size({"width": 390, "height": 844})
    await goto_live(page, server.url)
    save = await page.locator("#save").bounding_box()
    stack = await page.locator("#stack").bounding_box()
    assert save and stack and save["width"] < stack["width"] / 2
    assert errors == []


async def test_escape_hides_a_tooltip_until_the_focus_leaves(new_page, serve_app) -> None:
    # WCAG 1.4.13: what shows on focus or hover can be dismissed without moving the focus.
    app = pl.App(lambda: h.div(Tooltip(Button("?", aria_label="Help", id="help"), "Saved every minute"),
                               Button("Next", id="next")))
    server = serve_app(app)
    page, errors = await new_page()
    await goto_live(page, server.url)
    shown = "getComputedStyle(document.querySelector('[role=tooltip]')).visibility === 'visible'"
    await page.focus("#help")
    await page.wait_for_function(shown)
    await page.keyboard.press("Escape")
    await page.wait_for_function("getComputedStyle(document.querySelector('[role=tooltip]')).visibility === 'hidden'")
    assert await page.evaluate("document.activeElement.id") == "help"
    await page.focus("#next")
    await page.focus("#help")
    await page.wait_for_function(shown)
    assert errors == []


@pytest.mark.parametrize("placement", ["top", "bottom"])
async def test_the_pointer_can_move_onto_a_tooltip_and_it_stays(new_page, serve_app, placement) -> None:
    # WCAG 1.4.13 (hoverable): the bubble had pointer-events:none and a gap from its trigger.
    app = pl.App(lambda: h.div(Tooltip(Button("?", aria_label="Help", id="help"), "Saved every minute", placement=placement),
                               style={"padding": "4rem"}))
    server = serve_app(app)
    page, errors = await new_page()
    await goto_live(page, server.url)
    tip = page.locator("[role=tooltip]")
    visible = "() => { const s = getComputedStyle(document.querySelector('[role=tooltip]')); return s.visibility === 'visible' && s.opacity === '1'; }"
    button = await page.locator("#help").bounding_box()
    x = button["x"] + button["width"] / 2
    await page.mouse.move(x, button["y"] + button["height"] / 2)
    await page.wait_for_function(visible)
    bubble = await tip.bounding_box()
    gap = (button["y"] + bubble["y"] + bubble["height"]) / 2 if placement == "top" else (button["y"] + button["height"] + bubble["y"]) / 2
    middle = bubble["y"] + bubble["height"] / 2
    for y in (gap, middle):  # across the gap, then onto the text: it never starts to fade
        await page.mouse.move(x, y, steps=4)
        await page.wait_for_timeout(300)  # longer than the fade
        assert await page.evaluate(visible), f"hidden with the pointer at y={y}"
    assert await page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('[role=tooltip]') !== null", [x, middle])
    await page.mouse.move(x, middle + (200 if placement == "bottom" else -200))
    await page.wait_for_function(f"!({visible})()")
    assert errors == []


async def test_nothing_moves_under_reduced_motion(browser, serve_app) -> None:
    app = pl.App(lambda: h.div(Disclosure("More", h.p("hidden")), Accordion([AccordionItem("One", "1")]),
                               Button("Go"), Switch("On", "on")))
    server = serve_app(app)
    context = await browser.new_context(reduced_motion="reduce")
    try:
        page = await context.new_page()
        await goto_live(page, server.url)
        moving = await page.evaluate("""() => [...document.querySelectorAll('*')].filter((el) => {
            const cs = getComputedStyle(el);
            return /transform|all/.test(cs.transitionProperty) && cs.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
        }).map((el) => el.className)""")
        assert moving == []
    finally:
        await context.close()
