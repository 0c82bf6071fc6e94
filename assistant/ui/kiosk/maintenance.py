"""The kiosk's full-screen notices: "Em manutenção", shown instead of the assistant when no flows
file passes its checks (KioskWindow leaves it once one does), and the "Um momento" screen a
start shows while it waits for a flows file that is slow to answer (kiosk.starting).

Customers only read that the terminal is unavailable (or about to be) and whom to ask; the
problems themselves go to the log (the caller logs them), never to the screen. Nothing here can
be touched: the admin exit (corner gesture and PIN) still works over "Em manutenção", since it
watches the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assistant.ui import theme
from assistant.ui.kiosk._support import set_role

TITLE = "Em manutenção"
TEXT = "Este terminal está temporariamente indisponível. Procure um atendente."


class NoticeScreen(QWidget):
    """A big centred title and a short text for customers, named `name` (and `name`-title,
    `name`-text) for the style sheets and tests."""

    def __init__(self, name: str, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        layout = QVBoxLayout(self)
        margin = theme.em(2.0)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.em(1.2))
        layout.addStretch(1)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName(f"{name}-title")
        self.title_label.setAccessibleName(title)
        set_role(self.title_label, "title", 1.6)
        self.text_label = QLabel(text, self)
        self.text_label.setObjectName(f"{name}-text")
        self.text_label.setAccessibleName(text)
        set_role(self.text_label, "heading", 1.2)
        for label in (self.title_label, self.text_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        layout.addStretch(1)


class MaintenanceScreen(NoticeScreen):
    """ "Em manutenção" and a short explanation for customers; no problem details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("kiosk-maintenance", TITLE, TEXT, parent)
