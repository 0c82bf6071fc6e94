"""No display to open a window on: exit 1 (FATAL_ERROR) with one plain line, not Qt's abort()."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.kiosk.exit_codes import FATAL_ERROR

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 display")


@pytest.mark.parametrize("args", [(), ("--kiosk",), ("--smoke-test",)])
def test_an_unreachable_display_exits_fatal_error_with_a_plain_message(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":9999",  # no X server there
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "ASSISTANT_LOG_DIR": str(tmp_path / "logs"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    for name in ("WAYLAND_DISPLAY", "ASSISTANT_KIOSK_CONFIG"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == FATAL_ERROR, (done.returncode, done.stderr)
    assert "cannot open a window: no usable display" in done.stderr
    assert "DISPLAY: :9999" in done.stderr
    assert "Reinstalling the application" not in done.stderr  # Qt's advice, wrong here
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "could not connect to display :9999" in log  # Qt's own words kept for support
