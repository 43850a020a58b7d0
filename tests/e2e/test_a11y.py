"""Keyboard and screen-reader use of the stock components in Chromium: where the focus goes, what
the keys do, and what the accessibility tree says."""

from __future__ import annotations

import asyncio

from livepage import goto_live

import pylive as pl
from components import Form, TextInput, required
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
