"""No display to open a window on: exit 1 (FATAL_ERROR) with one plain line, not Qt's abort()."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from app_process import REPO, assistant_command, child_env

from assistant.kiosk.exit_codes import FATAL_ERROR

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 display")


@pytest.mark.parametrize("args", [(), ("--kiosk",), ("--smoke-test",)])
def test_an_unreachable_display_exits_fatal_error_with_a_plain_message(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    env = child_env(tmp_path, QT_QPA_PLATFORM="xcb", DISPLAY=":9999")  # no X server there
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        assistant_command(*args), cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == FATAL_ERROR, (done.returncode, done.stderr)
    assert "cannot open a window: no usable display" in done.stderr
    assert "DISPLAY: :9999" in done.stderr
    assert "Reinstalling the application" not in done.stderr  # Qt's advice, wrong here
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "could not connect to display :9999" in log  # Qt's own words kept for support
