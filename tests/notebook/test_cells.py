"""Outside a kernel: nothing is registered, and `show` says what is missing rather than failing oddly."""

import subprocess
import sys

from pylive.notebook import cells


def test_outside_a_kernel_the_display_hook_is_not_registered() -> None:
    assert cells.register() is False
    assert cells._current_run() == (None, None)


def test_importing_pylive_outside_a_kernel_does_not_import_the_widget_library() -> None:
    code = "import sys, pylive, pylive.notebook; print('anywidget' in sys.modules, 'ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_without_the_widget_library_show_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "anywidget", None)  # an import of it fails, as when not installed
    monkeypatch.delitem(sys.modules, "pylive.notebook.widget", raising=False)
    try:
        cells.widget_for(None)
    except ImportError as exc:
        assert "pip install 'pylive[notebook]'" in str(exc)
    else:
        raise AssertionError("no ImportError")


def test_show_says_what_is_wrong_with_a_mistaken_call() -> None:
    import pytest

    import pylive as pl
    import pylive.notebook
    from pylive import html as h

    @pl.component
    def Counter():
        return h.p("0")

    with pytest.raises(TypeError, match=r"show\(Counter\) got the component itself; call it: show\(Counter\(\)\)"):
        pylive.notebook.show(Counter)
    with pytest.raises(RuntimeError, match=r"needs a Jupyter kernel.*pl.run\(pl.App"):
        pylive.notebook.show(Counter())
