"""`check_touch_targets`: too small, too close, and a layout that passes; and the kiosk
stylesheet makes every button finger-sized."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from assistant.ui import theme
from assistant.ui.kiosk.attract import AttractScreen
from assistant.ui.kiosk.lockdown import (
    DESKTOP_TARGET,
    KIOSK_TARGET,
    TARGET_GAP,
    check_touch_targets,
)
from assistant.ui.widgets import WrapButton


@pytest.fixture(autouse=True)
def no_app_stylesheet(qapp: QApplication) -> Iterator[None]:
    """Geometries exactly as placed: an app stylesheet left by an earlier test (its buttons'
    min-height) would resize the buttons under test. The kiosk-style tests set their own."""
    before = qapp.styleSheet()
    qapp.setStyleSheet("")
    yield
    qapp.setStyleSheet(before)


def place(parent: QWidget, name: str, x: int, y: int, width: int, height: int) -> QPushButton:
    button = QPushButton(name, parent)
    button.setObjectName(name)
    button.setGeometry(x, y, width, height)
    button.show()
    return button


def test_a_too_small_button_is_found(window: QWidget) -> None:
    place(window, "back", 10, 10, 120, 40)
    place(window, "restart", 300, 10, 120, 80)
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == [
        "back: 120x40 px, smaller than 64x64"
    ]
    # 40 px high is too small on the desktop too; 50 would do there.
    assert len(check_touch_targets(window, DESKTOP_TARGET, TARGET_GAP)) == 1


def test_two_buttons_too_close_are_found(window: QWidget) -> None:
    place(window, "option-sim", 10, 10, 100, 100)
    place(window, "option-nao", 114, 10, 100, 100)  # 4 px to the right of the first
    place(window, "option-talvez", 10, 200, 100, 100)  # far enough from both
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == [
        "option-sim and option-nao: 4 px apart, closer than 8"
    ]


def test_overlapping_and_diagonal_neighbours_count(window: QWidget) -> None:
    place(window, "a", 10, 10, 100, 100)
    place(window, "b", 60, 60, 100, 100)  # overlaps a
    place(window, "c", 215, 215, 100, 100)  # diagonal to b: 55 px each way, 78 px apart
    place(window, "d", 320, 320, 100, 100)  # diagonal to c: 5 px each way, 7 px apart
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == [
        "a and b: 0 px apart, closer than 8",
        "c and d: 7 px apart, closer than 8",
    ]


def test_a_good_layout_passes(window: QWidget, qtbot: QtBot) -> None:
    column = QVBoxLayout(window)
    column.setSpacing(12)
    column.addWidget(QLabel("Sobre a sua fatura Claro móvel, do que você precisa?", window))
    row = QHBoxLayout()
    row.setSpacing(12)
    buttons = []
    for name in ("sim", "nao"):
        button = QPushButton(name, window)
        button.setObjectName(f"option-{name}")
        button.setMinimumSize(200, 80)
        row.addWidget(button)
        buttons.append(button)
    column.addLayout(row)
    qtbot.waitUntil(lambda: all(button.height() >= 80 for button in buttons))
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == []


def test_hidden_widgets_and_labels_are_not_targets(window: QWidget) -> None:
    hidden = place(window, "copied", 10, 10, 20, 20)
    hidden.hide()
    label = QLabel("Passo a passo", window)  # a heading that takes focus for screen readers
    label.setGeometry(10, 100, 100, 20)
    label.setFocusPolicy(label.focusPolicy().ClickFocus)
    label.show()
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == []


def test_sliders_and_named_targets_are_targets(window: QWidget) -> None:
    bar = QScrollBar(window)
    bar.setObjectName("content-scrollbar")
    bar.setGeometry(780, 0, 16, 600)
    bar.show()
    chip = QLabel("Faturas", window)
    chip.setObjectName("trail-0")
    chip.setGeometry(10, 10, 80, 30)
    chip.show()
    assert sorted(check_touch_targets(window, KIOSK_TARGET, TARGET_GAP)) == [
        "content-scrollbar: 16x600 px, smaller than 64x64",
        "trail-0: 80x30 px, smaller than 64x64",
    ]


def test_a_target_inside_another_is_not_compared_with_it(window: QWidget, qtbot: QtBot) -> None:
    attract = AttractScreen(window)  # the whole screen is a target
    attract.setGeometry(window.rect())
    attract.show()
    inner = QPushButton("x", attract)
    inner.setObjectName("inner")
    inner.setGeometry(100, 100, 100, 100)
    inner.show()
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == []


def test_the_kiosk_stylesheet_makes_buttons_finger_sized(
    window: QWidget, kiosk_style: theme.ThemeName, qtbot: QtBot
) -> None:
    column = QVBoxLayout(window)
    column.setSpacing(TARGET_GAP + 4)  # + 4: each button's 2 px margin is inside it
    plain = QPushButton("1", window)
    plain.setObjectName("plain")
    option = WrapButton("Sim", accessible_name="Sim", kind="option", parent=window)
    option.setObjectName("option-sim")
    trail = WrapButton("Negociar", accessible_name="Negociar", kind="trail", role="trail")
    trail.setObjectName("trail-0")
    for widget in (plain, option, trail):
        column.addWidget(widget)
    column.addStretch(1)
    qtbot.waitUntil(lambda: trail.height() > 0)
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == []


def scrolled_page(window: QWidget) -> QWidget:
    """A 300 px high scroll area over 1000 px of content (no scroll bars: a finger drags it)."""
    area = QScrollArea(window)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setGeometry(0, 0, 800, 300)
    content = QWidget()
    content.resize(780, 1000)
    area.setWidget(content)
    area.show()
    return content


def test_scrolled_content_is_not_compared_with_what_it_scrolls_under(window: QWidget) -> None:
    content = scrolled_page(window)
    place(content, "copy-steps", 10, 900, 200, 80)  # far below the fold
    place(window, "back", 10, 310, 200, 80)  # the nav bar
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == []


def test_scrolled_content_is_compared_with_itself_below_the_fold(window: QWidget) -> None:
    content = scrolled_page(window)
    place(content, "copy-number-sudeste", 10, 800, 200, 80)
    place(content, "copy-steps", 10, 884, 200, 80)  # 4 px under it, both below the fold
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == [
        "copy-number-sudeste and copy-steps: 4 px apart, closer than 8"
    ]


def test_what_is_on_screen_next_to_the_scroll_area_is_compared(window: QWidget) -> None:
    content = scrolled_page(window)
    place(content, "option-sim", 10, 210, 200, 86)  # its bottom 4 px above the area's edge
    place(window, "back", 10, 300, 200, 80)
    assert check_touch_targets(window, KIOSK_TARGET, TARGET_GAP) == [
        "option-sim and back: 4 px apart, closer than 8"
    ]
