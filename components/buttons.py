"""Buttons: the one clickable action component, in variants and sizes, with a loading state."""

from __future__ import annotations

from typing import Any, Callable, Literal

from pylive import html as h

from .attributes import stock_component, with_attributes

Variant = Literal["primary", "secondary", "ghost", "danger"]
Size = Literal["sm", "md", "lg"]


@stock_component
def Button(
    *children: Any,
    on_click: Callable[..., Any] | None = None,
    variant: Variant = "primary",
    size: Size = "md",
    type: Literal["button", "submit", "reset"] = "button",
    disabled: bool = False,
    loading: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A button. `on_click` takes the `pl.Event` or nothing; `loading` shows a spinner and disables it.

        Button("Save", on_click=save)
        Button("Delete", variant="danger", size="sm", on_click=lambda: remove(row_id))
        Button("Saving…", loading=True)

    A native `<button>`, so Enter and Space activate it; `aria-busy` marks the loading state.
    `class_`, `id`, `style` and `data_*`/`aria_*` attributes go on the `<button>`.
    """
    button = h.button(
        h.span(class_="pl-spinner pl-spinner--inline", aria_hidden="true") if loading else None,
        children,
        type=type,
        disabled=disabled or loading,
        aria_busy="true" if loading else None,
        class_=["pl-button", f"pl-button--{variant}", f"pl-button--{size}"],
        on_click=on_click,
    )
    return with_attributes(button, class_, id, style, attrs)
