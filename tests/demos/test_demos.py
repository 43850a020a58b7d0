"""Each demo's main interaction, driven in-process through pylive.testing (no browser)."""

from __future__ import annotations

import ast
import json
from types import ModuleType

import pytest
from demo_loader import DEMOS, load_demo, load_demo_with_local_pubsub

import pylive as pl
from pylive.testing import render


@pytest.fixture(scope="module")
def counter() -> ModuleType:
    return load_demo("counter")


@pytest.fixture(scope="module")
def todo() -> ModuleType:
    return load_demo("todo")


@pytest.fixture(scope="module")
def form() -> ModuleType:
    return load_demo("form")


@pytest.fixture(scope="module")
def bigtable() -> ModuleType:
    return load_demo("bigtable")


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


@pytest.mark.parametrize("name", sorted(p.stem for p in DEMOS.glob("*.py") if not p.stem.startswith("_")))
async def test_every_demo_styles_its_page_from_the_head(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Through `pl.App(head=[...])`, not a <style> in the component tree: the stylesheet is sent
    # once with the page, never re-rendered or diffed.
    app = load_demo_with_local_pubsub(name, monkeypatch).app
    response = await app.test_client().get("/")
    assert response.status_code == 200
    head, _, body = (await response.get_data(as_text=True)).partition("</head>")
    assert head.count("<style>") == 1 and "</style>" in head, name
    assert "<style" not in body, name


async def test_counter_counts_up_and_down(counter: ModuleType) -> None:
    async with render(counter.Counter()) as view:
        assert view.find("#value").text == "0"
        await view.click("#inc")
        await view.click("#inc")
        assert view.find("#value").text == "2"
        await view.click("#dec")
        assert view.find("#value").text == "1"
        # Each click is answered by one message carrying one text op.
        last = json.loads(view.frames[-1])
        assert last[2:] == [[0, last[2][1], 0, "1"]]


async def test_todo_add_complete_filter_edit_delete(todo: ModuleType) -> None:
    async with render(todo.Todo(initial=("one", "two"))) as view:
        assert [n.text for n in view.find_all("#items .title")] == ["one", "two"]
        assert view.find("#count").text == "2 items left"

        await view.input("#new-title", "three")
        await view.submit("#new-todo", {"title": "three"})
        assert [n.text for n in view.find_all("#items .title")] == ["one", "two", "three"]
        assert view.find("#new-title").attrs.get("value", "") == ""
        assert view.find("#count").text == "3 items left"

        await view.change("#items .toggle", True)
        assert view.find("#count").text == "2 items left"
        assert "done" in view.find("#items li").attrs["class"]

        await view.click("#filter-active")
        assert [n.text for n in view.find_all("#items .title")] == ["two", "three"]
        await view.click("#filter-completed")
        assert [n.text for n in view.find_all("#items .title")] == ["one"]
        await view.click("#filter-all")

        # Edit in place: double-click, type, Enter.
        await view.dispatch("#items .title", "dblclick")
        edit = view.find("#items .edit")
        assert edit.attrs["value"] == "one"
        await view.dispatch("#items .edit", "keydown", key="Enter", value="first")
        assert [n.text for n in view.find_all("#items .title")] == ["first", "two", "three"]

        await view.click("#clear")
        assert [n.text for n in view.find_all("#items .title")] == ["two", "three"]
        await view.click("#items .delete")
        assert [n.text for n in view.find_all("#items .title")] == ["three"]
        assert view.find("#count").text == "1 item left"


async def test_todo_keyed_rows_keep_their_nodes(todo: ModuleType) -> None:
    async with render(todo.Todo(initial=("a", "b", "c"))) as view:
        ids = [n.attrs["data-pl"] for n in view.find_all("#items li")]
        await view.click("#items .delete")  # deletes "a"
        assert [n.attrs["data-pl"] for n in view.find_all("#items li")] == ids[1:]


async def test_form_validates_as_you_type_and_enables_submit(form: ModuleType) -> None:
    async with render(form.SignUp()) as view:
        assert "disabled" in view.find("#submit").attrs
        # No error before the user has typed in a field.
        assert view.find("#username-error").text == ""

        await view.input("#username", "admin")
        assert view.find("#username-error").text == "admin is taken."
        assert view.find("#username").attrs["aria-invalid"] == "true"
        assert view.find("#email-error").text == ""  # untouched

        await view.input("#username", "ada_l")
        assert view.find("#username-error").text == ""
        await view.input("#email", "ada@")
        assert "email address" in view.find("#email-error").text
        await view.input("#email", "ada@example.com")
        await view.input("#password", "short")
        assert view.find("#password-error").text == "At least 8 characters."
        await view.input("#password", "analytical9")
        await view.input("#confirm", "analytical")
        assert view.find("#confirm-error").text == "The passwords do not match."
        assert "disabled" in view.find("#submit").attrs

        await view.input("#confirm", "analytical9")
        assert all(view.find(f"#{f}-error").text == "" for f in form.FIELDS)
        assert "disabled" not in view.find("#submit").attrs

        await view.submit("#signup")
        assert view.find("#welcome").text == "Welcome, ada_l! Your account is ready."


async def test_form_binding_carries_the_debounce(form: ModuleType) -> None:
    async with render(form.SignUp()) as view:
        assert view.find("#email").attrs["data-pl-on"] == f"input|d{form.DEBOUNCE_MS}"


async def test_form_refuses_a_bad_submit(form: ModuleType) -> None:
    async with render(form.SignUp()) as view:
        await view.submit("#signup", {"username": "x", "email": "nope", "password": "1", "confirm": "2"})
        assert view.find("#username-error").text.startswith("3 to 20")
        assert view.find("#email-error").text
        with pytest.raises(LookupError):
            view.find("#welcome")


async def test_bigtable_sorts_filters_and_pages(bigtable: ModuleType) -> None:
    async with render(bigtable.BigTable()) as view:
        def column(i: int) -> list[str]:
            return [[c for c in row.elements() if c.tag == "td"][i].text for row in view.find_all("#rows tr")]

        assert column(0) == [str(i) for i in range(1, 21)]
        assert view.find("#page").text == "Page 1 of 5,000"
        assert view.find("#matching").text == "100,000 matching"

        await view.click("#next")
        assert column(0) == [str(i) for i in range(21, 41)]
        await view.click("#prev")

        await view.click("#sort-score")
        scores = [float(s) for s in column(4)]
        assert scores == sorted(scores) and scores[0] <= 0.01
        await view.click("#sort-score")
        scores = [float(s) for s in column(4)]
        assert scores == sorted(scores, reverse=True) and scores[0] >= 99.99

        await view.click("#sort-name")
        names = column(1)
        assert names == sorted(names)

        await view.input("#filter", "kyoto")
        assert set(column(2)) == {"Kyoto"}
        matching = int(view.find("#matching").text.split()[0].replace(",", ""))
        assert 3000 < matching < 7000
        assert view.find("#page").text == f"Page 1 of {-(-matching // bigtable.PAGE_SIZE):,}"

        await view.input("#filter", "no such thing")
        assert view.find_all("#rows tr") == []
        assert view.find("#page").text == "Page 1 of 1"
        assert "disabled" in view.find("#next").attrs


async def test_bigtable_each_interaction_is_one_small_message(bigtable: ModuleType) -> None:
    async with render(bigtable.BigTable()) as view:
        for action in (view.click("#next"), view.click("#sort-age"), view.input("#filter", "ada")):
            before = len(view.frames)
            await action
            sent = view.frames[before:]
            assert len(sent) == 1
            assert len(sent[0]) < 4096, len(sent[0])
