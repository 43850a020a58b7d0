"""A labelled form control: label, control, hint and error text, and the form state fields read.

Every input component renders through `Field`, so they all look alike and wire their label,
hint and error to the control the same way (`for`, `aria-describedby`, `aria-invalid`).
"""

from __future__ import annotations

from typing import Any, Mapping

import attrs

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes


@attrs.frozen(slots=True)
class FormState:
    """What a `Form` tells the fields inside it: their current values and the errors to show."""

    values: Mapping[str, Any] = attrs.field(factory=dict)
    errors: Mapping[str, str] = attrs.field(factory=dict)
    disabled: bool = False


#: The enclosing form's state; `None` outside a `Form`.
FormContext: pl.Context[FormState | None] = pl.create_context(None, name="Form")


def use_field(name: str | None, value: Any, error: str | None, default: Any = "") -> tuple[Any, str | None, bool]:
    """A field's value, error and disabled flag: its own props first, else the enclosing form's.

        value, error, disabled = use_field(name, value, error)
    """
    form = pl.use_context(FormContext)
    if form is None or name is None:
        return (default if value is None else value), error, False
    if value is None:
        value = form.values.get(name, default)
    if error is None:
        error = form.errors.get(name)
    return value, error, form.disabled


def described_by(control_id: str, hint: Any, error: str | None) -> str | None:
    """The `aria-describedby` of a control: its hint and error elements, when present."""
    ids = [f"{control_id}-hint"] if hint else []
    if error:
        ids.append(f"{control_id}-error")
    return " ".join(ids) or None


@stock_component
def Field(
    control: Any,
    *,
    label: Any,
    control_id: str,
    hint: Any = None,
    error: str | None = None,
    required: bool = False,
    label_after: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A label, a control, an optional hint and the error text, stacked.

        Field(h.input(id="age", name="age"), label="Age", control_id="age", error="Too young")

    The error paragraph is always there (empty when valid) and polite-live, so screen readers
    announce a new error without the field moving. `class_`, `id`, `style` and `data_*`/`aria_*`
    attributes go on the outer `<div>`; the label points at `control_id`, the control's own id.
    """
    label_el = h.label(
        label,
        h.span(" *", class_="pl-required", aria_hidden="true") if required else None,
        for_=control_id,
        class_="pl-label",
    )
    field = h.div(
        control if label_after else label_el,
        label_el if label_after else control,
        h.p(hint, id=f"{control_id}-hint", class_="pl-hint") if hint else None,
        h.p(error or "", id=f"{control_id}-error", class_="pl-error", aria_live="polite"),
        class_=["pl-field", label_after and "pl-field--inline", error and "pl-field--invalid"],
    )
    return with_attributes(field, class_, id, style, attrs)
