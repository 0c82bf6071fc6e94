"""The real-X lane of kiosk mode: on Xvfb with the xcb platform, a locked-down window covers the
whole screen with no frame.

Uses the Xvfb fixtures of tests/ui/conftest.py (`display`, `xvfb_binary`), so it is skipped
only when Xvfb is missing outside CI; with CI set a missing Xvfb fails, which the second test
checks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..test_xvfb import REPO

CHILD = Path(__file__).with_name("xvfb_kiosk.py")


def run_pytest(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.xvfb
def test_the_kiosk_window_covers_the_screen_with_no_frame(display: str) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": display,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    env.pop("WAYLAND_DISPLAY", None)
    done = run_pytest([str(CHILD)], env)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    assert "3 passed" in done.stdout


def test_without_xvfb_the_lane_fails_in_ci(tmp_path: Path) -> None:
    # No Xvfb on PATH (an empty folder), CI set: the real-X test must fail, not skip.
    env = {**os.environ, "CI": "1", "PATH": str(tmp_path)}
    test = test_the_kiosk_window_covers_the_screen_with_no_frame.__name__
    done = run_pytest([f"{Path(__file__).relative_to(REPO)}::{test}"], env)
    assert done.returncode == 1, done.stdout[-4000:] + done.stderr[-4000:]
    assert "Xvfb is missing" in done.stdout
    assert "1 error" in done.stdout or "1 failed" in done.stdout
