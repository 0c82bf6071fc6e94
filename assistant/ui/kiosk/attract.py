"""The kiosk's attract screen: what an unattended terminal shows between two customers.

The whole screen is one target: a press or touch anywhere, or Enter/Space, emits `started`.
It shows the app's icon (where there is room for it) and name, a large "Toque para começar"
and what the assistant is for (a fact of the product, not a promise).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assistant import APP_NAME
from assistant.ui import theme
from assistant.ui.kiosk._support import set_role
from assistant.ui.window import app_icon

START = "Toque para começar"
SUBTITLE = "Tire dúvidas sobre a sua fatura Claro móvel"

_START_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space})


class AttractScreen(QWidget):
    """ "Toque para começar", the whole screen being the button; emits `started`."""

    started = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk-attract")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Enter/Space start too
        self.setAccessibleName(START)
        self.setAccessibleDescription(f"{APP_NAME}. {SUBTITLE}.")

        layout = self._layout = QVBoxLayout(self)
        self._compact: bool | None = None
        layout.addStretch(2)

        icon = self._icon = QLabel(self)
        icon.setObjectName("kiosk-attract-icon")
        side = theme.em(5.0)
        icon.setPixmap(app_icon().pixmap(side, side))
        icon.setAccessibleName(f"Ícone do {APP_NAME}")
        self.name_label = QLabel(APP_NAME, self)
        self.name_label.setObjectName("kiosk-attract-name")
        set_role(self.name_label, "app-name", 1.6)
        self.start_label = QLabel(START, self)
        self.start_label.setObjectName("kiosk-attract-start")
        set_role(self.start_label, "title", 1.8)
        self.subtitle_label = QLabel(SUBTITLE, self)
        self.subtitle_label.setObjectName("kiosk-attract-subtitle")
        set_role(self.subtitle_label, "heading", 1.2)
        for label in (icon, self.name_label, self.start_label, self.subtitle_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            # The press belongs to the screen, wherever it lands.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.name_label.setAccessibleName(APP_NAME)
        self.start_label.setAccessibleName(START)
        self.subtitle_label.setAccessibleName(SUBTITLE)
        layout.addStretch(3)
        self._set_compact(False)

    def _fit(self) -> None:
        """Room around the texts, and the icon, where the screen has it; else neither, so that
        "Toque para começar" is never cut (a 1280x800 panel at 200 % is 640x400 px, where it
        takes two lines)."""
        self._set_compact(False)
        if self._layout.totalHeightForWidth(self.width()) > self.height():
            self._set_compact(True)
        self._layout.activate()  # now: the layout had placed the labels before this resize

    def _set_compact(self, compact: bool) -> None:
        if compact == self._compact:
            return
        self._compact = compact
        margin = theme.em(0.6 if compact else 2.0)
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self._layout.setSpacing(theme.em(0.4 if compact else 1.2))
        self._icon.setHidden(compact)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.started.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _START_KEYS and not event.isAutoRepeat():
            event.accept()
            self.started.emit()
            return
        super().keyPressEvent(event)
