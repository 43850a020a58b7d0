"""What every demo in demos/ shares: an app with a title and a description, a stylesheet in the
page's head, no sys.path tricks, and a test file of its own (tests/demos/test_<demo>.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from demo_loader import DEMOS, load_demo, load_demo_with_local_pubsub

import pylive as pl

NAMES = sorted(p.stem for p in DEMOS.glob("*.py") if not p.stem.startswith("_"))


def test_the_demos_are_found() -> None:
    assert {"counter", "showcase", "chat"} <= set(NAMES)


def test_every_demo_has_an_app_a_title_and_a_description() -> None:
    for path in sorted(DEMOS.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        module = load_demo(path.stem)
        assert isinstance(module.app, pl.App), path.name
        assert module.app.title and module.app.title != "pylive", path.name
        assert (module.__doc__ or "").strip(), f"{path.name} has no docstring to describe it"


def test_no_demo_touches_sys_path_or_is_named_like_what_demos_import() -> None:
    # Run as a script, a demo's folder comes first on sys.path: a demo named like a package the
    # demos import (as `components` was) would shadow it, and a demo that edits sys.path to get
    # around that would be copied with it.
    demos = [p for p in sorted(DEMOS.glob("*.py")) if not p.stem.startswith("_")]
    imported = set()
    for path in demos:
        source = path.read_text()
        assert "sys.path" not in source, path.name
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                imported |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.partition(".")[0])
    assert {"components", "pylive"} <= imported
    assert {p.stem for p in demos} & imported == set()


def test_every_demo_has_a_test_file_of_its_own() -> None:
    here = Path(__file__).resolve().parent
    assert [name for name in NAMES if not (here / f"test_{name}.py").is_file()] == []


@pytest.mark.parametrize("name", NAMES)
async def test_every_demo_styles_its_page_from_the_head(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Through `pl.App(head=[...])`, not a <style> in the component tree: the stylesheet is sent
    # once with the page, never re-rendered or diffed.
    app = load_demo_with_local_pubsub(name, monkeypatch).app
    response = await app.test_client().get("/")
    assert response.status_code == 200
    head, _, body = (await response.get_data(as_text=True)).partition("</head>")
    assert head.count("<style>") == 1 and "</style>" in head, name
    assert "<style" not in body, name
