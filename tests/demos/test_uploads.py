"""The photo drop demo through pylive.testing: images in, thumbnails made by Pillow, originals out as a zip."""

from __future__ import annotations

import io
import zipfile
from types import ModuleType

import pytest
from demo_loader import load_demo
from PIL import Image

from pylive.testing import render


@pytest.fixture(scope="module")
def photos() -> ModuleType:
    return load_demo("uploads")


def png(width: int, height: int, color: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


async def test_photos_get_thumbnails_and_download_as_a_zip(photos: ModuleType) -> None:
    first, second = png(1200, 800), png(300, 300, "orange")
    async with render(photos.Photos()) as view:
        assert view.find(".empty").text == "No photos yet."
        assert "disabled" in view.find("#download").attrs
        await view.upload("#drop", [{"name": "wide.png", "content": first}, {"name": "square.png", "content": second}])
        assert view.find("#count").text == "2 photos"
        images = view.find_all("#photos img")
        assert sorted(img.attrs["alt"] for img in images) == ["square.png", "wide.png"]  # in the order made
        assert all(img.attrs["src"].startswith("data:image/jpeg;base64,") for img in images)
        assert "1200×800" in view.find("#photos li:has(img[alt='wide.png']) figcaption").text
        await view.click("#download")
        ((name, data),) = view.downloads
        assert name == "photos.zip"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.read("wide.png") == first
            assert archive.read("square.png") == second
        await view.click("#photos li:has(img[alt='wide.png']) button")
        assert view.find("#count").text == "1 photo"


async def test_what_is_not_an_image_is_refused(photos: ModuleType) -> None:
    async with render(photos.Photos()) as view:
        await view.upload(
            "#drop",
            [
                {"name": "notes.txt", "content": b"hello"},
                {"name": "fake.png", "content": b"not a png at all"},
            ],
        )
        errors = [n.text for n in view.find_all("#drop .pl-filedrop-error")]
        assert errors == [
            "notes.txt is not an accepted type (accepted: .png, .jpg, .jpeg, .gif, .webp).",
            "fake.png is not a PNG image: its content does not start like one.",
        ]
        assert view.find("#count").text == "0 photos"


async def test_an_image_pillow_cannot_read_is_reported(photos: ModuleType) -> None:
    async with render(photos.Photos()) as view:
        broken = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # a PNG signature, then nothing that decodes
        await view.upload("#drop", {"name": "broken.png", "content": broken})
        assert view.find("[role=alert]").text == "broken.png could not be read as an image."


async def test_nothing_stays_on_disk_once_the_page_closes(photos: ModuleType, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    async with render(photos.Photos()) as view:
        await view.upload("#drop", {"name": "a.png", "content": png(10, 10)})
        assert view.find("#count").text == "1 photo"
        assert any(tmp_path.iterdir())  # the original waits in the page's folder
    assert list(tmp_path.iterdir()) == []
