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


async def test_the_children_keep_their_places_example():
    """`h.div(saved and h.p("Saved!"), [Row(r, key=r.id) for r in rows], Editor())`, as the README says."""
    import pylive as pl
    from pylive import html as h
    from pylive.testing import render

    block = next(line for line in README.splitlines() if line.startswith('h.div(saved and h.p("Saved!")'))

    @pl.component
    def Row(r):
        return h.li(r.name)

    @pl.component
    def Editor():
        text, set_text = pl.use_state("")
        return h.label(h.input(id="editor", value=text, on_input=lambda e: set_text(e.value)), h.span(text, id="echo"))

    class R:
        def __init__(self, i):
            self.id, self.name = i, f"row {i}"

    @pl.component
    def Page():
        saved, set_saved = pl.use_state(False)
        rows, set_rows = pl.use_state([R(1)])
        return h.main(
            h.button("save", id="save", on_click=lambda: set_saved(not saved)),
            h.button("more", id="more", on_click=lambda: set_rows(rows + [R(len(rows) + 1)])),
            eval(block, {"h": h, "saved": saved, "rows": rows, "Row": Row, "Editor": Editor}),
        )

    async with render(Page()) as view:
        await view.input("#editor", "draft")
        await view.click("#save")
        await view.click("#more")
        await view.click("#save")
        assert view.find("#echo").text == "draft"  # Editor kept its state
        assert [li.text for li in view.find_all("li")] == ["row 1", "row 2"]


async def test_the_background_job_example():
    import asyncio

    from pylive.testing import render

    module = load_module("readme_job", next(b for b in BLOCKS if "def Job()" in b))
    try:
        async with render(module.Job()) as view:
            await view.click("#start")
            for _ in range(100):
                await asyncio.sleep(0.05)
                if view.find("#progress").attrs["value"] == "2":
                    break
            await view.click("#cancel")
            stopped = view.find("#progress").attrs["value"]
            assert stopped in ("2", "3") and view.find("#start").attrs.get("disabled") is None
            await asyncio.sleep(0.3)
            assert view.find("#progress").attrs["value"] == stopped  # cancelled: no more steps
            await view.click("#start")
            for _ in range(100):
                await asyncio.sleep(0.05)
                if view.find("#start").attrs.get("disabled") is None:
                    break
            assert view.find("#progress").attrs["value"] == "10"
    finally:
        sys.modules.pop("readme_job", None)


async def test_the_sessions_example():
    from pylive.testing import render

    module = load_module("readme_sessions", next(b for b in BLOCKS if "def Shell(*children)" in b))
    try:
        async with render(module.app.pages.resolve, path="/") as view:
            await view.click("#login")
            assert view.cookie["user"] == "ada" and view.path == "/account"
            assert "Welcome back" in view.html() and "ada" in view.html()
            await view.click("#logout")
            assert "user" not in view.cookie
        assert module.app.pages.redirect(pl_location("/account"), {}) == "/"
    finally:
        sys.modules.pop("readme_sessions", None)


def pl_location(path: str):
    import pylive as pl

    return pl.Location.parse(path)


async def test_the_uploads_example():
    from pylive.testing import render

    module = load_module("readme_avatars", next(b for b in BLOCKS if "def Avatars" in b))
    png = b"\x89PNG\r\n\x1a\n" + bytes(100)
    try:
        async with render(module.Avatars()) as view:
            files = [{"name": "me.png", "content": png}, {"name": "cv.pdf", "content": b"%PDF"}]
            await view.upload(".pl-filedrop", files)
            assert view.find(".pl-filedrop-error").text == "cv.pdf is not an accepted type (accepted: image/*)."
            await view.click("#saved button")
            assert view.downloads == [("me.png", png)]
    finally:
        sys.modules.pop("readme_avatars", None)


async def test_the_client_commands_example():
    from pylive.testing import render

    source = next(b for b in BLOCKS if "def Toolbar" in b)
    module = load_module("readme_toolbar", source)
    try:
        async with render(module.Toolbar(user_id=1)) as view:
            sent = len(view.frames)
            await view.click("#menu-btn")
            assert len(view.frames) == sent  # the browser toggled it alone
            assert "hidden" not in view.find("#menu").attrs
            await view.window("keydown", key="k", ctrl=True)
            assert "hidden" not in view.find("#palette").attrs
            await view.settle()
            assert "0 orders" in view.html()
    finally:
        sys.modules.pop("readme_toolbar", None)
