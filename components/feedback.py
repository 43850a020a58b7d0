"""Feedback: Toast notifications, Alert, Badge, Progress and Spinner."""

from __future__ import annotations

import itertools
from typing import Any, Callable, Literal, Sequence

import attrs

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes

Tone = Literal["info", "success", "warning", "danger", "neutral"]

_toast_ids = itertools.count(1)


@attrs.frozen(slots=True)
class ToastItem:
    """One notification of a `ToastStack`, made by the `push` of `use_toasts`: its `message`, `tone`
    ("info", "success", "warning", "danger", "neutral"), `title`, and `duration` in ms before it
    goes (None: until dismissed)."""

    message: Any
    tone: Tone = "info"
    title: Any = None
    duration: float | None = 5000
    id: int = attrs.field(factory=lambda: next(_toast_ids))


def _dismiss_button(on_dismiss: Callable[[], Any] | None, label: str, extra_class: str | None) -> Any:
    """The "×" button of a toast or an alert (nothing when it cannot be dismissed)."""
    if not on_dismiss:
        return None
    return h.button(
        h.span("×", aria_hidden="true"),
        type="button",
        aria_label=label,
        class_=["pl-button", "pl-button--ghost", "pl-button--sm", extra_class],
        on_click=on_dismiss,
    )


@stock_component
def Toast(
    message: Any,
    *,
    tone: Tone = "info",
    title: Any = None,
    on_dismiss: Callable[[], Any] | None = None,
    duration: float | None = 5000,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A notification that dismisses itself after `duration` ms (`None`: stays until closed).

        Toast("Saved", tone="success", on_dismiss=lambda: set_shown(False))

    Usually shown through `ToastStack` and `use_toasts`. A danger toast is an `alert` (read out at
    once), the others are polite `status` messages.
    """

    # A timer, not an effect that sleeps: it is not work the session waits for (view.settle()),
    # and it stops by itself when the dismissed toast unmounts.
    fired = pl.use_ref(False)

    def dismiss_once() -> None:
        if not fired.current and on_dismiss is not None:
            fired.current = True
            on_dismiss()

    pl.use_interval(dismiss_once, duration if on_dismiss is not None and not fired.current else None)
    toast = h.div(
        h.div(
            h.strong(title, class_="pl-toast-title") if title else None,
            h.div(message, class_="pl-toast-message"),
            class_="pl-toast-content",
        ),
        _dismiss_button(on_dismiss, "Dismiss notification", "pl-toast-close"),
        role="alert" if tone == "danger" else "status",
        class_=f"pl-toast pl-tone-{tone}",
    )
    return with_attributes(toast, class_, id, style, attrs)


@stock_component
def ToastStack(
    toasts: Sequence[ToastItem],
    *,
    on_dismiss: Callable[[int], Any],
    position: str = "bottom-end",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """The stacked toasts of `use_toasts`, in a corner of the screen, newest last.

        toasts, push, dismiss = use_toasts()
        Button("Save", on_click=lambda: push("Saved", tone="success"))
        ToastStack(toasts, on_dismiss=dismiss)

    The stack is a polite live region, there while empty, so screen readers read each new toast
    out (a danger toast, an `alert`, at once); render it from the first render on.
    """
    stack = h.div(
        [
            Toast(t.message, tone=t.tone, title=t.title, duration=t.duration, on_dismiss=_dismisser(on_dismiss, t.id), key=t.id)
            for t in toasts
        ],
        class_=f"pl-toasts pl-toasts--{position}",
        aria_label="Notifications",
        role="region",
        aria_live="polite",
        aria_relevant="additions text",
    )
    return with_attributes(stack, class_, id, style, attrs)


def _dismisser(on_dismiss: Callable[[int], Any], toast_id: int) -> Callable[[], Any]:
    return lambda: on_dismiss(toast_id)


def use_toasts(limit: int = 5) -> tuple[list[ToastItem], Callable[..., ToastItem], Callable[[int], None]]:
    """Toast state for a `ToastStack`: `toasts, push, dismiss = use_toasts()`.

    `push(message, tone="info", title=None, duration=5000)` adds one (keeping the newest `limit`);
    `dismiss(id)` removes one.
    """
    toasts, set_toasts = pl.use_state(())

    def push(message: Any, tone: Tone = "info", title: Any = None, duration: float | None = 5000) -> ToastItem:
        item = ToastItem(message, tone, title, duration)
        set_toasts(lambda old: (*old, item)[-limit:])
        return item

    def dismiss(toast_id: int) -> None:
        set_toasts(lambda old: tuple(t for t in old if t.id != toast_id))

    return list(toasts), push, dismiss


@stock_component
def Alert(
    *children: Any,
    tone: Tone = "info",
    title: Any = None,
    on_dismiss: Callable[[], Any] | None = None,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A message box in the page's flow: info, success, warning or danger.

        Alert("The sensor is offline.", tone="warning", title="Heads up")

    Warning and danger alerts are `role="alert"`; the others `role="status"`.
    """
    alert = h.div(
        h.div(
            h.strong(title, class_="pl-alert-title") if title else None,
            h.div(children, class_="pl-alert-body"),
            class_="pl-alert-content",
        ),
        _dismiss_button(on_dismiss, "Dismiss", None),
        role="alert" if tone in ("warning", "danger") else "status",
        class_=f"pl-alert pl-tone-{tone}",
    )
    return with_attributes(alert, class_, id, style, attrs)


@stock_component
def Badge(
    *children: Any,
    tone: Tone = "neutral",
    label: str | None = None,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A small label for a count or a status.

        Badge("3", tone="danger", label="3 unread messages")
    """
    badge = h.span(children, class_=f"pl-badge pl-tone-{tone}", aria_label=label, role="img" if label else None)
    return with_attributes(badge, class_, id, style, attrs)


@stock_component
def Progress(
    value: float | None = None,
    *,
    max: float = 100,
    label: str = "Progress",
    show_value: bool = True,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A progress bar; `value=None` is indeterminate (still working, amount unknown).

        Progress(uploaded, max=total, label="Uploading")
    """
    if value is None:
        fraction = None
        text = "Working…"
    else:
        fraction = 0.0 if max <= 0 else min(1.0, (value / max))
        text = f"{fraction * 100:.0f}%"
    progress = h.div(
        h.div(
            h.div(
                class_="pl-progress-bar",
                style={"width": f"{fraction * 100:.2f}%"} if fraction is not None else None,
            ),
            role="progressbar",
            aria_label=label,
            aria_valuemin="0" if value is not None else None,
            aria_valuemax=str(max) if value is not None else None,
            aria_valuenow=str(value) if value is not None else None,
            aria_valuetext=text,
            class_=["pl-progress-track", value is None and "pl-progress--indeterminate"],
        ),
        h.span(text, class_="pl-progress-value", aria_hidden="true") if show_value else None,
        class_="pl-progress",
    )
    return with_attributes(progress, class_, id, style, attrs)


@stock_component
def Spinner(
    label: str = "Loading…",
    *,
    size: Literal["sm", "md", "lg"] = "md",
    show_label: bool = False,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A spinning indicator with a text for screen readers (`role="status"`), shown beside it too
    with `show_label=True`.

        Spinner("Fetching readings…", show_label=True)
    """
    spinner = h.span(
        h.span(class_=f"pl-spinner pl-spinner--{size}", aria_hidden="true"),
        h.span(label, class_="pl-spinner-label" if show_label else "pl-visually-hidden"),
        role="status",
        class_="pl-spinner-wrap",
    )
    return with_attributes(spinner, class_, id, style, attrs)


_FLASH_TONES = {"error": "danger"}


@stock_component
def Flash(
    *,
    dismissible: bool = True,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """The page's flash messages (`pl.flash(...)`), each as an `Alert`, in a live region.

        @pl.component
        def Shell(*children):
            return h.div(Flash(), h.main(*children))

    A message shows from the handler (or route) that flashed it through the next navigation or
    redirect; `dismissible` gives each a button that clears them. The region is there (empty) when
    there are none, so that screen readers announce a message when it comes.
    """
    messages = pl.use_flash()
    stack = h.div(
        [
            Alert(
                m.message,
                tone=_FLASH_TONES.get(m.kind, m.kind if m.kind in ("info", "success", "warning", "danger") else "info"),
                on_dismiss=pl.clear_flash if dismissible else None,
                key=f"{i}:{m.kind}:{m.message}",
            )
            for i, m in enumerate(messages)
        ],
        class_="pl-flash",
        aria_live="polite",
    )
    return with_attributes(stack, class_, id, style, attrs)
