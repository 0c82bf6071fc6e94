"""Run by test_xvfb.py in a child pytest on a real X server (Xvfb, QT_QPA_PLATFORM=xcb).

Not collected by the normal run (no test_ prefix). Saves screenshots of the start screen, a
question and result pages into $ASSISTANT_SCREENSHOTS, taken from the X server's pixels.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from assistant.flows.model import Flow
from assistant.testing import Pilot
from assistant.ui import app as ui_app

OUT = Path(os.environ.get("ASSISTANT_SCREENSHOTS", "artifacts/screenshots"))
SUFFIX = os.environ.get("ASSISTANT_SCREENSHOT_SUFFIX", "")


@pytest.fixture
def pilot(qtbot: QtBot, flow: Flow, qapp: QApplication) -> Pilot:
    """The window at the size the app picks for this screen (not the suite's fixed size)."""
    ui_app.use_theme(qapp, high_contrast=os.environ.get("ASSISTANT_HIGH_CONTRAST") == "1")
    return Pilot.start(flow, qtbot, size=None)


def assert_content_fits(pilot: Pilot) -> None:
    """The page's content is as tall as the page or the viewport, whichever is taller (it once
    kept the previous page's height on a real X server at QT_SCALE_FACTOR=2)."""
    scroll = pilot.window.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    content, viewport = scroll.widget(), scroll.viewport()
    expected = max(viewport.height(), content.heightForWidth(viewport.width()))
    assert content.height() == expected, (content.size(), viewport.size())


def test_screens_on_a_real_x_server(pilot: Pilot) -> None:
    assert QGuiApplication.platformName() == "xcb"
    assert pilot.window.isActiveWindow()
    pilot.screenshot(OUT / f"start{SUFFIX}.png", from_screen=True)
    pilot.press_key("3")  # keyboard focus works on a real X server once the window is active
    assert pilot.screen_id == "negociar_atraso"
    assert_content_fits(pilot)  # a shorter page than the start's: no empty space left below
    pilot.screenshot(OUT / f"question{SUFFIX}.png", from_screen=True)
    pilot.walk("sim", "app")
    assert pilot.result.menu_path == ("App Minha Claro", "Faturas", "Parcelar dívida")
    pilot.screenshot(OUT / f"result{SUFFIX}.png", from_screen=True)
    pilot.restart()
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    assert pilot.copy_whatsapp("sudeste") == "+55 11 99991-0621"
    pilot.screenshot(OUT / f"result-whatsapp{SUFFIX}.png", from_screen=True)
    assert pilot.clipped_widgets() == []
