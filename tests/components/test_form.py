"""Form: validation as the user types, errors per touched field, a guarded submit, recovery."""

from __future__ import annotations

import asyncio
import json

import pylive as pl
from components import Checkbox, Form, Select, TextInput, email, matches, min_length, number_range, required, validate
from pylive import html as h
from pylive.core.navigation import LEAVE_MESSAGE
from pylive.testing import render

VALIDATORS = {
    "email": [required(), email()],
    "password": [required(), min_length(8)],
    "confirm": [matches("password", "The passwords differ")],
    "terms": required("Accept the terms"),
}


def signup(on_submit, **kwargs):
    return Form(
        TextInput("Email", "email", type="email", id="email"),
        TextInput("Password", "password", type="password", id="password"),
        TextInput("Confirm", "confirm", type="password", id="confirm"),
        Checkbox("I accept the terms", "terms", id="terms"),
        validators=VALIDATORS,
        on_submit=on_submit,
        id="signup",
        **kwargs,
    )


def submit_button(view):
    return view.find("#signup button[type=submit]")


async def fill_valid(view):
    await view.input("#email-control", "ada@example.com")
    await view.input("#password-control", "correct horse")
    await view.input("#confirm-control", "correct horse")
    await view.change("#terms-control", True)


def test_validate():
    assert validate(VALIDATORS, {"email": "x", "password": "123", "confirm": "1"}) == {
        "email": "Enter an email address like name@example.com",
        "password": "Use at least 8 characters",
        "confirm": "The passwords differ",
        "terms": "Accept the terms",
    }
    assert validate({"age": number_range(18, 99)}, {"age": "12"}) == {"age": "Enter a number from 18 to 99"}
    assert validate({"age": number_range(18, 99)}, {"age": "40"}) == {}


async def test_errors_show_per_touched_field_as_the_user_types():
    async with render(signup(lambda values: None)) as view:
        form = view.find("#signup")
        assert form.attrs["novalidate"] == ""
        # The form listens to typing with a debounce, and to changes (blur, checkboxes, recovery).
        assert "input|d300" in form.attrs["data-pl-on"] and "change" in form.attrs["data-pl-on"]
        assert "disabled" not in submit_button(view).attrs  # pending validation never blocks a submit
        assert view.find("#email-control-error").text == ""  # but nothing shown before it is touched
        await view.input("#email-control", "ada")
        assert view.find("#email-control-error").text.startswith("Enter an email")
        assert view.find("#email-control").attrs["aria-invalid"] == "true"
        assert view.find("#password-control-error").text == ""  # untouched
        await view.input("#email-control", "ada@example.com")
        assert view.find("#email-control-error").text == ""
        assert "aria-invalid" not in view.find("#email-control").attrs


async def test_submit_enabled_when_valid_and_disabled_in_flight():
    release = asyncio.Event()
    received = []

    async def save(values):
        received.append(values)
        await release.wait()
        return "Account created"

    async with render(signup(save)) as view:
        await fill_valid(view)
        assert "disabled" not in submit_button(view).attrs
        task = asyncio.ensure_future(view.submit("#signup"))
        for _ in range(1000):
            await asyncio.sleep(0)
            if received and "disabled" in submit_button(view).attrs:
                break
        assert received and received[0]["email"] == "ada@example.com" and received[0]["terms"] == "on"
        button = submit_button(view)
        assert "disabled" in button.attrs and button.attrs["aria-busy"] == "true"
        release.set()
        await task
        assert "disabled" not in submit_button(view).attrs
        assert view.find("#signup [role=status]").text == "Account created"


async def test_submit_of_an_invalid_form_shows_every_error_and_does_not_call():
    calls = []
    async with render(signup(calls.append)) as view:
        await view.submit("#signup", {"email": "nope"})
        assert calls == []
        assert view.find("#password-control-error").text == "This field is required"
        assert view.find("#terms-control-error").text == "Accept the terms"


async def test_a_submit_validates_the_submitted_values_not_the_last_debounced_ones():
    # Enter pressed before the debounced input reached the server: the form data counts.
    calls = []
    async with render(signup(calls.append)) as view:
        data = {"email": "ada@example.com", "password": "correct horse", "confirm": "correct horse", "terms": "on"}
        await view.submit("#signup", data)
        assert len(calls) == 1 and calls[0]["email"] == "ada@example.com"
        assert view.find("#email-control-error").text == ""
        assert view.find("#signup").attrs["hook"] == "Form"  # focuses the first wrong field


async def test_server_side_rejection_is_shown_on_the_field():
    async with render(signup(lambda values: {"email": "This email is taken"})) as view:
        await fill_valid(view)
        await view.submit("#signup")
        assert view.find("#email-control-error").text == "This email is taken"
        assert "disabled" not in submit_button(view).attrs
        await view.input("#email-control", "other@example.com")
        assert view.find("#email-control-error").text == ""


async def test_form_recovery_change_restores_values():
    async with render(signup(lambda values: None, initial={"email": "old@example.com"})) as view:
        assert view.find("#email-control").attrs["value"] == "old@example.com"
        # What the client replays after a remount: a change on the form with every field.
        view.find("#email-control").attrs["value"] = "typed@example.com"
        view.find("#password-control").attrs["value"] = "secret secret"
        await view.dispatch("#signup", "change", form={"email": "typed@example.com", "password": "secret secret"})
        assert view.find("#email-control").attrs["value"] == "typed@example.com"
        assert view.find("#password-control").attrs["value"] == "secret secret"


async def test_fields_inside_a_form_take_its_values_and_select_works():
    form = Form(
        Select("Size", "size", options=["S", "M", "L"], id="size"),
        validators={"size": required()},
        initial={"size": "M"},
        id="f",
    )
    async with render(form) as view:
        assert view.find("#size-control").attrs["value"] == "M"
        await view.change("#size-control", "L")
        assert view.find("#size-control").value == "L"
        assert "disabled" not in view.find("#f button").attrs


async def test_on_change_hears_the_whole_form():
    seen = []

    @pl.component
    def Harness():
        return h.div(Form(TextInput("Q", "q", id="q"), on_change=seen.append, id="f"))

    async with render(Harness()) as view:
        await view.input("#q-control", "hello")
        assert seen == [{"q": "hello"}]


async def test_every_input_kind_works_inside_a_form():
    from components import DateInput, NumberInput, RadioGroup, Slider, Switch, TextArea

    received = []
    form = Form(
        TextArea("Notes", "notes", id="notes"),
        NumberInput("Count", "count", id="count"),
        Slider("Level", "level", min=0, max=10, id="level"),
        Switch("Enabled", "enabled", id="enabled"),
        RadioGroup("Mode", "mode", options=["auto", "manual"], id="mode"),
        DateInput("Day", "day", id="day"),
        validators={"count": [required(), number_range(1, 5)], "mode": required("Pick a mode")},
        initial={"level": "3", "mode": "auto"},
        on_submit=received.append,
        id="f",
    )
    async with render(form) as view:
        assert view.find("#level-control").attrs["value"] == "3" and view.find("output").text == "3"
        assert "checked" in view.find("#mode-0").attrs
        await view.input("#count-control", "9")
        assert view.find("#count-control-error").text == "Enter a number from 1 to 5"
        await view.input("#count-control", "2")
        await view.input("#notes-control", "hello")
        await view.input("#level-control", "7")
        assert view.find("output").text == "7"
        await view.change("#enabled-control", True)
        await view.change("#mode-1", True)
        await view.change("#day-control", "2026-01-02")
        await view.submit("#f")
        assert received == [
            {"notes": "hello", "count": "2", "level": "7", "enabled": "on", "mode": "manual", "day": "2026-01-02"}
        ]


async def test_a_reset_form_goes_back_to_its_initial_values_after_a_taken_submit():
    calls = []
    async with render(signup(calls.append, reset=True, initial={"email": "me@example.com"})) as view:
        await fill_valid(view)
        await view.submit("#signup")
        assert len(calls) == 1
        assert view.find("#email-control").value == "me@example.com"
        assert view.find("#password-control").value == ""
        assert view.find("#password-control-error").text == ""  # untouched again: no error shown
        pushes = [json.loads(f) for f in view.frames if '"push"' in f]
        assert [p["event"] for p in pushes] == ["reset"]  # the page empties what it never rendered


async def test_a_rejected_submit_is_not_reset():
    async with render(signup(lambda values: {"email": "This email is taken"}, reset=True)) as view:
        await fill_valid(view)
        await view.submit("#signup")
        assert view.find("#email-control").value == "ada@example.com"
        assert not [f for f in view.frames if '"push"' in f]


async def test_a_reset_after_a_submit_ahead_of_the_debounced_keystrokes_resets_the_server_side_too():
    # Part of the text had reached the server ("ada@"), the submit carried all of it: both go.
    async with render(signup(lambda values: None, reset=True)) as view:
        await view.input("#email-control", "ada@")
        data = {"email": "ada@example.com", "password": "correct horse", "confirm": "correct horse", "terms": "on"}
        await view.submit("#signup", data)
        assert view.find("#email-control").value == ""


async def test_confirm_leave_asks_while_the_form_holds_edits_on_submit_has_not_taken():
    async with render(signup(lambda values: None, confirm_leave="Discard the sign-up?")) as view:
        assert view.find_all("[data-pl-leave]") == []
        await view.input("#email-control", "ada@")
        assert view.find("template[data-pl-leave]").attrs["data-pl-leave"] == "Discard the sign-up?"
        await fill_valid(view)
        await view.submit("#signup")
        assert view.find_all("[data-pl-leave]") == []  # taken: nothing to lose
        await view.input("#email-control", "bob@example.com")
        assert view.find_all("[data-pl-leave]")
    async with render(signup(lambda values: {"email": "This email is taken"}, confirm_leave=True)) as view:
        await fill_valid(view)
        await view.submit("#signup")
        assert view.find("[data-pl-leave]").attrs["data-pl-leave"] == LEAVE_MESSAGE
    async with render(signup(lambda values: None, confirm_leave=True, reset=True)) as view:
        await fill_valid(view)
        await view.submit("#signup")
        assert view.find_all("[data-pl-leave]") == []  # emptied again: the clean state is the initial one


async def test_a_field_with_its_own_handler_is_still_heard_by_its_form_as_the_user_types():
    seen = []

    @pl.component
    def Page():
        return Form(
            TextInput("Email", "email", id="email", on_change=seen.append),
            validators={"email": [required(), email()]},
            on_submit=lambda values: None,
            id="signup",
            confirm_leave=True,
        )

    async with render(Page()) as view:
        await view.input("#email-control", "ada@")
        assert seen == ["ada@"]  # the field's own handler
        assert view.find("#email-control-error").text  # and the form's validation, as the user types
        assert view.find_all("[data-pl-leave]")
