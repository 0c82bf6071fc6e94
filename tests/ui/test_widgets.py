"""WrapButton: still a push button to the customer, whatever it does to click faster; WrapLabel:
the heights it remembers follow its text and font."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui import theme
from assistant.ui.widgets import WrapButton, WrapLabel


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


def test_the_press_repaint_is_left_to_the_event_loop(
    qtbot: QtBot, shown: tuple[QWidget, WrapButton]
) -> None:
    _, button = shown
    counter = PaintCounter()
    button.installEventFilter(counter)
    QTest.mousePress(button, Qt.MouseButton.LeftButton)
    assert counter.paints == 0  # not inside the press (Qt's own button would paint here)
    assert button.isDown()
    assert button.updatesEnabled()
    qtbot.waitUntil(lambda: counter.paints > 0, timeout=2000)  # the pressed look, a moment later
    clicks: list[bool] = []
    button.clicked.connect(lambda checked=False: clicks.append(checked))
    QTest.mouseRelease(button, Qt.MouseButton.LeftButton)
    assert clicks == [False]


def _dark_rows(image: QImage, area: QRect) -> set[int]:
    """The rows of `area` in `image` with a dark (text) pixel."""
    return {
        y
        for y in range(area.top(), area.bottom() + 1)
        for x in range(area.left(), area.right() + 1, 2)
        if QColor(image.pixel(x, y)).lightness() < 100
    }


def test_wrapped_text_is_painted_in_the_height_it_was_given(qtbot: QtBot) -> None:
    text = "Sim, e o valor da fatura está incorreto desde o mês passado"
    button = WrapButton(text, accessible_name=text, kind="option")
    qtbot.addWidget(button)
    one_line = button.heightForWidth(2000)
    narrow = button.sizeHint().width() // 3
    button.resize(narrow, button.heightForWidth(narrow))
    assert button.height() >= one_line + 2 * button.fontMetrics().lineSpacing()
    image = button.grab().toImage()
    rows = _dark_rows(image, QRect(0, 0, image.width(), image.height()))
    line = button.fontMetrics().lineSpacing()
    # Text on at least three lines, none of it below the last line the height allows for.
    assert max(rows) - min(rows) >= 2 * line
    assert max(rows) < button.height() - 4


def test_a_wrap_label_remembers_heights_until_its_text_or_font_changes(qtbot: QtBot) -> None:
    label = WrapLabel("Acesse o App Minha Claro.")
    qtbot.addWidget(label)
    twin = QLabel(label.text())  # what Qt itself works out, never cached
    twin.setWordWrap(True)
    qtbot.addWidget(twin)
    width = label.fontMetrics().horizontalAdvance("Acesse o App") + 4
    assert label.heightForWidth(width) == twin.heightForWidth(width)
    longer = "Acesse o App Minha Claro e depois vá nos menus Faturas e Parcelar dívida."
    label.setText(longer)
    twin.setText(longer)
    assert label.heightForWidth(width) == twin.heightForWidth(width)
    assert label.heightForWidth(width) > 2 * label.fontMetrics().lineSpacing()
    bigger = QFont(label.font())
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    label.setFont(bigger)
    twin.setFont(bigger)
    assert label.heightForWidth(width) == twin.heightForWidth(width)


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


def test_side_by_side_badges_are_level_with_their_headlines(qtbot: QtBot) -> None:
    """Sim / Não with details of different lengths, at one height as in their row: each badge
    sits on its headline's first line. Centred in the button's content, the badge of the
    shorter detail sat higher than the other, and neither was level with "Sim" or "Não"."""
    details = ("Conferi e o valor está incorreto, com muitos detalhes", "Ainda não conferi")
    buttons = [
        WrapButton(detail, accessible_name=detail, kind="option", headline=head, badge=badge)
        for detail, head, badge in zip(details, ("Sim", "Não"), ("1", "2"), strict=True)
    ]
    width = 260
    height = max(b.heightForWidth(width) for b in buttons)
    line = QFontMetrics(theme.role_font("option-headline")).height()
    tops = []
    for button in buttons:
        qtbot.addWidget(button)
        button.resize(width, height)
        image = button.grab().toImage()
        highlight = button.palette().color(QPalette.ColorRole.Highlight).rgb()
        badge = [
            (x, y)
            for y in range(image.height())
            for x in range(image.width() // 3)
            if image.pixel(x, y) == highlight
        ]
        assert badge
        right = max(x for x, _ in badge) + 2
        text_top = min(_dark_rows(image, QRect(right, 0, image.width() - right, height)))
        top, bottom = min(y for _, y in badge), max(y for _, y in badge)
        # the badge's middle is within the headline's first line
        assert text_top <= (top + bottom) // 2 <= text_top + line, (button.accessibleName())
        tops.append(top)
    assert buttons[0].heightForWidth(width) > buttons[1].heightForWidth(width)  # the case
    assert tops[0] == tops[1]
