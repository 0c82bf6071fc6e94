"""Helpers of the kiosk widget tests."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from assistant.ui import theme


def kiosk_stylesheet(name: theme.ThemeName) -> str:
    """base.qss + the theme + kiosk.qss with the theme's colours: what the app applies in kiosk
    mode (`theme.apply_theme(app, name, layers=KIOSK_LAYERS)`)."""
    return theme.load_theme(name, theme.KIOSK_LAYERS).stylesheet


def tap(window: QWidget, point: QPoint, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """A press and release at `point` (window coordinates) through the window's QWindow, the
    way the platform delivers it."""
    handle = window.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, button, Qt.KeyboardModifier.NoModifier, point)


def key(window: QWidget, key: Qt.Key) -> None:
    """A key press and release through the window's QWindow."""
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, key)


def corner_gesture(window: QWidget) -> None:
    """The admin's hidden gesture: five taps on the top-right corner."""
    for _ in range(5):
        tap(window, QPoint(window.width() - 10, 10))


def type_pin(window: QWidget, pin: str) -> None:
    """The PIN typed on the pad's keys, then Enter."""
    for digit in pin:
        key(window, Qt.Key(Qt.Key.Key_0.value + int(digit)))
    key(window, Qt.Key.Key_Return)
