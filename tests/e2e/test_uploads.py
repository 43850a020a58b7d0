"""Uploads and downloads in real Chromium: picking and dropping files, progress, refusals, cancel,
a network cut mid-way, and downloads whose bytes match. Uploaded bytes land in a temporary folder of
the test's own, which must be empty whenever nothing is uploading."""

from __future__ import annotations

import asyncio
import hashlib
import os
import struct
import zlib
from pathlib import Path

import pytest
from apps import uploads
from conftest import Proxy
from livepage import goto_live, mark_page, still_same_page

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)

RECORD_PROGRESS = """() => {
  window.__progress = new Set();
  const look = () => {
    for (const el of document.querySelectorAll('[role=progressbar][aria-valuenow]'))
      window.__progress.add(+el.getAttribute('aria-valuenow'));
  };
  new MutationObserver(look).observe(document.body, {subtree: true, childList: true, attributes: true});
}"""


class SlowProxy(Proxy):
    """A proxy that waits `delay` seconds after each read it passes on: a slow network."""

    delay = 0.0

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
                if self.delay:
                    await asyncio.sleep(self.delay)
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            writer.transport.abort()


@pytest.fixture
def spool(tmp_path, monkeypatch) -> Path:
    """Where the server writes uploads during the test (its temporary folder)."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


@pytest.fixture
def files(tmp_path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


async def _slow(server, delay: float) -> SlowProxy:
    proxy = await SlowProxy(server.port).start()
    proxy.delay = delay
    return proxy


async def _empty(folder: Path) -> bool:
    for _ in range(200):
        if not any(folder.iterdir()):
            return True
        await asyncio.sleep(0.05)
    return False


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def test_a_20_mb_file_uploads_with_visible_progress(serve_app, new_page, spool, files):
    received: list = []
    server = serve_app(uploads.make_app(received))
    proxy = await _slow(server, 0.004)
    try:
        page, errors = await new_page()
        await goto_live(page, proxy.url)
        await mark_page(page)
        await page.evaluate(RECORD_PROGRESS)
        data = os.urandom(20_000_000)
        (files / "big.bin").write_bytes(data)
        await page.set_input_files("#drop input[type=file]", str(files / "big.bin"))
        await page.wait_for_selector("#received li", timeout=60_000)
        assert received == [("big.bin", 20_000_000, _sha(data))]
        seen = await page.evaluate("[...window.__progress]")
        assert [p for p in seen if 0 < p < 100], seen  # the bar moved while bytes arrived
        await page.wait_for_selector("#drop .pl-filedrop-entry.is-done")
        await page.click("#inc")
        await page.wait_for_function("document.querySelector('#count').textContent === '1'")
        assert await still_same_page(page)
        assert await _empty(spool)
        assert errors == []
    finally:
        await proxy.close()


async def test_three_files_at_once(serve_app, new_page, spool, files):
    received: list = []
    server = serve_app(uploads.make_app(received))
    page, errors = await new_page()
    await goto_live(page, server.url)
    contents = {"a.txt": b"alpha" * 1000, "b.png": PNG, "c.bin": os.urandom(300_000)}
    for name, data in contents.items():
        (files / name).write_bytes(data)
    await page.set_input_files("#drop input[type=file]", [str(files / n) for n in contents])
    await page.wait_for_function("document.querySelectorAll('#received li').length === 3")
    assert sorted(received) == sorted((n, len(d), _sha(d)) for n, d in contents.items())
    assert await page.locator("#drop .pl-filedrop-entry.is-done").count() == 3
    assert await _empty(spool)
    assert errors == []


async def test_drag_and_drop(serve_app, new_page, spool):
    received: list = []
    server = serve_app(uploads.make_app(received))
    page, errors = await new_page()
    await goto_live(page, server.url)
    transfer = await page.evaluate_handle(
        """() => {
          const dt = new DataTransfer();
          dt.items.add(new File(["dropped bytes"], "dropped.txt", {type: "text/plain"}));
          return dt;
        }"""
    )
    zone = "#drop .pl-filedrop-zone"
    await page.dispatch_event(zone, "dragenter", {"dataTransfer": transfer})
    assert "pl-drop-active" in await page.get_attribute(zone, "class")
    await page.dispatch_event(zone, "drop", {"dataTransfer": transfer})
    await page.wait_for_selector("#received li")
    assert received == [("dropped.txt", 13, _sha(b"dropped bytes"))]
    assert "pl-drop-active" not in await page.get_attribute(zone, "class")
    assert errors == []


async def test_each_refusal_is_one_sentence(serve_app, new_page, spool, files):
    received: list = []
    server = serve_app(uploads.make_app(received))
    page, errors = await new_page()
    await goto_live(page, server.url)
    (files / "big.txt").write_bytes(b"x" * 2000)
    (files / "pic.png").write_bytes(PNG)
    for name in ("a.txt", "b.txt", "c.txt"):
        (files / name).write_bytes(name.encode())
    names = ["big.txt", "pic.png", "a.txt", "b.txt", "c.txt"]
    await page.set_input_files("#small", [str(files / n) for n in names])
    await page.wait_for_function("document.querySelectorAll('#received li').length === 2")
    texts = await page.locator(".small-entry").all_text_contents()
    assert texts == [
        "big.txt big.txt is 2 KB, over the limit of 1 KB.",
        "pic.png pic.png is not an accepted type (accepted: .txt).",
        "a.txt 100%",
        "b.txt 100%",
        "c.txt c.txt was not uploaded: at most 2 files at a time.",
    ]
    assert sorted(n for n, *_ in received) == ["a.txt", "b.txt"]
    assert await _empty(spool)
    assert errors == []


async def test_cancel_mid_way(serve_app, new_page, spool, files):
    received: list = []
    server = serve_app(uploads.make_app(received))
    proxy = await _slow(server, 0.05)
    try:
        page, errors = await new_page()
        await goto_live(page, proxy.url)
        (files / "slow.bin").write_bytes(os.urandom(20_000_000))
        await page.set_input_files("#drop input[type=file]", str(files / "slow.bin"))
        await page.wait_for_function(
            "+(document.querySelector('#drop [role=progressbar]')?.getAttribute('aria-valuenow') || 0) >= 1"
        )
        assert any(spool.iterdir())  # bytes are being written
        await page.click("#drop .pl-filedrop-cancel")
        await page.wait_for_function("!document.querySelector('#drop .pl-filedrop-entry')")
        assert await _empty(spool)
        await page.click("#inc")
        await page.wait_for_function("document.querySelector('#count').textContent === '1'")
        assert received == []
        assert errors == []
    finally:
        await proxy.close()


async def test_a_network_cut_mid_way_fails_the_entry_and_leaves_nothing(serve_app, new_page, spool, files):
    received: list = []
    server = serve_app(uploads.make_app(received))
    proxy = await _slow(server, 0.05)
    try:
        page, errors = await new_page()
        await goto_live(page, proxy.url)
        await mark_page(page)
        (files / "cut.bin").write_bytes(os.urandom(20_000_000))
        await page.set_input_files("#drop input[type=file]", str(files / "cut.bin"))
        await page.wait_for_function(
            "+(document.querySelector('#drop [role=progressbar]')?.getAttribute('aria-valuenow') || 0) >= 1"
        )
        proxy.delay = 0
        proxy.cut()
        await page.wait_for_selector("#drop .pl-filedrop-entry.is-error")
        await page.wait_for_selector("html.pl-connected", state="attached")
        assert "connection was lost" in await page.text_content("#drop .pl-filedrop-error")
        assert await _empty(spool)
        assert await still_same_page(page)
        # The next pick works on the resumed session.
        (files / "again.txt").write_bytes(b"again")
        await page.set_input_files("#drop input[type=file]", str(files / "again.txt"))
        await page.wait_for_selector("#received li")
        assert received == [("again.txt", 5, _sha(b"again"))]
        assert [e for e in errors if "WebSocket" not in e] == []
    finally:
        await proxy.close()


async def test_downloads_arrive_with_their_bytes(serve_app, new_page, tmp_path):
    report = tmp_path / "report-source.csv"
    report.write_bytes(b"name,score\nada,10\n" * 5000)
    server = serve_app(uploads.make_app(download_file=report))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await mark_page(page)
    async with page.expect_download() as info:
        await page.click("#dl-bytes")
    download = await info.value
    assert download.suggested_filename == "data.bin"
    assert Path(await download.path()).read_bytes() == b"\x00\x01binary\xff"
    async with page.expect_download() as info:
        await page.click("#dl-file")
    download = await info.value
    assert download.suggested_filename == "report.csv"
    assert Path(await download.path()).read_bytes() == report.read_bytes()
    assert await still_same_page(page)
    assert errors == []


async def test_the_drop_zone_works_from_the_keyboard(serve_app, new_page, spool, files):
    received: list = []
    server = serve_app(uploads.make_app(received))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.keyboard.press("Tab")  # the first stop of the page is the drop zone's file input
    assert await page.evaluate("document.activeElement.matches('#drop input[type=file]')")
    zone = "getComputedStyle(document.querySelector('#drop .pl-filedrop-zone'))"
    assert await page.evaluate(f"{zone}.outlineStyle") == "solid"  # the focus shows on the zone
    (files / "kb.txt").write_bytes(b"typed")
    # Enter activates the input (its click opens the system's picker): seen here as the click it
    # makes, since Playwright's file-chooser event stops coming once another test's context has run.
    await page.evaluate(
        "document.querySelector('#drop input[type=file]').addEventListener('click', () => window.__picked = true)"
    )
    await page.keyboard.press("Enter")
    await page.wait_for_function("window.__picked === true")
    await page.set_input_files("#drop input[type=file]", str(files / "kb.txt"))
    await page.wait_for_selector("#received li")
    assert received == [("kb.txt", 5, _sha(b"typed"))]
    # The entry's remove button is the next stop, and named for the file.
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove kb.txt"
    await page.keyboard.press("Enter")
    await page.wait_for_function("!document.querySelector('#drop .pl-filedrop-entry')")
    assert errors == []


def _png(width: int, height: int) -> bytes:
    """A real (decodable) PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xd0\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


async def test_a_picked_image_shows_its_preview_from_the_browsers_own_copy(serve_app, new_page, spool, files):
    received: list = []
    server = serve_app(uploads.make_app(received))
    page, errors = await new_page()
    await goto_live(page, server.url)
    (files / "photo.png").write_bytes(_png(30, 20))
    (files / "notes.txt").write_bytes(b"no picture")
    await page.set_input_files("#drop input[type=file]", [str(files / "photo.png"), str(files / "notes.txt")])
    await page.wait_for_function("document.querySelectorAll('#received li').length === 2")
    thumbs = page.locator("#drop .pl-filedrop-thumb")
    assert await thumbs.count() == 1  # the text file has none
    await page.wait_for_function(
        "(() => { const img = document.querySelector('#drop .pl-filedrop-thumb');"
        " return img.src.startsWith('blob:') && img.complete && img.naturalWidth === 30; })()"
    )
    url = await page.get_attribute("#drop .pl-filedrop-thumb", "src")
    await page.click("#drop .pl-filedrop-entry:first-child .pl-filedrop-cancel")  # removed from the list
    await page.wait_for_function("!document.querySelector('#drop .pl-filedrop-thumb')")
    # Its object URL was let go: the browser no longer serves it.
    gone = await page.evaluate(
        "(url) => new Promise((done) => { const i = new Image(); i.onload = () => done(false);"
        " i.onerror = () => done(true); i.src = url; })",
        url,
    )
    assert gone
    assert [e for e in errors if "ERR_FILE_NOT_FOUND" not in e] == []  # the probe's own failed load
