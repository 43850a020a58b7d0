"""The to-do demo through pylive.testing: add, complete, filter, edit in place, delete; keyed rows."""

from __future__ import annotations

from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render


@pytest.fixture(scope="module")
def todo() -> ModuleType:
    return load_demo("todo")


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


async def test_todo_escape_cancels_an_edit_and_an_emptied_title_deletes(todo: ModuleType) -> None:
    async with render(todo.Todo(initial=("one", "two"))) as view:
        await view.dispatch("#items .title", "dblclick")
        await view.dispatch("#items .edit", "keydown", key="Escape", value="changed")
        assert [n.text for n in view.find_all("#items .title")] == ["one", "two"]
        assert view.find_all("#items .edit") == []

        await view.dispatch("#items .title", "dblclick")
        await view.dispatch("#items .edit", "keydown", key="Enter", value="   ")
        assert [n.text for n in view.find_all("#items .title")] == ["two"]
        assert view.find("#count").text == "1 item left"


async def test_todo_an_empty_title_is_not_added_and_clear_waits_for_a_done_item(todo: ModuleType) -> None:
    async with render(todo.Todo(initial=("one",))) as view:
        assert "disabled" in view.find("#clear").attrs
        await view.submit("#new-todo", {"title": "   "})
        assert [n.text for n in view.find_all("#items .title")] == ["one"]
        assert view.find("#filter-all").attrs["aria-pressed"] == "true"
        await view.click("#filter-completed")
        assert view.find("#filter-all").attrs["aria-pressed"] == "false"
        assert view.find("#filter-completed").attrs["aria-pressed"] == "true"
        assert view.find_all("#items li") == []
        await view.click("#filter-all")
        await view.change("#items .toggle", True)
        assert "disabled" not in view.find("#clear").attrs


def test_todo_reducer_refuses_an_unknown_action(todo: ModuleType) -> None:
    with pytest.raises(ValueError, match="unknown action 'explode'"):
        todo.reducer((), ("explode",))
