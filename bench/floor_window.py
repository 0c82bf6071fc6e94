"""A reference for the start-up benchmark: the assistant's first screen written in one file, for
speed, with nothing of the package (no flows file, engine, accessibility roles, shortcuts, saved
window place, custom widgets or deferred work): what the first screen costs Qt and PySide alone.

    QT_QPA_PLATFORM=offscreen python bench/floor_window.py STYLESHEET_FILE

It does what any window of this look must do before its first paint, the way the app does it:
the Fusion style (as QApplication's own option), the theme's palette and finished stylesheet
(bench_gui.py writes the app's, so both parse the same rules), the platform's colour scheme
read (an enum of the `Qt` namespace, whose 93 Python enums PySide builds on first use), a header
with the title, the six options of the bundled start screen in a scroll area, and the Voltar /
Recomeçar bar. It quits after its
first paint, printing the same mark as the baseline and the app.

bench_gui.py runs it beside the app and the bare window: the app over this says what the
package's own work costs; this over the bare window, what the look and the `Qt` namespace cost
any app with this first screen.
"""

from __future__ import annotations

import sys
from pathlib import Path

from baseline_window import QuitAfterFirstPaint
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

TITLE = "Sobre a sua fatura Claro móvel, do que você precisa?"
OPTIONS = (
    "Contestar o valor da fatura",
    "Paguei a fatura em duplicidade",
    "Negociar uma fatura em atraso",
    "Informar o pagamento da fatura",
    "Fazer uma promessa de pagamento",
    "Ainda tenho dúvidas sobre a fatura",
)
# The default theme's main colours (resources/themes/default.qss).
COLORS = {
    QPalette.ColorRole.Window: "#ffffff",
    QPalette.ColorRole.WindowText: "#1a1a1a",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.Text: "#1a1a1a",
    QPalette.ColorRole.Button: "#ffffff",
    QPalette.ColorRole.ButtonText: "#1a1a1a",
    QPalette.ColorRole.Highlight: "#9e1208",
    QPalette.ColorRole.HighlightedText: "#ffffff",
}


def build_window() -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("Assistente de Faturas")
    central = QWidget(window)
    column = QVBoxLayout(central)
    header = QLabel("Assistente de Faturas", central)
    header.setObjectName("app-title")
    title = QLabel(TITLE, central)
    title.setObjectName("screen-title")
    title.setWordWrap(True)
    title.setTextFormat(Qt.TextFormat.PlainText)
    column.addWidget(header)
    column.addWidget(title)
    scroll = QScrollArea(central)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    page = QWidget()
    options = QVBoxLayout(page)
    for number, label in enumerate(OPTIONS, start=1):
        button = QPushButton(f"{number}  {label}", page)
        button.setObjectName(f"option-{number}")
        button.setProperty("kind", "option")
        button.setAutoDefault(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        options.addWidget(button)
    options.addStretch(1)
    scroll.setWidget(page)
    column.addWidget(scroll, 1)
    nav = QHBoxLayout()
    for name, text in (("nav-back", "Voltar"), ("nav-restart", "Recomeçar")):
        button = QPushButton(text, central)
        button.setObjectName(name)
        nav.addWidget(button)
    column.addLayout(nav)
    window.setCentralWidget(central)
    window.resize(900, 700)
    return window


def main() -> int:
    # The style as QApplication's own option, as the app does: app.setStyle("Fusion") returns
    # a QStyle, and the first Python handle on one builds its large enums (~5 ms).
    app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark  # noqa: B015 (as the app)
    palette = QPalette()
    for role, color in COLORS.items():
        palette.setColor(role, QColor(color))
    app.setPalette(palette)
    app.setStyleSheet(Path(sys.argv[1]).read_text(encoding="utf-8"))
    window = build_window()
    QuitAfterFirstPaint(window)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
