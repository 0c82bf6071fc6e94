"""Fixtures of the kiosk widget tests: a plain top-level window, a locked-down one, the kiosk
stylesheet (the real-X test's Xvfb fixtures are in tests/ui/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui import theme
from assistant.ui.kiosk.lockdown import KioskLock, lock_down

from .support import kiosk_stylesheet


@pytest.fixture(params=list(theme.ThemeName))
def kiosk_style(
    request: pytest.FixtureRequest, qapp: QApplication
) -> Iterator[theme.ThemeName]:
    """The kiosk stylesheet applied to the application with each theme (the theme's name);
    the application's look is restored afterwards."""
    name: theme.ThemeName = request.param
    before_sheet, before_palette = qapp.styleSheet(), qapp.palette()
    before_theme = qapp.property("assistant_theme")
    if qapp.style().name().lower() != "fusion":
        qapp.setStyle("Fusion")
    qapp.setPalette(theme.palette_for(theme.load_theme(name)))
    qapp.setStyleSheet(kiosk_stylesheet(name))
    yield name
    qapp.setStyleSheet(before_sheet)
    qapp.setPalette(before_palette)
    qapp.setProperty("assistant_theme", before_theme)


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    """A shown top-level window, 800x600."""
    widget = QWidget()
    widget.setObjectName("test-window")
    widget.resize(800, 600)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def exit_codes() -> list[int]:
    """Where a locked window's admin exit puts its code (instead of ending the test run)."""
    return []


@pytest.fixture
def lock(window: QWidget, qtbot: QtBot, exit_codes: list[int]) -> Iterator[KioskLock]:
    """`window` locked down (cursor hidden); released afterwards, so it can close."""
    kiosk_lock = lock_down(window, hide_cursor=True, exit_app=exit_codes.append)
    qtbot.waitExposed(window)
    yield kiosk_lock
    kiosk_lock.release()

