"""The kiosk's "Em manutenção" screen: shown instead of the assistant when no flows file passes
its checks at start, until one does (KioskWindow leaves it then).

Customers only read that the terminal is unavailable and whom to ask; the problems themselves
go to the log (the caller logs them), never to the screen. Nothing here can be touched: the
admin exit (corner gesture and PIN) still works over it, since it watches the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assistant.ui import theme
from assistant.ui.kiosk._support import set_role

TITLE = "Em manutenção"
TEXT = "Este terminal está temporariamente indisponível. Procure um atendente."


class MaintenanceScreen(QWidget):
    """ "Em manutenção" and a short explanation for customers; no problem details."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk-maintenance")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAccessibleName(TITLE)
        self.setAccessibleDescription(TEXT)
        layout = QVBoxLayout(self)
        margin = theme.em(2.0)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.em(1.2))
        layout.addStretch(1)
        self.title_label = QLabel(TITLE, self)
        self.title_label.setObjectName("kiosk-maintenance-title")
        self.title_label.setAccessibleName(TITLE)
        set_role(self.title_label, "title", 1.6)
        self.text_label = QLabel(TEXT, self)
        self.text_label.setObjectName("kiosk-maintenance-text")
        self.text_label.setAccessibleName(TEXT)
        set_role(self.text_label, "heading", 1.2)
        for label in (self.title_label, self.text_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        layout.addStretch(1)
