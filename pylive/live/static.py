"""A static render: an element tree to HTML in one walk, each component run once, nothing kept.

This is `pl.render_to_string`: hooks give their initial values, effects never run (the throwaway
instances have no tree to queue them on), node ids are not written, and a component that fails
raises. It writes through the same writer as the live tree, so the HTML is the first page's but
for the `data-pl*` attributes.
"""

from __future__ import annotations

from typing import Any

from pylive.core.boundary import CATCH
from pylive.core.component import call_component
from pylive.core.element import ComponentElement, Element, Fragment, Provider, Raw, StreamView, flatten
from pylive.core.stream import plan
from pylive.live.mounted import Instance, MountedFragment
from pylive.live.serialize import WRITER_TAGS, HtmlWriter, attributes_html, escape, needs_escape


def render_to_string(node: Any) -> str:
    """Render an element or component element to HTML, as the first HTTP response shows it.

    Hooks return their initial values and effects do not run: this is a static render.

        pl.render_to_string(h.p("Hello, ", h.b("world")))   # '<p>Hello, <b>world</b></p>'
    """
    w = HtmlWriter(ids=False)
    _write(node, w, {})
    return w.result()


def _write(node: Any, w: HtmlWriter, scope: dict) -> None:
    cls = node.__class__
    if cls is str:
        w.text(node)
    elif cls is Element:
        tag = node.tag
        if tag in WRITER_TAGS:
            if w.open(node, None):
                for child in node.children:
                    if child.__class__ is str:
                        w.text(child)
                    else:
                        _write(child, w, scope)
                w.close(tag)
            return
        # Most elements need none of the writer's care for special tags: written here in one go
        # (a first render of 10,000 table rows spent a third of its time in those calls).
        out = w.out
        attrs = node.attrs
        if attrs:
            out.append(f"<{tag}{attributes_html(attrs)}>")
        else:
            out.append(f"<{tag}>")
        w.text_last = w.lf = False
        for child in node.children:
            ccls = child.__class__
            if ccls is str:
                if w.text_last:
                    out.append("<!---->")
                out.append(escape(child))
                w.text_last = True
                continue
            if ccls is Element:
                # A leaf holding one text at most (a table cell, a label) is written here, not by
                # a call of its own: the cells of a 10,000-row table are 50,000 calls.
                ctag = child.tag
                kids = child.children
                if ctag not in WRITER_TAGS and (not kids or (len(kids) == 1 and kids[0].__class__ is str)):
                    cattrs = child.attrs
                    written = attributes_html(cattrs) if cattrs else ""
                    if kids:
                        text = kids[0]
                        if needs_escape(text):
                            text = escape(text)
                        out.append(f"<{ctag}{written}>{text}</{ctag}>")
                    else:
                        out.append(f"<{ctag}{written}></{ctag}>")
                    w.text_last = False
                    continue
            _write(child, w, scope)
        out.append(f"</{tag}>")
        w.text_last = False
    elif cls is ComponentElement:
        inst = Instance(node.component, node.args, node.kwargs, node.key, None, None, 0, None)
        inst.providers = scope
        out = call_component(inst)
        if out.__class__ is Provider and out.context is CATCH:
            _write_boundary(inst, out, w, scope)
        elif out is not None:
            _write(out, w, scope)
    elif cls is Fragment:
        for child in node.children:
            _write(child, w, scope)
    elif cls is Provider:
        inner = {**scope, node.context: MountedFragment(node, None, None)}  # type: ignore[arg-type]
        for child in node.children:
            _write(child, w, inner)
    elif cls is Raw:
        w.raw(node.html)
    elif cls is StreamView:
        stream = node.stream  # the items queued so far, as the first page would show them
        shown = plan([], stream.pending, stream.key, stream.limit)
        for key in shown.keys:
            _write(node.render(shown.fresh[key]), w, scope)
    elif node is not None:
        for child in flatten((node,)):
            _write(child, w, scope)


def _write_boundary(boundary: Instance, out: Provider, w: HtmlWriter, scope: dict) -> None:
    """A `pl.ErrorBoundary`'s children, or its fallback in their place if one of them fails."""
    mark, state = len(w.out), (w.text_last, w.lf, w.select_value, w.raw_text)
    try:
        _write(out, w, scope)
    except Exception as exc:
        del w.out[mark:]
        w.text_last, w.lf, w.select_value, w.raw_text = state
        out.value(exc)  # the boundary keeps the failure: its next render is the fallback
        _write(call_component(boundary), w, scope)
