"""ProblemList: each problem of a flows file a paragraph of its own, wrapped lines indented.

Checked on both places that list problems: the window shown when the file cannot be opened,
and author mode's banner. Their lists ran wrapped problems together (QPlainTextEdit cannot
indent a wrapped line), so the start of each problem was hard to find.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from assistant.ui.banner import ProblemsBanner
from assistant.ui.errors import ProblemsWindow
from assistant.ui.problem_list import ProblemList

LONG = (
    "/srv/loja/flows.yaml:38:12: title ends with a quote \" but does not start with one (the "
    "opening quote is missing), so YAML keeps the \" in the text and it would be shown to the "
    "customer: put the whole text in quotes"
)
SHORT = "/srv/loja/flows.yaml:58:5: unknown key \"título\" in screen; did you mean \"title\"?"
LINES = [LONG, SHORT, LONG.replace(":38:12:", ":90:3:")]


@pytest.fixture(params=["window", "banner"])
def problems(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[ProblemList]:
    """The problem list of the problems window or of the banner, about 500 px wide, showing
    LINES."""
    owner: ProblemsWindow | ProblemsBanner
    if request.param == "window":
        owner = ProblemsWindow(Path("/srv/loja/flows.yaml"), LINES)
    else:
        owner = ProblemsBanner()
        owner.show_problems(LINES)
    qtbot.addWidget(owner)
    owner.resize(540, 500)
    owner.show()
    qtbot.waitExposed(owner)
    yield owner.problems


def line_starts_x(problems: ProblemList, block_number: int) -> list[int]:
    """Where each laid-out line of paragraph `block_number` starts, in viewport pixels."""
    block = problems.document().findBlockByNumber(block_number)
    layout = block.layout()
    starts = []
    for index in range(layout.lineCount()):
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + layout.lineAt(index).textStart())
        starts.append(problems.cursorRect(cursor).x())
    return starts


def test_a_wrapped_problem_is_indented_under_its_start(problems: ProblemList) -> None:
    assert problems.document().blockCount() == len(LINES)  # a paragraph per problem
    first, *wrapped = line_starts_x(problems, 0)
    assert wrapped, "the long problem should wrap at this width"
    indent = problems.fontMetrics().horizontalAdvance("0000")
    assert all(x - first >= indent - 1 for x in wrapped)
    assert line_starts_x(problems, 1)[0] == first  # the next problem starts at the edge again


def test_problems_have_a_gap_between_them(problems: ProblemList) -> None:
    document = problems.document()
    first, second = document.findBlockByNumber(0), document.findBlockByNumber(1)
    one = document.documentLayout().blockBoundingRect(first)
    two = document.documentLayout().blockBoundingRect(second)
    text_bottom = one.top() + first.layout().boundingRect().height()
    assert two.top() - text_bottom >= problems.fontMetrics().lineSpacing() * 0.3


def test_what_is_copied_is_the_lines_as_printed(problems: ProblemList) -> None:
    problems.selectAll()
    copied = problems.createMimeDataFromSelection()
    assert copied.text() == "\n".join(LINES)
    assert copied.formats() == ["text/plain"]  # no HTML with the indent, margins and font
    assert problems.lines() == LINES
    assert problems.isReadOnly()


def test_no_problems_is_an_empty_list(qtbot: QtBot) -> None:
    problems = ProblemList()
    qtbot.addWidget(problems)
    problems.set_lines(LINES)
    problems.set_lines([])
    assert problems.lines() == [] and problems.toPlainText() == ""
