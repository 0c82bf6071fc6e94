"""The "Um momento" screen of a kiosk start that waits for a flows file slow to answer."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui import theme
from assistant.ui.kiosk.lockdown import WINDOW_HINTS
from assistant.ui.kiosk.starting import TEXT, TITLE, StartingScreen, StartWait

SHOW_AFTER_S = 0.05


@pytest.fixture
def share() -> Iterator[threading.Event]:
    """Set it and the read (`reader`) ends: a share that answers."""
    answered = threading.Event()
    yield answered
    answered.set()  # no reader left behind, whatever the test did


def reader(answered: threading.Event) -> threading.Thread:
    worker = threading.Thread(target=answered.wait, args=(30,), daemon=True)
    worker.start()
    return worker


def starting_screens() -> list[QWidget]:
    return [
        w for w in QApplication.topLevelWidgets()
        if w.objectName() == "kiosk-starting" and w.isVisible()
    ]


def test_a_read_that_answers_at_once_shows_nothing(
    qapp: QApplication, share: threading.Event
) -> None:
    # A healthy disk or share: no flash of "Um momento" before the attract screen.
    waiting = StartWait(hide_cursor=False, show_after_s=5)
    share.set()
    worker = reader(share)
    waiting(worker, 10)
    assert not worker.is_alive()
    assert waiting.screen is None and starting_screens() == []


def test_a_slow_read_shows_um_momento_until_the_kiosk_covers_it(
    qapp: QApplication, share: threading.Event
) -> None:
    waiting = StartWait(hide_cursor=False, show_after_s=SHOW_AFTER_S)
    seen: list[list[str]] = []

    def look_then_answer() -> None:  # during the wait: the event loop runs
        seen.extend(
            [label.text() for label in screen.findChildren(QLabel)]
            for screen in starting_screens()
        )
        share.set()

    QTimer.singleShot(300, look_then_answer)
    worker = reader(share)
    began = time.monotonic()
    waiting(worker, 60)
    assert time.monotonic() - began < 30  # it returned when the read ended, not at the timeout
    assert seen == [[TITLE, TEXT]]
    assert starting_screens() == [waiting.screen]  # up until the kiosk window has painted
    waiting.close()
    assert waiting.screen is None and starting_screens() == []


def test_a_read_that_never_answers_is_waited_for_no_longer_than_asked(
    qapp: QApplication, share: threading.Event
) -> None:
    waiting = StartWait(hide_cursor=False, show_after_s=SHOW_AFTER_S)
    worker = reader(share)
    waiting(worker, 0.4)
    assert worker.is_alive()  # the start goes on without it
    assert waiting.screen is not None and waiting.screen.isVisible()
    waiting.close()


def test_the_screen_cannot_be_closed_while_the_start_waits(
    qapp: QApplication, share: threading.Event
) -> None:
    # Alt+F4 under a window manager or Windows' Shell Launcher (the window system's close, as
    # a QWindow.close()): the notice went away and the screen was black for the rest of the
    # wait, which is what it is there to prevent. The kiosk window refuses it too.
    waiting = StartWait(hide_cursor=False, show_after_s=SHOW_AFTER_S)
    closed: list[bool] = []

    def close_then_answer() -> None:
        for screen in starting_screens():
            handle = screen.windowHandle()
            assert handle is not None
            closed.extend([handle.close(), screen.close()])
        share.set()

    QTimer.singleShot(300, close_then_answer)
    waiting(reader(share), 60)
    assert closed == [False, False]
    assert starting_screens() == [waiting.screen]
    waiting.close()  # the kiosk window has painted: it goes
    assert waiting.screen is None and starting_screens() == []


@pytest.mark.parametrize("hide_cursor", [True, False])
def test_the_screen_is_full_screen_frameless_and_follows_hide_cursor(
    qapp: QApplication, share: threading.Event, hide_cursor: bool
) -> None:
    waiting = StartWait(hide_cursor=hide_cursor, show_after_s=SHOW_AFTER_S)
    waiting(reader(share), 0.2)
    screen = waiting.screen
    assert screen is not None
    assert screen.isFullScreen()
    assert screen.windowFlags() & WINDOW_HINTS == WINDOW_HINTS
    assert screen.accessibleName() == TITLE and screen.accessibleDescription() == TEXT
    blank = screen.cursor().shape() == Qt.CursorShape.BlankCursor
    assert blank == hide_cursor
    waiting.close()


def test_the_screen_has_the_attract_screens_colours(
    kiosk_style: theme.ThemeName, qtbot: QtBot
) -> None:
    # The screen that the attract screen replaces looks like it, not like "Em manutenção"
    # (red on white: something is wrong).
    screen = StartingScreen(hide_cursor=False)
    qtbot.addWidget(screen)
    screen.resize(640, 400)
    screen.show()
    qtbot.waitExposed(screen)
    colors = theme.load_theme(kiosk_style).colors
    image = screen.grab().toImage()
    assert QColor(image.pixel(8, 8)) == QColor(colors["accent-strong"])
    for label in screen.findChildren(QLabel):
        assert label.palette().color(label.foregroundRole()) == QColor(colors["on-accent"])
