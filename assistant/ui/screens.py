"""The body of a question or choice screen, and the base class of every screen body.

A view shows one `Screen` and reports the customer's answer as an option id
(`option_chosen`); it never decides where that leads (that is `Session`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assistant.flows.model import Option, Screen, ScreenKind
from assistant.ui import theme
from assistant.ui.widgets import WrapButton, WrapLabel

# What the big words on a yes/no question say, by option id (ids, never label text, decide).
QUESTION_HEADLINES = {"sim": "Sim", "nao": "Não"}


def announce(widget: QWidget, message: str) -> None:
    """Ask screen readers to say `message` (politely), when one is listening."""
    # Imported here, not at the top: creating the QAccessible class costs ~2 ms at start-up and
    # the first screen announces nothing.
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))


def body_label(text: str, parent: QWidget, *, role: str = "body", name: str = "") -> QLabel:
    """A word-wrapped plain-text paragraph."""
    label = WrapLabel(text, parent)
    if name:
        label.setObjectName(name)
    theme.set_role(label, role)
    return label


class ScreenView(QWidget):
    """Base of every screen body. Subclasses fill `self.body` (a QVBoxLayout)."""

    option_chosen = Signal(str)

    def __init__(self, screen: Screen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.screen_model = screen
        self.setObjectName(f"screen-{screen.id}")
        self.setProperty("screen_id", screen.id)
        self.setProperty("screen_kind", screen.kind.value)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(theme.em(1.0))
        if screen.text:
            self.body.addWidget(body_label(screen.text, self, name="screen-text"))

    def focus_widgets(self) -> list[QWidget]:
        """The widgets Tab visits, in visual order."""
        return []

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.screen_model.options)


def _question_parts(option: Option) -> tuple[str, str]:
    """("Sim", "até 45 dias") for "Sim, até 45 dias": presentation only, by option id."""
    headline = QUESTION_HEADLINES.get(option.id, "")
    detail = option.label
    if headline and detail.casefold().startswith(headline.casefold()):
        detail = detail[len(headline) :].lstrip(" ,;:—-")
        detail = detail[:1].upper() + detail[1:]
    return headline, detail


class OptionsView(ScreenView):
    """A question (big Sim / Não side by side) or a choice (one big button per option)."""

    def __init__(self, screen: Screen, parent: QWidget | None = None) -> None:
        super().__init__(screen, parent)
        self.buttons: list[WrapButton] = []
        row: QBoxLayout
        if screen.kind is ScreenKind.QUESTION:
            row = QHBoxLayout()
            row.setSpacing(theme.em(1.0))
        else:
            row = QVBoxLayout()
            row.setSpacing(theme.em(0.6))
        for number, option in enumerate(screen.options, start=1):
            is_question = screen.kind is ScreenKind.QUESTION
            headline, detail = _question_parts(option) if is_question else ("", option.label)
            button = WrapButton(
                detail,
                accessible_name=option.label,
                kind="option",
                headline=headline,
                badge=str(number) if number <= 9 else "",
                parent=self,
            )
            button.setObjectName(f"option-{option.id}")
            if number <= 9:
                button.setToolTip(f"Tecla {number}")
            button.clicked.connect(
                lambda _checked=False, oid=option.id: self.option_chosen.emit(oid)
            )
            row.addWidget(button, 1)
            self.buttons.append(button)
        self.body.addLayout(row)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.buttons)
