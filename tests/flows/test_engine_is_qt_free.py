"""The engine never imports Qt: checked in a fresh interpreter, where nothing else imported it.
The same holds for kiosk mode's plain-Python side (`assistant.kiosk`) and for the CLI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from types import ModuleType

import assistant.content
import assistant.flows
import assistant.kiosk


def _modules_of(package: ModuleType) -> list[str]:
    """`package` and every module in it, those of its subpackages included."""
    prefix = f"{package.__name__}."
    found = pkgutil.walk_packages(package.__path__, prefix)
    return [package.__name__, *sorted(module.name for module in found)]


ENGINE_MODULES = [
    # Every module of the engine and of the plain-Python packages beside it (a module added
    # later included).
    *_modules_of(assistant.flows),
    *_modules_of(assistant.content),
    *_modules_of(assistant.kiosk),
    "assistant.logging_setup",
    "assistant.user_dirs",
]


def test_engine_modules_found() -> None:
    assert {
        "assistant.flows.model",
        "assistant.flows.session",
        "assistant.flows.strict_yaml",
        "assistant.flows.strict_yaml.walker",
        "assistant.content.recovery",
        "assistant.kiosk.pin",
    } <= set(ENGINE_MODULES)


def test_importing_every_engine_module_loads_no_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {ENGINE_MODULES!r}: importlib.import_module(name)\n"
        "import assistant.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"Qt modules imported by the engine or CLI: {out}"
