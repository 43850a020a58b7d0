"""Live form validation: a sign-up form checked on the server as you type, with per-field errors."""

from __future__ import annotations

import re
from typing import Callable

import pylive as pl
from pylive import html as h

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".signup{max-width:26rem;margin:1rem auto}"
    ".signup label{display:block;margin:.9rem 0 .25rem;font-weight:600}"
    ".signup input{width:100%}"
    ".signup input[aria-invalid=true]{border-color:var(--pl-danger)}"
    ".signup input.ok{border-color:var(--pl-success)}"
    ".signup .error{color:var(--pl-danger);font-size:.875rem;min-height:1.2em;margin:.2rem 0 0}"
    ".signup button{margin-top:1.25rem;padding:.6rem 1.2rem}"
    ".signup .welcome{padding:1rem;border:1px solid var(--pl-success);border-radius:var(--pl-radius);"
    "background:color-mix(in srgb,var(--pl-success) 12%,var(--pl-surface))}"
    "</style>"
)

#: Names someone already has (a real app would ask its database).
TAKEN = frozenset({"admin", "root", "alice", "bob", "pylive"})
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
FIELDS = ("username", "email", "password", "confirm")
LABELS = {"username": "Username", "email": "Email", "password": "Password", "confirm": "Confirm password"}
#: Validate after the user pauses typing for this long (milliseconds), not on every keystroke.
DEBOUNCE_MS = 250


def validate(values: dict[str, str]) -> dict[str, str]:
    """Every field's error message ("" when the field is fine)."""
    username = values.get("username", "")
    email = values.get("email", "")
    password = values.get("password", "")
    confirm = values.get("confirm", "")
    errors: dict[str, str] = dict.fromkeys(FIELDS, "")
    if not username:
        errors["username"] = "Choose a username."
    elif not re.fullmatch(r"[a-z0-9_]{3,20}", username):
        errors["username"] = "3 to 20 characters: lowercase letters, digits and _."
    elif username in TAKEN:
        errors["username"] = f"{username} is taken."
    if not EMAIL.match(email):
        errors["email"] = "Enter an email address like you@example.com."
    if len(password) < 8:
        errors["password"] = "At least 8 characters."
    elif password.isalpha() or password.isdigit():
        errors["password"] = "Mix letters with digits or symbols."
    if not confirm or confirm != password:
        errors["confirm"] = "The passwords do not match."
    return errors


@pl.component
def Field(name: str, kind: str, error: str, touched: bool, on_input: Callable[[pl.Event], None]) -> pl.Element:
    """A labelled input whose error shows once the user has typed in it."""
    show = touched and error
    return h.div(
        h.label(LABELS[name], for_=name),
        h.input(
            id=name,
            name=name,
            type=kind,
            autocomplete="off",
            aria_invalid="true" if show else None,
            aria_describedby=f"{name}-error",
            class_="ok" if touched and not error else None,
            on_input=pl.event(on_input, debounce=DEBOUNCE_MS),
        ),
        h.p(show or "", id=f"{name}-error", class_="error", aria_live="polite"),
        class_="field",
    )


def empty_values() -> dict[str, str]:
    return dict.fromkeys(FIELDS, "")


@pl.component
def SignUp() -> pl.Element:
    """The sign-up form. Enter or the button always submits: the submitted values are checked, and a
    wrong one shows every error and focuses the first (the stock `Form` JS hook)."""
    values, set_values = pl.use_state(empty_values)
    touched, set_touched = pl.use_state(frozenset[str]())
    done, set_done = pl.use_state("")
    errors = pl.use_memo(lambda: validate(values), [values])

    def typed(e: pl.Event) -> None:
        name = e.target_id
        if name not in FIELDS:
            return
        set_values(lambda old: {**old, name: e.value or ""})
        set_touched(lambda old: old | {name})

    def submit(e: pl.Event) -> None:
        form = {k: str(v) for k, v in (e.form or {}).items() if k in FIELDS}
        current = {**values, **form}
        if any(validate(current).values()):
            set_values(current)
            set_touched(frozenset(FIELDS))
            return
        set_done(current["username"])

    if done:
        return h.section(h.p(f"Welcome, {done}! Your account is ready.", class_="welcome", id="welcome"),
                         class_="signup")
    return h.section(
        h.h1("Sign up"),
        h.form(
            [
                Field(name, "password" if name in ("password", "confirm") else "email" if name == "email" else "text",
                      errors[name], name in touched, typed, key=name)
                for name in FIELDS
            ],
            h.button("Create account", type="submit", id="submit"),
            id="signup",
            on_submit=submit,
            novalidate=True,
            hook="Form",
        ),
        class_="signup",
    )


app = pl.App(SignUp, title="Sign-up form", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
