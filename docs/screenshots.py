"""Take the README's and the documentation's screenshots, and the gallery's thumbnails, from real Chromium.

    .venv/bin/python docs/screenshots.py               # everything
    .venv/bin/python docs/screenshots.py --components  # only the component pictures (or --gallery, --demos)

Serves the demo gallery (and a page per component example) on a free port, opens it in headless
Chromium, and writes:

- `demos/thumbnails/<name>.png`: each demo's card picture in the gallery (320x200);
- `docs/images/gallery.png`: the gallery page;
- `docs/images/todo.png` and `docs/images/bigtable.png`: two demos after a few interactions;
- `docs/images/components/<Name>.png`: each stock component's example (`docs/examples.py`);
- `docs/images/demos/<name>-<width>-<scheme>.png`: every demo at 1280 px light and 390 px dark.

Nothing is drawn by hand: every picture is what the browser shows.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pylive as pl  # noqa: E402
from pylive import html as h  # noqa: E402
from pylive.dev.gallery import build_gallery  # noqa: E402
from pylive.testing import ChromiumNotFound, LiveServer, launch_chromium  # noqa: E402

sys.path.insert(0, str(ROOT / "docs"))
from examples import EXAMPLES, build  # noqa: E402

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


def sample_images() -> list[dict]:
    """A few pictures to upload, drawn with Pillow: sunsets in different colours."""
    import io

    from PIL import Image, ImageDraw

    files = []
    for i, (sky, sun) in enumerate([("#1e3a8a", "#fbbf24"), ("#7c2d12", "#fde68a"), ("#064e3b", "#a7f3d0"),
                                     ("#581c87", "#f9a8d4"), ("#0c4a6e", "#fef3c7")]):
        image = Image.new("RGB", (1600, 1200), sky)
        draw = ImageDraw.Draw(image)
        for band in range(12):
            draw.rectangle((0, 700 + band * 45, 1600, 745 + band * 45), fill=sun if band % 3 == 0 else sky)
        draw.ellipse((500 + i * 90, 300, 1000 + i * 90, 800), fill=sun)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        files.append({"name": f"sunset-{i + 1}.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()})
    return files


async def uploads_scene(page: Page) -> None:
    files = sample_images() + [{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a photo"}]
    await page.set_input_files("#drop input[type=file]", files)
    await page.wait_for_function("document.querySelectorAll('#photos img').length === 5")


async def digits_scene(page: Page) -> None:
    box = await page.locator("#pad").bounding_box()
    assert box is not None
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


SCENES = {"todo": todo_scene, "bigtable": bigtable_scene, "uploads": uploads_scene}
#: Demos whose thumbnail shows them in use rather than as they open.
THUMBNAIL_SCENES = {"uploads": uploads_scene, "digits": digits_scene, "explorer": explorer_scene}


#: Components drawn over the whole window (overlays, a page frame), not cut to their own box.
WHOLE_WINDOW = frozenset({"AppShell", "Modal", "Toast", "ToastStack"})


def examples_app() -> pl.App:
    """An App with a page per component example, at /<Name>."""
    app = pl.App(title="pylive components")
    for name in EXAMPLES:

        def page(name: str = name) -> pl.Element:
            return h.div(build(name), class_="pl-doc-example", id="example")

        page.__name__ = page.__qualname__ = f"{name}Example"
        app.page(f"/{name}", pl.component(page), title=name)
    return app


async def components_pictures(browser) -> None:
    folder = IMAGES / "components"
    folder.mkdir(parents=True, exist_ok=True)
    with LiveServer(examples_app()) as server:
        context = await browser.new_context(viewport={"width": 720, "height": 480}, device_scale_factor=1,
                                            color_scheme="light", bypass_csp=True)
        page = await context.new_page()
        for name in EXAMPLES:
            await live(page, f"{server.url}/{name}")
            await page.wait_for_timeout(300)  # transitions (a switch, a progress bar) come to rest
            path = folder / f"{name}.png"
            if name in WHOLE_WINDOW:
                await page.screenshot(path=str(path))
            else:
                # The example's box with a margin of page around it.
                box = await page.locator("#example").bounding_box()
                assert box is not None, name
                clip = {"x": max(0, box["x"] - 16), "y": max(0, box["y"] - 16),
                        "width": min(720, box["width"] + 32), "height": box["height"] + 32}
                await page.screenshot(path=str(path), clip=clip, full_page=True)
            print(f"wrote {path.relative_to(ROOT)}")
        await context.close()


async def demos_pictures(browser, url: str, demos) -> None:
    folder = IMAGES / "demos"
    folder.mkdir(parents=True, exist_ok=True)
    for width, scheme in ((1280, "light"), (390, "dark")):
        context = await browser.new_context(viewport={"width": width, "height": 800 if width > 500 else 760},
                                            color_scheme=scheme, bypass_csp=True)
        page = await context.new_page()
        for demo in demos:
            await live(page, f"{url}/{demo.name}")
            await page.wait_for_timeout(1500)  # live demos fill their charts
            path = folder / f"{demo.name}-{width}-{scheme}.png"
            await page.screenshot(path=str(path))
            print(f"wrote {path.relative_to(ROOT)}")
        await context.close()


async def gallery_pictures(browser, url: str, gallery) -> None:
    thumbnails = gallery.folder / "thumbnails"
    thumbnails.mkdir(exist_ok=True)
    # Playwright's wait_for_function evaluates with `eval`, which the pages' Content-Security-Policy
    # refuses: these contexts bypass the policy, which is not what the pictures are about.
    # Thumbnails: each demo as a 960x600 window, shrunk to 320x200.
    small = await browser.new_context(
        viewport={"width": 960, "height": 600}, device_scale_factor=1 / 3, bypass_csp=True, color_scheme="light"
    )
    page = await small.new_page()
    for demo in gallery.demos:
        await live(page, f"{url}/{demo.name}")
        if demo.name in THUMBNAIL_SCENES:
            await THUMBNAIL_SCENES[demo.name](page)
        await page.wait_for_timeout(1500)  # let fonts settle and live demos fill their charts
        await page.screenshot(path=str(thumbnails / f"{demo.name}.png"))
        print(f"wrote {thumbnails.relative_to(ROOT) / (demo.name + '.png')}")
    await small.close()

    big = await browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True, color_scheme="light")
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
    await big.close()


async def main(parts: set[str]) -> None:
    gallery = build_gallery(say=print)
    IMAGES.mkdir(parents=True, exist_ok=True)
    with LiveServer(gallery.app) as server:
        async with async_playwright() as pw:
            try:
                browser = await launch_chromium(pw)
            except ChromiumNotFound as exc:
                sys.exit(str(exc))
            if "gallery" in parts:
                await gallery_pictures(browser, server.url, gallery)
            if "demos" in parts:
                await demos_pictures(browser, server.url, gallery.demos)
            if "components" in parts:
                await components_pictures(browser)
            await browser.close()


if __name__ == "__main__":
    chosen = {arg.removeprefix("--") for arg in sys.argv[1:]}
    unknown = chosen - {"gallery", "demos", "components"}
    if unknown:
        sys.exit(f"screenshots.py: unknown option --{sorted(unknown)[0]}: use --gallery, --demos or --components")
    asyncio.run(main(chosen or {"gallery", "demos", "components"}))
