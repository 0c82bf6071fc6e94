"""What the customer sees when the flows file cannot be used: `ProblemsWindow` lists every
problem as `file:line:col: message` (the same lines go to stderr), and the app exits with code 2.

The hook that catches unexpected exceptions is in `excepthook` (imported at every start; this
module's widgets only on that error path).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant import APP_NAME
from assistant.ui import theme
from assistant.ui.problem_list import ProblemList
from assistant.ui.widgets import size_on_screen

SIZE = (900, 520)
"""The window's size where the screen has room for it (`size_on_screen`)."""
MIN_VISIBLE_LINES = 3


class ProblemsWindow(QWidget):
    """A window that lists the problems of a flows file that could not be opened."""

    def __init__(
        self,
        path: Path,
        lines: list[str],
        parent: QWidget | None = None,
        *,
        watching: bool = False,
    ) -> None:
        super().__init__(parent)
        self._path = path
        # Author mode (`--watch`): the window opens by itself on the first clean save.
        self._watching = watching
        self.setObjectName("problems-window")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(f"{APP_NAME}: o arquivo de telas tem problemas")
        layout = QVBoxLayout(self)
        margin = theme.em(1.2)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.em(0.8))

        heading = QLabel("Não foi possível abrir o assistente", self)
        heading.setObjectName("problems-heading")
        heading.setWordWrap(True)
        theme.set_role(heading, "title")
        layout.addWidget(heading)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("problems-explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        theme.set_role(self.explanation, "body")
        layout.addWidget(self.explanation)

        self.problems = ProblemList(self, role="body")
        self.problems.setObjectName("problems")
        # However small the window, a few lines of the list stay in sight (it scrolls).
        few = self.problems.fontMetrics().lineSpacing() * MIN_VISIBLE_LINES
        self.problems.setMinimumHeight(few + theme.em(1.5))  # + its padding and border
        layout.addWidget(self.problems, 1)

        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton("Fechar", self)
        close.setObjectName("close")
        close.setAccessibleName("Fechar")
        close.setProperty("kind", "primary")
        close.setAutoDefault(True)
        theme.set_role(close, "nav")
        close.clicked.connect(self.close)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(size_on_screen(self, *SIZE))
        self.set_problems(lines)
        close.setFocus()

    def set_problems(self, lines: list[str]) -> None:
        """List `lines`: the problems of the file as it is now (author mode: its latest save)."""
        count = len(lines)
        what = "1 problema" if count == 1 else f"{count} problemas"
        then = (
            "e salve: o assistente abre assim que o arquivo estiver correto."
            if self._watching
            else "e abra o assistente de novo."
        )
        self.explanation.setText(
            f"O arquivo de telas {self._path} tem {what}. Corrija cada linha abaixo "
            f"(arquivo:linha:coluna: problema) {then}"
        )
        self.problems.set_lines(lines)
