"""The engine never imports Qt: checked in a fresh interpreter, where nothing else imported it.
The same holds for kiosk mode's plain-Python side (`assistant.kiosk`) and for the CLI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import assistant.flows

ENGINE_MODULES = [
    # Every module of the engine, those of its packages (strict_yaml) included.
    *sorted(m.name for m in pkgutil.walk_packages(assistant.flows.__path__, "assistant.flows.")),
    "assistant.content",
    "assistant.content.loaded",
    "assistant.content.source",
    "assistant.content.stamp",
    "assistant.content.store",
    "assistant.logging_setup",
    "assistant.kiosk",
    "assistant.kiosk.config",
    "assistant.kiosk.exit_codes",
    "assistant.kiosk.pin",
    "assistant.user_dirs",
]


def test_engine_modules_found() -> None:
    assert {
        "assistant.flows.model",
        "assistant.flows.session",
        "assistant.flows.strict_yaml",
        "assistant.flows.strict_yaml.walker",
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
