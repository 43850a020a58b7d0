"""The demo gallery that `pylive demos` serves: one App with a page at `/` linking every demo.

Each `*.py` file of the demos folder whose name does not start with `_` is a demo: its module
docstring's first line is its description, its `app`'s title its title, and its pages are served
under `/<name>` (its `/` at `/<name>`, its `/x` at `/<name>/x`), each with a link back to the
gallery. A demo's thumbnail is `thumbnails/<name>.png` next to it (taken from real Chromium by
`docs/screenshots.py`); without one, the card shows a drawn placeholder.

The demos folder is the `demos/` folder of the source tree that pylive is imported from, or the
`pylive_demos` package when pylive is installed from a wheel.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import attrs
from quart import Response

from pylive import html as h
from pylive.core.component import component
from pylive.core.context import use_context
from pylive.core.element import fragment
from pylive.core.hooks import use_memo
from pylive.core.navigation import NAVIGATION, Link, Location, Navigation
from pylive.dev.target import describe
from pylive.server.app import App

#: The demos that show the basics come first; the rest follow by name.
ORDER = ("counter", "todo", "form", "bigtable", "showcase", "chat", "iot", "logs", "dashboard", "digits", "explorer")
THUMBNAIL_ROUTE = "/_gallery/thumbnails"


class GalleryError(Exception):
    """The gallery cannot be built (no demos folder, or no demo in it); the message says why."""


@attrs.frozen(slots=True)
class Demo:
    """One demo: its file's name, the title and description the gallery shows, and its app."""

    name: str
    title: str
    description: str
    app: App
    path: Path

    @property
    def thumbnail(self) -> Path | None:
        """Its screenshot, if one was taken."""
        png = self.path.parent / "thumbnails" / f"{self.name}.png"
        return png if png.is_file() else None


@attrs.frozen(slots=True)
class Gallery:
    """The gallery's App, the demos it serves and the folder they came from."""

    app: App
    demos: tuple[Demo, ...]
    folder: Path


def demos_folder() -> Path:
    """Where the demos are: `demos/` beside this pylive in its source tree, else the installed `pylive_demos`.

    The source tree comes first: an editable install's `pylive_demos` names the tree that was
    installed, which is not this one when another checkout (a git worktree) runs with the same venv.
    """
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "demos").is_dir():
        return root / "demos"
    spec = importlib.util.find_spec("pylive_demos")
    if spec is not None:
        for location in spec.submodule_search_locations or ():
            if Path(location).is_dir() and any(Path(location).glob("*.py")):
                return Path(location)
    raise GalleryError(
        "the demos are not installed: reinstall pylive from its source tree (pip install -e .) or from a wheel"
    )


def load_demo(path: Path) -> Demo:
    """Import one demo file (under a private module name) and describe it; raises `GalleryError`."""
    name = path.stem
    module_name = f"pylive_demo_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise GalleryError(f"{path.name} cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(module_name, None)
        raise GalleryError(describe(exc, path.parent)) from None
    app = getattr(module, "app", None)
    if not isinstance(app, App):
        raise GalleryError(f"{path.name} has no `app = pl.App(...)`")
    doc = (module.__doc__ or "").strip()
    description = doc.splitlines()[0].strip() if doc else ""
    return Demo(name, app.title, description, app, path)


def _sort_key(path: Path) -> tuple[int, str]:
    name = path.stem
    return (ORDER.index(name) if name in ORDER else len(ORDER), name)


def load_demos(folder: Path, say: Callable[[str], None] = lambda _: None) -> list[Demo]:
    """Every demo of `folder`; a demo that fails to load is reported through `say` and left out."""
    demos = []
    for path in sorted(folder.glob("*.py"), key=_sort_key):
        if path.stem.startswith("_"):
            continue
        try:
            demos.append(load_demo(path))
        except GalleryError as exc:
            say(f"left out {path.name}: {exc}")
    return demos


#: The gallery's own stylesheet, in the head of every page it serves.
GALLERY_STYLE = h.style(
    ""
    ".pl-gallery{max-width:64rem;margin:0 auto;padding:1.5rem 1rem}"
    ".pl-gallery h1{font-weight:300;font-size:2.2rem;margin:.25rem 0}"
    ".pl-gallery .intro{color:var(--pl-muted);margin:0 0 1.5rem}"
    ".pl-gallery ul{list-style:none;padding:0;display:grid;gap:1.25rem;"
    "grid-template-columns:repeat(auto-fill,minmax(min(17rem,100%),1fr))}"
    ".pl-gallery a.card{display:block;color:inherit;text-decoration:none;border:1px solid var(--pl-border);"
    "border-radius:var(--pl-radius);overflow:hidden;background:var(--pl-surface);transition:box-shadow .15s}"
    ".pl-gallery a.card:hover,.pl-gallery a.card:focus{box-shadow:var(--pl-shadow-lg)}"
    ".pl-gallery .thumb{display:block;width:100%;height:auto;aspect-ratio:8/5;object-fit:cover;object-position:top;"
    "background:var(--pl-surface-2);border-bottom:1px solid var(--pl-border)}"
    ".pl-gallery h2{font-size:1.1rem;margin:.75rem 1rem .25rem}"
    ".pl-gallery .card p{margin:0 1rem 1rem;color:var(--pl-muted);font-size:.9rem}"
    ".pl-demo-bar{font-size:.875rem;padding:.5rem 1rem;border-bottom:1px solid var(--pl-border);"
    "margin:calc(-1 * var(--pl-page-pad-y,0px)) calc(-1 * var(--pl-page-pad-x,0px)) var(--pl-page-pad-y,0px);"
    "display:flex;gap:1rem;align-items:center;background:var(--pl-surface);color:var(--pl-fg)}"
    ".pl-demo-bar a:not(.pl-skip-link){color:var(--pl-accent);text-decoration:none}"
    "#pl-demo{outline:none}"
)

_COLORS = ("#2e5bff", "#00897b", "#8e24aa", "#ef6c00", "#3949ab", "#c62828", "#558b2f", "#6d4c41")


def placeholder(demo: Demo, index: int) -> str:
    """A drawn thumbnail (an SVG data URL) for a demo without a screenshot."""
    from urllib.parse import quote

    color = _COLORS[index % len(_COLORS)]
    letter = (demo.title or demo.name)[:1].upper()
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 320 200'>"
        f"<rect width='320' height='200' fill='{color}'/>"
        "<text x='160' y='128' font-family='system-ui,sans-serif' font-size='96' fill='white' "
        f"text-anchor='middle' opacity='.85'>{letter}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg)


def thumbnail_url(demo: Demo, index: int) -> str:
    """What a card's `<img>` shows: the screenshot's URL, or a placeholder."""
    png = demo.thumbnail
    if png is None:
        return placeholder(demo, index)
    return f"{THUMBNAIL_ROUTE}/{demo.name}.png?v={int(png.stat().st_mtime)}"


def gallery_page(demos: Iterable[Demo]) -> Any:
    """The gallery's page component: a card per demo."""
    demos = tuple(demos)

    @component
    def DemoGallery() -> Any:
        """Every demo, with its thumbnail, title and description, linking to it."""
        # Looked up at each render, so a screenshot taken while serving shows on the next visit.
        cards = [(demo, thumbnail_url(demo, i)) for i, demo in enumerate(demos)]
        return h.main(
            h.h1("pylive demos"),
            h.p(
                "Each demo is one Python file under demos/; run any of them alone with ",
                h.code("pylive run demos/<name>.py"),
                ".",
                class_="intro",
            ),
            h.ul(
                [
                    h.li(
                        Link(
                            h.img(src=url, alt=f"{demo.title} screenshot", class_="thumb", width=320, height=200),
                            h.h2(demo.title),
                            h.p(demo.description),
                            to=f"/{demo.name}",
                            class_="card",
                            id=f"demo-{demo.name}",
                        ),
                        key=demo.name,
                    )
                    for demo, url in cards
                ],
                id="demos",
            ),
            class_="pl-gallery",
        )

    return DemoGallery


def framed(demo: Demo, page: Any) -> Any:
    """A demo's page under the gallery (its frame, the bar with a link back, is its layout: `demo_frame`)."""

    @component
    def DemoPage(**params: Any) -> Any:
        """One demo's page."""
        return page.node(params)

    return DemoPage


def demo_frame(demo: Demo, layout: Any) -> Any:
    """A demo's layout under the gallery: a bar with a link back, then the demo's own layout and page.

    Below the bar, the demo sees itself at its own root: its location, `Link(to=...)` and
    `navigate(...)` are relative to `/<name>`, as they are when the demo is served alone.
    """
    prefix = f"/{demo.name}"

    def inside(nav: Navigation) -> Navigation:
        path = nav.location.path
        path = path[len(prefix) :] or "/" if path == prefix or path.startswith(prefix + "/") else path
        location = Location(path, nav.location.query, nav.location.search)
        navigate = lambda to, replace=False: nav.navigate(prefixed(prefix, to), replace)  # noqa: E731
        return attrs.evolve(nav, location=location, navigate=navigate, base=nav.base + prefix)

    @component
    def DemoFrame(*children: Any) -> Any:
        """The bar, then the demo's page in its own layout."""
        nav = use_context(NAVIGATION)
        demo_nav = use_memo(lambda: inside(nav) if nav is not None else None, [nav])
        page = layout(*children) if layout else fragment(*children)
        return fragment(
            # The first Tab meets a skip link, as on a page of its own: past the bar to the demo (whose
            # AppShell, if it has one, comes with its own skip past its header).
            h.nav(
                h.a("Skip to the demo", href="#pl-demo", class_="pl-skip-link"),
                Link("← All demos", to="/", id="gallery-home"),
                h.span(demo.title),
                aria_label="Demos",
                class_="pl-demo-bar",
            ),
            h.span(id="pl-demo", tabindex="-1"),  # where the skip lands: the next Tab is the demo's first
            NAVIGATION.provide(demo_nav, page) if demo_nav is not None else page,
        )

    return DemoFrame


def prefixed(prefix: str, path: Any) -> Any:
    """An app-relative path of a demo as the gallery's (`/login` of the demo `auth`: `/auth/login`)."""
    if isinstance(path, str) and path.startswith("/") and not path.startswith("//"):
        return prefix + (path if path != "/" else "")
    return path


def _prefixed_guard(prefix: str, guard: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda session: prefixed(prefix, guard(session))


def _unique_head(demos: Iterable[Demo]) -> list[Any]:
    """Every demo's extra `<head>` content, each item once (a shared stylesheet is linked once)."""
    from pylive.server.document import head_html

    seen: set[str] = set()
    items = []
    for demo in demos:
        for item in demo.app.head:
            html = head_html([item])
            if html not in seen:
                seen.add(html)
                items.append(item)
    return items


def build_gallery(folder: Path | None = None, *, say: Callable[[str], None] = lambda _: None) -> Gallery:
    """The gallery App over the demos of `folder` (by default, the installed demos)."""
    folder = folder or demos_folder()
    demos = load_demos(folder, say)
    if not demos:
        raise GalleryError(f"there is no demo in {folder}")
    app = App(gallery_page(demos), title="pylive demos", head=[GALLERY_STYLE, *_unique_head(demos)])
    for demo in demos:
        frames: dict[int, Any] = {}  # one frame per layout: the demo's pages that share a layout share its state
        for page in demo.app.pages:
            path = f"/{demo.name}" + ("" if page.path == "/" else page.path)
            layout = demo.app.pages.layout if page.layout is None else page.layout
            frame = frames.setdefault(id(layout), demo_frame(demo, layout))
            guard = _prefixed_guard(f"/{demo.name}", page.guard) if page.guard is not None else None
            app.page(path, framed(demo, page), title=page.title or demo.title, guard=guard, layout=frame)
    by_name = {demo.name: demo for demo in demos}

    async def thumbnail(name: str) -> Response:
        demo = by_name.get(name.removesuffix(".png"))
        png = demo.thumbnail if demo is not None and name.endswith(".png") else None
        if png is None:
            return Response("not found", status=404, content_type="text/plain")
        return Response(png.read_bytes(), content_type="image/png", headers={"Cache-Control": "public, max-age=3600"})

    app.quart.add_url_rule(f"{THUMBNAIL_ROUTE}/<name>", "pylive.gallery.thumbnail", thumbnail, methods=["GET"])
    return Gallery(app, tuple(demos), folder)
