"""The model explorer through pylive.testing: a run trains epoch by epoch in the background with its
progress, curves and confusion matrix shown, lands in the results table, and can be cancelled."""

from __future__ import annotations

import asyncio
import re
import sys
import time
from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render


@pytest.fixture(scope="module")
def explorer() -> ModuleType:
    return load_demo("explorer")


async def until(view, predicate, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"{what}; the status says {view.find('#status').text!r}"
        await asyncio.sleep(0.05)
        await view.settle()


def result_rows(view) -> list[list[str]]:
    return [[td.text for td in tr.find_all("td")] for tr in view.find_all("#results tbody tr") if tr.find_all("td")]


async def test_a_run_trains_in_the_background_and_lands_in_the_results(explorer) -> None:
    async with render(explorer.Explorer()) as view:
        await view.change("#dataset-control", "wine")
        await view.input("#epochs-control", "5")
        await view.input("#hidden-control", "8")
        await view.click("#train")
        assert view.find("#train").attrs.get("disabled") is not None  # one run at a time
        await until(view, lambda: view.find("#status").text.startswith("Last run"), "the run never finished")
        assert view.find("#status").text.startswith("Last run: 5 epochs, test accuracy")
        assert "100%" in view.find("#progress").text
        assert len(view.find_all("#confusion tbody tr")) == 3  # wine has three classes
        counts = [int(td.text) for td in view.find_all("#confusion tbody td")]
        assert sum(counts) == 45  # a quarter of the 178 wines is the test set
        rows = result_rows(view)
        assert len(rows) == 1 and rows[0][:3] == ["1", "wine", "8"] and rows[0][5] == "5/5" and rows[0][-1] == "done"
        assert view.find("#cancel").attrs.get("disabled") is not None


def past_epoch(status: str, n: int) -> bool:
    found = re.search(r"epoch (\d+) of 300", status)
    return found is not None and int(found[1]) >= n


async def test_a_run_can_be_cancelled_and_stops(explorer) -> None:
    async with render(explorer.Explorer()) as view:
        await view.input("#epochs-control", "300")
        await view.input("#hidden-control", "256")
        await view.click("#train")
        # Epochs are shown as they come, not one by one: any past the second will do.
        await until(view, lambda: past_epoch(view.find("#status").text, 2), "no progress shown")
        await view.click("#cancel")
        status = view.find("#status").text
        assert status.startswith("Run 1 cancelled after"), status
        rows = result_rows(view)
        assert len(rows) == 1 and rows[0][-1] == "cancelled"
        epochs = rows[0][5]
        await asyncio.sleep(1)
        await view.settle()
        assert view.find("#status").text == status  # nothing trains any more
        assert view.find("#train").attrs.get("disabled") is None
        assert result_rows(view)[0][5] == epochs


async def test_without_scikit_learn_the_page_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # its import fails, as when it is not installed
    module = load_demo("explorer")
    response = await module.app.test_client().get("/")
    assert response.status_code == 200
    page = await response.get_data(as_text=True)
    assert "scikit-learn is not installed" in page and "pip install &#39;pylive[ml]&#39;" in page
