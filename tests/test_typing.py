"""The public surface is typed: mypy and pyright accept the demos and report each deliberate mistake.

`tests/typing/mistakes.py` marks every line a checker must flag with `# error`; each checker must
report exactly those lines (a missing report is a prop or tag the types no longer check; an extra
one is a false alarm a user would see).

The demos pass `mypy --strict`: a user who copies one into a strictly checked project gets no error,
and a pylive type that strict mode cannot use (a hook or `pl.component` losing a signature) shows up
here. The README's and the tutorial's apps are checked without `--strict`: they are kept short on
purpose (a component without `-> pl.Element`, as a first example reads best), and strict mode
reports only those missing annotations; their calls into pylive are checked all the same.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MISTAKES = ROOT / "tests" / "typing" / "mistakes.py"
#: The ML demos lean on scikit-learn and numpy, optional and without type information of their own:
#: they are checked by their tests, not here.
UNTYPED_DEPENDENCIES = {"digits.py", "explorer.py"}
DEMOS = sorted(str(p) for p in (ROOT / "demos").glob("*.py") if p.name not in UNTYPED_DEPENDENCIES)


@pytest.fixture(scope="module")
def readme_apps(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The README's and the tutorial's complete apps (a block with `import pylive` and `pl.App`), as files."""
    folder = tmp_path_factory.mktemp("readme")
    paths = []
    for source in ("README.md", "docs/tutorial.md"):
        blocks = re.findall(r"```python\n(.*?)```", (ROOT / source).read_text(encoding="utf-8"), re.S)
        for i, block in enumerate(b for b in blocks if "import pylive as pl" in b and "pl.App(" in b):
            path = folder / f"{Path(source).stem.lower()}_{i}.py"
            path.write_text(block, encoding="utf-8")
            paths.append(str(path))
    assert len(paths) >= 3
    return paths


def marked_lines() -> set[int]:
    lines = MISTAKES.read_text(encoding="utf-8").splitlines()
    return {n for n, line in enumerate(lines, 1) if line.rstrip().endswith("# error")}


def mypy(*paths: str, strict: bool = False) -> dict[str, set[int]]:
    """Errors by file: `--follow-imports=silent` reports the files given, as for an installed package."""
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    args = [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent", "--show-error-codes"]
    if strict:
        args.append("--strict")
    out = subprocess.run([*args, *paths], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode in (0, 1), out.stdout + out.stderr
    errors: dict[str, set[int]] = {}
    for match in re.finditer(r"^(.+?\.py):(\d+): error:", out.stdout, re.M):
        errors.setdefault(str((ROOT / match[1]).resolve()), set()).add(int(match[2]))
    return errors


def pyright(*paths: str) -> dict[str, set[int]]:
    """Errors by file, from pyright's JSON output."""
    args = [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable]
    out = subprocess.run([*args, *paths], cwd=ROOT, capture_output=True, text=True, timeout=600)
    report = json.loads(out.stdout)
    errors: dict[str, set[int]] = {}
    for diag in report["generalDiagnostics"]:
        if diag["severity"] == "error":
            errors.setdefault(str(Path(diag["file"]).resolve()), set()).add(diag["range"]["start"]["line"] + 1)
    return errors


def test_mypy_reports_exactly_the_marked_mistakes() -> None:
    assert mypy(str(MISTAKES), strict=True).get(str(MISTAKES), set()) == marked_lines()


def test_pyright_reports_exactly_the_marked_mistakes() -> None:
    assert pyright(str(MISTAKES)).get(str(MISTAKES), set()) == marked_lines()


def test_the_demos_type_check_with_mypy_strict() -> None:
    assert mypy(*DEMOS, strict=True) == {}


def test_the_readme_type_checks_with_mypy(readme_apps: list[str]) -> None:
    assert mypy(*readme_apps) == {}


def test_the_demos_and_the_readme_type_check_with_pyright(readme_apps: list[str]) -> None:
    assert pyright(*DEMOS, *readme_apps) == {}
