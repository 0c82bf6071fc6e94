"""A finger on the real-X lanes (xvfb_screens.py, kiosk/xvfb_kiosk.py): a swipe up the page."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPointingDevice, QWindow
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot


def swipe_up(
    qtbot: QtBot,
    window: QWindow,
    finger: QPointingDevice,
    start: QPoint,
    *,
    distance: int = 100,
    steps: int = 10,
) -> None:
    """Put `finger` down at `start` (window coordinates), move it up `distance` px in `steps`
    moves a frame (16 ms) apart, and lift it there."""
    QTest.touchEvent(window, finger).press(0, start).commit()
    for step in range(1, steps + 1):
        qtbot.wait(16)
        here = start - QPoint(0, distance * step // steps)
        QTest.touchEvent(window, finger).move(0, here).commit()
    qtbot.wait(16)
    QTest.touchEvent(window, finger).release(0, start - QPoint(0, distance)).commit()
