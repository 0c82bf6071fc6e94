"""The list of a flows file's problems, as the problems window and author mode's banner show it.

One paragraph per problem (`file:line:col: message`), its wrapped lines indented under its
start and a little space before the next: where each problem starts is plain at a glance. A
plain-text list (QPlainTextEdit) ran them together once a message wrapped, since it cannot
indent wrapped lines. The text stays plain: selecting and copying gives the lines as printed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QFontDatabase, QFontMetricsF, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QWidget

from assistant.ui import theme

HANGING_INDENT_CHARS = 4
"""How far a problem's wrapped lines are indented, in characters of the list's font."""
PARAGRAPH_GAP_LINES = 0.4
"""The space after each problem, in lines."""


class ProblemList(QTextEdit):
    """A read-only, selectable list of problem lines, in a fixed-width font of the theme's
    `role` size (so columns of `file:line:col` line up)."""

    def __init__(self, parent: QWidget | None = None, *, role: str = "body") -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # Selectable by keyboard too (read-only alone allows the mouse only), to copy a line.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAccessibleName("Lista de problemas do arquivo de telas")
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(theme.role_font(role).pointSizeF())
        self.setFont(mono)

    def set_lines(self, lines: Sequence[str]) -> None:
        """Show `lines`, one paragraph each."""
        self.setPlainText("\n".join(lines))
        if not lines:
            return
        metrics = QFontMetricsF(self.font())
        indent = metrics.horizontalAdvance("0" * HANGING_INDENT_CHARS)
        paragraph = QTextBlockFormat()
        paragraph.setLeftMargin(indent)
        paragraph.setTextIndent(-indent)  # the first line starts at the left edge
        paragraph.setBottomMargin(metrics.lineSpacing() * PARAGRAPH_GAP_LINES)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(paragraph)
        last = self.document().lastBlock()  # no gap under the last one
        paragraph.setBottomMargin(0)
        QTextCursor(last).mergeBlockFormat(paragraph)

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy and drag give the selected lines as plain text only: QTextEdit's HTML copy
        carried the hanging indent and the gaps (negative text-indent, margins in pixels) and
        the fixed-width font into the mail or document the author pastes the lines into."""
        copied = QMimeData()
        copied.setText(self.textCursor().selection().toPlainText())
        return copied

    def lines(self) -> list[str]:
        """The problem lines on show."""
        text = self.toPlainText()
        return text.split("\n") if text else []

    def content_height(self, width: float, most_lines: int) -> float:
        """The height the list takes laid out `width` pixels wide (inside the frame), down to
        its `most_lines`-th line at most (a wrapped problem counts each of its lines; the gaps
        between problems come along)."""
        document = self.document().clone()
        document.setTextWidth(width)
        whole = float(document.size().height())
        layout = document.documentLayout()
        seen = 0
        block = document.begin()
        while block.isValid():
            lines = block.layout()
            if seen + lines.lineCount() >= most_lines:
                line = lines.lineAt(most_lines - seen - 1)
                top = layout.blockBoundingRect(block).top()
                bottom = top + line.y() + line.height() + document.documentMargin()
                return min(whole, bottom)
            seen += lines.lineCount()
            block = block.next()
        return whole
