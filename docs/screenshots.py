"""Take the README's screenshots and the gallery's thumbnails from real Chromium.

    .venv/bin/python docs/screenshots.py                   # everything
    .venv/bin/python docs/screenshots.py digits explorer   # only these demos' thumbnails

Serves the demo gallery on a free port, opens it in headless Chromium, and writes:

- `demos/thumbnails/<name>.png`: each demo's card picture in the gallery (320x200);
- `docs/images/gallery.png`: the gallery page;
- `docs/images/todo.png` and `docs/images/bigtable.png`: two demos after a few interactions.

Nothing is drawn by hand: every picture is what the browser shows.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pylive.dev.gallery import build_gallery
from pylive.testing import ChromiumNotFound, LiveServer, launch_chromium  # noqa: E402

IMAGES = ROOT / "docs" / "images"


async def live(page: Page, url: str) -> None:
    await page.goto(url)
    await page.wait_for_selector("html.pl-connected", state="attached")


async def todo_scene(page: Page) -> None:
    for title in ("Water the plants", "Write the release notes"):
        await page.fill("#new-title", title)
        await page.press("#new-title", "Enter")
    await page.wait_for_function("document.querySelectorAll('#items li').length === 4")
    await page.check("#items li:nth-child(1) .toggle")
    await page.wait_for_function("document.querySelector('#count').textContent === '3 items left'")


async def bigtable_scene(page: Page) -> None:
    await page.click("#sort-score")
    await page.click("#sort-score")
    await page.fill("#filter", "kyoto")
    await page.wait_for_function(
        "[...document.querySelectorAll('#rows td:nth-child(3)')].every(td => td.textContent === 'Kyoto')"
        " && document.querySelector('#rows td:nth-child(3)')"
    )


SCENES = {"todo": todo_scene, "bigtable": bigtable_scene}


async def digits_scene(page: Page) -> None:
    box = await page.locator("#pad").bounding_box()
    points = [(0.28, 0.18), (0.72, 0.18), (0.45, 0.88)]  # a 7
    await page.mouse.move(box["x"] + box["width"] * points[0][0], box["y"] + box["height"] * points[0][1])
    await page.mouse.down()
    for x, y in points[1:]:
        await page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y, steps=12)
    await page.mouse.up()
    await page.wait_for_selector("#guess:text('7')")


async def explorer_scene(page: Page) -> None:
    await page.focus("#epochs-control")
    for _ in range(4):
        await page.keyboard.press("ArrowLeft")  # 40 epochs
    await page.click("#train")
    await page.wait_for_selector("#status:text('Last run')", timeout=120_000)


#: What a demo's thumbnail shows it doing (the others are pictured as they open).
THUMBNAIL_SCENES = {"digits": digits_scene, "explorer": explorer_scene}


async def main() -> None:
    only = set(sys.argv[1:])
    gallery = build_gallery(say=print)
    thumbnails = gallery.folder / "thumbnails"
    thumbnails.mkdir(exist_ok=True)
    IMAGES.mkdir(parents=True, exist_ok=True)
    with LiveServer(gallery.app) as server:
        url = server.url
        async with async_playwright() as pw:
            try:
                browser = await launch_chromium(pw)
            except ChromiumNotFound as exc:
                sys.exit(str(exc))
            # Playwright's wait_for_function evaluates with `eval`, which the pages' Content-Security-Policy
            # refuses: these contexts bypass the policy, which is not what the pictures are about.
            # Thumbnails: each demo as a 960x600 window, shrunk to 320x200.
            small = await browser.new_context(
                viewport={"width": 960, "height": 600}, device_scale_factor=1 / 3, bypass_csp=True
            )
            page = await small.new_page()
            for demo in gallery.demos:
                if only and demo.name not in only:
                    continue
                await live(page, f"{url}/{demo.name}")
                if demo.name in THUMBNAIL_SCENES:
                    await THUMBNAIL_SCENES[demo.name](page)
                await page.wait_for_timeout(1500)  # let fonts settle and live demos fill their charts
                await page.screenshot(path=str(thumbnails / f"{demo.name}.png"))
                print(f"wrote {thumbnails.relative_to(ROOT) / (demo.name + '.png')}")
            await small.close()
            if only:
                await browser.close()
                return

            big = await browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True)
            page = await big.new_page()
            await live(page, url)
            await page.wait_for_function("[...document.images].every(img => img.complete)")
            await page.screenshot(path=str(IMAGES / "gallery.png"), full_page=True)
            print("wrote docs/images/gallery.png")
            for name, scene in SCENES.items():
                await live(page, f"{url}/{name}")
                await scene(page)
                await page.screenshot(path=str(IMAGES / f"{name}.png"))
                print(f"wrote docs/images/{name}.png")
            await browser.close()


if __name__ == "__main__":
    asyncio.run(main())
