"""Attribute names and the checks on them: a prop's HTML name (`class_` -> `class`), React's names
that HTML lacks, inline handlers refused, and URLs that would run script.

The names are checked once each and cached: a tree of thousands of elements reuses a handful.
"""

from __future__ import annotations

import re

from pylive.core.domevents import DOM_EVENTS

#: Prop names seen so far and their HTML names.
attr_names: dict[str, str] = {"key": "key"}
# What HTML allows in an attribute name (and `<`, which no browser needs): names are not escaped.
_bad_attr_name = re.compile(r"[\s\"'<>/=\x00-\x1f\x7f]|^$").search


# Props React renames that HTML does not know: a page would get them as attributes no browser reads.
_REACT_NAMES = {
    "className": "write class_=",
    "htmlFor": "write for_=",
    "defaultValue": "write value= (with on_input=, the field shows what the page renders: keep what is typed in state)",
    "defaultChecked": "write checked=",
    "dangerouslySetInnerHTML": "pass pl.unsafe_html(markup) as a child",
}


class TreeError(TypeError):
    """A tree was built wrong (a misspelled event, a callable as an attribute, a bad child).

    Raised when the tree is built; `call_component` adds the name of the component that built it.
    """


def attr_name(name: str) -> str:
    """The HTML name of a Python keyword argument: `class_` -> `class`, `aria_label` -> `aria-label`.

    A name that is not a Python identifier (`**{"xlink:href": ..., "@click": ...}`) is kept as written.
    """
    html = attr_names.get(name)
    if html is None:
        if name.isidentifier():
            html = name[:-1] if name.endswith("_") else name
            html = html.replace("_", "-")
        else:
            html = name
        if _bad_attr_name(html):
            raise TreeError(f"{name!r} is not a valid attribute name")
        if html in _REACT_NAMES:
            raise TreeError(f"{name}= is React's name for it: {_REACT_NAMES[html]}")
        if html[:2].lower() == "on":
            # An inline handler runs whatever string it holds: a user's text there is script.
            event = html[2:].lower().lstrip("-")
            fix = f"write on_{event}= with a Python handler" if event in DOM_EVENTS else "pass handlers as on_<event>="
            raise TreeError(f"{name}= is not an event binding: {fix}; inline JavaScript handlers are not rendered")
        attr_names[name] = html
    return html


#: Attributes that take "true" or "false", where absent means a default (React writes booleans so).
TRUE_FALSE = frozenset(("draggable", "spellcheck", "contenteditable"))

#: Attributes whose value is a URL the browser may navigate to or load.
URL_ATTRS = frozenset(("href", "src", "action", "formaction", "xlink:href", "poster", "cite", "ping"))
#: What a `javascript:` URL is replaced with: it goes nowhere and runs nothing.
BLOCKED_URL = "about:invalid#pylive-blocked-javascript-url"
#: Whether a URL would run script (a match object), its scheme read as the URL parser reads it:
#: leading controls and spaces skipped, tabs and newlines ignored.
javascript_url = re.compile(
    r"^[\x00-\x20]*" + r"[\t\n\r]*".join("javascript") + r"[\t\n\r]*:", re.IGNORECASE
).match
