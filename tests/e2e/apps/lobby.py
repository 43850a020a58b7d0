"""Who is here: each page is present in the lobby under the name in its address."""

from __future__ import annotations

import pylive as pl
from pylive import html as h

from . import SECRET_KEY


@pl.component
def Lobby():
    name = pl.use_location().query.get("name", ["guest"])[0]
    present = pl.use_presence("lobby", {"name": name})
    return h.ul([h.li(m["name"], key=m["name"]) for m in present], id="who")


def make_app() -> pl.App:
    return pl.App(Lobby, title="Lobby", secret_key=SECRET_KEY, resume_seconds=30)
