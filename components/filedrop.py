"""FileDrop: the stock drop zone and file list of a `pl.use_upload`."""

from __future__ import annotations

from typing import Any

import pylive as pl
from pylive import html as h

from .attributes import stock_component, with_attributes
from .feedback import Progress
from .identity import use_id


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.3g} {unit}"
        n /= 1000
    return f"{n:.3g} GB"


def _hint(upload: pl.Upload) -> str:
    parts = []
    if upload.accept:
        parts.append(", ".join(upload.accept))
    each = " each" if upload.max_entries > 1 else ""
    parts.append(f"up to {_size(upload.max_file_size)}{each}")
    if upload.max_entries > 1:
        parts.append(f"{upload.max_entries} files at most")
    return " · ".join(parts)


def _entry(upload: pl.Upload, entry: pl.UploadEntry, previews: bool) -> Any:
    if entry.error is not None:
        status = h.p(entry.error, class_="pl-filedrop-error", role="alert")
    elif entry.done:
        status = h.p("Uploaded", class_="pl-filedrop-done")
    else:
        status = Progress(entry.progress, label=f"Uploading {entry.name}")
    action = "Cancel" if not entry.done and entry.error is None else "Remove"
    # The browser's own copy of a picked image: shown at once, while the bytes travel.
    thumb = upload.preview(entry, alt="", class_="pl-filedrop-thumb") if previews else None
    return h.li(
        h.div(
            thumb,
            h.span(entry.name, class_="pl-filedrop-name"),
            h.span(_size(entry.size), class_="pl-filedrop-size"),
            class_=["pl-filedrop-meta", thumb is not None and "has-thumb"],
        ),
        status,
        h.button(
            h.span("×", aria_hidden="true"),
            type="button",
            aria_label=f"{action} {entry.name}",
            title=action,
            class_="pl-button pl-button--ghost pl-button--sm pl-filedrop-cancel",
            on_click=lambda: upload.cancel(entry),
        ),
        key=entry.ref,
        class_=["pl-filedrop-entry", entry.done and "is-done", entry.error is not None and "is-error"],
    )


@stock_component
def FileDrop(
    *,
    upload: pl.Upload,
    label: Any = "Drop files here, or click to choose",
    previews: bool = True,
    class_: str | list[str] | None = None,
    id: str | None = None,
    style: str | dict[str, Any] | None = None,
    **attrs: Any,
):
    """A drop zone for `pl.use_upload`: drag files onto it, or click it (or focus it with Tab and press
    Enter or Space) to pick; below it, each file with its progress bar, its error, and a button to
    cancel or remove it. An image shows a thumbnail of the browser's own copy as soon as it is
    picked (`up.preview(entry)`); `previews=False` leaves them out.

        up = pl.use_upload(accept=("image/*",), max_entries=5, on_upload=save)
        FileDrop(upload=up)
    """
    input_id = use_id(None, "filedrop")
    hint_id = f"{input_id}-hint"
    zone = h.label(
        h.input(upload=upload, id=input_id, class_="pl-filedrop-input", aria_describedby=hint_id),
        h.svg(
            h.path(d="M12 15V4m0 0L7.5 8.5M12 4l4.5 4.5M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15"),
            viewBox="0 0 24 24",
            width="28",
            height="28",
            fill="none",
            stroke="currentColor",
            stroke_width="2",
            stroke_linecap="round",
            stroke_linejoin="round",
            aria_hidden="true",
            class_="pl-filedrop-icon",
        ),
        h.span(label, class_="pl-filedrop-label"),
        h.span(_hint(upload), id=hint_id, class_="pl-filedrop-hint"),
        upload=upload,
        for_=input_id,
        class_="pl-filedrop-zone",
    )
    entries = h.ul([_entry(upload, e, previews) for e in upload.entries], class_="pl-filedrop-list", aria_live="polite")
    return with_attributes(h.div(zone, entries, class_="pl-filedrop"), class_, id, style, attrs)
