"""Run by test_kiosk_xvfb.py in a child pytest on a real X server (Xvfb, QT_QPA_PLATFORM=xcb).

Not collected by the normal run (no test_ prefix). A locked-down window must cover the whole
screen with no frame: its frame geometry is the screen's, and the X server's own pixels at the
four corners of the screen are the attract screen's colour.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui import theme
from assistant.ui.kiosk import AttractScreen, KioskLock, lock_down

from .support import kiosk_stylesheet


@pytest.fixture
def locked(qtbot: QtBot, qapp: QApplication) -> Iterator[tuple[QWidget, KioskLock]]:
    theme.apply_theme(qapp, theme.ThemeName.DEFAULT)
    qapp.setStyleSheet(kiosk_stylesheet(theme.ThemeName.DEFAULT))
    window = QWidget()
    window.setWindowTitle("Assistente de Faturas")
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(AttractScreen(window))
    window.resize(640, 480)  # a normal window first, as the app starts
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lock = lock_down(window, hide_cursor=True, exit_app=lambda code: None)
    yield window, lock
    lock.release()


def test_a_locked_window_covers_the_screen_with_no_frame(
    locked: tuple[QWidget, KioskLock], qtbot: QtBot
) -> None:
    window, _lock = locked
    assert QGuiApplication.platformName() == "xcb"
    screen = window.screen()
    assert screen is not None
    geometry = screen.geometry()
    assert geometry.width() >= 1280 and geometry.height() >= 800  # the Xvfb screen
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.frameGeometry() == geometry, timeout=10000)
    assert window.geometry() == geometry  # no frame around it either
    assert window.isFullScreen()
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    # What the X server shows, corner to corner: the kiosk, nothing else.
    accent = QColor(theme.load_theme(theme.ThemeName.DEFAULT).colors["accent-strong"])

    def corners_are_the_kiosk() -> bool:
        image = screen.grabWindow(0).toImage()
        if image.width() < geometry.width() or image.height() < geometry.height():
            return False
        right, bottom = image.width() - 1, image.height() - 1
        corners = ((0, 0), (right, 0), (0, bottom), (right, bottom))
        return all(QColor(image.pixel(x, y)) == accent for x, y in corners)

    qtbot.waitUntil(corners_are_the_kiosk, timeout=10000)


def test_close_is_refused_on_a_real_x_server(
    locked: tuple[QWidget, KioskLock], qtbot: QtBot
) -> None:
    window, _lock = locked
    handle = window.windowHandle()
    assert handle is not None
    assert not handle.close()
    assert window.isVisible()
