"""Attribute patches as a browser needs them: namespaced SVG attributes, and removed form values
that show what a fresh page would show."""

from __future__ import annotations

from apps import sequence
from livepage import goto_live

import pylive as pl
from pylive import html as h

XLINK = "http://www.w3.org/1999/xlink"


def icon(href):
    attrs = {} if href is None else {"xlink:href": href}
    return h.svg(h.defs(h.circle(id="dot", r="4")), h.use(id="icon", **attrs), width="10", height="10")


def controls(with_values: bool):
    v = (lambda value: {"value": value}) if with_values else (lambda value: {})
    return h.form(
        h.input(type="checkbox", id="check", checked=with_values, **v("yes")),
        h.select(h.option("Small", id="small", **v("s")), h.option("Large", id="large", **v("l"))),
        h.input(type="submit", id="submit", **v("Save")),
        h.input(id="text", **v("typed")),
    )


async def test_a_namespaced_attribute_added_by_a_patch_is_set_in_its_namespace(serve_app, new_page):
    server = serve_app(sequence.make_app([icon(None), icon("#dot"), icon(None)]))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#pl-next")
    await page.wait_for_function(f"document.getElementById('icon').getAttributeNS('{XLINK}', 'href') === '#dot'")
    await page.click("#pl-next")
    await page.wait_for_function("!document.getElementById('icon').hasAttribute('xlink:href')")
    assert errors == []


async def test_removed_values_show_what_a_fresh_page_shows(serve_app, new_page):
    server = serve_app(sequence.make_app([controls(True), controls(False)]))
    page, errors = await new_page()
    await goto_live(page, server.url)
    await page.click("#pl-next")
    await page.wait_for_function("document.getElementById('pl-step').textContent === '1'")
    shown = await page.evaluate(
        """() => ({
            check: [document.getElementById('check').value, document.getElementById('check').checked],
            option: document.getElementById('large').value,
            submit: [document.getElementById('submit').value, document.getElementById('submit').hasAttribute('value')],
            text: document.getElementById('text').value,
        })"""
    )
    # A checkbox without a value sends "on", an option its text, a submit button shows its default label.
    assert shown == {"check": ["on", False], "option": "Large", "submit": ["", False], "text": ""}
    assert pl.render_to_string(controls(False)).count("value") == 0
    assert errors == []
