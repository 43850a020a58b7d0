"""Disclosure: Tabs, Accordion and Disclosure, which show one part of the content at a time."""

from __future__ import annotations

from typing import Any, Callable, Sequence

import attrs

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes
from .identity import use_id


@attrs.frozen(slots=True)
class Tab:
    """One tab of `Tabs`: its `label`, its `content`, and a `key` (default: the label)."""

    label: str
    content: Any
    key: str | None = None

    @property
    def id(self) -> str:
        return self.key or self.label


@stock_component
def Tabs(
    tabs: Sequence[Tab],
    *,
    selected: str | None = None,
    on_change: Callable[[str], Any] | None = None,
    label: str = "Tabs",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A tab list and the panel of the selected tab (WAI-ARIA tabs, automatic activation).

        Tabs([Tab("Overview", Overview()), Tab("Settings", Settings())], label="Device")

    Left/Right arrows, Home and End move between tabs; only the selected tab is in the Tab order
    and only its panel is rendered. `selected`/`on_change` (tab keys) control it; without
    `selected` it keeps its own choice. The `Tabs` JS hook moves focus to the newly selected tab.
    `id` names the outer `<div>`; the tabs' and panel's ids derive from it (`{id}-tab-0`, `{id}-panel`).
    """
    tabs_id = use_id(id, "tabs")
    own, set_own = pl.use_state(None)
    keys = [t.id for t in tabs]
    current = selected if selected is not None else own
    if current not in keys:
        current = keys[0] if keys else None

    def choose(key: str) -> Any:
        if selected is None:
            set_own(key)
        return on_change(key) if on_change is not None else None

    def on_key(event: pl.Event) -> Any:
        if not keys:
            return None
        i = keys.index(current)
        target = {
            "ArrowRight": (i + 1) % len(keys),
            "ArrowLeft": (i - 1) % len(keys),
            "Home": 0,
            "End": len(keys) - 1,
        }.get(event.key or "")
        return None if target is None else choose(keys[target])

    buttons = []
    panel = None
    for i, tab in enumerate(tabs):
        key = tab.id
        active = key == current
        tab_id = f"{tabs_id}-tab-{i}"
        buttons.append(
            h.button(
                tab.label,
                type="button",
                role="tab",
                id=tab_id,
                aria_selected="true" if active else "false",
                aria_controls=f"{tabs_id}-panel",
                tabindex="0" if active else "-1",
                class_="pl-tab",
                on_click=_chooser(choose, key),
                key=key,
            )
        )
        if active:
            panel = h.div(
                tab.content,
                role="tabpanel",
                id=f"{tabs_id}-panel",
                aria_labelledby=tab_id,
                tabindex="0",
                class_="pl-tabpanel",
            )
    root = h.div(
        h.div(
            buttons,
            role="tablist",
            aria_label=label,
            class_="pl-tablist",
            hook="Tabs",
            on_keydown=pl.event(on_key, prevent_default=True, keys=["ArrowLeft", "ArrowRight", "Home", "End"]),
        ),
        panel,
        id=tabs_id,
        class_="pl-tabs",
    )
    return with_attributes(root, class_, None, style, attrs)


def _chooser(choose: Callable[[str], Any], key: str) -> Callable[[], Any]:
    return lambda: choose(key)


@attrs.frozen(slots=True)
class AccordionItem:
    """One section of an `Accordion`: a `title`, its `content`, and a `key` (default: the title)."""

    title: str
    content: Any
    key: str | None = None

    @property
    def id(self) -> str:
        return self.key or self.title


@stock_component
def Accordion(
    items: Sequence[AccordionItem],
    *,
    multiple: bool = False,
    initially_open: Sequence[str] = (),
    heading_level: int = 3,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Sections whose content opens under their heading (WAI-ARIA accordion).

        Accordion([AccordionItem("Shipping", shipping_text), AccordionItem("Returns", returns_text)])

    Each heading is a button with `aria-expanded`; a closed section's content is not rendered.
    With `multiple=False` opening one section closes the others. `id` names the outer `<div>`; the
    buttons' and panels' ids derive from it (`{id}-button-0`, `{id}-panel-0`).
    """
    acc_id = use_id(id, "accordion")
    opened, set_opened = pl.use_state(lambda: frozenset(initially_open))
    heading = getattr(h, f"h{min(6, max(1, heading_level))}")
    sections = []
    for i, item in enumerate(items):
        key = item.id
        is_open = key in opened
        button_id = f"{acc_id}-button-{i}"
        panel_id = f"{acc_id}-panel-{i}"

        def toggle(key: str = key, is_open: bool = is_open) -> Callable[[], None]:
            def click() -> None:
                if is_open:
                    set_opened(lambda o: o - {key})
                else:
                    set_opened(lambda o: (o if multiple else frozenset()) | {key})

            return click

        sections.append(
            h.div(
                heading(
                    h.button(
                        h.span(item.title),
                        h.span("▾", class_="pl-accordion-icon", aria_hidden="true"),
                        type="button",
                        id=button_id,
                        aria_expanded="true" if is_open else "false",
                        aria_controls=panel_id,
                        class_="pl-accordion-trigger",
                        on_click=toggle(),
                    ),
                    class_="pl-accordion-heading",
                ),
                h.div(item.content, id=panel_id, role="region", aria_labelledby=button_id, class_="pl-accordion-panel")
                if is_open
                else None,
                class_=["pl-accordion-item", is_open and "pl-accordion-item--open"],
                key=key,
            )
        )
    return with_attributes(h.div(sections, id=acc_id, class_="pl-accordion"), class_, None, style, attrs)


@stock_component
def Disclosure(
    summary: Any,
    *children: Any,
    open: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A button that shows and hides the content under it, in the browser (no round trip).

        Disclosure("Advanced options", TextInput("Proxy", "proxy"), TextInput("Timeout", "timeout"))

    The content is rendered (hidden while closed) and opened and closed by `pl.js` commands, so it
    answers at once and keeps what was typed in it; `open` is how it starts. The button carries
    `aria-expanded` and `aria-controls`. `class_`, `id`, `style` and `data_*`/`aria_*` attributes
    go on the outer `<div>`; the button and panel ids derive from its id (`{id}-button`, `{id}-panel`).
    """
    root_id = use_id(id, "disclosure")
    button_id, panel_id = f"{root_id}-button", f"{root_id}-panel"
    root = h.div(
        h.button(
            h.span("▸", class_="pl-disclosure-icon", aria_hidden="true"),
            h.span(summary),
            type="button",
            id=button_id,
            aria_expanded="true" if open else "false",
            aria_controls=panel_id,
            class_="pl-disclosure-trigger",
            on_click=pl.js.toggle(f"#{panel_id}").toggle_attr("aria-expanded", to=f"#{button_id}"),
        ),
        h.div(children, id=panel_id, hidden=not open, class_="pl-disclosure-panel"),
        id=root_id,
        class_="pl-disclosure",
    )
    return with_attributes(root, class_, None, style, attrs)
