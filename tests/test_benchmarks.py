"""Every benchmark runs once in its quick mode, so that none of them rots.

Their figures are printed, never asserted: timings belong to benchmarks, not to tests.
"""

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).parent.parent / "benchmarks").glob("*.py"))


def test_there_are_benchmarks():
    expected = {"reconcile", "load", "client", "library", "fanout", "abuse", "jsfb", "upload", "inference", "stream"}
    expected |= {"commands", "dashboard", "state"}
    assert {p.stem for p in BENCHMARKS} >= expected


@pytest.mark.parametrize("script", BENCHMARKS, ids=lambda p: p.stem)
def test_benchmark_runs_in_quick_mode(script):
    result = subprocess.run(
        [sys.executable, str(script), "--quick"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=script.parent.parent,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "|" in result.stdout or "ms" in result.stdout, result.stdout  # it printed its figures
