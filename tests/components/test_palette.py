"""The colours of assets/components.css, light and dark, against WCAG 2.1 AA: text 4.5:1, the
focus ring and the edges that show a control's shape 3:1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).parent.parent.parent / "assets" / "components.css").read_text()


def palette(selector_start: str) -> dict[str, str]:
    """The custom properties of the first rule whose selector starts with `selector_start`."""
    at = CSS.index(selector_start)
    body = CSS[CSS.index("{", at) + 1 : CSS.index("}", at)]
    return dict(re.findall(r"--pl-([\w-]+):\s*([^;]+);", body))


THEMES = {
    "light": palette(':where(:root, .pl-theme[data-theme="light"])'),
    "dark": palette(':where(:root[data-theme="dark"]'),
    "dark (system)": palette(":where(:root:has(.pl-theme:not([data-theme]))"),
}


def rgb(colour: str, theme: dict[str, str]) -> tuple[float, float, float]:
    """A `#rrggbb`, a `var(--pl-x)` of the theme, or a `color-mix(in srgb, A N%, B)` of them
    (`transparent` is taken as the page background, where a ring is drawn)."""
    colour = colour.strip()
    if colour == "transparent":
        return rgb(theme["bg"], theme)
    if m := re.fullmatch(r"var\(--pl-([\w-]+)\)", colour):
        return rgb(theme[m[1]], theme)
    if m := re.fullmatch(r"color-mix\(in srgb,\s*(.+?)\s+(\d+)%,\s*(.+)\)", colour):
        a, b, t = rgb(m[1], theme), rgb(m[3], theme), int(m[2]) / 100
        return tuple(x * t + y * (1 - t) for x, y in zip(a, b))  # type: ignore[return-value]
    if re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    raise ValueError(colour)


def ratio(fg: str, bg: str, theme: dict[str, str]) -> float:
    def luminance(c: tuple[float, float, float]) -> float:
        lin = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(rgb(fg, theme)), luminance(rgb(bg, theme))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def button_text(variant: str) -> str:
    rule = re.search(rf"\.pl-button--{variant} \{{[^}}]*?[^-]color:\s*([^;]+);", CSS)
    assert rule, variant
    return rule[1]


@pytest.mark.parametrize("name", THEMES)
def test_text_reads_at_4_5_to_1_on_every_background(name: str) -> None:
    theme = THEMES[name]
    for bg in ("var(--pl-bg)", "var(--pl-surface)", "var(--pl-surface-2)"):
        for fg in ("fg", "muted", "accent", "danger", "success", "info", "warning"):
            assert ratio(f"var(--pl-{fg})", bg, theme) >= 4.5, f"{name}: --pl-{fg} on {bg}"
    assert ratio(button_text("primary"), "var(--pl-accent)", theme) >= 4.5, f"{name}: primary button"
    assert ratio(button_text("danger"), "var(--pl-danger)", theme) >= 4.5, f"{name}: danger button"


@pytest.mark.parametrize("name", THEMES)
def test_the_focus_ring_and_control_edges_stand_out_at_3_to_1(name: str) -> None:
    theme = THEMES[name]
    for bg in ("var(--pl-bg)", "var(--pl-surface)", "var(--pl-surface-2)"):
        assert ratio(theme["focus"], bg, theme) >= 3, f"{name}: focus ring on {bg}"
        # Inputs' borders and the off switch's track: the only sign of where the control is.
        assert ratio("var(--pl-border-strong)", bg, theme) >= 3, f"{name}: --pl-border-strong on {bg}"
