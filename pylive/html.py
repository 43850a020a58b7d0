"""Every HTML5 element and the common SVG ones, as functions: `h.div(*children, **attrs)`.

A tag that is a Python keyword takes a trailing `_` (`h.del_`); SVG names keep their case
(`h.linearGradient`). Void elements (`h.input`, `h.br`, ...) take no children.

    from pylive import html as h
    h.button("Save", class_="primary", on_click=save)
"""

from __future__ import annotations

import keyword
from typing import Any

from pylive.core.csrf import CsrfField, posts
from pylive.core.element import Element, element, element_factory

HTML_TAGS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe "
    "img input ins kbd label legend li link main map mark menu meta meter nav noscript object ol "
    "optgroup option output p param picture pre progress q rp rt ruby s samp script search "
    "section select slot small source span strong style sub summary sup table tbody td template "
    "textarea tfoot th thead time title tr track u ul var video wbr"
).split()

SVG_TAGS = (
    "svg g path circle ellipse rect line polyline polygon text tspan textPath defs use symbol "
    "linearGradient radialGradient stop clipPath mask pattern marker image foreignObject "
    "desc filter feGaussianBlur feOffset feBlend feColorMatrix feMerge feMergeNode animate "
    "animateTransform"
).split()

__all__ = []
for _tag in dict.fromkeys(HTML_TAGS + SVG_TAGS):
    _name = _tag + "_" if keyword.iskeyword(_tag) else _tag
    globals()[_name] = element_factory(_tag)
    __all__.append(_name)
del _tag, _name
__all__.sort()

_form = form  # noqa: F821 (made in the loop above)


def form(*children: Any, **props: Any) -> Element:  # noqa: F811
    """The <form> element; with `method="post"` it carries the page's CSRF token in a hidden field."""
    if posts(props):
        children = (CsrfField(key="pl-csrf"), *children)
    return _form(*children, **props)


def __getattr__(name: str):
    raise AttributeError(f"pylive.html has no element {name!r}")


__all__ += ["Element", "element"]
