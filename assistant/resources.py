"""The one place that finds bundled files: flows.yaml and everything under resources/.

Three layouts are supported, tried in this order:
- a PyInstaller bundle: `sys._MEIPASS/assistant/_data/` (build.spec puts them there);
- an installed wheel: `assistant/_data/` next to this module (setup.py puts them there);
- a source checkout (also an editable install): the repository root, one level above the package.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding flows.yaml and resources/."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "assistant" / "_data")
    candidates += [_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent]
    for candidate in candidates:
        if (candidate / "flows.yaml").is_file():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"bundled flows.yaml not found (looked in: {searched})")


def bundled_flows() -> Path:
    """The flows.yaml shipped with the app."""
    return data_root() / "flows.yaml"


def resource(*parts: str) -> Path:
    """A file under resources/, e.g. `resource("themes", "default.qss")`."""
    return data_root().joinpath("resources", *parts)


def icon_files(name: str) -> list[Path]:
    """The files of the icon `name`, smallest first.

    A bundle holds `icons/<name>-<size>.png`, rendered from `icons/<name>.svg` at build time
    (packaging/make_icons.py), so the frozen app loads no SVG support; a source checkout has the
    SVG alone.
    """
    folder = resource("icons")
    rendered = [
        (int(size), path)
        for path in folder.glob(f"{name}-*.png")
        if (size := path.stem.removeprefix(f"{name}-")).isdigit()
    ]
    if rendered:
        return [path for _, path in sorted(rendered)]
    return [folder / f"{name}.svg"]
