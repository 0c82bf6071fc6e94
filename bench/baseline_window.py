"""Baselines for the desktop benchmark: what the same Qt work costs with nothing of ours in it.

Run as a script, it is the cold-start baseline: a bare PySide6 window with a label and two buttons
that quits right after its first paint (the same way the assistant's --exit-after-first-paint
does: the first Paint event of the top-level window schedules `quit`, so the children, painted in
the same pass, are on screen too). `SwapWindow` is the page-switch baseline that bench_gui.py
imports: a QStackedWidget whose buttons build a fresh page (a label and a few buttons) and swap
it in, dropping the old one with removeWidget + deleteLater.

    QT_QPA_PLATFORM=offscreen python bench/baseline_window.py
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


class QuitAfterFirstPaint(QObject):
    """Quit the application once `window` has received its first Paint event."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            # The same mark as the app's --exit-after-first-paint (assistant.ui.app).
            print(f"first-paint-ns {time.monotonic_ns()}", flush=True)
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def build_bare_window() -> QWidget:
    window = QWidget()
    window.setWindowTitle("Baseline")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Sobre a sua fatura Claro móvel, o que você precisa?"))
    layout.addWidget(QPushButton("Sim"))
    layout.addWidget(QPushButton("Não"))
    return window


class SwapWindow(QWidget):
    """A window that shows one page at a time; every button builds the next page afresh."""

    def __init__(self, buttons: int = 3) -> None:
        super().__init__()
        self.setWindowTitle("Baseline: page swap")
        self._buttons = buttons
        self._count = 0
        self.stack = QStackedWidget(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.show_next()

    def show_next(self) -> None:
        self._count += 1
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(f"Pergunta {self._count}: sobre a sua fatura, o que você precisa?")
        title.setWordWrap(True)
        layout.addWidget(title)
        for i in range(self._buttons):
            button = QPushButton(f"Opção {i + 1}")
            button.setObjectName(f"option-{i}")
            button.clicked.connect(self.show_next)
            layout.addWidget(button)
        layout.addStretch(1)
        old = self.stack.currentWidget()
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

    def option_buttons(self) -> list[QPushButton]:
        page = self.stack.currentWidget()
        return [b for b in page.findChildren(QPushButton) if b.objectName().startswith("option-")]


def main() -> int:
    app = QApplication(sys.argv)
    window = build_bare_window()
    QuitAfterFirstPaint(window)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
