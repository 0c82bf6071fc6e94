"""Run by test_xvfb.py in a child pytest on a real X server (Xvfb, QT_QPA_PLATFORM=xcb).

Not collected by the normal run (no test_ prefix). Saves screenshots of the start screen, a
question and result pages, and of the WhatsApp number's context menu (a popup: offscreen has
none) into $ASSISTANT_SCREENSHOTS, taken from the X server's pixels.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton, QScrollArea, QScroller
from pytestqt.qtbot import QtBot

from assistant.flows.model import Flow
from assistant.testing import Pilot
from assistant.ui import app as ui_app

from .touch import swipe_up

OUT = Path(os.environ.get("ASSISTANT_SCREENSHOTS", "artifacts/screenshots"))
SUFFIX = os.environ.get("ASSISTANT_SCREENSHOT_SUFFIX", "")


@pytest.fixture
def pilot(qtbot: QtBot, flow: Flow, qapp: QApplication) -> Pilot:
    """The window at the size the app picks for this screen (not the suite's fixed size)."""
    ui_app.create_application()  # as the app sets up qapp: its name, icon, Qt's words in pt-BR
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


def test_a_shorter_page_fits_as_soon_as_it_shows(flow: Flow, qtbot: QtBot) -> None:
    """From a start screen taller than the window to a short question, the page kept the
    start's height, with empty space to scroll below it, until the event loop came round, and
    now and then after it (the test above failed about one run in three at QT_SCALE_FACTOR=2).
    Checked here before any event is handled, where it always showed."""
    pilot = Pilot.start(flow, qtbot, size=(640, 330))
    scroll = pilot.window.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    content, viewport = scroll.widget(), scroll.viewport()
    # The start screen scrolls (measured as the window measures it, width for height).
    assert content.heightForWidth(viewport.width()) > viewport.height()
    pilot.window.choose("negociar")  # what a click does, before any event is handled
    assert content.height() == max(viewport.height(), content.heightForWidth(viewport.width()))


def test_a_right_click_on_the_number_offers_to_copy_it(pilot: Pilot, qtbot: QtBot) -> None:
    """A right-click on the WhatsApp number opens a menu (a popup: offscreen has none) whose
    one entry copies the number as the button does, confirmation included."""
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    number = pilot.widget(QLabel, "contact-number-sudeste")
    scroll = pilot.window.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    scroll.ensureWidgetVisible(number)  # a customer scrolls to it first if it is below the fold
    pos = QPoint(number.width() // 2, number.height() // 2)
    QApplication.sendEvent(
        number, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, number.mapToGlobal(pos))
    )

    def menus() -> list[QMenu]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]

    qtbot.waitUntil(lambda: len(menus()) == 1)
    menu = menus()[0]
    qtbot.waitExposed(menu)
    assert [a.text() for a in menu.actions()] == ["Copiar número"]
    pilot.screenshot(OUT / f"context-menu{SUFFIX}.png", from_screen=True)
    menu.actions()[0].trigger()
    menu.close()
    qtbot.waitUntil(lambda: pilot.clipboard == "+55 11 99991-0621")
    assert pilot.widget(QLabel, "copied-sudeste").isVisible()


def test_a_swipe_that_starts_on_an_answer_scrolls_and_chooses_nothing(
    flow: Flow, qtbot: QtBot, qapp: QApplication
) -> None:
    """A desktop with a touch screen (a 2-in-1 laptop): a finger that swiped the page up from
    an answer also chose it, on release (and, once it chose nothing, left it pressed). A tap
    still chooses one."""
    ui_app.use_theme(qapp, high_contrast=False)
    pilot = Pilot.start(flow, qtbot, size=(640, 360))  # a short window: the start scrolls
    window = pilot.window
    handle = window.windowHandle()
    assert handle is not None
    finger = QTest.createTouchDevice()
    scroll = window.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    bar, viewport = scroll.verticalScrollBar(), scroll.viewport()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.waitUntil(lambda: QScroller.hasScroller(viewport))

    def centre(option: str) -> QPoint:
        button = window.current_view.findChild(QPushButton, f"option-{option}")
        return button.mapTo(window, button.rect().center())

    def in_sight(option: str) -> bool:
        return viewport.rect().contains(viewport.mapFrom(window, centre(option)))

    start = pilot.screen_id
    here = centre("contestar")
    assert in_sight("contestar")
    swipe_up(qtbot, handle, finger, here)
    qtbot.waitUntil(lambda: bar.value() > 0)
    scroller = QScroller.scroller(viewport)
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)
    qtbot.wait(300)  # anything the swipe would have clicked has happened by now
    assert pilot.screen_id == start
    swiped = window.current_view.findChild(QPushButton, "option-contestar")
    assert not swiped.isDown()  # released when the swipe began to scroll, not left pressed
    visible = [o for o in window.current_view.option_ids if in_sight(o)]
    assert visible, "the swipe scrolled every answer out of sight"
    here = centre(visible[0])
    QTest.touchEvent(handle, finger).press(0, here).commit()
    QTest.touchEvent(handle, finger).release(0, here).commit()
    qtbot.waitUntil(lambda: pilot.screen_id != start)
