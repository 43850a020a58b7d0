"""Every HTML5 element and the common SVG ones, as functions: `h.div(*children, **attrs)`.

A tag that is a Python keyword takes a trailing `_` (`h.del_`); SVG names keep their case
(`h.linearGradient`). Void elements (`h.input`, `h.br`, ...) take no children.

    from pylive import html as h
    h.button("Save", class_="primary", on_click=save)

Each tag is declared by name (not made in a loop) so that pyright and mypy see `h.div(...)` as an
`Element`, and a void element given children (`h.input("x")`) as a type error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from pylive.core.csrf import CsrfField, posts
from pylive.core.element import Element, element, element_factory


class Tag(Protocol):
    """An element function: `h.div(*children, **attrs)` (children are nodes, strings, numbers, lists, None)."""

    def __call__(self, *children: Any, **attrs: Any) -> Element: ...


class Void(Protocol):
    """A void element's function: `h.input(**attrs)`; it takes no children."""

    def __call__(self, **attrs: Any) -> Element: ...


# HTML
a: Tag = element_factory("a")
abbr: Tag = element_factory("abbr")
address: Tag = element_factory("address")
area: Void = element_factory("area")
article: Tag = element_factory("article")
aside: Tag = element_factory("aside")
audio: Tag = element_factory("audio")
b: Tag = element_factory("b")
base: Void = element_factory("base")
bdi: Tag = element_factory("bdi")
bdo: Tag = element_factory("bdo")
blockquote: Tag = element_factory("blockquote")
body: Tag = element_factory("body")
br: Void = element_factory("br")
button: Tag = element_factory("button")
canvas: Tag = element_factory("canvas")
caption: Tag = element_factory("caption")
cite: Tag = element_factory("cite")
code: Tag = element_factory("code")
col: Void = element_factory("col")
colgroup: Tag = element_factory("colgroup")
data: Tag = element_factory("data")
datalist: Tag = element_factory("datalist")
dd: Tag = element_factory("dd")
del_: Tag = element_factory("del")
details: Tag = element_factory("details")
dfn: Tag = element_factory("dfn")
dialog: Tag = element_factory("dialog")
div: Tag = element_factory("div")
dl: Tag = element_factory("dl")
dt: Tag = element_factory("dt")
em: Tag = element_factory("em")
embed: Void = element_factory("embed")
fieldset: Tag = element_factory("fieldset")
figcaption: Tag = element_factory("figcaption")
figure: Tag = element_factory("figure")
footer: Tag = element_factory("footer")
_form = element_factory("form")


def form(*children: Any, **attrs: Any) -> Element:
    """The <form> element; with `method="post"` it carries the page's CSRF token in a hidden field."""
    if posts(attrs):
        children = (CsrfField(key="pl-csrf"), *children)
    return _form(*children, **attrs)


h1: Tag = element_factory("h1")
h2: Tag = element_factory("h2")
h3: Tag = element_factory("h3")
h4: Tag = element_factory("h4")
h5: Tag = element_factory("h5")
h6: Tag = element_factory("h6")
head: Tag = element_factory("head")
header: Tag = element_factory("header")
hgroup: Tag = element_factory("hgroup")
hr: Void = element_factory("hr")
html: Tag = element_factory("html")
i: Tag = element_factory("i")
iframe: Tag = element_factory("iframe")
img: Void = element_factory("img")
input: Void = element_factory("input")
ins: Tag = element_factory("ins")
kbd: Tag = element_factory("kbd")
label: Tag = element_factory("label")
legend: Tag = element_factory("legend")
li: Tag = element_factory("li")
link: Void = element_factory("link")
main: Tag = element_factory("main")
map: Tag = element_factory("map")
mark: Tag = element_factory("mark")
menu: Tag = element_factory("menu")
meta: Void = element_factory("meta")
meter: Tag = element_factory("meter")
nav: Tag = element_factory("nav")
noscript: Tag = element_factory("noscript")
object: Tag = element_factory("object")
ol: Tag = element_factory("ol")
optgroup: Tag = element_factory("optgroup")
option: Tag = element_factory("option")
output: Tag = element_factory("output")
p: Tag = element_factory("p")
param: Tag = element_factory("param")
picture: Tag = element_factory("picture")
pre: Tag = element_factory("pre")
progress: Tag = element_factory("progress")
q: Tag = element_factory("q")
rp: Tag = element_factory("rp")
rt: Tag = element_factory("rt")
ruby: Tag = element_factory("ruby")
s: Tag = element_factory("s")
samp: Tag = element_factory("samp")
script: Tag = element_factory("script")
search: Tag = element_factory("search")
section: Tag = element_factory("section")
select: Tag = element_factory("select")
slot: Tag = element_factory("slot")
small: Tag = element_factory("small")
source: Void = element_factory("source")
span: Tag = element_factory("span")
strong: Tag = element_factory("strong")
style: Tag = element_factory("style")
sub: Tag = element_factory("sub")
summary: Tag = element_factory("summary")
sup: Tag = element_factory("sup")
table: Tag = element_factory("table")
tbody: Tag = element_factory("tbody")
td: Tag = element_factory("td")
template: Tag = element_factory("template")
textarea: Tag = element_factory("textarea")
tfoot: Tag = element_factory("tfoot")
th: Tag = element_factory("th")
thead: Tag = element_factory("thead")
time: Tag = element_factory("time")
title: Tag = element_factory("title")
tr: Tag = element_factory("tr")
track: Void = element_factory("track")
u: Tag = element_factory("u")
ul: Tag = element_factory("ul")
var: Tag = element_factory("var")
video: Tag = element_factory("video")
wbr: Void = element_factory("wbr")

# SVG (`h.a`, `h.title`, `h.style`, `h.script` and `h.image` serve both)
svg: Tag = element_factory("svg")
g: Tag = element_factory("g")
path: Tag = element_factory("path")
circle: Tag = element_factory("circle")
ellipse: Tag = element_factory("ellipse")
rect: Tag = element_factory("rect")
line: Tag = element_factory("line")
polyline: Tag = element_factory("polyline")
polygon: Tag = element_factory("polygon")
text: Tag = element_factory("text")
tspan: Tag = element_factory("tspan")
textPath: Tag = element_factory("textPath")
defs: Tag = element_factory("defs")
use: Tag = element_factory("use")
symbol: Tag = element_factory("symbol")
linearGradient: Tag = element_factory("linearGradient")
radialGradient: Tag = element_factory("radialGradient")
stop: Tag = element_factory("stop")
clipPath: Tag = element_factory("clipPath")
mask: Tag = element_factory("mask")
pattern: Tag = element_factory("pattern")
marker: Tag = element_factory("marker")
image: Tag = element_factory("image")
foreignObject: Tag = element_factory("foreignObject")
desc: Tag = element_factory("desc")
filter: Tag = element_factory("filter")
feGaussianBlur: Tag = element_factory("feGaussianBlur")
feOffset: Tag = element_factory("feOffset")
feBlend: Tag = element_factory("feBlend")
feColorMatrix: Tag = element_factory("feColorMatrix")
feMerge: Tag = element_factory("feMerge")
feMergeNode: Tag = element_factory("feMergeNode")
animate: Tag = element_factory("animate")
animateTransform: Tag = element_factory("animateTransform")


if not TYPE_CHECKING:  # hidden from type checkers, so that `h.nosuchtag` is a type error there

    def __getattr__(name: str) -> Any:
        raise AttributeError(f"pylive.html has no element {name!r}: use h.element({name!r}, ...) for any other tag")


__all__ = [
    "Element", "Tag", "Void", "a", "abbr", "address", "animate", "animateTransform", "area", "article", "aside",
    "audio", "b", "base", "bdi", "bdo", "blockquote", "body", "br", "button", "canvas", "caption", "circle",
    "cite", "clipPath", "code", "col", "colgroup", "data", "datalist", "dd", "defs", "del_", "desc", "details",
    "dfn", "dialog", "div", "dl", "dt", "element", "ellipse", "em", "embed", "feBlend", "feColorMatrix",
    "feGaussianBlur", "feMerge", "feMergeNode", "feOffset", "fieldset", "figcaption", "figure", "filter",
    "footer", "foreignObject", "form", "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr",
    "html", "i", "iframe", "image", "img", "input", "ins", "kbd", "label", "legend", "li", "line",
    "linearGradient", "link", "main", "map", "mark", "marker", "mask", "menu", "meta", "meter", "nav", "noscript",
    "object", "ol", "optgroup", "option", "output", "p", "param", "path", "pattern", "picture", "polygon",
    "polyline", "pre", "progress", "q", "radialGradient", "rect", "rp", "rt", "ruby", "s", "samp", "script",
    "search", "section", "select", "slot", "small", "source", "span", "stop", "strong", "style", "sub", "summary",
    "sup", "svg", "symbol", "table", "tbody", "td", "template", "text", "textPath", "textarea", "tfoot", "th",
    "thead", "time", "title", "tr", "track", "tspan", "u", "ul", "use", "var", "video", "wbr",
]
