"""The documentation site builds in strict mode (a broken link, a missing docstring or a page
outside the nav fails), with a reference page per stock component showing its parameters, its
example and its picture, and the tutorial's code runs as written."""

from __future__ import annotations

import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

import pylive as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))
from examples import EXAMPLES, build  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_every_stock_component_has_a_page_with_its_parameters(site: Path) -> None:
    import components

    names = [n for n in components.__all__ if isinstance(getattr(components, n), pl.Component)]
    assert len(names) > 30
    for name in names:
        page = (site / "reference" / "components" / name / "index.html").read_text(encoding="utf-8")
        assert "Parameters" in page, name
        first = next(iter(getattr(components, name).__signature__.parameters))
        assert f"<code>{first}</code>" in page or f"<code>*{first}</code>" in page, name
    index = (site / "reference" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="components/{name}/"' in index for name in names)


def test_each_example_is_shown_with_its_picture(site: Path) -> None:
    for name in EXAMPLES:
        page = (site / "reference" / "components" / name / "index.html").read_text(encoding="utf-8")
        assert f"images/components/{name}.png" in page, f"{name} has no picture: run docs/screenshots.py --components"
        assert (site / "images" / "components" / f"{name}.png").is_file()
        assert "Example" in page


async def test_every_example_renders() -> None:
    from pylive.testing import render

    for name in EXAMPLES:
        async with render(build(name)) as view:
            assert view.html().strip(), name


def test_the_demos_page_shows_every_demo_wide_and_narrow(site: Path) -> None:
    page = (site / "demos" / "index.html").read_text(encoding="utf-8")
    for demo in sorted((ROOT / "demos").glob("*.py")):
        if demo.stem.startswith("_"):
            continue
        assert f"demos/{demo.stem}-1280-light.png" in page, demo.stem
        assert f"demos/{demo.stem}-390-dark.png" in page, demo.stem


async def test_the_tutorial_code_runs_as_written() -> None:
    from pylive.testing import render

    text = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    app = types.ModuleType("todo")
    exec(compile(next(b for b in blocks if "def Todo()" in b), "tutorial:todo", "exec"), app.__dict__)
    sys.modules["todo"] = app
    try:
        test = types.ModuleType("tutorial_test")
        exec(compile(next(b for b in blocks if "from todo import Todo" in b), "tutorial:test", "exec"), test.__dict__)
        await test.test_add()
    finally:
        sys.modules.pop("todo", None)
    assert isinstance(app.app, pl.App)
    async with render(app.Todo()):
        pass


def test_every_public_name_of_pylive_is_in_the_api_reference() -> None:
    # A newcomer found use_async, use_stream, use_upload, flash, download and pl.js missing.
    listed = set(re.findall(r"^::: pylive\.(\w+)", (ROOT / "docs" / "reference" / "pylive.md").read_text(), re.M))
    assert [n for n in pl.__all__ if n not in listed and n != "__version__"] == []


def test_the_stock_components_helpers_have_a_page(site: Path) -> None:
    import components

    page = (site / "reference" / "components-helpers" / "index.html").read_text(encoding="utf-8")
    others = [n for n in components.__all__ if not isinstance(getattr(components, n), pl.Component)]
    assert others and all(f'id="components.{name}"' in page for name in others)
