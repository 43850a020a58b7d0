"""The stock Form in Chromium: Enter submits whatever validation is pending, and a refused submit
focuses the first wrong field."""

from __future__ import annotations

from livepage import goto_live

import pylive as pl
from components import Form, TextInput, email, min_length, required
from pylive import html as h


def form_app(received: list) -> pl.App:
    @pl.component
    def Signup():
        done, set_done = pl.use_state("")

        def save(values: dict) -> None:
            received.append(values)
            set_done(values["email"])

        return h.div(
            Form(
                TextInput("Email", "email", id="email"),
                TextInput("Password", "password", type="password", id="password"),
                validators={"email": [required(), email()], "password": [required(), min_length(8)]},
                on_submit=save,
                debounce=2000,  # far longer than the typing below: Enter beats every validation
                id="signup",
            ),
            h.p(done, id="done"),
        )

    return pl.App(Signup)


async def test_enter_right_after_typing_submits(new_page, serve_app) -> None:
    received: list = []
    server = serve_app(form_app(received))
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert not await page.is_disabled("#signup button[type=submit]")
    await page.fill("#email-control", "ada@example.com")
    await page.fill("#password-control", "correct horse")
    await page.press("#password-control", "Enter")
    await page.wait_for_function("document.querySelector('#done').textContent === 'ada@example.com'")
    assert received[0]["password"] == "correct horse"
    assert errors == []


async def test_a_refused_submit_shows_every_error_and_focuses_the_first(new_page, serve_app) -> None:
    received: list = []
    server = serve_app(form_app(received))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.fill("#password-control", "short")
    await page.press("#password-control", "Enter")
    await page.wait_for_function("document.querySelector('#email-control-error')?.textContent !== ''")
    await page.wait_for_function("document.querySelector('#password-control-error')?.textContent !== ''")
    await page.wait_for_function("document.activeElement?.id === 'email-control'")
    assert received == []
    assert errors == []
