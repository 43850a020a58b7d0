"""The log viewer demo through pylive.testing: follows new lines, filters, pauses, scrolls back into history."""

from __future__ import annotations

from types import ModuleType

import pytest
from demo_loader import load_demo_with_local_pubsub

from pylive.testing import render


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    return load_demo_with_local_pubsub("logs", monkeypatch)


def ids(view) -> list[int]:
    return [int(li.attrs["id"].removeprefix("line-")) for li in view.find_all("#feed li.line")]


async def settle(view) -> None:
    for _ in range(3):
        await view.settle()


async def test_it_shows_the_newest_lines_and_follows_new_ones(logs: ModuleType) -> None:
    async with render(logs.Viewer(simulate=False)) as view:
        shown = ids(view)
        assert len(shown) == logs.WINDOW and shown[-1] == logs.log.entries[-1].id
        entry = logs.log.write()
        await settle(view)
        shown = ids(view)
        assert shown[-1] == entry.id and len(shown) == logs.WINDOW  # the oldest left the page
        assert view.find(f"#line-{entry.id} .text").text == entry.text


async def test_filters_show_only_matching_lines(logs: ModuleType) -> None:
    async with render(logs.Viewer(simulate=False)) as view:
        await view.change("#level-control", "error")
        await settle(view)
        levels = {li.text for li in view.find_all("#feed .level")}
        assert levels == {"error"}
        await view.change("#level-control", "all")
        await view.input("#query-control", "cache miss")
        await settle(view)
        texts = [li.text for li in view.find_all("#feed .text")]
        assert texts and all("cache miss" in t for t in texts)


async def test_paused_it_counts_new_lines_and_resuming_shows_them(logs: ModuleType) -> None:
    async with render(logs.Viewer(simulate=False)) as view:
        await view.click("#pause")
        await settle(view)
        before = ids(view)
        logs.log.write()
        logs.log.write()
        await settle(view)
        assert ids(view) == before and "2 new lines" in view.find("#status").text
        await view.click("#pause")
        await settle(view)
        assert ids(view)[-1] == logs.log.entries[-1].id and "following" in view.find("#status").text


async def test_reaching_the_top_loads_older_lines_and_pauses(logs: ModuleType) -> None:
    async with render(logs.Viewer(simulate=False)) as view:
        first = ids(view)[0]
        await view.dispatch("#feed .pl-feed-top", "viewport_enter")
        await settle(view)
        shown = ids(view)
        assert len(shown) == logs.WINDOW + logs.PAGE
        assert shown[: logs.PAGE] == list(range(first - logs.PAGE, first))
        assert "Paused" in view.find("#status").text
        await view.dispatch("#feed .pl-feed-top", "viewport_enter")
        await settle(view)
        assert len(ids(view)) == logs.WINDOW + 2 * logs.PAGE


async def test_filters_that_match_nothing_say_so_until_a_line_matches(logs: ModuleType) -> None:
    async with render(logs.Viewer(simulate=False)) as view:
        assert view.find_all("#empty") == []
        await view.input("#query-control", "zebra crossing")
        await settle(view)
        assert ids(view) == [] and view.find("#empty").text == "No lines match these filters yet."
        entry = logs.Entry(10**6, 0.0, "info", "web", "a zebra crossing was seen")
        logs.log.entries.append(entry)
        logs.pl.broadcast_nowait(logs.TOPIC, entry)
        await settle(view)
        assert ids(view) == [entry.id] and view.find_all("#empty") == []
