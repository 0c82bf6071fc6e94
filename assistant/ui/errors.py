"""What the customer sees when something goes wrong, and the hook that catches the unexpected.

- A flows file that cannot be used: `ProblemsWindow` lists every problem as `file:line:col:
  message` (the same lines go to stderr), and the app exits with code 2.
- An unexpected exception anywhere in the event loop: `install_excepthook` logs it with its
  traceback and calls back (the window then apologises in pt-BR and shows the start screen).
  The traceback is never shown.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant import APP_NAME
from assistant.ui import theme

logger = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def problem_lines(error: BaseException) -> list[str]:
    """`file:line:col: message` lines of a FlowError, or the message of any other error."""
    problems = getattr(error, "problems", None)
    if problems:
        return [str(problem) for problem in problems]
    path = getattr(error, "path", None)  # FlowFileError: the file could not be read at all
    return [f"{path}: {error}" if path else str(error)]


class ProblemsWindow(QWidget):
    """A window that lists the problems of a flows file that could not be opened."""

    def __init__(self, path: Path, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        count = len(lines)
        what = "1 problema" if count == 1 else f"{count} problemas"
        explanation = QLabel(
            f"O arquivo de telas {path} tem {what}. Corrija cada linha abaixo "
            "(arquivo:linha:coluna: problema) e abra o assistente de novo.",
            self,
        )
        explanation.setObjectName("problems-explanation")
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        theme.set_role(explanation, "body")
        layout.addWidget(explanation)

        self.problems = QPlainTextEdit(self)
        self.problems.setObjectName("problems")
        self.problems.setReadOnly(True)
        self.problems.setPlainText("\n".join(lines))
        self.problems.setAccessibleName("Lista de problemas do arquivo de telas")
        self.problems.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        base = theme.role_font("body")
        mono.setPointSizeF(base.pointSizeF())
        self.problems.setFont(mono)
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
        self.resize(900, 520)
        close.setFocus()


def install_excepthook(on_error: Callable[[], None]) -> Callable[[], None]:
    """Log every unexpected exception and call `on_error`; return a function that uninstalls.

    KeyboardInterrupt keeps its usual behaviour. A failure inside `on_error` is logged too.
    """
    previous = sys.excepthook

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        logger.critical("erro inesperado", exc_info=(exc_type, exc, tb))
        try:
            on_error()
        except Exception:
            logger.exception("a recuperação depois do erro também falhou")

    sys.excepthook = hook

    def uninstall() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    return uninstall
