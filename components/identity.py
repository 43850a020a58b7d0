"""Element ids for components: the one a caller gave, or one made once per component instance."""

from __future__ import annotations

import itertools

import pylive as pl

_ids = itertools.count(1)


def use_id(given: str | None = None, prefix: str = "pl") -> str:
    """An id for the calling component's element: `given` if set, else a stable generated one.

    Labels, descriptions and ARIA relations (`for`, `aria-describedby`, `aria-controls`) need ids
    that stay the same across re-renders; this hook keeps one for the component's life.

        input_id = use_id(id, "input")
    """
    ref = pl.use_ref(None)
    if ref.current is None:
        ref.current = f"{prefix}-{next(_ids)}"
    return given or ref.current
