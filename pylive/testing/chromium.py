"""Chromium for browser tests: where it is, and the flags that make it quiet and headless.

    from playwright.async_api import async_playwright
    from pylive.testing import launch_chromium

    async with async_playwright() as pw:
        browser = await launch_chromium(pw)

Playwright drives the system's Chromium (Debian's `chromium` package) rather than a browser it
downloads, so tests need no network beyond the package manager. Playwright is not a dependency of
pylive: install it with the `test` extra, or on its own.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

__all__ = ["CHROMIUM_ARGS", "ChromiumNotFound", "find_chromium", "launch_chromium"]

#: Headless, no sandbox (containers, root in CI), and none of the background traffic a desktop
#: browser makes, which would only add noise to tests and timings.
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: Executable names tried on the PATH, in order.
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

INSTALL_HINT = "install it (Debian: sudo apt-get install -y chromium) or set PYLIVE_CHROMIUM to its path"


class ChromiumNotFound(FileNotFoundError):
    """No Chromium executable was found."""


def find_chromium() -> str:
    """The Chromium executable: `$PYLIVE_CHROMIUM` if set, else the first of `NAMES` on the PATH."""
    named = os.environ.get("PYLIVE_CHROMIUM")
    if named:
        if os.path.isfile(named) and os.access(named, os.X_OK):
            return named
        raise ChromiumNotFound(f"PYLIVE_CHROMIUM={named} is not an executable file: {INSTALL_HINT}")
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumNotFound(f"Chromium was not found: {INSTALL_HINT}")


async def launch_chromium(playwright: Any, *, args: tuple[str, ...] = (), **options: Any) -> Any:
    """Launch the system's Chromium through an async Playwright; extra `args` follow `CHROMIUM_ARGS`."""
    return await playwright.chromium.launch(
        executable_path=find_chromium(), args=[*CHROMIUM_ARGS, *args], **options
    )
