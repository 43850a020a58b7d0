"""The README's stock components example runs as written."""

import re
import types
from pathlib import Path

from pylive.testing import render

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


async def test_the_components_example():
    source = next(b for b in re.findall(r"```python\n(.*?)```", README, re.S) if "from components import" in b)
    module = types.ModuleType("readme_components")
    exec(compile(source, "README:components", "exec"), module.__dict__)
    async with render(module.Orders()) as view:
        assert view.find(".pl-table-range").text == "1–25 of 1,000,000"
        await view.click(".pl-page-next")
        assert view.find("tbody td").text == "25"
        await view.input("input[name=email]", "ada@example.com")
        await view.submit("form")
        assert view.find("form [role=status]").text == "Subscribed."
