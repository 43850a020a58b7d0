"""The README's examples run as written."""

import re
import sys
import types
from pathlib import Path

README = (Path(__file__).parent.parent / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def load_module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(source, f"README:{name}", "exec"), module.__dict__)
    return module


async def test_the_tutorial_app_and_its_test():
    app_source = next(b for b in BLOCKS if "def Todo()" in b)
    test_source = next(b for b in BLOCKS if "from todo import Todo" in b)
    load_module("todo", app_source)
    try:
        tests = load_module("readme_todo_test", test_source)
        await tests.test_add()
    finally:
        sys.modules.pop("todo", None)
        sys.modules.pop("readme_todo_test", None)


async def test_the_counter_example():
    from pylive.testing import render

    source = next(b for b in BLOCKS if "def Counter" in b)
    module = load_module("readme_counter", source)
    try:
        async with render(module.Counter(start=1)) as view:
            await view.click("#inc")
            assert view.find("#value").text == "2"
            assert view.frames[-1] == '[1,1,[0,3,0,"2"]]'  # the message the README quotes the size of
    finally:
        sys.modules.pop("readme_counter", None)


async def test_the_browser_test_example():
    counter = load_module("readme_counter_app", next(b for b in BLOCKS if "def Counter" in b))
    source = next(b for b in BLOCKS if "async def test_counter_in_chromium" in b)
    try:
        tests = load_module("readme_browser_test", "from readme_counter_app import app\n" + source)
        assert tests.app is counter.app
        await tests.test_counter_in_chromium()
    finally:
        sys.modules.pop("readme_counter_app", None)
        sys.modules.pop("readme_browser_test", None)
