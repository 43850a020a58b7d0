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


def chat_app() -> pl.App:
    @pl.component
    def Chat():
        sent, set_sent = pl.use_state(())
        return h.div(
            h.ul([h.li(text, key=i) for i, text in enumerate(sent)], id="sent"),
            Form(
                TextInput("Message", "text", autofocus=True),
                validators={"text": [required()]},
                on_submit=lambda values: set_sent(lambda s: (*s, values["text"])),
                reset=True,
                id="chat",
            ),
        )

    return pl.App(Chat)


async def test_a_reset_form_empties_its_fields_and_keeps_the_focus(new_page, serve_app) -> None:
    # Typed and sent with Enter before the debounced keystrokes left: the fields never rendered the
    # text, and those keystrokes, sent after the submit, used to bring it back.
    server = serve_app(chat_app())
    page, errors = await new_page()
    await goto_live(page, server.url)
    assert await page.evaluate("document.activeElement.name") == "text"  # autofocus=True
    for text in ("hello", "again"):
        await page.keyboard.type(text, delay=10)
        await page.keyboard.press("Enter")
        await page.wait_for_function(f"[...document.querySelectorAll('#sent li')].pop()?.textContent === {text!r}")
        await page.wait_for_function("document.querySelector('input[name=text]').value === ''")
    await page.wait_for_timeout(500)  # past the form's debounce: nothing brings the old text back
    assert await page.input_value("input[name=text]") == ""
    assert await page.evaluate("document.activeElement.name") == "text"
    assert await page.eval_on_selector_all("#sent li", "ls => ls.map(l => l.textContent)") == ["hello", "again"]
    assert errors == []


def slow_chat_app(previews: list | None) -> pl.App:
    import asyncio

    @pl.component
    def Chat():
        sent, set_sent = pl.use_state(())

        async def send(values: dict) -> None:
            await asyncio.sleep(0.6)  # a slow send: the user goes on typing meanwhile
            set_sent(lambda s: (*s, values["text"]))

        return h.div(
            h.ul([h.li(text, key=i) for i, text in enumerate(sent)], id="sent"),
            Form(
                TextInput("Message", "text", autofocus=True, on_change=previews.append if previews is not None else None,
                          debounce=400),
                on_submit=send,
                reset=True,
                id="chat",
            ),
        )

    return pl.App(Chat)


async def test_a_field_s_own_debounced_handler_hears_the_last_keystrokes_before_the_submit(new_page, serve_app):
    previews: list = []
    server = serve_app(slow_chat_app(previews))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.keyboard.type("hello", delay=10)
    await page.keyboard.press("Enter")  # within the field's debounce: its event goes first, not never
    await page.wait_for_function("[...document.querySelectorAll('#sent li')].pop()?.textContent === 'hello'")
    assert previews[-1:] == ["hello"]
    assert errors == []


async def test_what_is_typed_while_a_slow_submit_runs_is_not_reset(new_page, serve_app):
    server = serve_app(slow_chat_app(None))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.keyboard.type("first", delay=10)
    await page.keyboard.press("Enter")
    await page.keyboard.press("Control+a")
    await page.keyboard.type("second", delay=10)  # before the first send has finished
    await page.wait_for_function("[...document.querySelectorAll('#sent li')].pop()?.textContent === 'first'")
    await page.wait_for_timeout(300)
    assert await page.input_value("input[name=text]") == "second"
    assert errors == []


async def test_a_field_bound_itself_is_still_heard_by_its_form(serve_app, new_page):
    @pl.component
    def Watched():
        typed, set_typed = pl.use_state("")
        return h.div(
            Form(
                TextInput("Email", "email", id="email", on_change=set_typed),
                validators={"email": [required(), email()]},
                on_submit=lambda values: None,
                debounce=0,
                id="watched",
            ),
            h.p(typed, id="typed"),
        )

    server = serve_app(pl.App(Watched, secret_key="k" * 32))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.type("#email-control", "ada@")
    await page.wait_for_function("document.querySelector('#typed').textContent === 'ada@'")
    # The form validated it as it was typed: its own binding on the <form> heard the field too.
    await page.wait_for_function("document.querySelector('#email-control-error').textContent !== ''")
    assert errors == []
