"""The real-X lane: Xvfb, the xcb platform plugin, the real window, screenshots as artifacts.

Starts Xvfb itself on a free display, runs tests/ui/xvfb_screens.py in a child pytest with
QT_QPA_PLATFORM=xcb, and checks the PNG screenshots it leaves in artifacts/screenshots/ are not
blank. Skipped only when Xvfb is missing outside CI; in CI a missing Xvfb fails (the `display`
and `xvfb_binary` fixtures are in tests/ui/conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import assistant

REPO = Path(assistant.__file__).resolve().parent.parent
SCREENSHOTS = REPO / "artifacts" / "screenshots"
SCREENS = ("start", "question", "result", "result-whatsapp", "context-menu")

pytestmark = pytest.mark.xvfb


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
