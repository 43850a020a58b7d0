"""Generate the API reference at every `mkdocs build`: a page per stock component, from its
signature and docstring, with its example (`docs/examples.py`) and the picture of it.

An mkdocs hook (mkdocs.yml `hooks:`): it adds the pages as generated files and lists them in the
nav, so a component added to `components/` gets its page with no edit here. A stock component
without a docstring fails the build.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _importable() -> None:
    # mkdocs loads this hook with its folder on sys.path only while loading it: the pages are made
    # later, and import the project and docs/examples.py.
    for folder in (str(ROOT), str(HERE)):
        if folder not in sys.path:
            sys.path.insert(0, folder)

#: The groups of the reference index, by the module a component comes from.
GROUPS = {
    "inputs": "Inputs", "choices": "Inputs", "form": "Forms", "field": "Forms", "buttons": "Buttons",
    "table": "Data", "pagination": "Data", "charts": "Charts", "feedback": "Feedback",
    "overlays": "Overlays", "layout": "Layout", "disclosure": "Layout", "content": "Content",
}


def stock_components() -> list[tuple[str, Any]]:
    """Every stock component exported by `components`, by name."""
    import components
    import pylive as pl

    found = [(name, getattr(components, name)) for name in components.__all__]
    return [(name, obj) for name, obj in found if isinstance(obj, pl.Component)]


def stock_helpers() -> list[str]:
    """The other names `components` exports: the data its components take (ChatMessage, Column),
    validators, and hooks (use_toasts)."""
    import components
    import pylive as pl

    return sorted(n for n in components.__all__ if not isinstance(getattr(components, n), pl.Component))


def helpers_page() -> str:
    lines = [
        "# Component helpers",
        "",
        "What the stock components take and come with, besides the components: the records of their",
        "data (`ChatMessage`, `Column`, `ToastItem`, ...), the validators of `Form`, and their hooks.",
        "",
    ]
    for name in stock_helpers():
        lines += [f"::: components.{name}", ""]
    return "\n".join(lines)


def group_of(obj: Any) -> str:
    module = getattr(obj, "__module__", "") or ""
    for part, group in GROUPS.items():
        if f".{part}" in module:
            return group
    return "Other"


def _type_text(annotation: Any) -> str:
    if annotation is inspect.Parameter.empty:
        return ""
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return f"`{text}`"


def parameters_table(obj: Any) -> str:
    """The component's props as a Markdown table: name, type, default."""
    rows = ["| parameter | type | default |", "|---|---|---|"]
    for p in inspect.signature(obj.fn).parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            name = f"`*{p.name}`"
        elif p.kind is p.VAR_KEYWORD:
            name = f"`**{p.name}`"
        else:
            name = f"`{p.name}`"
        if p.default is p.empty:
            default = "required" if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) else ""
        else:
            default = f"`{p.default!r}`"
        rows.append(f"| {name} | {_type_text(p.annotation)} | {default} |")
    rows.append("| `key` | `Hashable` | `None` |")
    return "\n".join(rows)


def component_page(name: str, obj: Any) -> str:
    from examples import EXAMPLES

    doc = inspect.getdoc(obj.fn)
    if not doc:
        raise PluginError(f"components.{name} has no docstring: say what it is for, with a short example")
    summary, _, rest = doc.partition("\n")
    lines = [f"# {name}", "", summary.strip(), ""]
    picture = HERE / "images" / "components" / f"{name}.png"
    if picture.is_file():
        lines += [f"![{name}, as drawn by Chromium](../../images/components/{name}.png)", ""]
    if name in EXAMPLES:
        lines += ["## Example", "", "```python", f"from components import {name}", "", EXAMPLES[name], "```", ""]
    lines += ["## Parameters", "", parameters_table(obj), ""]
    lines += [
        "Every stock component also takes `class_`, `id`, `style` and `data_*`/`aria_*` attributes for its",
        "outer element, and `key=` to identify it among its siblings.",
        "",
    ]
    if rest.strip():
        lines += ["## Details", "", inspect.cleandoc(rest), ""]
    module = obj.fn.__module__
    lines += [f"Defined in `{module}`.", ""]
    return "\n".join(lines)


def index_page(found: list[tuple[str, Any]]) -> str:
    lines = [
        "# API reference",
        "",
        "- [pylive](pylive.md): `pl.App`, `@pl.component`, hooks, events, navigation, `pl.run`.",
        "- [pylive.testing](testing.md): `render`, `LiveServer`, `launch_chromium`.",
        "- [Component helpers](components-helpers.md): the data the stock components take",
        "  (`ChatMessage`, `Column`, `ToastItem`), `Form`'s validators and hooks such as `use_toasts`.",
        "- The stock components (`from components import ...`), a page each with its parameters, an",
        "  example and a picture taken in Chromium:",
        "",
    ]
    groups: dict[str, list[str]] = {}
    for name, obj in found:
        summary = (inspect.getdoc(obj.fn) or "").partition("\n")[0]
        groups.setdefault(group_of(obj), []).append(f"- [{name}](components/{name}.md): {summary}")
    for group in sorted(groups):
        lines += [f"## {group}", "", *groups[group], ""]
    return "\n".join(lines)


def demos_page() -> str:
    """Every demo with its pictures at 1280 px (light) and 390 px (dark), from `docs/screenshots.py --demos`."""
    from pylive.dev.gallery import load_demos

    lines = [
        "# Demos",
        "",
        "Each demo is one Python file under `demos/`: `pylive demos` serves them all behind a gallery, and",
        "`pylive run demos/<name>.py` serves one. Every picture is what Chromium shows, on a 1280 px",
        "screen in the light theme and on a 390 px phone in the dark one.",
        "",
    ]
    for demo in load_demos(ROOT / "demos"):
        lines += [f"## {demo.title}", "", demo.description, "", f"`pylive run demos/{demo.name}.py`", ""]
        wide = HERE / "images" / "demos" / f"{demo.name}-1280-light.png"
        narrow = HERE / "images" / "demos" / f"{demo.name}-390-dark.png"
        if wide.is_file() and narrow.is_file():
            lines += [
                "| 1280 px, light | 390 px, dark |",
                "|---|---|",
                f"| ![{demo.title} on a wide screen](images/demos/{wide.name}) "
                f"| ![{demo.title} on a phone](images/demos/{narrow.name}){{ width=\"200\" }} |",
                "",
            ]
    return "\n".join(lines)


def on_config(config: Any) -> Any:
    """List a page per component under "API reference" in the nav."""
    _importable()
    pages = [{name: f"reference/components/{name}.md"} for name, _ in stock_components()]
    for section in config["nav"]:
        if isinstance(section, dict) and "API reference" in section:
            section["API reference"] = [
                *section["API reference"],
                {"Component helpers": "reference/components-helpers.md"},
                {"Components": pages},
            ]
    return config


def on_files(files: Files, config: Any) -> Files:
    """Add the generated pages."""
    _importable()
    found = stock_components()
    files.append(File.generated(config, "demos.md", content=demos_page()))
    files.append(File.generated(config, "reference/index.md", content=index_page(found)))
    files.append(File.generated(config, "reference/components-helpers.md", content=helpers_page()))
    for name, obj in found:
        files.append(File.generated(config, f"reference/components/{name}.md", content=component_page(name, obj)))
    return files
