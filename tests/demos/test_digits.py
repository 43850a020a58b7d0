"""The digit reader through pylive.testing: strokes become the 8x8 input, drawings are predicted in
a worker thread, bad drawings are refused, each view is its own, and without scikit-learn the page
says how to install it."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest
from demo_loader import load_demo

from pylive.testing import render

ONE = [[128, 30, 128, 225]]
SEVEN = [[60, 40, 190, 40, 110, 225]]
ZERO = [[128, 30, 70, 70, 60, 128, 70, 190, 128, 225, 185, 190, 195, 128, 185, 70, 128, 30]]


@pytest.fixture(scope="module")
def digits() -> ModuleType:
    module = load_demo("digits")
    module.model_future.result(timeout=300)
    return module


def bars(view) -> dict[str, str]:
    return dict(t.text.split(": ") for t in view.find_all("#probabilities rect title"))


def test_a_stroke_becomes_the_8x8_image_the_digits_were_made_of(digits) -> None:
    pixels = digits.features(ONE)
    assert pixels.shape == (64,) and pixels.min() >= 0 and 0 < pixels.max() <= 16
    image = pixels.reshape(8, 8)
    assert (image[:, 3:5].sum(axis=1) > 0).all()  # a vertical bar down the middle, top to bottom
    assert image[:, :2].sum() == 0 and image[:, 6:].sum() == 0
    # Where and how large it is drawn does not matter: it is scaled to fill the bitmap, centred.
    assert (digits.features([[20, 10, 20, 110]]) == pixels).all()


@pytest.mark.parametrize(
    "payload",
    [
        None,
        {"strokes": "1"},
        {"strokes": [[1, 2, 3]]},
        {"strokes": [[]]},
        {"strokes": [[1.5, 2]]},
        {"strokes": [[256, 0]]},
        {"strokes": [[True, 0]]},
        {"strokes": [[0, 0]] * 65},
        {"strokes": [[0, 0] * 4097]},
    ],
)
def test_a_drawing_that_is_not_one_is_refused(digits, payload) -> None:
    with pytest.raises(ValueError):
        digits.parse_strokes(payload)


def test_the_model_reads_drawn_digits(digits) -> None:
    for strokes, digit in ((ONE, 1), (SEVEN, 7), (ZERO, 0)):
        _, probabilities = digits.predict(strokes)
        assert max(range(10), key=probabilities.__getitem__) == digit
        assert sum(probabilities) == pytest.approx(1, abs=1e-3)


async def test_drawing_shows_the_guess_its_probabilities_and_input_per_view(digits) -> None:
    async with render(digits.Digits()) as a, render(digits.Digits()) as b:
        assert a.find("#guess").text == "?"
        await a.dispatch("#pad", "draw", payload={"strokes": SEVEN})
        assert a.find("#guess").text == "7" and a.find("#guess").attrs["data-points"] == "3"
        assert bars(a)["7"] not in ("0%", "1%") and "sure" in a.find("#confidence").text
        assert len(a.find_all("#pixels i")) == 64
        assert b.find("#guess").text == "?"  # the other view has its own drawing
        await b.dispatch("#pad", "draw", payload={"strokes": ZERO})
        assert b.find("#guess").text == "0" and a.find("#guess").text == "7"
        await a.click("#clear")
        assert a.find("#guess").text == "?" and '"clear"' in a.frames[-1]


async def test_a_bad_drawing_is_an_error_and_loses_nothing(digits) -> None:
    async with render(digits.Digits()) as view:
        await view.dispatch("#pad", "draw", payload={"strokes": ONE})
        with pytest.raises(ValueError, match="at most 64 strokes"):
            await view.dispatch("#pad", "draw", payload={"strokes": [[1, 1]] * 100})
        assert view.find("#guess").text == "1"
        await view.dispatch("#pad", "draw", payload={"strokes": SEVEN})
        assert view.find("#guess").text == "7"


def test_the_model_is_cached_after_training(digits, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    trained = []
    monkeypatch.setattr(digits, "train", lambda: trained.append(1) or {"weights": [1, 2, 3]})
    assert digits.load_or_train() == {"weights": [1, 2, 3]}
    assert digits.cache_file().is_file() and str(digits.cache_file()).startswith(str(tmp_path))
    assert digits.load_or_train() == {"weights": [1, 2, 3]}
    assert trained == [1]  # the second came from the cache
    digits.cache_file().write_bytes(b"not a pickle")
    assert digits.load_or_train() == {"weights": [1, 2, 3]} and trained == [1, 1]


async def test_without_scikit_learn_the_page_says_how_to_install_it(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # its import fails, as when it is not installed
    module = load_demo("digits")
    assert module.model_future is None
    response = await module.app.test_client().get("/")
    assert response.status_code == 200
    page = await response.get_data(as_text=True)
    assert "scikit-learn is not installed" in page and "pip install &#39;pylive[ml]&#39;" in page
