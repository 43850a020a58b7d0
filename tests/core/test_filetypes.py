"""What `accept` lets in: extensions, MIME patterns, the declared type, and images' first bytes."""

from __future__ import annotations

import pytest

from pylive.core.filetypes import check_accept, extension, refusal, sniff


def test_extension_is_the_last_suffix_lower_case():
    assert extension("Photo.JPG") == ".jpg"
    assert extension("archive.tar.gz") == ".gz"
    assert extension(".bashrc") == ""
    assert extension("C:\\fakepath\\a.png") == ".png"
    assert extension("noext") == ""


def test_accept_takes_extensions_and_mime_patterns_only():
    assert check_accept([".PNG", "image/*"]) == (".png", "image/*")
    with pytest.raises(ValueError, match="extensions"):
        check_accept(["png"])


@pytest.mark.parametrize(
    "accept, name, mime",
    [
        ((), "anything.exe", "application/x-msdownload"),
        ((".png",), "a.png", "image/png"),
        ((".png",), "a.PNG", ""),
        (("image/*",), "a.jpeg", "image/jpeg"),
        (("image/png",), "a.png", "image/png"),
        (("text/csv", ".txt"), "notes.txt", "text/plain"),
    ],
)
def test_accepted(accept, name, mime):
    assert refusal(check_accept(accept), name, mime) is None


@pytest.mark.parametrize(
    "accept, name, mime",
    [
        ((".png",), "a.gif", "image/gif"),
        (("image/*",), "evil.exe", "image/png"),  # a type that its name belies
        (("image/*",), "a.png", "application/x-msdownload"),  # a name that its type belies
        (("image/*",), "noext", "image/png"),
    ],
)
def test_refused_with_one_sentence(accept, name, mime):
    expected = f"{name} is not an accepted type (accepted: {', '.join(accept)})."
    assert refusal(check_accept(accept), name, mime) == expected


def test_images_must_start_like_the_format_they_claim():
    assert sniff("a.png", "image/png", b"\x89PNG\r\n\x1a\n....") is None
    assert sniff("a.jpg", "", b"\xff\xd8\xff\xe0") is None
    assert sniff("a.gif", "", b"GIF89a") is None
    assert sniff("a.webp", "", b"RIFF\x00\x00\x00\x00WEBPVP8 ") is None
    assert sniff("a.png", "image/png", b"GIF89a") == "a.png is not a PNG image: its content does not start like one."
    expected = "photo is not a JPEG image: its content does not start like one."
    assert sniff("photo", "image/jpeg", b"MZ\x90\x00") == expected
    assert sniff("notes.txt", "text/plain", b"anything") is None  # not an image: nothing to check
