"""The security headers and the Content-Security-Policy built from an app's head."""

from __future__ import annotations

import pytest

from pylive.server.headers import ResponseHeaders, head_sources, source_hash


def test_inline_head_items_are_hashed_as_the_browser_parses_them():
    sources = head_sources(
        '<style>a::after{content:"&amp;"}</style>\n<script type="module">if (a<b) go()\r\n</script>'
        '<script src="/static/app.js"></script><link rel="stylesheet" href="/static/app.css">'
    )
    assert sources.styles == (source_hash('a::after{content:"&amp;"}'),)  # raw text: no entity decoded
    assert sources.scripts == (source_hash("if (a<b) go()\n"),)  # line breaks as one LF


def test_scripts_and_stylesheets_of_other_sites_are_allowed_by_origin():
    sources = head_sources(
        '<script src="https://cdn.example/lib.js"></script><link rel="preload stylesheet" href="//fonts.example/css">'
        '<link rel="icon" href="https://icons.example/i.png">'
    )
    assert sources.scripts == ("https://cdn.example",)
    assert sources.styles == ("https://fonts.example",)


def test_the_policy_can_be_changed_by_directive_replaced_or_removed():
    head = "<style>p{}</style>"
    default = ResponseHeaders().for_head(head)["Content-Security-Policy"]
    assert f"style-src 'self' {source_hash('p{}')};" in default
    changed = ResponseHeaders({"content-security-policy": {"img-src": "'self' https:", "object-src": None}})
    policy = changed.for_head(head)["Content-Security-Policy"]
    assert "img-src 'self' https:;" in policy and "object-src" not in policy
    assert ResponseHeaders({"Content-Security-Policy": "default-src 'none'"}).for_head(head)[
        "Content-Security-Policy"
    ] == "default-src 'none'"
    assert "Content-Security-Policy" not in ResponseHeaders({"Content-Security-Policy": None}).for_head(head)


def test_header_names_match_without_case_and_values_must_be_strings():
    headers = ResponseHeaders({"x-frame-options": None, "Strict-Transport-Security": "max-age=63072000"}).for_head("")
    assert "X-Frame-Options" not in headers
    assert headers["Strict-Transport-Security"] == "max-age=63072000"
    with pytest.raises(TypeError):
        ResponseHeaders({"Referrer-Policy": 1})
