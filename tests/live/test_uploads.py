"""Uploads through the in-process driver: the session, its registry and the hook, with real temporary files."""

from __future__ import annotations

import os

import pytest

import pylive as pl
from pylive import html as h
from pylive.live.frames import chunk_frame, upload_frame
from pylive.live.uploads import CONNECTION_LOST
from pylive.testing import render

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def _app(**options):
    seen: list[tuple[str, bytes]] = []
    kept: list[pl.UploadEntry] = []
    box: dict = {}
    deliver = options.pop("deliver", True)

    def got(entry: pl.UploadEntry) -> None:
        assert entry.path is not None
        seen.append((entry.name, entry.path.read_bytes()))
        kept.append(entry)

    @pl.component
    def Page():
        up = pl.use_upload(on_upload=got if deliver else None, **options)
        box["up"] = up
        return h.div(
            h.input(upload=up, id="file"),
            h.ul(
                [
                    h.li(
                        e.name,
                        h.span(str(e.progress), class_="progress"),
                        h.span(e.error or "", class_="error"),
                        h.button("x", class_="cancel", on_click=lambda e=e: box["up"].cancel(e)),
                        key=e.ref,
                        class_="done" if e.done else "",
                    )
                    for e in up.entries
                ]
            ),
        )

    return Page, seen, kept, box


async def test_an_uploaded_file_reaches_on_upload_and_its_temporary_file_is_removed():
    Page, seen, kept, _ = _app(max_file_size=1_000_000)
    content = os.urandom(200_000)  # several chunks
    async with render(Page()) as view:
        await view.upload("#file", [{"name": "a.bin", "content": content}])
        assert seen == [("a.bin", content)]
        assert view.find("li.done .progress").text == "100"
        assert not kept[0].path.exists()


async def test_progress_re_renders_at_a_bounded_rate(monkeypatch):
    # With an interval longer than the test, the chunks of a file re-render nothing until it is done.
    monkeypatch.setattr("pylive.core.upload.PROGRESS_INTERVAL", 3600.0)
    Page, seen, _, _ = _app(max_file_size=10_000_000)
    async with render(Page()) as view:
        await view.upload("#file", {"name": "warm.bin", "content": b"x"})  # the last render is now
        before = len(view.frames)
        await view.upload("#file", [{"name": "a.bin", "content": os.urandom(2_000_000)}])  # 31 chunks
        patches = [f for f in view.frames[before:] if f.startswith("[")]
        assert len(patches) <= 2  # the new entry, then its end: no render per chunk
        assert view.find("li.done .progress").text == "100"
        assert len([f for f in view.frames[before:] if '"upload_ack"' in f]) == 31


async def test_the_input_is_bound_with_accept_and_multiple():
    Page, *_ = _app(accept=(".png", "image/*"), max_entries=3)
    async with render(Page()) as view:
        attrs = view.find("#file").attrs
        assert attrs["type"] == "file"
        assert attrs["accept"] == ".png,image/*"
        assert "multiple" in attrs
        assert attrs["data-pl-upload"]


async def test_refusals_are_one_sentence_each_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    Page, seen, _, _ = _app(accept=("image/*",), max_entries=2, max_file_size=1000)
    async with render(Page()) as view:
        await view.upload(
            "#file",
            [
                {"name": "big.png", "content": b"x" * 2000},
                {"name": "notes.txt", "content": b"hello"},
                {"name": "fake.png", "content": b"GIF89a not a png"},
                {"name": "ok.png", "content": PNG},
                {"name": "late.png", "content": PNG},
            ],
        )
        errors = [n.text for n in view.find_all(".error")]
        assert errors[0] == "big.png is 2 KB, over the limit of 1 KB."
        assert errors[1] == "notes.txt is not an accepted type (accepted: image/*)."
        assert errors[2] == "fake.png is not a PNG image: its content does not start like one."
        assert errors[3] == ""
        assert errors[4] == "late.png was not uploaded: at most 2 files at a time."
        assert seen == [("ok.png", PNG)]
    assert list(tmp_path.iterdir()) == []


async def test_a_lying_client_is_stopped_when_it_sends_more_than_it_declared(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    Page, seen, _, _ = _app()
    async with render(Page()) as view:
        await view.upload("#file", [{"name": "a.bin", "content": b"x" * 100_000, "size": 10}])
        assert view.find(".error").text == "a.bin sent more bytes than the 10 it declared."
        assert seen == []
        assert any("more bytes than it declared" in e for e in view.errors)
    assert list(tmp_path.iterdir()) == []


async def test_without_on_upload_the_file_stays_until_a_new_pick_replaces_it():
    Page, _, _, box = _app(deliver=False)
    async with render(Page()) as view:
        await view.upload("#file", {"name": "a.txt", "content": b"one"})
        first = box["up"].entries[0]
        assert first.done and first.path.read_bytes() == b"one"
        await view.upload("#file", {"name": "b.txt", "content": b"two"})
        assert not first.path.exists()
        (second,) = box["up"].entries
        assert second.name == "b.txt" and second.path.read_bytes() == b"two"
    assert not second.path.exists()  # unmounting removes it


async def test_cancel_mid_way_stops_the_transfer_and_removes_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    Page, seen, _, box = _app(max_file_size=10_000_000)
    async with render(Page()) as view:
        ref = view.find("#file").attrs["data-pl-upload"]
        await view.session.receive(upload_frame(ref, 1, [{"name": "a.bin", "size": 1_000_000, "type": ""}]))
        await view.settle()
        entry = box["up"].entries[0]
        await view.session.receive(chunk_frame(entry.ref, b"x" * 65536))
        assert len(list(tmp_path.iterdir())) == 1
        await view.click(".cancel")
        assert box["up"].entries == []
        assert list(tmp_path.iterdir()) == []
        assert any('"upload_stop"' in f for f in view.frames)
        await view.session.receive(chunk_frame(entry.ref, b"x" * 65536))  # already in flight: dropped quietly
        assert not view.errors
        assert seen == []


async def test_a_dropped_connection_fails_the_entry_and_removes_its_file(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    Page, seen, _, box = _app(max_file_size=10_000_000)
    async with render(Page()) as view:
        ref = view.find("#file").attrs["data-pl-upload"]
        await view.session.receive(upload_frame(ref, 1, [{"name": "a.bin", "size": 1_000_000, "type": ""}]))
        await view.settle()
        await view.session.receive(chunk_frame(box["up"].entries[0].ref, b"x" * 1000))
        view.session.detach()
        view.session.attach(view._on_frame)
        await view.settle()
        assert box["up"].entries[0].error == CONNECTION_LOST
        assert list(tmp_path.iterdir()) == []


async def test_an_empty_file_is_done_at_once():
    Page, seen, _, _ = _app()
    async with render(Page()) as view:
        await view.upload("#file", {"name": "empty.txt", "content": b""})
        assert seen == [("empty.txt", b"")]


async def test_download_is_recorded_by_the_driver(tmp_path):
    file = tmp_path / "report.csv"
    file.write_bytes(b"a,b\n1,2\n")

    @pl.component
    def Page():
        return h.div(
            h.button("bytes", id="b", on_click=lambda: pl.download(b"\x00\x01", "x.bin")),
            h.button("text", id="t", on_click=lambda: pl.download("héllo", "hello.txt")),
            h.button("path", id="p", on_click=lambda: pl.download(file, "report.csv")),
        )

    async with render(Page()) as view:
        await view.click("#b")
        await view.click("#t")
        await view.click("#p")
        assert view.downloads == [
            ("x.bin", b"\x00\x01"),
            ("hello.txt", "héllo".encode()),
            ("report.csv", b"a,b\n1,2\n"),
        ]


def test_download_outside_a_page_says_where_to_call_it():
    with pytest.raises(RuntimeError, match="outside a live page"):
        pl.download(b"x", "x.bin")



async def test_a_name_with_any_characters_is_stored_safely(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    Page, _, _, box = _app(deliver=False)
    async with render(Page()) as view:
        await view.upload("#file", {"name": "../../x.p\x00ng", "content": b"data"})
        (entry,) = box["up"].entries
        assert entry.done and entry.path.parent == tmp_path and entry.path.read_bytes() == b"data"


async def test_on_upload_may_flash_a_message_as_a_handler_does():
    # A file arrives in chunk frames, not in an event: its on_upload must still find the page's
    # cookie session, as LiveView's handle_progress may put_flash.
    @pl.component
    def Page():
        up = pl.use_upload(on_upload=lambda entry: pl.flash(f"Saved {entry.name}"))
        return h.div(h.input(upload=up, id="file"), h.p([m.message for m in pl.use_flash()], id="flash"))

    async with render(Page()) as view:
        await view.upload("#file", {"name": "a.bin", "content": b"abc"})
        assert view.find("#flash").text == "Saved a.bin"


async def test_preview_is_an_img_for_an_image_entry_that_the_runtime_fills():
    box = {}

    @pl.component
    def Page():
        up = box["up"] = pl.use_upload()
        return h.div(h.input(upload=up, id="file"), h.ul([h.li(up.preview(e, width="96"), key=e.ref) for e in up.entries]))

    async with render(Page()) as view:
        await view.upload("#file", [{"name": "a.png", "content": PNG}, {"name": "b.txt", "content": b"text"}])
        (img,) = view.find_all("img")  # the text file has none
        entry = box["up"].entries[0]
        assert img.attrs["data-pl-preview"] == str(entry.ref) and img.attrs["hook"] == "UploadPreview"
        assert img.attrs["alt"] == "a.png" and img.attrs["width"] == "96" and "src" not in img.attrs
