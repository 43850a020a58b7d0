"""The README's test example passes under plain `pytest` in a fresh folder (no pytest configuration),
through the pytest plugin pylive installs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )


def test_the_readme_tutorial_test_runs_under_plain_pytest(tmp_path: Path) -> None:
    (tmp_path / "todo.py").write_text(next(b for b in BLOCKS if "def Todo()" in b))
    (tmp_path / "test_todo.py").write_text(next(b for b in BLOCKS if "from todo import Todo" in b))
    result = run_pytest(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    # Without the plugin pytest refuses the coroutine: the plugin is what makes it pass.
    assert run_pytest(tmp_path, "-p", "no:pylive").returncode != 0


def test_an_async_test_that_fails_fails(tmp_path: Path) -> None:
    (tmp_path / "test_wrong.py").write_text(
        "import asyncio\n\nasync def test_wrong():\n    await asyncio.sleep(0)\n    assert 1 == 2\n"
    )
    result = run_pytest(tmp_path)
    assert result.returncode == 1 and "1 failed" in result.stdout, result.stdout
