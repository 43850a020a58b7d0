"""Layout: Stack, Row, Grid, Card and AppShell (header, sidebar navigation, content)."""

from __future__ import annotations

from typing import Any, Literal, Sequence

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes

Gap = Literal["none", "xs", "sm", "md", "lg", "xl"]


@stock_component
def Stack(
    *children: Any,
    gap: Gap = "md",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Children stacked vertically with an even gap.

        Stack(Title(), Filters(), Results(), gap="lg")
    """
    return with_attributes(h.div(children, class_=["pl-stack", f"pl-gap-{gap}"]), class_, id, style, attrs)


@stock_component
def Row(
    *children: Any,
    gap: Gap = "md",
    align: Literal["start", "center", "end", "stretch", "baseline"] = "center",
    justify: Literal["start", "center", "end", "between"] = "start",
    wrap: bool = True,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """Children side by side, wrapping onto new lines when narrow.

        Row(Button("Save"), Button("Cancel", variant="ghost"), justify="end")
    """
    row = h.div(
        children,
        class_=["pl-row", f"pl-gap-{gap}", f"pl-align-items-{align}", f"pl-justify-{justify}", wrap and "pl-wrap"],
    )
    return with_attributes(row, class_, id, style, attrs)


@stock_component
def Grid(
    *children: Any,
    min_width: str = "16rem",
    gap: Gap = "md",
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A responsive grid: as many columns of at least `min_width` as fit.

        Grid(*[Card(Sensor(s), title=s.name) for s in sensors], min_width="12rem")
    """
    grid = h.div(children, class_=["pl-grid", f"pl-gap-{gap}"], style={"--pl-grid-min": min_width})
    return with_attributes(grid, class_, id, style, attrs)


@stock_component
def Card(
    *children: Any,
    title: Any = None,
    footer: Any = None,
    actions: Any = None,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A raised box grouping related content, with an optional title, actions and footer.

        Card(Gauge(temp, label="Temperature"), title="Boiler", actions=Badge("online", tone="success"))
    """
    header = h.div(h.h3(title, class_="pl-card-title") if title else None, actions, class_="pl-card-header") if (
        title or actions
    ) else None
    card = h.section(
        header,
        h.div(children, class_="pl-card-body"),
        h.div(footer, class_="pl-card-footer") if footer is not None else None,
        class_="pl-card",
    )
    return with_attributes(card, class_, id, style, attrs)


@stock_component
def AppShell(
    *children: Any,
    title: Any,
    nav: Sequence[tuple[str, str]] = (),
    actions: Any = None,
    nav_label: str = "Main",
    footer: Any = None,
    theme: Literal["light", "dark"] | None = None,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A page frame: a header with the title and actions, a sidebar of links, and the content.

        AppShell(Dashboard(), title="Plant 4", nav=[("Overview", "/"), ("Sensors", "/sensors")])

    Links are `pl.Link`s (no page load); the current one is marked `aria-current="page"`; a link
    to `#anchor` jumps within the page. A "Skip to content" link comes first for keyboard users.
    `title` is the page's `<h1>` (text and inline elements). The shell themes the page (background, font, colours): light or dark as the system prefers,
    or as `theme` says.
    """
    location = pl.use_location()
    links = []
    for label, path in nav:
        if path.startswith("#"):
            link = h.a(label, href=path, class_="pl-nav-link")
        else:
            current = location.path == path
            link = pl.Link(
                label,
                to=path,
                class_=["pl-nav-link", current and "pl-nav-link--current"],
                aria_current="page" if current else None,
            )
        links.append(h.li(link, key=path))
    shell = h.div(
        h.a("Skip to content", href="#pl-main", class_="pl-skip-link"),
        h.header(h.h1(title, class_="pl-shell-title"), h.div(actions, class_="pl-shell-actions"), class_="pl-shell-header"),
        h.nav(h.ul(links), aria_label=nav_label, class_="pl-shell-nav") if links else None,
        h.main(children, id="pl-main", tabindex="-1", class_="pl-shell-main"),
        h.footer(footer, class_="pl-shell-footer") if footer is not None else None,
        data_theme=theme,
        class_=["pl-shell", "pl-theme", not links and "pl-shell--no-nav"],
    )
    return with_attributes(shell, class_, id, style, attrs)
