"""The gallery App built from a demos folder: titles, descriptions, pages under /<name>, thumbnails."""

from __future__ import annotations

from pathlib import Path

import pytest

import pylive
from pylive.dev.gallery import GalleryError, build_gallery, demos_folder

DEMO = '''"""{description}

More text that the gallery does not show.
"""

import pylive as pl
from pylive import html as h


@pl.component
def Main():
    return h.p("{name} main", id="main")


@pl.component
def Other(n: int):
    return h.p(f"{name} other {{n}}", id="other")


app = pl.App(Main, title="{title}")
app.page("/other/{{n:int}}", Other, title="{title}: other")
'''

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)


def write_demo(folder: Path, name: str, title: str, description: str) -> None:
    (folder / f"{name}.py").write_text(DEMO.format(name=name, title=title, description=description))


async def test_each_demo_is_a_card_and_its_pages_live_under_its_name(tmp_path: Path) -> None:
    write_demo(tmp_path, "alpha", "Alpha", "The first demo.")
    write_demo(tmp_path, "counter", "Counter", "Comes first: a basic one.")
    (tmp_path / "_private.py").write_text("raise RuntimeError('not a demo')\n")
    (tmp_path / "broken.py").write_text("def f(:\n")
    (tmp_path / "noapp.py").write_text('"""No app here."""\n')
    (tmp_path / "thumbnails").mkdir()
    (tmp_path / "thumbnails" / "alpha.png").write_bytes(PNG)
    said: list[str] = []
    gallery = build_gallery(tmp_path, say=said.append)

    assert [d.name for d in gallery.demos] == ["counter", "alpha"]
    assert [(d.title, d.description) for d in gallery.demos] == [
        ("Counter", "Comes first: a basic one."),
        ("Alpha", "The first demo."),
    ]
    assert any("broken.py" in s and "broken.py:1" in s and "SyntaxError" in s for s in said), said
    assert any("noapp.py" in s and "no `app" in s for s in said), said
    assert not any("_private" in s for s in said)

    client = gallery.app.test_client()
    home = await (await client.get("/")).get_data(as_text=True)
    assert 'href="/alpha"' in home and 'href="/counter"' in home
    assert "The first demo." in home and "More text" not in home
    assert "/_gallery/thumbnails/alpha.png?v=" in home  # a screenshot
    assert "data:image/svg+xml," in home  # counter has none: a drawn placeholder

    page = await (await client.get("/alpha")).get_data(as_text=True)
    assert "alpha main" in page and "<title>Alpha</title>" in page and 'id="gallery-home"' in page
    other = await client.get("/alpha/other/7")
    assert "alpha other 7" in await other.get_data(as_text=True)
    assert "<title>Alpha: other</title>" in await other.get_data(as_text=True)

    thumb = await client.get("/_gallery/thumbnails/alpha.png")
    assert thumb.status_code == 200 and await thumb.get_data() == PNG
    assert (await client.get("/_gallery/thumbnails/counter.png")).status_code == 404
    assert (await client.get("/_gallery/thumbnails/..%2Fbroken.py")).status_code == 404


def test_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GalleryError, match="there is no demo in"):
        build_gallery(tmp_path)


def test_the_demos_folder_is_found() -> None:
    folder = demos_folder()
    assert (folder / "counter.py").is_file()


def test_the_demos_are_those_of_the_source_tree_pylive_is_imported_from() -> None:
    # Not an editable install's `pylive_demos`, which may name another checkout of the project.
    root = Path(pylive.__file__).resolve().parents[1]
    assert demos_folder() == root / "demos"
