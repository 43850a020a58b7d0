"""The wheel ships every module, the client runtime and stylesheets, and the demos."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_wheel_has_every_module_and_asset(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("pylive-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {str(p.relative_to(ROOT)) for folder in ("pylive", "components") for p in (ROOT / folder).rglob("*.py")}
    expected |= {f"pylive/assets/{p.name}" for p in (ROOT / "assets").iterdir() if p.suffix in (".js", ".css")}
    expected |= {f"pylive_demos/{p.name}" for p in (ROOT / "demos").glob("*.py")}
    expected |= {f"pylive_demos/thumbnails/{p.name}" for p in (ROOT / "demos" / "thumbnails").glob("*.png")}
    assert expected - names == set()
    assert any(n.endswith("entry_points.txt") for n in names)
