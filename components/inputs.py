"""Text-like inputs: TextInput, TextArea, NumberInput, Slider and DateInput.

Each takes a `label`, a `name`, a `value`, an `error` text and an `on_change` handler that
receives the new value (already converted: a `str`, a number, ...). Inside a `Form`, `value`
and `error` default to the form's, and the form hears every keystroke, so `on_change` is optional.
`class_`, `id`, `style` and `data_*`/`aria_*` attributes go on the field's outer `<div>`; with an
`id`, the control inside it is `{id}-control` (its label, hint and error point at it), else a
generated id.
"""

from __future__ import annotations

from typing import Any, Callable

import pylive as pl
from pylive import html as h

from .attributes import stock_component
from .field import Field, FormContext, described_by, use_field
from .identity import use_id
from .validators import number_range


def value_handler(
    on_change: Callable[[Any], Any] | None, convert: Callable[[str], Any] = str, debounce: int | None = None
) -> Any:
    """An input/change binding that calls `on_change(convert(event.value))`, or None without a handler."""
    if on_change is None:
        return None

    def handle(event: pl.Event) -> Any:
        return on_change(convert(event.value or ""))

    return pl.event(handle, debounce=debounce) if debounce else handle


def parse_number(text: str) -> float | int | None:
    """A number input's value: `None` when empty or not a number, an `int` when it is whole."""
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number


def _control_attrs(control_id: str, hint: Any, error: str | None, required: bool, disabled: bool) -> dict[str, Any]:
    return {
        "id": control_id,
        "aria_invalid": "true" if error else None,
        "aria_describedby": described_by(control_id, hint, error),
        "required": required,
        "disabled": disabled,
    }


@stock_component
def TextInput(
    label: Any,
    name: str | None = None,
    value: str | None = None,
    *,
    on_change: Callable[[str], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    type: str = "text",
    placeholder: str | None = None,
    required: bool = False,
    disabled: bool = False,
    debounce: int | None = None,
    autocomplete: str | None = None,
    autofocus: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled single-line text input (`type` may be `email`, `password`, `search`, `url`, `tel`).

        name, set_name = pl.use_state("")
        TextInput("Name", "name", name, on_change=set_name, error=None if name else "Required")

    `on_change(text)` is called as the user types (debounced by `debounce` ms if given).
    `autofocus=True` puts the caret in it when the page loads.
    """
    control_id = use_id(f"{id}-control" if id else None, "input")
    value, error, form_disabled = use_field(name, value, error)
    control = h.input(
        type=type,
        name=name,
        value=str(value),
        placeholder=placeholder,
        autocomplete=autocomplete,
        autofocus=autofocus,
        class_="pl-input",
        on_input=value_handler(on_change, str, debounce),
        **_control_attrs(control_id, hint, error, required, disabled or form_disabled),
    )
    return Field(
        control, label=label, control_id=control_id, hint=hint, error=error, required=required,
        class_=class_, id=id, style=style, **attrs,
    )


@stock_component
def TextArea(
    label: Any,
    name: str | None = None,
    value: str | None = None,
    *,
    on_change: Callable[[str], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    rows: int = 4,
    placeholder: str | None = None,
    required: bool = False,
    disabled: bool = False,
    debounce: int | None = None,
    autofocus: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled multi-line text input (`autofocus=True`: the caret in it as the page loads).

        TextArea("Message", "message", text, on_change=set_text, rows=6)
    """
    control_id = use_id(f"{id}-control" if id else None, "textarea")
    value, error, form_disabled = use_field(name, value, error)
    control = h.textarea(
        name=name,
        value=str(value),
        rows=rows,
        placeholder=placeholder,
        autofocus=autofocus,
        class_="pl-input pl-textarea",
        on_input=value_handler(on_change, str, debounce),
        **_control_attrs(control_id, hint, error, required, disabled or form_disabled),
    )
    return Field(
        control, label=label, control_id=control_id, hint=hint, error=error, required=required,
        class_=class_, id=id, style=style, **attrs,
    )


@stock_component
def NumberInput(
    label: Any,
    name: str | None = None,
    value: float | int | str | None = None,
    *,
    on_change: Callable[[float | int | None], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    min: float | None = None,
    max: float | None = None,
    step: float | str | None = None,
    required: bool = False,
    disabled: bool = False,
    debounce: int | None = None,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled number input; `on_change` receives an `int`, a `float`, or `None` when empty.

        NumberInput("Quantity", "qty", qty, on_change=set_qty, min=1, max=99)

    A value outside `min`/`max` shows an error ("Enter a number from 1 to 99") unless `error` gives
    one: the browser does not stop a user typing it, and `on_change` still receives it. In a `Form`,
    its validators say so instead (`number_range(1, 99)`), and refuse the submit.
    """
    control_id = use_id(f"{id}-control" if id else None, "number")
    in_form = pl.use_context(FormContext) is not None
    value, error, form_disabled = use_field(name, value, error)
    if error is None and not in_form and (min is not None or max is not None):
        error = number_range(min, max)(value)  # in a Form, its validators say it (number_range)
    control = h.input(
        type="number",
        name=name,
        value="" if value is None else str(value),
        min=min,
        max=max,
        step=step,
        inputmode="decimal",
        class_="pl-input",
        on_input=value_handler(on_change, parse_number, debounce),
        **_control_attrs(control_id, hint, error, required, disabled or form_disabled),
    )
    return Field(
        control, label=label, control_id=control_id, hint=hint, error=error, required=required,
        class_=class_, id=id, style=style, **attrs,
    )


@stock_component
def Slider(
    label: Any,
    name: str | None = None,
    value: float | int | None = None,
    *,
    on_change: Callable[[float | int | None], Any] | None = None,
    min: float = 0,
    max: float = 100,
    step: float = 1,
    error: str | None = None,
    hint: Any = None,
    disabled: bool = False,
    throttle: int | None = 50,
    format: Callable[[Any], str] = str,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled range slider with its current value shown next to it.

        Slider("Volume", "volume", volume, on_change=set_volume, min=0, max=11)

    Arrow keys, Page Up/Down, Home and End move it (a native `type=range` input); `on_change` is
    throttled to one call per `throttle` ms while dragging.
    """
    control_id = use_id(f"{id}-control" if id else None, "slider")
    value, error, form_disabled = use_field(name, value, error, default=min)
    number = parse_number(str(value)) if value not in (None, "") else min
    handler = None
    if on_change is not None:
        handler = pl.event(lambda e: on_change(parse_number(e.value or "")), throttle=throttle) if throttle else (
            lambda e: on_change(parse_number(e.value or ""))
        )
    control = h.div(
        h.input(
            type="range",
            name=name,
            value=str(number),
            min=min,
            max=max,
            step=step,
            class_="pl-slider",
            aria_valuetext=format(number),
            on_input=handler,
            **_control_attrs(control_id, hint, error, False, disabled or form_disabled),
        ),
        h.output(format(number), for_=control_id, class_="pl-slider-value"),
        class_="pl-slider-row",
    )
    return Field(
        control, label=label, control_id=control_id, hint=hint, error=error,
        class_=class_, id=id, style=style, **attrs,
    )


@stock_component
def DateInput(
    label: Any,
    name: str | None = None,
    value: str | None = None,
    *,
    on_change: Callable[[str], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    min: str | None = None,
    max: str | None = None,
    required: bool = False,
    disabled: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled date picker; values are ISO dates (`"2024-05-31"`, or `""` when empty).

        DateInput("Start", "start", start, on_change=set_start, min="2024-01-01")
    """
    control_id = use_id(f"{id}-control" if id else None, "date")
    value, error, form_disabled = use_field(name, value, error)
    control = h.input(
        type="date",
        name=name,
        value=str(value or ""),
        min=min,
        max=max,
        class_="pl-input",
        on_change=value_handler(on_change),
        **_control_attrs(control_id, hint, error, required, disabled or form_disabled),
    )
    return Field(
        control, label=label, control_id=control_id, hint=hint, error=error, required=required,
        class_=class_, id=id, style=style, **attrs,
    )
