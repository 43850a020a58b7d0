"""The sign-up form demo through pylive.testing: validated on the server as you type, debounced."""

from __future__ import annotations

from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render


@pytest.fixture(scope="module")
def form() -> ModuleType:
    return load_demo("form")


async def test_form_validates_as_you_type(form: ModuleType) -> None:
    async with render(form.SignUp()) as view:
        # Never disabled: Enter pressed before the debounced typing arrived must still submit.
        assert "disabled" not in view.find("#submit").attrs
        # No error before the user has typed in a field.
        assert view.find("#username-error").text == ""

        await view.input("#username", "admin")
        assert view.find("#username-error").text == "admin is taken."
        assert view.find("#username").attrs["aria-invalid"] == "true"
        assert view.find("#email-error").text == ""  # untouched

        await view.input("#username", "ada_l")
        assert view.find("#username-error").text == ""
        await view.input("#email", "ada@")
        assert "email address" in view.find("#email-error").text
        await view.input("#email", "ada@example.com")
        await view.input("#password", "short")
        assert view.find("#password-error").text == "At least 8 characters."
        await view.input("#password", "analytical9")
        await view.input("#confirm", "analytical")
        assert view.find("#confirm-error").text == "The passwords do not match."

        await view.input("#confirm", "analytical9")
        assert all(view.find(f"#{f}-error").text == "" for f in form.FIELDS)

        await view.submit("#signup")
        assert view.find("#welcome").text == "Welcome, ada_l! Your account is ready."


async def test_form_binding_carries_the_debounce(form: ModuleType) -> None:
    async with render(form.SignUp()) as view:
        assert view.find("#email").attrs["data-pl-on"] == f"input|d{form.DEBOUNCE_MS}"


async def test_form_refuses_a_bad_submit(form: ModuleType) -> None:
    async with render(form.SignUp()) as view:
        await view.submit("#signup", {"username": "x", "email": "nope", "password": "1", "confirm": "2"})
        assert view.find("#username-error").text.startswith("3 to 20")
        assert view.find("#email-error").text
        with pytest.raises(LookupError):
            view.find("#welcome")


def test_form_validate_names_each_field_problem(form: ModuleType) -> None:
    assert form.validate({}) == {
        "username": "Choose a username.",
        "email": "Enter an email address like you@example.com.",
        "password": "At least 8 characters.",
        "confirm": "The passwords do not match.",
    }
    errors = form.validate({"username": "Ada", "email": "ada@example.com", "password": "analytical", "confirm": "x"})
    assert errors["username"].startswith("3 to 20 characters")  # uppercase is refused
    assert errors["email"] == ""
    assert errors["password"] == "Mix letters with digits or symbols."
    fine = {"username": "ada_l", "email": "ada@example.com", "password": "analytical9", "confirm": "analytical9"}
    assert form.validate(fine) == dict.fromkeys(form.FIELDS, "")


async def test_a_submit_before_the_debounce_checks_the_submitted_values(form: ModuleType) -> None:
    async with render(form.SignUp()) as view:
        values = {"username": "ada_l", "email": "ada@example.com", "password": "analytical9", "confirm": "analytical9"}
        await view.submit("#signup", values)
        assert view.find("#welcome").text == "Welcome, ada_l! Your account is ready."
