"""The "Ainda está aí?" overlay: covers the window, counts down, any touch dismisses it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui.kiosk.idle import IdleMonitor
from assistant.ui.kiosk.overlay import StillThereOverlay

from .support import tap

TIMEOUT = 3000


def test_it_covers_the_parent_and_follows_its_size(window: QWidget, qtbot: QtBot) -> None:
    overlay = StillThereOverlay(window)
    assert overlay.isHidden()
    overlay.open_with(25)
    assert overlay.isVisible()
    assert overlay.geometry() == window.rect()
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: overlay.geometry() == window.rect())
    assert overlay.geometry().size().width() == 1000


def test_it_says_what_it_is_and_how_long_is_left(window: QWidget) -> None:
    overlay = StillThereOverlay(window)
    overlay.open_with(25)
    assert overlay.title_label.text() == "Ainda está aí?"
    assert overlay.text_label.text() == "Toque na tela para continuar."
    assert overlay.seconds_label.text() == "Voltando ao início em 25 segundos"
    overlay.set_seconds_left(24)
    assert overlay.seconds_label.text() == "Voltando ao início em 24 segundos"
    assert overlay.seconds_label.accessibleName() == "Voltando ao início em 24 segundos"
    assert overlay.accessibleName() == "Ainda está aí?"
    assert overlay.title_label.accessibleName() == "Ainda está aí?"


def test_a_press_anywhere_dismisses_it_and_does_not_reach_what_is_under(
    window: QWidget, qtbot: QtBot
) -> None:
    under = QPushButton("Sim", window)
    under.setGeometry(300, 250, 200, 100)
    under.show()
    clicked: list[bool] = []
    under.clicked.connect(lambda: clicked.append(True))
    overlay = StillThereOverlay(window)
    overlay.open_with(25)
    with qtbot.waitSignal(overlay.dismissed, timeout=TIMEOUT):
        tap(window, QPoint(400, 300))  # on the button's place, through the real window
    assert overlay.isHidden()
    assert clicked == []


def test_a_key_dismisses_it_and_no_shortcut_fires_under_it(
    window: QWidget, qtbot: QtBot
) -> None:
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_1), window)
    shortcut.activated.connect(lambda: fired.append(True))
    overlay = StillThereOverlay(window)
    overlay.open_with(25)
    assert window.focusWidget() is overlay
    with qtbot.waitSignal(overlay.dismissed, timeout=TIMEOUT):
        qtbot.keyClick(overlay, Qt.Key.Key_1)
    assert fired == []
    assert overlay.isHidden()
    qtbot.keyClick(window, Qt.Key.Key_1)  # the same key without the overlay: the shortcut
    assert fired == [True]


def test_it_gives_the_focus_back(window: QWidget) -> None:
    button = QPushButton("Voltar", window)
    button.show()
    button.setFocus()
    overlay = StillThereOverlay(window)
    overlay.open_with(25)
    assert window.focusWidget() is overlay
    overlay.hide()
    assert window.focusWidget() is button


def test_bound_to_a_monitor_it_shows_counts_and_hides(window: QWidget, qtbot: QtBot) -> None:
    monitor = IdleMonitor(window, idle_ms=100, countdown_ms=300, tick_ms=100)
    overlay = StillThereOverlay(window)
    overlay.bind(monitor)
    try:
        with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
            pass
        assert overlay.isVisible()
        assert overlay.seconds_label.text() == "Voltando ao início em 3 segundos"
        with qtbot.waitSignal(monitor.countdown, timeout=TIMEOUT):
            pass
        assert overlay.seconds_label.text() == "Voltando ao início em 2 segundos"
        # A touch: the overlay goes and the monitor is watching again.
        with qtbot.waitSignal(monitor.activity_resumed, timeout=TIMEOUT):
            tap(window, QPoint(20, 20))
        assert overlay.isHidden()
        assert not monitor.is_warning
        # Left alone: it comes back and goes when the time is up.
        with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
            pass
        assert overlay.isVisible()
        with qtbot.waitSignal(monitor.expired, timeout=TIMEOUT):
            pass
        assert overlay.isHidden()
    finally:
        monitor.pause()


def test_a_widget_level_press_counts_as_activity_through_dismissed(
    window: QWidget, qtbot: QtBot
) -> None:
    # A window-mode monitor does not see events sent straight to a widget (QTest on widgets);
    # the overlay's `dismissed` tells it.
    monitor = IdleMonitor(window, idle_ms=100, countdown_ms=2000, tick_ms=1000)
    overlay = StillThereOverlay(window)
    overlay.bind(monitor)
    try:
        with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
            pass
        with qtbot.waitSignal(monitor.activity_resumed, timeout=TIMEOUT):
            qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton)
        assert overlay.isHidden()
    finally:
        monitor.pause()


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (480, 640)])
def test_every_line_of_the_warning_fits_its_card(
    kiosk_style: object, window: QWidget, qtbot: QtBot, size: tuple[int, int]
) -> None:
    # The card is narrower than the screen: its labels wrap, and each needs the height of its
    # wrapped text at the width it got (an aligned card got the height of one long line).
    window.resize(*size)
    overlay = StillThereOverlay(window)
    overlay.open_with(25)
    labels = (overlay.title_label, overlay.text_label, overlay.seconds_label)
    qtbot.waitUntil(lambda: all(label.width() > 0 for label in labels))
    for label in labels:
        assert label.height() >= label.heightForWidth(label.width()), label.objectName()
        assert overlay.rect().contains(label.mapTo(overlay, label.rect().bottomRight()))
