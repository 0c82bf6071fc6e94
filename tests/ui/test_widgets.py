"""WrapButton: still a push button to the customer, whatever it does to click faster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui.widgets import WrapButton


@pytest.fixture
def shown(qtbot: QtBot) -> Iterator[tuple[QWidget, WrapButton]]:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    button = WrapButton("Sim, até 45 dias", accessible_name="Sim", kind="option", parent=window)
    layout.addWidget(button)
    window.resize(400, 200)
    window.show()
    qtbot.waitExposed(window)
    yield window, button


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_a_click_is_one_click_and_the_button_paints_again_afterwards(
    qtbot: QtBot, shown: tuple[QWidget, WrapButton]
) -> None:
    _, button = shown
    clicks: list[bool] = []
    button.clicked.connect(lambda checked=False: clicks.append(checked))
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert clicks == [False]
    assert button.updatesEnabled()  # the release's repaint is skipped, updates are not lost
    counter = PaintCounter()
    button.installEventFilter(counter)
    button.update()
    qtbot.waitUntil(lambda: counter.paints > 0, timeout=2000)


def test_the_release_repaint_is_left_to_the_event_loop(
    qtbot: QtBot, shown: tuple[QWidget, WrapButton]
) -> None:
    _, button = shown
    QTest.mousePress(button, Qt.MouseButton.LeftButton)  # Qt repaints the pressed look at once
    counter = PaintCounter()
    button.installEventFilter(counter)
    QTest.mouseRelease(button, Qt.MouseButton.LeftButton)
    assert counter.paints == 0  # not inside the release (Qt's own button would paint here)
    qtbot.waitUntil(lambda: counter.paints > 0, timeout=2000)  # but soon after, still shown
    assert not button.isDown()


def test_a_release_outside_the_button_is_no_click(shown: tuple[QWidget, WrapButton]) -> None:
    _, button = shown
    clicks: list[bool] = []
    button.clicked.connect(lambda checked=False: clicks.append(checked))
    QTest.mousePress(button, Qt.MouseButton.LeftButton)
    outside = QPoint(button.width() + 20, button.height() + 20)
    QTest.mouseRelease(button, Qt.MouseButton.LeftButton, pos=outside)
    assert clicks == []
    assert button.updatesEnabled()
    assert not button.isDown()
