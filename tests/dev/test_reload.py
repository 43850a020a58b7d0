"""Hot reload in-process: new code in place, hook state kept where identity holds, errors reported."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pylive.dev.reload import Reloader
from pylive.dev.target import load
from pylive.testing import render

APP = '''
import pylive as pl
from pylive import html as h
from helper import Badge


@pl.component
def Counter():
    count, set_count = pl.use_state(0)
    return h.div(
        h.span("{label}", id="label"),
        h.button("+", id="inc", on_click=lambda: set_count(count + 1)),
        h.output(str(count), id="value"),
        Badge(count),
    )


app = pl.App(Counter, title="Reload me")
'''

HELPER = '''
import pylive as pl
from pylive import html as h


@pl.component
def Badge(n):
    seen, set_seen = pl.use_state(0)
    return h.small("{badge}", str(n), id="badge", on_click=lambda: set_seen(seen + 1), data_seen=str(seen))
'''


@pytest.fixture
def app_dir(tmp_path: Path):
    (tmp_path / "reload_me.py").write_text(APP.format(label="Count"))
    (tmp_path / "helper.py").write_text(HELPER.format(badge="n="))
    yield tmp_path
    for name in ("reload_me", "helper"):
        sys.modules.pop(name, None)
    while str(tmp_path) in sys.path:
        sys.path.remove(str(tmp_path))


def controls(view) -> list[dict]:
    return [m for m in map(json.loads, view.frames) if isinstance(m, dict) and m.get("t") in ("reload", "css")]


async def open_page(app):
    ctx = render(app._resolve)
    view = await ctx.__aenter__()
    app.store.add("test-session", view.session, holder=None)  # type: ignore[arg-type]
    return ctx, view


async def test_a_save_rerenders_with_new_code_and_keeps_state(app_dir: Path) -> None:
    target, app = load(str(app_dir / "reload_me.py"))
    reloader = Reloader(target, app)
    ctx, view = await open_page(app)
    try:
        for _ in range(3):
            await view.click("#inc")
        await view.click("#badge")
        assert view.find("#value").text == "3"

        (app_dir / "reload_me.py").write_text(APP.format(label="Clicks"))
        (app_dir / "helper.py").write_text(HELPER.format(badge="count: "))
        assert reloader.code_changed([app_dir / "reload_me.py", app_dir / "helper.py"])
        await view.settle()
        assert view.find("#label").text == "Clicks"
        assert view.find("#value").text == "3"
        assert view.find("#badge").text == "count: 3"
        assert view.find("#badge").attrs["data-seen"] == "1"  # the child component kept its state too
        assert controls(view)[-1] == {"t": "reload"}
        # Still live: the new handlers run.
        await view.click("#inc")
        assert view.find("#value").text == "4"
    finally:
        await ctx.__aexit__(None, None, None)


async def test_a_broken_save_shows_the_error_and_a_good_one_clears_it(app_dir: Path) -> None:
    target, app = load(str(app_dir / "reload_me.py"))
    reloader = Reloader(target, app)
    ctx, view = await open_page(app)
    try:
        await view.click("#inc")
        (app_dir / "reload_me.py").write_text(APP.format(label="Count").replace("def Counter():", "def Counter(:"))
        assert not reloader.code_changed([app_dir / "reload_me.py"])
        error = controls(view)[-1]["error"]
        assert "reload_me.py:" in error and "SyntaxError" in error
        # The old code goes on working.
        await view.click("#inc")
        assert view.find("#value").text == "2"

        (app_dir / "reload_me.py").write_text(APP.format(label="Fixed"))
        assert reloader.code_changed([app_dir / "reload_me.py"])
        await view.settle()
        assert controls(view)[-1] == {"t": "reload"}
        assert view.find("#label").text == "Fixed"
        assert view.find("#value").text == "2"
    finally:
        await ctx.__aexit__(None, None, None)


async def test_a_render_error_is_reported_with_its_line(app_dir: Path) -> None:
    target, app = load(str(app_dir / "reload_me.py"))
    reloader = Reloader(target, app)
    ctx, view = await open_page(app)
    try:
        broken = APP.format(label="Count").replace("count, set_count = pl.use_state(0)",
                                                   "count, set_count = pl.use_state(0)\n    1 / 0")
        (app_dir / "reload_me.py").write_text(broken)
        reloader.code_changed([app_dir / "reload_me.py"])
        error = controls(view)[-1]["error"]
        assert "reload_me.py:10: ZeroDivisionError" in error, error
    finally:
        await ctx.__aexit__(None, None, None)


async def test_changed_hooks_start_that_component_afresh(app_dir: Path) -> None:
    target, app = load(str(app_dir / "reload_me.py"))
    reloader = Reloader(target, app)
    ctx, view = await open_page(app)
    try:
        await view.click("#inc")
        await view.click("#badge")
        with_ref = HELPER.format(badge="n=").replace("seen, set_seen = pl.use_state(0)",
                                                     "ref = pl.use_ref(0)\n    seen, set_seen = pl.use_state(0)")
        (app_dir / "helper.py").write_text(with_ref)
        assert reloader.code_changed([app_dir / "helper.py"])
        await view.settle()
        assert controls(view)[-1] == {"t": "reload"}
        assert view.find("#badge").attrs["data-seen"] == "0"  # Badge's hooks changed: fresh state
        assert view.find("#value").text == "1"  # Counter's did not
    finally:
        await ctx.__aexit__(None, None, None)


async def test_a_second_hook_of_the_same_kind_is_one_line_not_a_traceback(
    app_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    target, app = load(str(app_dir / "reload_me.py"))
    said: list[str] = []
    reloader = Reloader(target, app, say=said.append)
    ctx, view = await open_page(app)
    try:
        await view.click("#badge")
        # The same hook names as before, one more call: only the order of calls tells.
        twice = HELPER.format(badge="n=").replace(
            "seen, set_seen = pl.use_state(0)", "seen, set_seen = pl.use_state(0)\n    other, _ = pl.use_state(1)"
        )
        (app_dir / "helper.py").write_text(twice)
        assert reloader.code_changed([app_dir / "helper.py"])
        await view.settle()
        assert view.find("#badge").attrs["data-seen"] == "0"
        assert "Badge's hooks changed: its instances start with fresh state" in said
        assert "Traceback" not in caplog.text and "HookError" not in caplog.text
        assert reloader.error is None
    finally:
        await ctx.__aexit__(None, None, None)


async def test_a_stylesheet_change_only_swaps_styles(app_dir: Path) -> None:
    target, app = load(str(app_dir / "reload_me.py"))
    reloader = Reloader(target, app)
    ctx, view = await open_page(app)
    try:
        before = len(view.frames)
        reloader.changed([str(app_dir / "style.css")])
        assert [json.loads(f) for f in view.frames[before:]] == [{"t": "css"}]
    finally:
        await ctx.__aexit__(None, None, None)


async def test_a_module_colon_attr_target_reloads_its_package(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "reloadpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helper.py").write_text(HELPER.format(badge="n="))
    (package / "web.py").write_text(APP.format(label="Count").replace("from helper import", "from .helper import"))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        target, app = load("reloadpkg.web:app")
        assert target.root == package
        reloader = Reloader(target, app)
        ctx, view = await open_page(app)
        try:
            await view.click("#inc")
            (package / "helper.py").write_text(HELPER.format(badge="total "))
            assert reloader.code_changed([package / "helper.py"])
            await view.settle()
            assert view.find("#badge").text == "total 1"
            assert view.find("#value").text == "1"
        finally:
            await ctx.__aexit__(None, None, None)
    finally:
        for name in [n for n in sys.modules if n == "reloadpkg" or n.startswith("reloadpkg.")]:
            del sys.modules[name]


async def test_a_save_that_fixes_a_part_an_error_boundary_replaced_shows_that_part_again(app_dir: Path) -> None:
    # As React's Fast Refresh retries a boundary: the fallback was for the old code.
    bounded = APP.format(label="Count").replace(
        "app = pl.App(Counter", "app = pl.App(lambda: pl.ErrorBoundary(Counter(), fallback=h.p('failed', id='fb'))"
    )
    (app_dir / "reload_me.py").write_text(bounded)
    target, app = load(str(app_dir / "reload_me.py"))
    reloader = Reloader(target, app)
    ctx, view = await open_page(app)
    try:
        (app_dir / "helper.py").write_text(HELPER.format(badge="n=").replace("seen, set_seen", "1 / 0\n    seen, set_seen"))
        reloader.code_changed([app_dir / "helper.py"])
        await view.settle()
        assert view.find("#fb")
        (app_dir / "helper.py").write_text(HELPER.format(badge="fixed "))
        assert reloader.code_changed([app_dir / "helper.py"])
        await view.settle()
        assert view.find("#badge").text == "fixed 0"
    finally:
        await ctx.__aexit__(None, None, None)
