"""Form: server-side validation as the user types, per-field errors, and a guarded submit."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Iterable, Mapping

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes
from .buttons import Button
from .field import FormContext, FormState
from .identity import use_id
from .validators import Validator, validate


@stock_component
def Form(
    *children: Any,
    on_submit: Callable[[dict[str, Any]], Any] | None = None,
    validators: Mapping[str, Validator | Iterable[Validator]] | None = None,
    initial: Mapping[str, Any] | None = None,
    on_change: Callable[[dict[str, Any]], Any] | None = None,
    submit_label: Any = "Submit",
    actions: Any = None,
    debounce: int = 300,
    reset: bool = False,
    confirm_leave: bool | str = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A form whose fields are validated on the server while the user types.

        Form(
            TextInput("Email", "email", type="email"),
            TextInput("Password", "password", type="password"),
            validators={"email": [required(), email()], "password": [required(), min_length(8)]},
            on_submit=create_account,            # may be async; gets {name: value}
            submit_label="Create account",
        )

    The form hears every keystroke (debounced by `debounce` ms), validates all fields with
    `validators`, and shows each field's first error once the user has touched it (every error
    after a submit attempt). Enter or the submit button always submits, whatever validation is
    pending: the submitted values are validated, and if one is wrong every field shows its error and
    the first wrong one gets the focus (the `Form` JS hook); `on_submit` runs only with valid values.
    The button is disabled only while `on_submit` runs. `on_submit` may return a `{field: error}`
    mapping (a server-side rejection, such as "email taken"), or a `str` shown as a status message.
    Fields read their value and error from the form, so they need no `value`/`on_change` of their
    own. `reset=True` empties the fields (back to `initial`) once `on_submit` has taken the values,
    the focus staying where it was: a chat's message box, ready for the next. The form has an `id` (the caller's, or a generated one), so what the user typed survives a
    reconnect (form recovery replays it as a `change`). `confirm_leave=True` (or the question to
    ask) asks the user before they leave the page with edits `on_submit` has not taken
    (`pl.ConfirmLeave`), from the moment the form hears them. `class_`, `style` and `data_*`/`aria_*` attributes go on the `<form>`.
    """
    form_id = use_id(id, "form")
    values, set_values = pl.use_state(lambda: dict(initial or {}))
    saved, set_saved = pl.use_state(lambda: dict(initial or {}))  # what on_submit took last
    touched, set_touched = pl.use_state(frozenset())
    submitting, set_submitting = pl.use_state(False)
    rejected, set_rejected = pl.use_state({})
    status, set_status = pl.use_state(None)
    errors = pl.use_memo(lambda: validate(validators, values), [values, validators])
    push = pl.use_push_event()
    latest = pl.use_ref(values)
    latest.current = values  # what the fields hold now, as on_submit ends (it may be slow)

    def changed(event: pl.Event) -> Any:
        new = dict(event.form or {})
        # A field missing from the form data (an unchecked box) counts as empty, like one never typed in.
        diff = {k for k in set(new) | set(values) if new.get(k, "") != values.get(k, "")}
        if not diff:
            return None
        set_values(new)
        set_touched(lambda t: t | diff)
        if rejected and diff & set(rejected):
            set_rejected({k: v for k, v in rejected.items() if k not in diff})
        set_status(None)
        return on_change(new) if on_change is not None else None

    async def submit(event: pl.Event) -> None:
        data = dict(event.form or {})
        set_values(data)
        latest.current = data  # the fields' values from now, until a render says otherwise
        set_touched(frozenset(data) | frozenset(validators or ()))
        if validate(validators, data) or on_submit is None:
            return
        set_submitting(True)
        set_status(None)
        try:
            result = on_submit(data)
            if inspect.isawaitable(result):
                result = await result
        finally:
            set_submitting(False)
        if isinstance(result, Mapping):
            set_rejected(dict(result))
            return
        if isinstance(result, str):
            set_status(result)
        set_saved(dict(initial or {}) if reset else data)
        if reset:
            # The fields still holding what was sent go back to `initial`; what the user typed while
            # on_submit ran stays theirs.
            start = dict(initial or {})
            now = latest.current
            sent = {k for k, v in now.items() if k in data and v == data[k]} | (set(data) - set(now))
            set_values({**{k: v for k, v in now.items() if k not in sent}, **{k: start[k] for k in sent if k in start}})
            set_touched(lambda t: t - sent)
            # The fields may never have rendered what was typed (a debounced keystroke, then Enter):
            # the page resets its form itself, to the values it was first drawn with.
            push("reset", None)

    all_errors = {**errors, **rejected}
    shown = {k: v for k, v in all_errors.items() if k in touched}
    state = FormState(values, shown)
    leave = None
    if confirm_leave and any(str(values.get(k, "")) != str(saved.get(k, "")) for k in {*values, *saved}):
        leave = pl.ConfirmLeave(message=confirm_leave) if isinstance(confirm_leave, str) else pl.ConfirmLeave()
    form = h.form(
        leave,
        FormContext.provide(state, *children),
        h.div(
            Button(submit_label, type="submit", disabled=submitting, loading=submitting),
            actions,
            h.p(status or "", role="status", class_="pl-form-status"),
            class_="pl-form-actions",
        ),
        id=form_id,
        novalidate=True,
        aria_busy="true" if submitting else None,
        class_="pl-form",
        hook="Form",
        on_input=pl.event(changed, debounce=debounce) if debounce else changed,
        on_change=changed,
        on_submit=submit,
    )
    return with_attributes(form, class_, None, style, attrs)
