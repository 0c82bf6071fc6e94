"""What the window's start-up leaves out on purpose (see bench/bench_gui.py for the timings):
PyYAML when the checked flow is cached, and the log file until the first paint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Runs run_gui up to its first paint, then reports which of the heavy modules were loaded.
PROBE = """
import logging
import sys
from assistant.logging_setup import LogFile
from assistant.ui import app

seen = {}
original = app._load

def logging_to_file():
    return any(isinstance(h, LogFile) for h in logging.getLogger("assistant").handlers)

def load(path):
    loaded = original(path)
    seen["at_load"] = [m for m in ("yaml",) if m in sys.modules] + (
        ["log file"] if logging_to_file() else []
    )
    return loaded

app._load = load
code = app.run_gui(None, exit_after_first_paint=True)
print(code, seen["at_load"], logging_to_file())
"""


def probe(tmp_path: Path) -> str:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ASSISTANT_CACHE_DIR": str(tmp_path / "cache"),
        "ASSISTANT_LOG_DIR": str(tmp_path / "logs"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # window.ini: not the developer's
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),  # nor its single-instance lock
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_cached_flow_starts_without_pyyaml_and_logs_after_the_first_paint(
    tmp_path: Path,
) -> None:
    assert probe(tmp_path) == "0 ['yaml'] True"  # first start: parsed, and cached
    assert probe(tmp_path) == "0 [] True"  # then: no YAML, no log handler before the paint
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert log.count("started on") == 2
