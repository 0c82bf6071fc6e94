"""The real-X lane: Xvfb, the xcb platform plugin, the real window, screenshots as artifacts.

Starts Xvfb itself on a free display, runs tests/ui/xvfb_screens.py in a child pytest with
QT_QPA_PLATFORM=xcb, and checks the PNG screenshots it leaves in artifacts/screenshots/ are not
blank. Skipped only when Xvfb is missing outside CI; in CI a missing Xvfb fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

import assistant

REPO = Path(assistant.__file__).resolve().parent.parent
SCREENSHOTS = REPO / "artifacts" / "screenshots"
SCREENS = ("start", "question", "result", "result-whatsapp")

pytestmark = pytest.mark.xvfb


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


def run_child(display: str, suffix: str, extra_env: dict[str, str]) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": display,
        "ASSISTANT_SCREENSHOTS": str(SCREENSHOTS),
        "ASSISTANT_SCREENSHOT_SUFFIX": suffix,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        **extra_env,
    }
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            str(Path(__file__).with_name("xvfb_screens.py")),
        ],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]


def assert_not_blank(path: Path, minimum_size: tuple[int, int]) -> None:
    image = QImage(str(path))
    assert not image.isNull(), path
    assert image.width() >= minimum_size[0] and image.height() >= minimum_size[1], path
    colours = {
        image.pixel(x, y)
        for y in range(0, image.height(), 7)
        for x in range(0, image.width(), 7)
    }
    assert len(colours) > 16, f"{path} looks blank ({len(colours)} colours)"


def test_screenshots_on_a_real_x_server(display: str) -> None:
    run_child(display, "", {})
    for name in SCREENS:
        assert_not_blank(SCREENSHOTS / f"{name}.png", (600, 400))


def test_screenshots_at_scale_factor_2(display: str) -> None:
    # 1280x800 at 2x is 640x400 logical pixels: the window fills the screen and scrolls.
    run_child(display, "-2x", {"QT_SCALE_FACTOR": "2"})
    for name in SCREENS:
        assert_not_blank(SCREENSHOTS / f"{name}-2x.png", (1200, 760))


def test_screenshots_in_high_contrast(display: str) -> None:
    run_child(display, "-high-contrast", {"ASSISTANT_HIGH_CONTRAST": "1"})
    for name in SCREENS:
        assert_not_blank(SCREENSHOTS / f"{name}-high-contrast.png", (600, 400))
