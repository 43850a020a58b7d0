"""The wire format (docs/protocol.md), built in this module only: op codes, close codes and every
outgoing message. Incoming frames are checked in `pylive.live.frames`.

`assets/pylive.js` has the same constants in the block at its top; a test checks that they agree.
"""

from __future__ import annotations

import json
from typing import Any, Literal, TypedDict


# Patch op codes: the closed set of DOM operations the client applies.
TEXT = 0  #: [0, parent, index, text]
SET_ATTR = 1  #: [1, id, name, value]
REMOVE_ATTR = 2  #: [2, id, name]
SET_PROP = 3  #: [3, id, name, value]
INSERT = 4  #: [4, parent, index, html]
REMOVE = 5  #: [5, parent, index, count]
MOVE = 6  #: [6, parent, from_indexes, to_deltas]
REPLACE = 7  #: [7, parent, index, html]
INSERT_ITEMS = 8  #: [8, parent, index, first_id, template, count, value, ...] (docs/protocol.md)

# Close codes: why the server closed a page's socket.
#: The page token is forged or expired; the client does not reconnect.
CLOSE_BAD_TOKEN = 4401
#: A newer connection took this session over (the same page connected again); do not reconnect.
CLOSE_REPLACED = 4409
#: The client did not read its messages fast enough; reconnect (and resume) later.
CLOSE_OVERLOADED = 1013
#: The server is stopping (a restart or a deploy); reconnect, and remount if the session is gone.
CLOSE_RESTARTING = 1012
#: The server failed (a bug, logged with its traceback); reconnect.
CLOSE_INTERNAL_ERROR = 1011

# Names in the page that the server writes and the client reads.
#: An element's node id.
NODE_ID_ATTR = "data-pl"
#: An element's event bindings (docs/protocol.md, "Bindings").
BINDINGS_ATTR = "data-pl-on"
#: In a template (op 8): the names of an element's attributes that each item fills in.
HOLES_ATTR = "data-pl-h"
#: A binding type with this prefix (`window_keydown`, from `on_window_keydown=`) listens on the window.
WINDOW_PREFIX = "window_"
#: The class an element carries while an event it sent waits for its reply.
LOADING_CLASS = "pl-loading"
#: What an element bound with `on_viewport_enter`/`_leave` sends as it scrolls into or out of view.
VIEWPORT_ENTER = "viewport_enter"
VIEWPORT_LEAVE = "viewport_leave"

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def encode(value: Any) -> str:
    """Compact JSON, as every frame is sent."""
    return _dumps(value)


def patch_message(seq: int, ack: int, ops: list) -> str:
    """The text of a patch message: `[seq, ack, op, ...]`."""
    return _dumps([seq, ack, *ops])


# --- outgoing control messages -----------------------------------------------------------------
# A message that changes the page (mount, title, nav, push) carries `seq`, numbered with the patch
# messages (`Session.send_change` adds it); the others are transient.


class MountMessage(TypedDict, total=False):
    """The whole page: the client replaces the root's content."""

    t: Literal["mount"]
    seq: int  #: the message's number; the client acknowledges what it applied with it on a resume
    html: str  #: the root's content, with node ids
    title: str | None  #: the document title (None: leave it)
    path: str  #: where the page now is, when it moved while rendering (the address bar follows)
    token: str  #: a page token of its own (for a new session), when another page held the one it named


class ResumedMessage(TypedDict):
    """The client's session was kept: the messages it missed follow."""

    t: Literal["resumed"]
    seq: int  #: the number of the last message the server sent


class ErrorMessage(TypedDict, total=False):
    """A frame or event was refused or failed; nothing changed."""

    t: Literal["error"]
    message: str  #: one sentence for the developer (shown in the console)
    ack: int  #: the refused event's number, so the client stops waiting for it
    failed: bool  #: the server's own code failed (not a refusal): the page tells the user


class TitleMessage(TypedDict):
    """The page's title changed."""

    t: Literal["title"]
    title: str  #: the new document title


class NavMessage(TypedDict):
    """The page moved: the address bar follows."""

    t: Literal["nav"]
    path: str  #: path and query string
    replace: bool  #: replace the history entry instead of pushing one


class PushMessage(TypedDict):
    """An event for the JS hook of an element (`pl.use_push_event`)."""

    t: Literal["push"]
    id: int  #: the element's node id
    event: str  #: the name the hook listens to with `ctx.handleEvent(name, ...)`
    payload: Any  #: any JSON
    seq: int  #: the message's number, as a patch message's


class ReloadMessage(TypedDict, total=False):
    """Hot reload: the code changed. With `error`, the overlay shows it; without, it clears."""

    t: Literal["reload"]
    error: str  #: `file:line: message` of a failed save


class FaultMessage(TypedDict, total=False):
    """Development mode: the app's code failed (a render, a handler, an effect). With `error`, the
    overlay shows it; without, it clears (a later render went well)."""

    t: Literal["fault"]
    error: str  #: what failed, each with its traceback


class CookieMessage(TypedDict):
    """The page's cookie session changed: the client posts `token` to `session` (beside the runtime's
    URL), whose answer sets the cookie, and tells the browser's other tabs."""

    t: Literal["cookie"]
    token: str  #: signed, short-lived and good once: the cookie's new contents


class CssMessage(TypedDict):
    """Hot reload: a stylesheet changed; the client re-fetches its stylesheets."""

    t: Literal["css"]


def mount_message(seq: int, html: str, title: str | None, path: str | None = None, *, token: str = "") -> MountMessage:
    """The whole page, as message `seq` (with the token of a new session, if the page gets one)."""
    message: MountMessage = {"t": "mount", "seq": seq, "html": html, "title": title}
    if path is not None:
        message["path"] = path
    if token:
        message["token"] = token
    return message


def resumed_message(seq: int) -> ResumedMessage:
    """The session resumes; missed messages up to `seq` follow."""
    return {"t": "resumed", "seq": seq}


def error_message(message: str, ack: int = 0, *, failed: bool = False) -> ErrorMessage:
    """A refusal or, `failed`, a failure of the server's code, answering event `ack` if it is one."""
    out: ErrorMessage = {"t": "error", "message": message}
    if ack:
        out["ack"] = ack
    if failed:
        out["failed"] = True
    return out


def title_message(title: str) -> TitleMessage:
    """The title changed (sent with a `seq`)."""
    return {"t": "title", "title": title}


def nav_message(path: str, replace: bool) -> NavMessage:
    """The page moved to `path` (sent with a `seq`)."""
    return {"t": "nav", "path": path, "replace": replace}


def push_message(node_id: int, event: str, payload_json: str, seq: int) -> str:
    """The text of a `PushMessage` for element `node_id`'s JS hook, numbered `seq`; its payload comes
    encoded already (the app's push checked it as JSON once, and it is not encoded twice)."""
    return f'{{"t":"push","id":{node_id},"event":{_dumps(event)},"payload":{payload_json},"seq":{seq}}}'


def reload_message(error: str | None = None) -> ReloadMessage:
    """New code is in place (`error` None), or a save failed with `error`."""
    return {"t": "reload"} if error is None else {"t": "reload", "error": error}


def fault_message(error: str | None) -> FaultMessage:
    """Show `error` in the development overlay, or clear it (`None`)."""
    return {"t": "fault"} if error is None else {"t": "fault", "error": error}


def cookie_message(token: str) -> CookieMessage:
    """Write the cookie session that `token` holds (sent with a `seq`)."""
    return {"t": "cookie", "token": token}


def css_message() -> CssMessage:
    """A stylesheet changed."""
    return {"t": "css"}


# --- uploads and downloads (docs/protocol.md, "Uploads" and "Downloads") -------------------------

#: A binary frame of an upload's bytes is `[CHUNK_FRAME][entry: u32 big-endian][bytes]`: a 5-byte header.
CHUNK_FRAME = 1
CHUNK_HEADER_BYTES = 5
#: The most file bytes one chunk frame carries (LiveView's chunk size is about the same).
UPLOAD_CHUNK_BYTES = 65536
#: How many chunks of one file the client sends ahead of their acks: a click waits behind this few at most.
UPLOAD_WINDOW = 4
#: Names in the page for uploads: a file input's upload, and a drop target's.
UPLOAD_ATTR = "data-pl-upload"
DROP_ATTR = "data-pl-drop"
#: The class a drop target carries while files are dragged over it.
DROP_ACTIVE_CLASS = "pl-drop-active"
#: Files one `upload` frame may name.
MAX_UPLOAD_FILES = 100


class UploadOkMessage(TypedDict):
    """The answer to an `upload` frame: which of its files to send, under which entry numbers."""

    t: Literal["upload_ok"]
    n: int  #: the `n` of the `upload` frame it answers
    ids: list[int]  #: each file's entry number, in the frame's order; 0 for a refused file (send nothing)
    chunk: int  #: the most file bytes to put in one chunk frame


class UploadAckMessage(TypedDict):
    """Bytes of an entry were written: the client may send more (flow control)."""

    t: Literal["upload_ack"]
    id: int  #: the entry
    n: int  #: how many of its bytes the server holds


class UploadStopMessage(TypedDict):
    """Send no more of an entry (cancelled, refused, failed); its bytes were thrown away."""

    t: Literal["upload_stop"]
    id: int  #: the entry


class DownloadMessage(TypedDict):
    """Save a file (`pl.download`): fetch `download/TOKEN` beside the runtime, once, soon."""

    t: Literal["download"]
    token: str  #: one-time and unguessable; valid for a minute
    name: str  #: the file name to save as


def upload_ok_message(n: int, ids: list[int], chunk: int) -> UploadOkMessage:
    """Answer `upload` frame `n`: send the files whose id is not 0, in chunks of `chunk` bytes."""
    return {"t": "upload_ok", "n": n, "ids": ids, "chunk": chunk}


def upload_ack_message(entry: int, received: int) -> UploadAckMessage:
    """Entry `entry` has `received` bytes on the server."""
    return {"t": "upload_ack", "id": entry, "n": received}


def upload_stop_message(entry: int) -> UploadStopMessage:
    """Stop sending entry `entry`."""
    return {"t": "upload_stop", "id": entry}


def download_message(token: str, filename: str) -> DownloadMessage:
    """Save the download `token` as `filename` (sent with a `seq`)."""
    return {"t": "download", "token": token, "name": filename}


#: The answer to a heartbeat `{"t":"ping"}`, as sent.
PONG = '{"t":"pong"}'
