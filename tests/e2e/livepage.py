"""Small steps the end-to-end tests share: open a live page, and tell whether a page load happened."""

from __future__ import annotations

from playwright.async_api import Page


async def goto_live(page: Page, url: str) -> None:
    """Open `url` and wait until the live session's first message is applied."""
    await page.goto(url)
    await page.wait_for_selector("html.pl-connected", state="attached")


async def mark_page(page: Page) -> None:
    """Set a marker on `window` that a page load would lose."""
    await page.evaluate("window.__noReload = true")


async def still_same_page(page: Page) -> bool:
    """Whether the marker set by `mark_page` survived (no page load happened)."""
    return await page.evaluate("window.__noReload === true")
