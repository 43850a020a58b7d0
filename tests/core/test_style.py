"""Inline styles from a dict: snake, kebab and React's camel case all become CSS names, and numbers are
pixels except where CSS takes plain numbers."""

from __future__ import annotations

import pytest

from pylive import html as h


def style(**props: object) -> str:
    return h.p(style=props).attrs["style"]


def test_camel_snake_and_kebab_names_all_become_css_names() -> None:
    assert h.p(style={"backgroundColor": "red", "font_size": "1rem", "border-top": "0"}).attrs == {
        "style": "background-color:red;font-size:1rem;border-top:0"
    }


def test_vendor_prefixes_written_as_react_writes_them() -> None:
    assert style(WebkitLineClamp=2, msTransform="none", MozAppearance="none", WebkitBoxShadow=0) == (
        "-webkit-line-clamp:2;-ms-transform:none;-moz-appearance:none;-webkit-box-shadow:0"
    )
    assert style(WebkitMarginStart=8) == "-webkit-margin-start:8px"


def test_numbers_are_pixels_unless_the_property_takes_plain_numbers() -> None:
    assert style(width=120, margin_top=-4.5, padding=0) == "width:120px;margin-top:-4.5px;padding:0"
    assert style(opacity=0.5, zIndex=3, flex=1, line_height=1.4, fontWeight=600) == (
        "opacity:0.5;z-index:3;flex:1;line-height:1.4;font-weight:600"
    )


def test_custom_properties_keep_their_name_and_number() -> None:
    assert h.p(style={"--rowHeight": 32, "--gap": "1rem"}).attrs == {"style": "--rowHeight:32;--gap:1rem"}


def test_none_false_and_true_values() -> None:
    assert style(color=None, display=False, width="2em") == "width:2em"


@pytest.mark.parametrize("name", ["color;background", "color:red", "a{b", "font size", "--x;y", "x!important"])
def test_a_name_that_would_end_the_declaration_is_refused(name: str) -> None:
    with pytest.raises(TypeError, match="is not a CSS property name"):
        h.p(style={name: "red"})
