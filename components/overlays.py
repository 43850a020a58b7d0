"""Overlays: Modal (a focus-trapped dialog) and Tooltip."""

from __future__ import annotations

from typing import Any, Callable, Literal, Sequence

from attrs import evolve

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes
from .identity import use_id


@stock_component
def Modal(
    *children: Any,
    open: bool | None = None,
    on_close: Callable[..., Any] | None = None,
    title: Any,
    footer: Any = None,
    size: Literal["sm", "md", "lg"] = "md",
    close_label: str = "Close",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A dialog over the page: `role="dialog"`, `aria-modal`, named by its title.

        open, set_open = pl.use_state(False)
        Button("Edit", on_click=lambda: set_open(True))
        Modal(EditForm(), open=open, on_close=lambda: set_open(False), title="Edit profile")

    Escape, the close button and a click on the backdrop call `on_close`.

    Without `open`, the browser opens and closes it with no round trip: it is rendered hidden, needs
    an `id`, opens with `pl.js.show("#ID")` (or `open_modal("ID")`) and closes by itself (and calls
    `on_close` too, if given):

        Button("Keyboard shortcuts", on_click=open_modal("keys"))
        Modal(ShortcutList(), id="keys", title="Keyboard shortcuts")

    While it is open the
    `Modal` JS hook (assets/components.js) moves focus into it, keeps Tab inside it and, when it
    closes, gives focus back to the element that had it. `class_`, `id`, `style` and
    `data_*`/`aria_*` attributes go on the outer `<div>` (backdrop and dialog); with an `id`, the
    dialog is `{id}-dialog` and its title `{id}-dialog-title`.
    """
    dialog_id = use_id(f"{id}-dialog" if id else None, "modal")
    client = open is None
    if client:
        if not id:
            raise TypeError("Modal() without open= is opened by pl.js.show('#ID') in the browser: give it an id=")
        close: Any = pl.js.hide(f"#{id}")
        if on_close is not None:
            close = close.push(on_close)
    elif on_close is None:
        raise TypeError("Modal(open=...) needs on_close= to close it (or leave open= out to let the browser do both)")
    else:
        close = on_close
    if not open and not client:
        return None
    title_id = f"{dialog_id}-title"
    root = h.div(
        h.div(class_="pl-modal-backdrop", on_click=close),
        h.div(
            h.div(
                h.h2(title, id=title_id, class_="pl-modal-title"),
                h.button(
                    h.span("×", aria_hidden="true"),
                    type="button",
                    aria_label=close_label,
                    class_="pl-button pl-button--ghost pl-button--sm pl-modal-close",
                    on_click=close,
                ),
                class_="pl-modal-header",
            ),
            h.div(children, class_="pl-modal-body"),
            h.div(footer, class_="pl-modal-footer") if footer is not None else None,
            id=dialog_id,
            role="dialog",
            aria_modal="true",
            aria_labelledby=title_id,
            tabindex="-1",
            hook="Modal",
            class_=f"pl-modal pl-modal--{size}",
            on_keydown=pl.event(close, keys=["Escape"]),
        ),
        class_="pl-modal-root",
        hidden=client,
    )
    return with_attributes(root, class_, id, style, attrs)


def open_modal(id: str) -> pl.JS:
    """The client command that opens the `Modal` with this `id` rendered without `open=`.

        Button("Shortcuts", on_click=open_modal("keys"))
    """
    return pl.js.show(f"#{id}")


@stock_component
def Tooltip(
    trigger: Any,
    text: Any,
    *,
    placement: Literal["top", "bottom"] = "top",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """`text` shown next to `trigger` while it is hovered or focused (`role="tooltip"`).

        Tooltip(Button("?", variant="ghost", aria_label="Help"), "Your data is saved every minute")

    The pointer can move from the trigger onto the tooltip (to read or select it) and it stays;
    Escape hides it until the focus or the pointer leaves (assets/components.js). The trigger is
    described by the tooltip (`aria-describedby`), so screen readers read it too:
    an element gets the attribute, a component the keyword argument (it must put `aria_*` keyword
    arguments on its element, as every stock component does); plain text is wrapped in a focusable
    span.
    `class_`, `id`, `style` and `data_*`/`aria_*` attributes go on the outer `<span>`; with an
    `id`, the tooltip itself is `{id}-tip`.
    """
    tip_id = use_id(f"{id}-tip" if id else None, "tip")
    if isinstance(trigger, pl.Element):
        target = evolve(trigger, attrs={**(trigger.attrs or {}), "aria-describedby": tip_id})
    elif isinstance(trigger, pl.ComponentElement):
        target = evolve(trigger, kwargs={**trigger.kwargs, "aria_describedby": tip_id})
    else:
        target = h.span(trigger, tabindex="0", aria_describedby=tip_id, class_="pl-tooltip-target")
    tooltip = h.span(
        target,
        h.span(text, role="tooltip", id=tip_id, class_=f"pl-tooltip-bubble pl-tooltip--{placement}"),
        class_="pl-tooltip",
    )
    return with_attributes(tooltip, class_, id, style, attrs)


@stock_component
def Dropdown(
    label: Any,
    items: Sequence[tuple[Any, Callable[..., Any]]],
    *,
    align: Literal["start", "end"] = "start",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A button that opens a menu of actions, opened and closed in the browser (no round trip).

        Dropdown("Export", [("CSV", export_csv), ("JSON", export_json)])

    The menu opens and closes with `pl.js` commands, so it answers at once on a slow link; opening
    it focuses its first item, picking an item closes it and calls the item's handler on the
    server, a click outside it closes it, Up/Down (wrapping), Home and End move between the items
    (the `Dropdown` JS hook), and Escape closes it and gives the focus back to the button. `class_`, `id`,
    `style` and `data_*`/`aria_*` attributes go on the outer `<div>`; with an `id`, the button is
    `{id}-button` and the menu `{id}-menu`.
    """
    root_id = use_id(id, "dropdown")
    button_id, menu_id = f"{root_id}-button", f"{root_id}-menu"
    close = pl.js.hide(f"#{menu_id}").set_attr("aria-expanded", "false", to=f"#{button_id}")
    root = h.div(
        h.button(
            label,
            h.span("▾", class_="pl-dropdown-caret", aria_hidden="true"),
            type="button",
            id=button_id,
            aria_haspopup="true",
            aria_expanded="false",
            aria_controls=menu_id,
            class_="pl-button pl-button--secondary pl-button--md pl-dropdown-button",
            on_click=pl.js.toggle(f"#{menu_id}")
            .toggle_attr("aria-expanded", to=f"#{button_id}")
            .focus(f"#{menu_id} > :first-child"),  # nothing to focus when it just closed
        ),
        h.div(
            [
                h.button(text, type="button", role="menuitem", class_="pl-dropdown-item", on_click=close.push(handler))
                for text, handler in items
            ],
            id=menu_id,
            role="menu",
            aria_labelledby=button_id,
            hidden=True,
            hook="Dropdown",
            class_=f"pl-dropdown-menu pl-dropdown-menu--{align}",
        ),
        id=root_id,
        class_="pl-dropdown",
        on_keydown=pl.event(close.focus(f"#{button_id}"), keys=["Escape"]),
        on_click_away=close,
    )
    return with_attributes(root, class_, None, style, attrs)
