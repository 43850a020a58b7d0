"""Inline styles given as a dict: `style={"font_size": 14, "backgroundColor": "#eee"}`.

A property may be written in Python's snake case (`font_size`), in CSS's own kebab case
(`"font-size"`) or in the camel case React users write (`fontSize`, `WebkitTransition`); each
becomes the CSS name. A number is a length in pixels, as React reads it (`14` is `14px`), except
for the properties that take plain numbers (`opacity`, `z_index`, `flex`, `line_height`, ...)
and zero. `None` and `False` leave a property out; custom properties (`--gap`) keep their exact
name and value.
"""

from __future__ import annotations

import re
from typing import Any, Callable

#: Properties whose numbers have no unit (React's list, for the same reason: `1.5` means 1.5).
UNITLESS = frozenset(
    """animation-iteration-count aspect-ratio border-image-outset border-image-slice
    border-image-width box-flex box-flex-group box-ordinal-group column-count columns flex
    flex-grow flex-positive flex-shrink flex-negative flex-order font-weight grid-area grid-row
    grid-row-end grid-row-span grid-row-start grid-column grid-column-end grid-column-span
    grid-column-start line-clamp line-height opacity order orphans scale tab-size widows z-index
    zoom fill-opacity flood-opacity stop-opacity stroke-dasharray stroke-dashoffset
    stroke-miterlimit stroke-opacity stroke-width""".split()
)

_names: dict[str, str] = {}
_upper = re.compile(r"[A-Z]")
# What would end a declaration or a rule: no property name holds it.
_breaks_out = re.compile(r"[;:{}()\s!\\]").search
_vendor = re.compile(r"^-(webkit|moz|ms|o)-")


def css_name(name: str, check: Callable[[str], str]) -> str:
    """The CSS name of a style key; `check` turns a snake-case name into an attribute-like one
    (and refuses names no attribute may have, so a key cannot break out of the declaration)."""
    found = _names.get(name)
    if found is None:
        if _breaks_out(name):
            raise TypeError(f"{name!r} is not a CSS property name")
        if name.startswith("--"):
            # A custom property: its name is the author's, case and all; not cached, as an app may
            # make one per row (`--col-{id}`).
            return name
        # backgroundColor -> background-color, WebkitTransition -> -webkit-transition
        kebab = _upper.sub(lambda m: "-" + m.group().lower(), name)
        found = _names[name] = check("-" + kebab if kebab.startswith("ms-") else kebab)
    return found


def css_value(name: str, value: Any) -> str:
    """A declaration's value: numbers in pixels unless the property takes plain numbers."""
    if value.__class__ is str:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value != 0:
        if not name.startswith("--") and _vendor.sub("", name) not in UNITLESS:
            return f"{value}px"
    return str(value)


def declarations(value: dict[str, Any], check: Callable[[str], str]) -> str:
    """The `style` attribute for a dict of properties."""
    return ";".join(
        f"{(name := css_name(k, check))}:{css_value(name, v)}"
        for k, v in value.items()
        if v is not None and v is not False
    )
