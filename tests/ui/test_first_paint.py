"""assistant/ui/first_paint.py: the callback runs once after the first paint, never after the
widget is gone, and the watcher does not outlive its work."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui.first_paint import AfterFirstPaint


def _watchers(widget: QWidget) -> list[QObject]:
    return [child for child in widget.children() if isinstance(child, AfterFirstPaint)]


def test_the_callback_runs_once_after_the_first_paint_and_the_watcher_goes(qtbot: QtBot) -> None:
    widget = QLabel("Olá")
    qtbot.addWidget(widget)
    calls: list[str] = []
    AfterFirstPaint(widget, lambda: calls.append("painted"))
    assert calls == []
    widget.show()
    qtbot.waitUntil(lambda: calls == ["painted"])
    qtbot.waitUntil(lambda: _watchers(widget) == [])
    widget.grab()  # painted again
    qtbot.wait(10)
    assert calls == ["painted"]


def test_a_widget_deleted_before_the_event_loop_comes_round_gets_no_callback(
    qtbot: QtBot,
) -> None:
    """The window closed between its first paint and the 0 ms timer: the callback ran on the
    deleted window ("Internal C++ object already deleted")."""
    widget = QLabel("Olá")
    widget.show()
    qtbot.waitExposed(widget)
    calls: list[str] = []
    AfterFirstPaint(widget, lambda: calls.append("ran"))
    widget.grab()  # painted now (a Paint event): the 0 ms timer is due on the next round
    shiboken6.delete(widget)
    qtbot.wait(20)
    assert calls == []


def test_an_owner_keeps_the_callback_when_the_watched_widget_goes(qtbot: QtBot) -> None:
    """The app watches its first screen for the first paint, but what runs then (the log, the
    single-instance listener) belongs to the window, which outlives that screen."""
    window = QWidget()
    qtbot.addWidget(window)
    screen = QLabel("Olá", window)
    window.show()
    qtbot.waitExposed(window)
    calls: list[str] = []
    AfterFirstPaint(screen, lambda: calls.append("ran"), owner=window)
    screen.grab()  # painted: the 0 ms timer is due
    shiboken6.delete(screen)
    qtbot.waitUntil(lambda: calls == ["ran"])
