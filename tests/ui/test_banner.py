"""ProblemsBanner: the non-modal list of problems of a flows file saved with mistakes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from assistant.resources import resource
from assistant.ui import theme
from assistant.ui.banner import VISIBLE_LINES, ProblemsBanner

LINES = [
    "/srv/kiosk/flows.yaml:9:9: option 'pagar' leads to unknown screen 'fiim'; did you mean 'fim'?",
    "/srv/kiosk/flows.yaml:16:5: screen 'fim' cannot be reached from the start screen 'menu'",
]


@pytest.fixture
def window(qtbot: QtBot) -> tuple[QWidget, ProblemsBanner, QPushButton]:
    """A window with the banner above a button standing for the screen on show."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    banner = ProblemsBanner(window)
    layout.addWidget(banner)
    button = QPushButton("Negociar", window)
    layout.addWidget(button)
    window.resize(800, 500)
    window.show()
    qtbot.waitExposed(window)
    return window, banner, button


def test_it_is_hidden_until_there_are_problems(
    window: tuple[QWidget, ProblemsBanner, QPushButton],
) -> None:
    _, banner, _ = window
    assert not banner.isVisible()
    assert banner.lines == []


def test_it_shows_the_count_and_every_problem(
    window: tuple[QWidget, ProblemsBanner, QPushButton],
) -> None:
    _, banner, _ = window
    banner.show_problems(LINES)
    assert banner.isVisible()
    assert banner.summary.text() == (
        "O arquivo flows.yaml tem 2 problemas; a versão anterior continua em uso."
    )
    assert banner.problems.toPlainText() == "\n".join(LINES)
    assert banner.lines == LINES
    banner.show_problems(LINES[:1], file_name="fluxos.yaml")
    assert banner.summary.text() == (
        "O arquivo fluxos.yaml tem 1 problema; a versão anterior continua em uso."
    )
    assert banner.problems.toPlainText() == LINES[0]


def test_the_problems_are_selectable_text_and_named(
    window: tuple[QWidget, ProblemsBanner, QPushButton],
) -> None:
    _, banner, _ = window
    banner.show_problems(LINES)
    assert banner.problems.isReadOnly()
    flags = banner.problems.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    banner.problems.selectAll()
    assert banner.problems.textCursor().selectedText() == "\u2029".join(LINES)
    assert banner.objectName() == "problems-banner"
    assert banner.accessibleName() == "Problemas no arquivo de telas"
    assert banner.problems.objectName() == "banner-problems"
    assert banner.problems.accessibleName() == "Lista de problemas do arquivo de telas"
    assert banner.close_button.objectName() == "banner-close"
    assert banner.close_button.accessibleName() == "Fechar o aviso de problemas"


def test_a_long_list_scrolls_instead_of_covering_the_screen(
    qtbot: QtBot, window: tuple[QWidget, ProblemsBanner, QPushButton]
) -> None:
    _, banner, _ = window
    many = [f"/srv/kiosk/flows.yaml:{n}:5: unknown key" for n in range(1, 41)]
    banner.show_problems(many)
    assert banner.summary.text().startswith("O arquivo flows.yaml tem 40 problemas;")
    few_height = banner.problems.height()
    bar = banner.problems.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    banner.show_problems(LINES)
    assert banner.problems.height() < few_height
    banner.show_problems(many[:VISIBLE_LINES])
    assert banner.problems.height() == few_height  # as tall as the first VISIBLE_LINES


def test_six_short_problems_show_without_a_scroll_bar(
    qtbot: QtBot, window: tuple[QWidget, ProblemsBanner, QPushButton]
) -> None:
    """VISIBLE_LINES problems of a line each are all on show (the gaps between them once
    counted against the six lines, hiding the sixth under a scroll bar); one more scrolls."""
    _, banner, _ = window
    theme.set_layer(banner, "author")  # as the window gives it
    many = [f"/srv/kiosk/flows.yaml:{n}:5: unknown key" for n in range(1, VISIBLE_LINES + 2)]
    bar = banner.problems.verticalScrollBar()
    banner.show_problems(many[:VISIBLE_LINES])
    qtbot.waitUntil(lambda: banner.problems.viewport().height() > 0)
    assert bar.maximum() == 0
    banner.show_problems(many)
    qtbot.waitUntil(lambda: bar.maximum() > 0)


def test_the_window_stays_usable_under_it(
    qtbot: QtBot, window: tuple[QWidget, ProblemsBanner, QPushButton]
) -> None:
    _, banner, button = window
    banner.show_problems(LINES)
    assert not banner.isWindow()
    assert banner.windowModality() == Qt.WindowModality.NonModal
    with qtbot.waitSignal(button.clicked, timeout=1000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert banner.isVisible()


def test_closing_hides_it_until_the_next_problems(
    qtbot: QtBot, window: tuple[QWidget, ProblemsBanner, QPushButton]
) -> None:
    _, banner, _ = window
    banner.show_problems(LINES)
    with qtbot.waitSignal(banner.dismissed, timeout=1000):
        qtbot.mouseClick(banner.close_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    banner.show_problems(LINES[1:])
    assert banner.isVisible()


def test_clear_forgets_and_hides(window: tuple[QWidget, ProblemsBanner, QPushButton]) -> None:
    _, banner, _ = window
    banner.show_problems(LINES)
    banner.clear()
    assert not banner.isVisible()
    assert banner.lines == []
    assert banner.problems.toPlainText() == ""
    assert banner.summary.text() == ""


@pytest.mark.parametrize("name", list(theme.ThemeName))
def test_author_qss_uses_only_declared_colours_and_parses(
    qtbot: QtBot, window: tuple[QWidget, ProblemsBanner, QPushButton], name: theme.ThemeName
) -> None:
    win, banner, _ = window
    colors = theme.load_theme(name).colors
    text = resource("themes", "author.qss").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    used = set(re.findall(r"@([a-z][a-z0-9-]*)", text))
    assert used and used <= set(colors)
    # Qt warns (and so fails this test) on a stylesheet it cannot parse.
    win.setStyleSheet(re.sub(r"@([a-z][a-z0-9-]*)", lambda m: colors[m.group(1)], text))
    banner.show_problems(LINES)
    banner.repaint()


def test_wrapped_problems_are_all_on_show_without_scrolling(
    window: tuple[QWidget, ProblemsBanner, QPushButton], qtbot: QtBot, qapp
) -> None:
    """Two problems, one long enough to wrap: both are read without touching the scroll bar
    (the list only scrolls past VISIBLE_LINES lines)."""
    _, banner, _ = window
    long_line = "/home/ana/flows.yaml:42:18: " + "option 'sim' leads to an unknown screen " * 4
    banner.show_problems([long_line, "/home/ana/flows.yaml:57:5: screen 'x' has no steps"])
    qtbot.waitUntil(banner.isVisible)
    qapp.processEvents()
    assert banner.problems.verticalScrollBar().maximum() == 0


def test_the_list_is_as_tall_as_its_problems_focused_or_not(
    qtbot: QtBot, window: tuple[QWidget, ProblemsBanner, QPushButton]
) -> None:
    """With author mode's stylesheet, a short list shows its problems and no blank line under
    them (its border and padding were counted twice, and a line's height more); taking the
    keyboard focus (a wider border) adds no scroll bar."""
    _, banner, _ = window
    theme.set_layer(banner, "author")  # as the window gives it
    banner.show_problems(LINES)
    qtbot.waitUntil(lambda: banner.problems.viewport().height() > 0)
    problems = banner.problems
    content = problems.document().size().height()
    assert content <= problems.viewport().height() < content + 2
    problems.setFocus()
    qtbot.waitUntil(problems.hasFocus)
    assert problems.verticalScrollBar().maximum() == 0
