"""What an upload's `accept` lets in: a file's extension and MIME type, and for images its first bytes.

The browser's `accept` attribute only filters the file picker; a drop, or a client that lies, sends
anything. So the server checks the name and the declared type before a byte is written, and the
first bytes of anything that claims to be an image once they arrive.
"""

from __future__ import annotations

import mimetypes
from typing import Iterable

#: Image formats by extension: the name the sentences use and how the file's bytes begin.
_SIGNATURES: dict[str, tuple[str, tuple[tuple[int, bytes], ...]]] = {
    ".png": ("PNG", ((0, b"\x89PNG\r\n\x1a\n"),)),
    ".jpg": ("JPEG", ((0, b"\xff\xd8\xff"),)),
    ".jpeg": ("JPEG", ((0, b"\xff\xd8\xff"),)),
    ".gif": ("GIF", ((0, b"GIF87a"), (0, b"GIF89a"))),
    ".webp": ("WebP", ((8, b"WEBP"),)),
    ".bmp": ("BMP", ((0, b"BM"),)),
    ".ico": ("ICO", ((0, b"\x00\x00\x01\x00"),)),
    ".avif": ("AVIF", ((4, b"ftypavif"), (4, b"ftypavis"))),
}
_BY_MIME = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
    "image/x-icon": ".ico",
    "image/vnd.microsoft.icon": ".ico",
    "image/avif": ".avif",
}
#: How many first bytes `sniff` needs to see.
SNIFF_BYTES = 16


def extension(name: str) -> str:
    """The file name's extension, lower case with its dot (`".png"`), or `""`."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _mime_matches(mime: str, pattern: str) -> bool:
    if pattern.endswith("/*"):
        return mime.startswith(pattern[:-1])
    return mime == pattern


def check_accept(accept: Iterable[str]) -> tuple[str, ...]:
    """`accept` as a tuple of lower-case extensions and MIME patterns; `ValueError` for anything else."""
    out = []
    for item in accept:
        if not isinstance(item, str) or not (item.startswith(".") or "/" in item):
            raise ValueError(f"accept holds extensions ('.png') and MIME patterns ('image/*'), not {item!r}")
        out.append(item.strip().lower())
    return tuple(out)


def refusal(accept: tuple[str, ...], name: str, mime: str) -> str | None:
    """Why a file named `name`, declared as `mime`, is not let in by `accept` (one sentence), or None.

    Its extension must be listed, or stand for a listed MIME type; and the type the browser declares,
    if any, must be listed too or be the one its extension stands for.
    """
    if not accept:
        return None
    ext = extension(name)
    guessed = (mimetypes.guess_type(f"x{ext}")[0] or "") if ext else ""
    patterns = [a for a in accept if "/" in a]
    named_ok = (ext and ext in accept) or (guessed and any(_mime_matches(guessed, p) for p in patterns))
    mime = mime.lower()
    declared_ok = not mime or mime == guessed or any(_mime_matches(mime, p) for p in patterns) or ext in accept
    if named_ok and declared_ok:
        return None
    return f"{name} is not an accepted type (accepted: {', '.join(accept)})."


def image_format(name: str, mime: str) -> str | None:
    """The extension of the image format a file claims to be (by its name, else its type), or None."""
    ext = extension(name)
    if ext in _SIGNATURES:
        return ext
    return _BY_MIME.get(mime.lower())


def sniff(name: str, mime: str, head: bytes) -> str | None:
    """Why a file's first bytes `head` belie the image it claims to be (one sentence), or None."""
    claimed = image_format(name, mime)
    if claimed is None:
        return None
    label, signatures = _SIGNATURES[claimed]
    if any(head[at : at + len(magic)] == magic for at, magic in signatures):
        return None
    return f"{name} is not a {label} image: its content does not start like one."


__all__ = ["SNIFF_BYTES", "check_accept", "extension", "image_format", "refusal", "sniff"]
