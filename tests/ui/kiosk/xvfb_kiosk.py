"""Run by test_kiosk_xvfb.py in a child pytest on a real X server (Xvfb, QT_QPA_PLATFORM=xcb).

Not collected by the normal run (no test_ prefix). The locked-down kiosk window must cover the
whole screen with no frame: its frame geometry is the screen's, and the X server's own pixels at
the four corners of the screen are the attract screen's colour. Screenshots of the attract
screen and of a WhatsApp result go to artifacts/screenshots/kiosk-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea, QScroller, QWidget
from pytestqt.qtbot import QtBot

from assistant.content.loaded import read_content
from assistant.kiosk.config import KioskConfig
from assistant.resources import bundled_flows
from assistant.ui import theme
from assistant.ui.kiosk.lockdown import KioskLock
from assistant.ui.kiosk.window import KioskWindow

from ..touch import swipe_up

SCREENSHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"


@pytest.fixture
def locked(qtbot: QtBot, qapp: QApplication) -> Iterator[tuple[KioskWindow, KioskLock]]:
    """The real kiosk window on the bundled flows, set up and locked as run_kiosk does."""
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * theme.KIOSK_FONT_FACTOR)
    qapp.setFont(font)
    theme.forget_fonts()
    theme.apply_theme(qapp, theme.ThemeName.DEFAULT, layers=theme.KIOSK_LAYERS)
    config = KioskConfig(region="sudeste", hide_cursor=True, idle_seconds=600)
    window = KioskWindow(config, read_content(bundled_flows(), "bundled"))
    window.resize(640, 480)  # a normal window first, as the app starts
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lock = window.lock(exit_app=lambda code: None)
    yield window, lock
    lock.release()


def save(window: QWidget, name: str) -> None:
    """What the X server shows, for a person to look at (artifacts/screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screen = window.screen()
    assert screen is not None
    pixmap = screen.grabWindow(0)
    assert not pixmap.isNull() and pixmap.save(str(SCREENSHOTS / name), "PNG")


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
    save(window, "kiosk-attract.png")
    # A customer's result page, as the store's screen shows it.
    window.start_customer()
    assert window.assistant is not None
    for answer in ("negociar", "sim", "whatsapp"):
        window.assistant.choose(answer)
    qtbot.waitUntil(lambda: window.assistant.session.current.is_result)  # type: ignore[union-attr]
    qtbot.wait(200)  # painted on the X server
    save(window, "kiosk-result-whatsapp.png")


def test_close_is_refused_on_a_real_x_server(
    locked: tuple[QWidget, KioskLock], qtbot: QtBot
) -> None:
    window, _lock = locked
    handle = window.windowHandle()
    assert handle is not None
    assert not handle.close()
    assert window.isVisible()


def test_a_swipe_that_starts_on_an_answer_scrolls_and_chooses_nothing(
    qtbot: QtBot, qapp: QApplication
) -> None:
    """On a real X server (offscreen has no such gestures): a finger that swiped a scrolling
    page up from an answer also chose that answer, and a tap still must choose one."""
    theme.apply_theme(qapp, theme.ThemeName.DEFAULT, layers=theme.KIOSK_LAYERS)
    config = KioskConfig(region="sudeste", hide_cursor=True, idle_seconds=600)
    window = KioskWindow(config, read_content(bundled_flows(), "bundled"))
    window.resize(640, 400)  # a small screen: the start screen scrolls
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.start_customer()
    assistant = window.assistant
    assert assistant is not None
    handle = window.windowHandle()
    assert handle is not None
    finger = QTest.createTouchDevice()
    bar = assistant.findChild(QScrollArea, "content-scroll").verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)

    def centre(option: str) -> QPoint:
        button = assistant.current_view.findChild(QPushButton, f"option-{option}")
        return button.mapTo(window, button.rect().center())

    viewport = assistant.findChild(QScrollArea, "content-scroll").viewport()

    def in_sight(option: str) -> bool:
        """Whether the answer's centre is on the page (not under the bars or off it)."""
        return viewport.rect().contains(viewport.mapFrom(window, centre(option)))

    start = assistant.session.current.id
    qtbot.wait(700)  # the attract screen's tap is over
    here = centre("contestar")  # the first answer: in sight before the page scrolls
    swipe_up(qtbot, handle, finger, here)
    qtbot.waitUntil(lambda: bar.value() > 0)
    scroller = QScroller.scroller(viewport)
    # A tap on a page still gliding only stops it, as on any touch screen: the tap waits.
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)
    qtbot.wait(500)  # anything the swipe would have clicked has happened by now
    assert assistant.session.current.id == start
    visible = [o for o in assistant.current_view.option_ids if in_sight(o)]
    assert visible, "the swipe scrolled every answer out of sight"
    here = centre(visible[0])
    QTest.touchEvent(handle, finger).press(0, here).commit()
    QTest.touchEvent(handle, finger).release(0, here).commit()
    qtbot.waitUntil(lambda: assistant.session.current.id != start)
