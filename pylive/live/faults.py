"""Failures of an app's code while a page runs (a render, a handler, an effect).

In production the page keeps working and the log gets one line per failure; in development
(`pl.App(debug=True)`, `pylive run --debug` or `--reload`) the log gets the traceback and the page
shows it in an overlay until the next render that goes well.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

log = logging.getLogger("pylive")


def summary(exc: BaseException) -> str:
    """One line: the exception, and where in the app's code it was raised (the last frame of the
    app's own: a mistake pylive or a stock component refuses is the app's line that made it)."""
    text = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return text
    where = next((f for f in reversed(frames) if not f.filename.startswith(_OURS)), frames[-1])
    return f"{text} (at {where.filename}:{where.lineno})"


def report(what: str, exc: BaseException, debug: bool) -> None:
    """Log a failure: the traceback in development, one line in production."""
    if debug:
        log.error("%s", what, exc_info=exc)
    else:
        log.error("%s: %s", what, summary(exc))


def detail(what: str, exc: BaseException) -> str:
    """What the development overlay shows for one failure: the traceback of the app's own code
    (pylive's frames left out: they are the same for every failure and hide the one that matters)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [f for f in frames if not f.filename.startswith(_PACKAGE)] or frames[-1:]
    lines = ["Traceback (most recent call last):\n", *traceback.format_list(own)]
    lines += traceback.format_exception_only(exc)
    return f"{what}\n\n{''.join(lines).rstrip()}"


_PACKAGE = str(Path(__file__).resolve().parent.parent) + os.sep
# pylive and the stock components, installed side by side.
_OURS = (_PACKAGE, str(Path(_PACKAGE).parent / "components") + os.sep)
