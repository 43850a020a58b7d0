"""A session's downloads: one-time tokens, expiry, a bounded table, and what `pl.download` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pylive.live import downloads
from pylive.live.downloads import Downloads, content_type_of


def table() -> tuple[Downloads, list[dict]]:
    sent: list[dict] = []
    return Downloads(sent.append), sent


def test_a_download_is_taken_once():
    d, sent = table()
    token = d.offer(b"abc", "a.bin")
    assert sent == [{"t": "download", "token": token, "name": "a.bin"}]
    assert len(token) >= 40  # 256 random bits
    found = d.take(token)
    assert found is not None and found.data == b"abc" and found.content_type == "application/octet-stream"
    assert d.take(token) is None


def test_an_expired_download_is_not_served(monkeypatch):
    d, _ = table()
    token = d.offer("x", "a.txt")
    monkeypatch.setattr(downloads.time, "monotonic", lambda: 1e12)
    assert d.take(token) is None


def test_the_table_is_bounded_the_oldest_going_first():
    d, _ = table()
    tokens = [d.offer(b"x", f"{i}.bin") for i in range(downloads.MAX_PENDING + 3)]
    assert len(d) == downloads.MAX_PENDING
    assert d.take(tokens[0]) is None
    assert d.take(tokens[-1]) is not None


def test_names_lose_their_folders_and_control_characters():
    d, sent = table()
    d.offer(b"x", "../../etc/passwd")
    d.offer(b"x", "C:\\Users\\a\\report\x00.csv")
    assert [m["name"] for m in sent] == ["passwd", "report.csv"]
    with pytest.raises(ValueError, match="needs a file name"):
        d.offer(b"x", "dir/")


def test_what_data_can_be(tmp_path: Path):
    d, _ = table()
    assert d.take(d.offer("héllo", "a.txt")).data == "héllo".encode()  # type: ignore[union-attr]
    file = tmp_path / "r.csv"
    file.write_text("a,b")
    assert d.take(d.offer(file, "r.csv")).data == file  # type: ignore[union-attr]
    with pytest.raises(FileNotFoundError, match="no file at that path"):
        d.offer(tmp_path / "missing", "m.bin")
    with pytest.raises(TypeError, match="bytes, a str or a pathlib.Path"):
        d.offer(42, "n.bin")  # type: ignore[arg-type]


def test_content_types_follow_the_name():
    assert content_type_of("a.csv", b"") == "text/csv; charset=utf-8"
    assert content_type_of("a.png", b"") == "image/png"
    assert content_type_of("noext", "text") == "text/plain; charset=utf-8"
    assert content_type_of("noext", b"") == "application/octet-stream"
