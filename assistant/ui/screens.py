"""The body of a question or choice screen, and the base class of every screen body.

A view shows one `Screen` and reports the customer's answer as an option id
(`option_chosen`); it never decides where that leads (that is `Session`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assistant.flows.model import Option, Screen, ScreenKind
from assistant.ui import theme
from assistant.ui.widgets import WrapButton, WrapLabel

# The narrowest column of options, in em, that two columns may have.
MIN_COLUMN_EMS = 17

# What the big words on a yes/no question say, by option id (ids, never label text, decide).
QUESTION_HEADLINES = {"sim": "Sim", "nao": "Não"}
# What may separate those words from the rest of the label: "Sim, até", "Sim – até", "Não. Há".
HEADLINE_SEPARATORS = " ,;:.!—–-"


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
    """("Sim", "Até 45 dias") for "Sim, até 45 dias": presentation only, by option id. The
    headline comes off the label only as a whole word ("Simulei ..." keeps its letters)."""
    headline = QUESTION_HEADLINES.get(option.id, "")
    detail = option.label
    if headline and detail.casefold().startswith(headline.casefold()):
        rest = detail[len(headline) :]
        if not rest[:1].isalnum():
            detail = rest.lstrip(HEADLINE_SEPARATORS)
            detail = detail[:1].upper() + detail[1:]
    return headline, detail


def _height(button: QWidget, width: int) -> int:
    """The height a layout gives `button` at `width`: its text's, or the stylesheet's
    minimum (a touch target) when that is taller."""
    return max(button.heightForWidth(width), button.minimumHeight())


class OptionsView(ScreenView):
    """A question (big Sim / Não side by side) or a choice (one big button per option).

    A choice lists its options in one column, or in two (1 2 / 3 4 / ...: the order of reading
    and of Tab) when the window says the page would not fit its height otherwise
    (`set_columns`, `list_height`).
    """

    def __init__(self, screen: Screen, parent: QWidget | None = None) -> None:
        super().__init__(screen, parent)
        self.buttons: list[WrapButton] = []
        self._columns = 1
        self._grid: QGridLayout | None = None
        row: QHBoxLayout | QGridLayout
        if screen.kind is ScreenKind.QUESTION:
            row = QHBoxLayout()
            row.setSpacing(theme.em(1.0))
        else:
            row = self._grid = QGridLayout()
            row.setHorizontalSpacing(theme.em(1.0))
            row.setVerticalSpacing(theme.em(0.6))
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
            if isinstance(row, QHBoxLayout):
                row.addWidget(button, 1)
            else:
                row.addWidget(button, number - 1, 0)
            self.buttons.append(button)
        self.body.addLayout(row)

    @property
    def columns(self) -> int:
        """How many columns the options are in (1 but for a choice set to 2)."""
        return self._columns

    @property
    def has_columns(self) -> bool:
        """Whether this is a choice, whose options may go in columns."""
        return self._grid is not None

    def can_use_columns(self, width: int) -> bool:
        """Whether this is a choice of two options or more and two columns of them fit `width`
        without each button becoming a narrow strip of wrapped words."""
        grid = self._grid
        if grid is None or len(self.buttons) < 2:
            return False
        return (width - grid.horizontalSpacing()) // 2 >= theme.em(MIN_COLUMN_EMS)

    def list_height(self, columns: int, width: int) -> int:
        """The height a choice's options take at `width` in `columns` columns (0 for a
        question)."""
        grid = self._grid
        if grid is None or not self.buttons:
            return 0
        cell = (width - grid.horizontalSpacing() * (columns - 1)) // columns
        rows = [
            max(_height(button, cell) for button in self.buttons[i : i + columns])
            for i in range(0, len(self.buttons), columns)
        ]
        return sum(rows) + grid.verticalSpacing() * (len(rows) - 1)

    def set_columns(self, columns: int) -> None:
        """Put the options of a choice in `columns` columns, row by row."""
        grid = self._grid
        if grid is None or columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons:
            grid.removeWidget(button)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        for index, button in enumerate(self.buttons):
            grid.addWidget(button, index // columns, index % columns)
        for column in range(columns):
            grid.setColumnStretch(column, 1)  # equal columns, whatever their labels

    def focus_widgets(self) -> list[QWidget]:
        return list(self.buttons)
