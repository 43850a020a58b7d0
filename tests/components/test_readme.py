"""The README's stock components examples run as written."""

import re
import types
from pathlib import Path

import pytest

import components
import pylive as pl
from pylive.testing import render

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


async def test_the_components_example():
    source = next(b for b in re.findall(r"```python\n(.*?)```", README, re.S) if "def Orders" in b)
    module = types.ModuleType("readme_components")
    exec(compile(source, "README:components", "exec"), module.__dict__)
    async with render(module.Orders()) as view:
        assert view.find(".pl-table-range").text == "1–25 of 1,000,000"
        await view.click(".pl-page-next")
        assert view.find("tbody td").text == "25"
        await view.input("input[name=email]", "ada@example.com")
        await view.submit("form")
        assert view.find("form [role=status]").text == "Subscribed."


def test_the_attributes_paragraph():
    paragraph = next(p for p in README.split("\n\n") if p.startswith("Every stock component takes"))
    quoted = re.findall(r"`([^`]*)`", paragraph)
    call = next(q for q in quoted if q.startswith("TextInput("))
    outer, control = (q for q in quoted if q.startswith("<"))
    wrong, error = (q for q in quoted if q.startswith("Progress("))
    html = pl.render_to_string(eval(call, vars(components)))
    assert html.startswith(outer)
    tag, control_id = re.fullmatch(r'<(\w+) id="([^"]+)">', control).groups()
    assert re.search(rf'<{tag} [^>]*\bid="{control_id}"', html)
    with pytest.raises(TypeError) as info:
        eval(wrong, vars(components))
    assert str(info.value) == error
