"""Choice inputs: Select (searchable when long), Checkbox, Switch and RadioGroup.

Like the text inputs, each takes a `label`, a `name`, a `value` (or `checked`), an `error` and an
`on_change` that receives the new value, and reads its value and error from an enclosing `Form`.
`class_`, `id`, `style` and `data_*`/`aria_*` attributes go on the outer element: the field's
`<div>` (with an `id`, the control inside is `{id}-control`), or RadioGroup's `<fieldset>`.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping, Sequence, Union

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes
from .field import Field, described_by, use_field
from .identity import use_id
from .inputs import value_handler

Option = Union[str, tuple[str, Any]]
Options = Union[Sequence[Option], Mapping[str, Any]]

#: A `Select` with more options than this gets a search box.
SEARCH_THRESHOLD = 10


def normalize_options(options: Options) -> list[tuple[str, str]]:
    """Options as `(value, label)` pairs: from strings, pairs, or a `{value: label}` mapping."""
    items: Iterable[Any] = options.items() if isinstance(options, Mapping) else options
    out = []
    for item in items:
        if isinstance(item, (tuple, list)):
            value, label = item
            out.append((str(value), str(label)))
        else:
            out.append((str(item), str(item)))
    return out


@stock_component
def Select(
    label: Any,
    name: str | None = None,
    value: str | None = None,
    *,
    options: Options = (),
    on_change: Callable[[str], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    placeholder: str | None = None,
    searchable: bool | None = None,
    required: bool = False,
    disabled: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled drop-down list; with many options (or `searchable=True`) a search box filters them.

        Select("Country", "country", country, options=[("fr", "France"), ("jp", "Japan")],
               on_change=set_country)

    A native `<select>`, so the keyboard and screen readers work as everywhere; the search box is
    a labelled `type=search` input that narrows the options on the server (the chosen one stays).
    """
    control_id = use_id(f"{id}-control" if id else None, "select")
    query, set_query = pl.use_state("")
    value, error, form_disabled = use_field(name, value, error)
    pairs = normalize_options(options)
    if searchable is None:
        searchable = len(pairs) > SEARCH_THRESHOLD
    shown = pairs
    if searchable and query:
        needle = query.casefold()
        shown = [p for p in pairs if needle in p[1].casefold() or p[0] == str(value)]
    select = h.select(
        h.option(placeholder, value="") if placeholder is not None else None,
        [h.option(text, value=v, key=v) for v, text in shown],
        name=name,
        value=str(value) if value is not None else None,
        id=control_id,
        class_="pl-input pl-select",
        aria_invalid="true" if error else None,
        aria_describedby=described_by(control_id, hint, error),
        required=required,
        disabled=disabled or form_disabled,
        on_change=value_handler(on_change),
    )
    if searchable:
        search = h.input(
            type="search",
            value=query,
            placeholder="Search…",
            aria_label=f"Search {label}" if isinstance(label, str) else "Search options",
            aria_controls=control_id,
            class_="pl-input pl-select-search",
            on_input=pl.event(lambda e: set_query(e.value or ""), debounce=150),
        )
        count = h.span(
            f"{len(shown)} of {len(pairs)}", class_="pl-select-count", aria_live="polite"
        )
        control = h.div(search, count, select, class_="pl-select-searchable")
    else:
        control = select
    return Field(
        control, label=label, control_id=control_id, hint=hint, error=error, required=required,
        class_=class_, id=id, style=style, **attrs,
    )


def _checked(name: str | None, checked: bool | None, error: str | None, value: str) -> tuple[bool, str | None, bool]:
    current, error, form_disabled = use_field(name, checked, error, default=False)
    if not isinstance(current, bool):
        current = current == value or (isinstance(current, list) and value in current)
    return current, error, form_disabled


def _toggle(
    kind: str, label: Any, name: str | None, checked: bool | None, on_change: Callable[[bool], Any] | None,
    error: str | None, hint: Any, value: str, disabled: bool,
    class_: str | list[str] | None, id: str | None, style: str | dict[str, Any] | None, attrs: dict[str, Any],
):
    control_id = use_id(f"{id}-control" if id else None, kind)
    checked, error, form_disabled = _checked(name, checked, error, value)
    handler = None
    if on_change is not None:
        handler = lambda e: on_change(bool(e.checked))  # noqa: E731
    control = h.input(
        type="checkbox",
        role="switch" if kind == "switch" else None,
        name=name,
        value=value,
        checked=checked,
        id=control_id,
        class_=f"pl-{kind}",
        aria_invalid="true" if error else None,
        aria_describedby=described_by(control_id, hint, error),
        disabled=disabled or form_disabled,
        on_change=handler,
    )
    return Field(
        control, label=label, control_id=control_id, hint=hint, error=error, label_after=True,
        class_=class_, id=id, style=style, **attrs,
    )


@stock_component
def Checkbox(
    label: Any,
    name: str | None = None,
    checked: bool | None = None,
    *,
    on_change: Callable[[bool], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    value: str = "on",
    disabled: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled checkbox; `on_change(checked)` receives a `bool`.

        Checkbox("I accept the terms", "terms", accepted, on_change=set_accepted)

    In a form it submits `value` (default `"on"`) when checked, and nothing when not.
    """
    return _toggle("checkbox", label, name, checked, on_change, error, hint, value, disabled, class_, id, style, attrs)


@stock_component
def Switch(
    label: Any,
    name: str | None = None,
    checked: bool | None = None,
    *,
    on_change: Callable[[bool], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    value: str = "on",
    disabled: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """An on/off switch (a checkbox with `role="switch"`, drawn as a toggle).

        Switch("Heating", "heating", on, on_change=set_on)
    """
    return _toggle("switch", label, name, checked, on_change, error, hint, value, disabled, class_, id, style, attrs)


@stock_component
def RadioGroup(
    label: Any,
    name: str,
    value: str | None = None,
    *,
    options: Options = (),
    on_change: Callable[[str], Any] | None = None,
    error: str | None = None,
    hint: Any = None,
    required: bool = False,
    disabled: bool = False,
    inline: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A labelled group of radio buttons, one of which may be chosen.

        RadioGroup("Plan", "plan", plan, options=["Free", "Pro", "Team"], on_change=set_plan)

    A `<fieldset>` whose `<legend>` names the group; arrow keys move between the radios natively.
    """
    group_id = use_id(id, "radios")
    value, error, form_disabled = use_field(name, value, error)
    handler = value_handler(on_change)
    radios = []
    for i, (v, text) in enumerate(normalize_options(options)):
        radio_id = f"{group_id}-{i}"
        radios.append(
            h.div(
                h.input(
                    type="radio",
                    id=radio_id,
                    name=name,
                    value=v,
                    checked=str(value) == v,
                    required=required,
                    disabled=disabled or form_disabled,
                    class_="pl-radio",
                    on_change=handler,
                ),
                h.label(text, for_=radio_id),
                class_="pl-choice",
                key=v,
            )
        )
    fieldset = h.fieldset(
        h.legend(label, class_="pl-label"),
        h.p(hint, id=f"{group_id}-hint", class_="pl-hint") if hint else None,
        h.div(radios, class_=["pl-radio-list", inline and "pl-radio-list--inline"]),
        h.p(error or "", id=f"{group_id}-error", class_="pl-error", aria_live="polite"),
        id=group_id,
        role="radiogroup",
        aria_required="true" if required else None,
        aria_invalid="true" if error else None,
        aria_describedby=described_by(group_id, hint, error),
        class_=["pl-field", "pl-fieldset", error and "pl-field--invalid"],
    )
    # `id` is already the fieldset's (the radios' and the hint's ids derive from it).
    return with_attributes(fieldset, class_, None, style, attrs)
