"""The hidden admin gesture: five quick taps in the top-right corner, and nothing else."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui.kiosk.gesture import CornerTapDetector

from .support import tap


class Clock:
    """A monotonic clock in ms that only moves when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def detector(window: QWidget, clock: Clock) -> CornerTapDetector:
    return CornerTapDetector(window, clock=clock)


@pytest.fixture
def triggers(detector: CornerTapDetector) -> list[bool]:
    fired: list[bool] = []
    detector.triggered.connect(lambda: fired.append(True))
    return fired


CORNER = QPoint(800 - 20, 20)  # inside the 80 px top-right square of the 800x600 window
MIDDLE = QPoint(400, 300)


def taps(window: QWidget, clock: Clock, count: int, *, every_ms: float = 200) -> None:
    for _ in range(count):
        tap(window, CORNER)
        clock.now += every_ms


def test_five_taps_in_the_corner_trigger(
    window: QWidget, clock: Clock, triggers: list[bool], detector: CornerTapDetector
) -> None:
    assert detector.corner_rect().contains(CORNER)
    taps(window, clock, 5)
    assert triggers == [True]
    assert detector.count == 0  # and counting starts again


def test_four_taps_do_not(window: QWidget, clock: Clock, triggers: list[bool]) -> None:
    taps(window, clock, 4)
    assert triggers == []


def test_slow_taps_do_not(window: QWidget, clock: Clock, triggers: list[bool]) -> None:
    taps(window, clock, 5, every_ms=800)  # five taps over 3.2 s: never five within 3 s
    assert triggers == []
    taps(window, clock, 5, every_ms=700)  # 2.8 s: yes (the old taps have expired)
    assert triggers == [True]


def test_a_tap_elsewhere_starts_the_count_again(
    window: QWidget, clock: Clock, triggers: list[bool], detector: CornerTapDetector
) -> None:
    taps(window, clock, 4)
    tap(window, MIDDLE)
    assert detector.count == 0
    taps(window, clock, 4)
    assert triggers == []
    taps(window, clock, 1)
    assert triggers == [True]


def test_touch_taps_count_once_each(
    window: QWidget, clock: Clock, triggers: list[bool], detector: CornerTapDetector
) -> None:
    handle = window.windowHandle()
    device = QTest.createTouchDevice()
    for number in range(1, 6):
        QTest.touchEvent(handle, device).press(0, CORNER).commit()
        QTest.touchEvent(handle, device).release(0, CORNER).commit()
        clock.now += 200
        if number < 5:
            assert detector.count == number  # the mouse press Qt makes from it is not counted
    assert triggers == [True]


def test_the_taps_still_reach_the_app(
    window: QWidget, clock: Clock, triggers: list[bool]
) -> None:
    button = QPushButton("x", window)
    button.setGeometry(800 - 60, 0, 60, 60)
    button.show()
    clicks: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    taps(window, clock, 5)
    assert triggers == [True]
    assert clicks == [True] * 5


def test_the_corner_and_count_are_configurable(window: QWidget, clock: Clock) -> None:
    detector = CornerTapDetector(
        window, taps=3, within_ms=1000, corner=Qt.Corner.BottomLeftCorner, size=50, clock=clock
    )
    fired: list[bool] = []
    detector.triggered.connect(lambda: fired.append(True))
    assert detector.corner_rect().getRect() == (0, 550, 50, 50)
    taps(window, clock, 3)  # the top-right corner is nothing now
    assert fired == []
    for _ in range(3):
        tap(window, QPoint(10, 590))
        clock.now += 100
    assert fired == [True]


def test_the_corner_follows_the_window_size(
    window: QWidget, detector: CornerTapDetector, qtbot: QtBot
) -> None:
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: window.width() == 1000)
    assert detector.corner_rect().getRect() == (920, 0, 80, 80)


def test_nonsense_settings_are_refused(window: QWidget) -> None:
    with pytest.raises(ValueError, match="taps"):
        CornerTapDetector(window, taps=1)
