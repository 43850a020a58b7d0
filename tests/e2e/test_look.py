"""The finished look, in Chromium: every demo and the gallery at 1280 and 390 px wide, light and
dark, with no horizontal overflow, no console error, the system font and the theme's background.

Screenshots go to the folder named by PYLIVE_SCREENSHOTS (docs/screenshots.py uses the same scenes
for the documentation), else to the test's temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from livepage import goto_live

import pylive as pl
from components import AppShell, Button, Card
from pylive import html as h
from pylive.dev.gallery import build_gallery
from pylive.testing import LiveServer

GALLERY = build_gallery()
PAGES = ["", *(demo.name for demo in GALLERY.demos)]
WIDTHS = (1280, 390)
SCHEMES = ("light", "dark")

#: What the page shows in the browser: its width against the window's, its font and background.
MEASURE = """() => {
  const body = getComputedStyle(document.body);
  const html = getComputedStyle(document.documentElement);
  const bg = body.backgroundColor !== 'rgba(0, 0, 0, 0)' ? body.backgroundColor : html.backgroundColor;
  const rgb = bg.match(/\\d+/g).map(Number);
  return {
    scroll: document.documentElement.scrollWidth, window: window.innerWidth,
    font: body.fontFamily, serif: /^\\s*(serif|"?Times)/i.test(body.fontFamily),
    luminance: (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255,
    margin: body.margin,
  };
}"""


@pytest.fixture(scope="module")
def gallery_server():
    with LiveServer(GALLERY.app) as server:
        yield server


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("PYLIVE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("look")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
async def test_every_demo_fits_and_follows_the_theme(browser, gallery_server, shots, width, scheme) -> None:
    context = await browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page = await context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        for name in PAGES:
            await goto_live(page, f"{gallery_server.url}/{name}")
            look = await page.evaluate(MEASURE)
            label = f"{name or 'gallery'} at {width} px, {scheme}"
            assert look["scroll"] <= look["window"], f"{label} scrolls sideways: {look['scroll']} px wide"
            assert not look["serif"], f"{label} is in the browser's default font: {look['font']}"
            if scheme == "dark":
                assert look["luminance"] < 0.2, f"{label} stays light in dark mode"
            else:
                assert look["luminance"] > 0.8, f"{label} is dark in light mode"
            await page.screenshot(path=str(shots / f"{name or 'gallery'}-{width}-{scheme}.png"))
        assert errors == []
    finally:
        await context.close()


async def test_a_plain_page_gets_the_base_look_and_an_app_can_opt_out(browser, serve_app) -> None:
    @pl.component
    def Plain():
        return h.main(h.h1("Hello"), h.p("A page of plain elements."), h.button("Save", type="submit"))

    themed = serve_app(pl.App(Plain))
    bare = serve_app(pl.App(Plain, base_style=False))
    context = await browser.new_context(color_scheme="dark")
    try:
        page = await context.new_page()
        await goto_live(page, themed.url)
        look = await page.evaluate(MEASURE)
        assert not look["serif"] and look["margin"] == "0px" and look["luminance"] < 0.2
        accent = await page.evaluate("getComputedStyle(document.querySelector('button')).backgroundColor")
        assert accent != "rgba(0, 0, 0, 0)"
        await goto_live(page, bare.url)
        look = await page.evaluate(MEASURE)
        assert look["serif"] or look["margin"] == "8px"  # the browser's own defaults, untouched
    finally:
        await context.close()


async def test_one_accent_recolours_light_and_dark_pages_and_shells(browser, serve_app) -> None:
    recolour = h.style(":root, .pl-theme { --pl-accent: #0f766e; }")

    @pl.component
    def Plain():
        return h.main(Button("Save"))

    @pl.component
    def Shell():
        return AppShell(Button("Save"), title="Shell", theme="dark")

    servers = [serve_app(pl.App(Plain, head=[recolour])), serve_app(pl.App(Shell, head=[recolour]))]
    for scheme in SCHEMES:
        context = await browser.new_context(color_scheme=scheme)
        try:
            page = await context.new_page()
            for server in servers:
                await goto_live(page, server.url)
                colour = await page.evaluate("getComputedStyle(document.querySelector('.pl-button')).backgroundColor")
                assert colour == "rgb(15, 118, 110)", f"{server.url} in {scheme}: {colour}"
        finally:
            await context.close()


async def test_an_app_shell_without_nav_puts_the_content_under_the_header(browser, serve_app) -> None:
    @pl.component
    def Page():
        return AppShell(Card("Content", title="Card", id="card"), title="No nav")

    server = serve_app(pl.App(Page))
    context = await browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = await context.new_page()
        await goto_live(page, server.url)
        header = await page.evaluate("document.querySelector('.pl-shell-header').getBoundingClientRect().bottom")
        main = await page.evaluate("document.querySelector('.pl-shell-main').getBoundingClientRect().top")
        assert main - header < 1, f"a {main - header:.0f} px gap between the header and the content"
    finally:
        await context.close()
