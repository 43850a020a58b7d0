"""Navigation's own parts: `Link`'s href under a mount point, and `ConfirmLeave`'s marker."""

from __future__ import annotations

import pylive as pl
from pylive import html as h
from pylive.core.navigation import LEAVE_MESSAGE


def test_confirm_leave_is_an_inert_template_while_it_holds_and_nothing_otherwise():
    assert pl.render_to_string(h.div(pl.ConfirmLeave(when=False))) == "<div></div>"
    assert pl.render_to_string(pl.ConfirmLeave()) == f'<template data-pl-leave="{LEAVE_MESSAGE}"></template>'
    html = pl.render_to_string(pl.ConfirmLeave(message='Discard "draft" & go?'))
    assert html == '<template data-pl-leave="Discard &#34;draft&#34; &amp; go?"></template>'


def test_a_link_carries_the_mount_point_in_its_href():
    assert 'href="/settings"' in pl.render_to_string(pl.Link("Settings", to="/settings"))
