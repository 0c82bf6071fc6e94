"""The `assistant` command in a child process, for what only a real process shows: exit codes,
signals, a failing stderr, Qt's fatal messages. Each child gets per-user folders of its own
under `home` and runs this checkout's code (PYTHONPATH), whatever is installed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def child_env(home: Path, **overrides: str) -> dict[str, str]:
    """os.environ for a child: offscreen, its config, data and log folders under `home`, no
    kiosk config from the environment; `overrides` last."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "XDG_DATA_HOME": str(home / "data"),
        "ASSISTANT_LOG_DIR": str(home / "logs"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        **overrides,
    }
    env.pop("ASSISTANT_KIOSK_CONFIG", None)
    return env


def assistant_command(*args: str) -> list[str]:
    """`python -m assistant ARGS` with this interpreter (run it with cwd=REPO)."""
    return [sys.executable, "-m", "assistant", *args]
