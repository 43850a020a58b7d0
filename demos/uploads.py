"""Photo drop: drag images in, see thumbnails made on the server, download the originals as a zip."""

from __future__ import annotations

import asyncio
import base64
import io
import mimetypes
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import cast

import attrs

import pylive as pl
from components import Button, Card, FileDrop
from pylive import html as h

try:
    from PIL import Image
except ImportError:  # the demos extra brings Pillow; without it the images show as they are
    Image = None  # type: ignore[assignment]

#: The stylesheet, in every page's <head> through `pl.App(head=[STYLE])` below: a string there is trusted markup.
STYLE = (
    "<style>"
    ".photos{max-width:56rem;margin:0 auto;padding:1.5rem 1rem}"
    ".photos h1{margin:0 0 .25rem;font-size:1.6rem}"
    ".photos .lead{margin:0 0 1.25rem;color:var(--pl-muted)}"
    ".photo-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr));gap:.75rem;"
    "margin:0;padding:0;list-style:none}"
    ".photo{position:relative;margin:0;border:1px solid var(--pl-border);border-radius:var(--pl-radius);"
    "overflow:hidden;background:var(--pl-surface)}"
    ".photo img{display:block;width:100%;aspect-ratio:4/3;object-fit:cover;background:var(--pl-surface-2)}"
    ".photo figcaption{display:grid;padding:.4rem .55rem;font-size:.8rem}"
    ".photo figcaption b{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:500}"
    ".photo figcaption span{color:var(--pl-muted)}"
    ".photo .pl-button{position:absolute;top:.35rem;right:.35rem}"
    ".photos .empty{margin:1rem 0;color:var(--pl-muted);text-align:center}"
    ".photos .toolbar{display:flex;gap:.5rem;align-items:center;justify-content:space-between;margin:1.25rem 0 .75rem}"
    "</style>"
)

#: Photos one page keeps at most (their originals wait in a temporary folder of the page's own).
MAX_PHOTOS = 24
THUMBNAIL_PX = 360


@attrs.frozen(slots=True)
class Photo:
    """An uploaded image: its original on disk, and a thumbnail to show."""

    name: str
    size: int
    original: Path
    thumbnail: str  # a data: URL
    width: int
    height: int


def make_thumbnail(path: Path) -> tuple[str, int, int]:
    """A small JPEG of the image at `path` as a data URL, and the image's size (Pillow, in a worker thread)."""
    if Image is None:
        kind = mimetypes.guess_type(path.name)[0]
        data = path.read_bytes()
        return (f"data:{kind};base64," + base64.b64encode(data).decode() if len(data) < 1_000_000 else ""), 0, 0
    with Image.open(path) as image:
        width, height = image.size
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode(), width, height


def zip_originals(photos: tuple[Photo, ...], folder: Path) -> Path:
    """A zip of every original (stored as they are: photos do not compress)."""
    target = folder / "photos.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for photo in photos:
            archive.write(photo.original, photo.name)
    return target


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, n // 1000)} KB"


NO_PHOTOS: tuple[Photo, ...] = ()


@pl.component
def Photos() -> pl.Element:
    """The drop zone, the thumbnails, and a button to download every original as one zip."""
    photos, set_photos = pl.use_state(NO_PHOTOS)
    problem, set_problem = pl.use_state(cast(str | None, None))
    folder: pl.Ref[Path | None] = pl.use_ref(None)

    def forget() -> None:
        if folder.current is not None:
            shutil.rmtree(folder.current, ignore_errors=True)

    # The page's originals go with it: the folder is removed when the page closes.
    pl.use_effect(lambda: forget, [])

    async def keep(entry: pl.UploadEntry) -> None:
        if folder.current is None:
            folder.current = Path(tempfile.mkdtemp(prefix="pylive-photos-"))
        original = folder.current / f"{entry.ref}-{Path(entry.name).name}"
        assert entry.path is not None  # a completed entry has its file
        shutil.move(entry.path, original)
        try:
            thumbnail, width, height = await asyncio.to_thread(make_thumbnail, original)
        except Exception:  # anything Pillow cannot read as an image, whatever its name says
            original.unlink(missing_ok=True)
            set_problem(f"{entry.name} could not be read as an image.")
            return
        photo = Photo(entry.name, entry.size, original, thumbnail, width, height)
        set_photos(lambda ps: (*ps, photo)[-MAX_PHOTOS:])
        up.cancel(entry)  # its thumbnail shows it now: its row in the drop zone's list can go

    up = pl.use_upload(
        accept=(".png", ".jpg", ".jpeg", ".gif", ".webp"), max_entries=6, max_file_size=20_000_000, on_upload=keep
    )

    def remove(photo: Photo) -> None:
        photo.original.unlink(missing_ok=True)
        set_photos(lambda ps: tuple(p for p in ps if p is not photo))

    async def download_all() -> None:
        if folder.current is None:
            return  # nothing kept yet
        archive = await asyncio.to_thread(zip_originals, photos, folder.current)
        pl.download(archive, "photos.zip")

    grid = h.ul(
        [
            h.li(
                h.figure(
                    h.img(src=p.thumbnail, alt=p.name) if p.thumbnail else h.div(class_="noimg"),
                    h.figcaption(
                        h.b(p.name),
                        h.span(f"{p.width}×{p.height} · {_size(p.size)}" if p.width else _size(p.size)),
                    ),
                    Button(
                        "×",
                        variant="secondary",
                        size="sm",
                        aria_label=f"Remove {p.name}",
                        on_click=lambda p=p: remove(p),
                    ),
                    class_="photo",
                ),
                key=str(p.original),
            )
            for p in photos
        ],
        class_="photo-grid",
        id="photos",
    )
    return h.main(
        h.h1("Photo drop"),
        h.p(
            "Files travel over the page's WebSocket in 64 KB chunks; the server makes each thumbnail with Pillow.",
            class_="lead",
        ),
        Card(FileDrop(upload=up, label="Drop photos here, or click to choose", id="drop")),
        h.div(
            h.strong(f"{len(photos)} photo{'s' if len(photos) != 1 else ''}", id="count"),
            Button(
                "Download originals (.zip)", id="download", variant="primary", disabled=not photos,
                on_click=download_all,
            ),
            class_="toolbar",
        ),
        h.p(problem, class_="pl-filedrop-error", role="alert") if problem else None,
        grid if photos else h.p("No photos yet.", class_="empty"),
        class_="photos pl-theme",
    )


app = pl.App(Photos, title="Photo drop", head=[STYLE])

if __name__ == "__main__":
    pl.run(app)
