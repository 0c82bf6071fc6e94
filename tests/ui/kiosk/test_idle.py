"""Idle reset: the warning after the idle time, the countdown, input that stops it, the expiry.

Timeouts are milliseconds here (the product's are a minute and more); the tick is 20 ms, so
"seconds left" count ticks.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui.kiosk.idle import IdleMonitor

from .support import key, tap

TIMEOUT = 3000  # ms a test waits for a signal at most (a loaded CI machine)


@pytest.fixture
def monitor(window: QWidget) -> Iterator[IdleMonitor]:
    """An application-wide monitor: 300 ms idle, a countdown of 3 ticks of 20 ms."""
    idle = IdleMonitor(idle_ms=300, countdown_ms=60, tick_ms=20, parent=window)
    yield idle
    idle.pause()


@pytest.fixture
def button(window: QWidget) -> QPushButton:
    widget = QPushButton("Sim", window)
    widget.setObjectName("option-sim")
    widget.setGeometry(20, 20, 200, 80)
    widget.show()
    return widget


def test_the_warning_comes_after_the_idle_time_not_before(
    monitor: IdleMonitor, qtbot: QtBot
) -> None:
    with qtbot.assertNotEmitted(monitor.warning_started, wait=150):
        pass
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT) as warning:
        pass
    assert warning.args == [3]
    assert monitor.is_warning
    assert monitor.seconds_left == 3


def test_the_countdown_ticks_then_expires_and_the_monitor_pauses(
    monitor: IdleMonitor, qtbot: QtBot
) -> None:
    ticks: list[int] = []
    monitor.countdown.connect(ticks.append)
    with qtbot.waitSignals(
        [monitor.warning_started, monitor.expired], order="strict", timeout=TIMEOUT
    ):
        pass
    assert ticks == [2, 1]  # 3 at the warning; never 0: that is `expired`
    assert monitor.is_paused
    assert monitor.seconds_left is None
    # Paused after expiry: the attract screen needs no warning.
    with qtbot.assertNotEmitted(monitor.warning_started, wait=400):
        pass


def test_input_delays_the_warning(
    monitor: IdleMonitor, button: QPushButton, qtbot: QtBot
) -> None:
    qtbot.wait(150)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # straight to the widget: app-wide sees it
    with qtbot.assertNotEmitted(monitor.warning_started, wait=200):
        pass
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass


def test_input_during_the_countdown_stops_it(
    monitor: IdleMonitor, button: QPushButton, qtbot: QtBot
) -> None:
    clicked: list[bool] = []
    button.clicked.connect(lambda: clicked.append(True))
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(monitor.activity_resumed, timeout=TIMEOUT):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicked == [True]  # the input still does what it does
    assert not monitor.is_warning
    assert not monitor.is_paused
    with qtbot.assertNotEmitted(monitor.expired, wait=150):
        pass
    # The idle period starts again: another warning later.
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass


def test_a_key_press_is_activity(monitor: IdleMonitor, window: QWidget, qtbot: QtBot) -> None:
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(monitor.activity_resumed, timeout=TIMEOUT):
        qtbot.keyClick(window, Qt.Key.Key_A)


def test_pause_cancels_and_resume_starts_again(monitor: IdleMonitor, qtbot: QtBot) -> None:
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass
    monitor.pause()
    assert monitor.is_paused
    with qtbot.assertNotEmitted(monitor.expired, wait=150):
        pass
    monitor.resume()
    assert not monitor.is_paused
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass


def test_a_paused_monitor_ignores_input(
    window: QWidget, button: QPushButton, qtbot: QtBot
) -> None:
    idle = IdleMonitor(idle_ms=100, countdown_ms=40, tick_ms=20, active=False, parent=window)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    idle.note_activity()
    assert idle.is_paused
    with qtbot.assertNotEmitted(idle.warning_started, wait=200):
        pass


def test_a_longer_idle_time_for_result_pages(monitor: IdleMonitor, qtbot: QtBot) -> None:
    monitor.set_idle_ms(800)
    assert monitor.idle_ms == 800
    with qtbot.assertNotEmitted(monitor.warning_started, wait=450):
        pass
    monitor.set_idle_ms(100)  # counts from the last input: already past, so soon
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass


def test_note_activity_counts_as_input(monitor: IdleMonitor, qtbot: QtBot) -> None:
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(monitor.activity_resumed, timeout=TIMEOUT):
        monitor.note_activity()


def test_window_mode_watches_the_windows_own_input(window: QWidget, qtbot: QtBot) -> None:
    idle = IdleMonitor(window, idle_ms=200, countdown_ms=2000, tick_ms=1000)
    try:
        with qtbot.waitSignal(idle.warning_started, timeout=TIMEOUT) as warning:
            pass
        assert warning.args == [2]
        with qtbot.waitSignal(idle.activity_resumed, timeout=TIMEOUT):
            tap(window, QPoint(400, 300))
        with qtbot.waitSignal(idle.warning_started, timeout=TIMEOUT):
            pass
        with qtbot.waitSignal(idle.activity_resumed, timeout=TIMEOUT):
            key(window, Qt.Key.Key_Space)
    finally:
        idle.pause()


def test_window_mode_attaches_to_a_window_shown_later(qtbot: QtBot) -> None:
    later = QWidget()
    qtbot.addWidget(later)
    idle = IdleMonitor(later, idle_ms=200, countdown_ms=2000, tick_ms=1000)
    assert later.windowHandle() is None  # not shown yet
    later.resize(300, 200)
    later.show()
    qtbot.waitExposed(later)
    with qtbot.waitSignal(idle.warning_started, timeout=TIMEOUT):
        pass
    with qtbot.waitSignal(idle.activity_resumed, timeout=TIMEOUT):
        tap(later, QPoint(10, 10))
    idle.pause()


@pytest.mark.parametrize(
    ("idle_ms", "countdown_ms", "tick_ms"), [(0, 1000, 100), (1000, 50, 100), (1000, 1000, 0)]
)
def test_nonsense_timeouts_are_refused(idle_ms: int, countdown_ms: int, tick_ms: int) -> None:
    with pytest.raises(ValueError, match="idle_ms"):
        IdleMonitor(idle_ms=idle_ms, countdown_ms=countdown_ms, tick_ms=tick_ms, active=False)


def test_window_mode_counts_a_key_that_a_shortcut_takes(window: QWidget, qtbot: QtBot) -> None:
    # A number key is a shortcut of the assistant ("choose 4"): the window never receives its
    # key press, only the ShortcutOverride asked first.
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_4), window)
    shortcut.activated.connect(lambda: fired.append(True))
    idle = IdleMonitor(window, idle_ms=200, countdown_ms=2000, tick_ms=1000)
    try:
        with qtbot.waitSignal(idle.warning_started, timeout=TIMEOUT):
            pass
        with qtbot.waitSignal(idle.activity_resumed, timeout=TIMEOUT):
            key(window, Qt.Key.Key_4)
        assert fired == [True]
    finally:
        idle.pause()


def test_a_wheel_is_activity(monitor: IdleMonitor, window: QWidget, qtbot: QtBot) -> None:
    with qtbot.waitSignal(monitor.warning_started, timeout=TIMEOUT):
        pass
    centre = QPointF(window.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(window.mapToGlobal(window.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    with qtbot.waitSignal(monitor.activity_resumed, timeout=TIMEOUT):
        QApplication.sendEvent(window, wheel)
