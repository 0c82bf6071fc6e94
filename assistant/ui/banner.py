"""The banner of author mode that lists the problems of a flows file just saved.

Non-modal: it sits in the window above the screen, which keeps running on the previous
content, so the author can fix the file and save again while the assistant stays usable. The
problems are selectable text (`file:line:col: message`, a paragraph each: `ProblemList`),
scrollable when long. It hides itself when closed, and `clear()` hides it once the file is
clean again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assistant.ui import theme
from assistant.ui.problem_list import ProblemList

VISIBLE_LINES = 6
"""Problem lines shown before the list scrolls: the screen stays visible under the banner."""


def summary(count: int, file_name: str) -> str:
    """The banner's first line, e.g. "O arquivo flows.yaml tem 2 problemas; ..."."""
    what = "1 problema" if count == 1 else f"{count} problemas"
    return f"O arquivo {file_name} tem {what}; a versão anterior continua em uso."


class ProblemsBanner(QWidget):
    """A closable banner: a summary line, then every problem. Hidden until `show_problems`."""

    dismissed = Signal()  # the author closed it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problems-banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAccessibleName("Problemas no arquivo de telas")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        margin = theme.em(0.6)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.em(0.4))

        row = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("banner-summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        theme.set_role(self.summary, "heading")
        row.addWidget(self.summary, 1)
        self.close_button = QPushButton("Fechar", self)
        self.close_button.setObjectName("banner-close")
        self.close_button.setAccessibleName("Fechar o aviso de problemas")
        self.close_button.setToolTip("Fechar o aviso (a lista volta no próximo salvamento)")
        theme.set_role(self.close_button, "nav")
        self.close_button.clicked.connect(self._dismiss)
        row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)

        self.problems = ProblemList(self, role="small")
        self.problems.setObjectName("banner-problems")
        self.problems.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.problems)
        self._lines: list[str] = []
        self.hide()

    def focus_widgets(self) -> tuple[QWidget, ...]:
        """What Tab reaches in the banner, in visual order."""
        return (self.close_button, self.problems)

    @property
    def lines(self) -> list[str]:
        """The problem lines on show ([] when cleared)."""
        return list(self._lines)

    def show_problems(self, lines: Sequence[str], file_name: str = "flows.yaml") -> None:
        """Show `lines` (`file:line:col: message` each) under the summary, and the banner."""
        self._lines = list(lines)
        self.summary.setText(summary(len(self._lines), file_name))
        self.problems.set_lines(self._lines)
        self._fit_height()
        self.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width() and self._lines:
            self._fit_height()  # lines wrap differently at another width

    def _fit_height(self) -> None:
        """Tall enough for every problem as it wraps at the list's width, up to
        VISIBLE_LINES lines; past that the list scrolls."""
        width = self.problems.viewport().width()
        bar = self.problems.verticalScrollBar()
        if bar.isVisible():
            width += bar.width()  # it goes away when everything fits
        if width <= 100:  # not laid out yet: the window's width
            window = self.window()
            width = max(100, (window.width() if window is not None else 600) - theme.em(3))
        # Counted as laid out, gaps between problems included: six short problems take more
        # than six line heights, and capping at that height hid the sixth under a scroll bar.
        content = self.problems.content_height(width, VISIBLE_LINES)
        # A QFrame's contents margins are its frame: the stylesheet's border and padding
        # (author.qss), once polished. Counted once: more left a blank line under the list.
        self.problems.ensurePolished()
        margins = self.problems.contentsMargins()
        self.problems.setFixedHeight(math.ceil(content) + margins.top() + margins.bottom())

    def clear(self) -> None:
        """Forget the problems and hide the banner (the file is clean again)."""
        self._lines = []
        self.summary.clear()
        self.problems.clear()
        self.hide()

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
