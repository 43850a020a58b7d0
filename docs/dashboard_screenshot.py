"""Take `docs/images/dashboard.png`: the live dashboard of `benchmarks/load.py`'s server under its traffic.

    .venv/bin/python docs/dashboard_screenshot.py [--sessions 1000] [--active 300]

Starts the load benchmark's counter server with `dashboard=True` (in a process of its own), opens
`--sessions` live sessions on it and has `--active` of them click once a second, as the benchmark does,
then opens the dashboard in headless Chromium, inspects the first session, and takes the picture.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pylive.testing import ChromiumNotFound, launch_chromium

spec = importlib.util.spec_from_file_location("load", ROOT / "benchmarks" / "load.py")
load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(load)  # type: ignore[union-attr]


async def main(sessions: int, active: int) -> None:
    load.raise_open_files()
    server = await load.ServerProcess("pylive-dashboard").started()
    try:
        html = await load.HttpClient(server.port).get("/")
        inc, _ = load.node_ids(html)
        held = await load.connect_pylive(server, sessions)
        traffic = asyncio.ensure_future(
            load.click_load(held[:active], 40, lambda seq: f'[{seq},{inc},"click",{{}}]')
        )
        async with async_playwright() as pw:
            try:
                browser = await launch_chromium(pw)
            except ChromiumNotFound as exc:
                sys.exit(str(exc))
            context = await browser.new_context(viewport={"width": 1360, "height": 1500})
            page = await context.new_page()
            await page.goto(f"http://127.0.0.1:{server.port}/_pylive/dashboard?token={load.DASHBOARD_TOKEN}")
            await page.wait_for_selector("html.pl-connected", state="attached")
            await page.wait_for_timeout(12_000)  # a dozen seconds of history in the charts
            await page.click("#pl-dash-session-list button:has-text('Inspect')")
            await page.wait_for_selector("#pl-dash-tree")
            await page.wait_for_timeout(1_500)
            await page.screenshot(path=str(ROOT / "docs" / "images" / "dashboard.png"), full_page=True)
            print("wrote docs/images/dashboard.png")
            await browser.close()
        traffic.cancel()
        await load.close_all(held)
    finally:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--active", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.sessions, args.active))
