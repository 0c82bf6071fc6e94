"""Fixtures of the real-X lanes (test_xvfb.py, test_atspi.py, kiosk/test_kiosk_xvfb.py): a fresh
Xvfb per test. Skipped only when Xvfb is missing outside CI; in CI a missing Xvfb fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot


@pytest.fixture(scope="module")
def xvfb_binary() -> str:
    binary = shutil.which("Xvfb")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing (apt-get install xvfb): the real-X lane must run in CI")
        pytest.skip("Xvfb is not installed")
    return binary


@pytest.fixture
def display(xvfb_binary: str, qtbot: QtBot) -> Iterator[str]:
    """A fresh Xvfb on the first free display from :100, 1280x800x24; stopped afterwards."""
    for number in range(100, 200):
        if Path(f"/tmp/.X{number}-lock").exists() or Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        server = subprocess.Popen(
            [xvfb_binary, f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        socket = Path(f"/tmp/.X11-unix/X{number}")
        try:
            qtbot.waitUntil(
                lambda s=socket, x=server: s.exists() or x.poll() is not None, timeout=15000
            )
        except Exception:
            server.kill()
            raise
        if server.poll() is not None:  # lost a race for that display: try the next one
            continue
        try:
            yield f":{number}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            if server.stderr is not None:
                server.stderr.close()
        return
    pytest.fail("no free X display between :100 and :199")
