"""Pagination: the range shown, a page-size choice, and first/previous/next/last buttons."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from pylive import html as h

from .attributes import stock_component, with_attributes


def _page_button(text: str, label: str, name: str, disabled: bool, on_click: Callable[[], Any]) -> Any:
    return h.button(
        text,
        type="button",
        class_=f"pl-button pl-button--ghost pl-button--sm pl-page-{name}",
        aria_label=label,
        disabled=disabled,
        on_click=on_click,
    )


@stock_component
def Pagination(
    *,
    page: int,
    total: int,
    page_size: int,
    on_page: Callable[[int], Any],
    on_page_size: Callable[[int], Any] | None = None,
    page_sizes: Sequence[int] = (10, 25, 50, 100),
    label: str = "Pagination",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Where a paged list is (`page` counts from 0), and the controls to move through it.

        Pagination(page=page, total=1_000, page_size=25, on_page=set_page, on_page_size=set_size)

    A `<nav>` named by `label`; the range ("26–50 of 1,000") is polite-live, so a screen reader
    hears where a page change went. Without `on_page_size` there is no page-size choice.
    """
    pages = max(1, -(-total // page_size))
    current = min(page, pages - 1)
    first = current * page_size + 1 if total else 0
    last = min(total, (current + 1) * page_size)
    size_choice = None
    if on_page_size is not None:
        size_choice = h.label(
            "Rows per page ",
            h.select(
                [h.option(str(n), value=str(n), key=n) for n in sorted({*page_sizes, page_size})],
                value=str(page_size),
                class_="pl-input pl-select pl-select--sm",
                on_change=lambda e: on_page_size(int(e.value or page_size)),
            ),
            class_="pl-table-size",
        )
    nav = h.nav(
        h.span(f"{first:,}–{last:,} of {total:,}", class_="pl-table-range", aria_live="polite"),
        size_choice,
        h.div(
            _page_button("«", "First page", "first", current == 0, lambda: on_page(0)),
            _page_button("‹", "Previous page", "prev", current == 0, lambda: on_page(max(0, current - 1))),
            h.span(f"Page {current + 1:,} of {pages:,}", class_="pl-table-page"),
            _page_button("›", "Next page", "next", current >= pages - 1, lambda: on_page(min(pages - 1, current + 1))),
            _page_button("»", "Last page", "last", current >= pages - 1, lambda: on_page(pages - 1)),
            class_="pl-table-pages",
        ),
        aria_label=label,
        class_="pl-table-pager",
    )
    return with_attributes(nav, class_, id, style, attrs)
