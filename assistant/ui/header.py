"""The header of every screen: the trail of answers so far and the screen's title.

Each earlier answer is a button: choosing it asks the window to go back to that question
(`trail_chosen(index)`, which the window turns into `Session.go_to_step(index)`). The title is
where keyboard focus lands after every change of screen, so screen readers read it out.

The chip each answer on the current screen would add is built ahead, while the customer reads
(`plan_ahead`; see assistant.ui.ahead), so that a click only has to show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assistant.flows.session import Answer
from assistant.ui import theme
from assistant.ui.accessibility import HeadingLabel, SeparatorLabel
from assistant.ui.ahead import BuiltAhead
from assistant.ui.flow_layout import flow_container
from assistant.ui.widgets import WrapButton, hide_out_of_sight, move_out_of_sight

TRAIL_CAPTION = "Suas respostas:"

# A chip is known by its place in the trail, the question and the answer's label.
ChipKey: TypeAlias = tuple[int, str, str]
# A chip: the "›" before it (none for the first answer) and the button.
Chip: TypeAlias = tuple[QLabel | None, WrapButton]


def _delete_chip(chip: Chip) -> None:
    for widget in chip:
        if widget is not None:
            widget.deleteLater()


class TitleLabel(HeadingLabel):
    """The screen's title: a heading that takes keyboard focus (so that screen readers read it
    out), with its heights remembered (a QLabel that can take focus lays its text out in a
    QTextDocument, twice for every height asked)."""

    def set_title(self, title: str) -> None:
        self.setText(title)
        self.setAccessibleName(title)


class HeaderView(QWidget):
    """Trail of answers (hidden at the start) above the title of the current screen."""

    trail_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # The trail is updated in place (only the answers that changed are replaced): it is on
        # the path of every click.
        # Empty, it stays shown with no height (its caption hidden): showing and hiding the
        # whole row on every other click cost more than the rest of the header. The gap under
        # it is the flow's bottom margin, there only when the trail has chips.
        layout.setSpacing(0)
        self._gap = 0
        self._trail, self._flow = flow_container(self)
        self._trail.setObjectName("trail")
        # Neither paints anything of its own: a new row of chips or a longer title repaints
        # what changed, not the chips that stayed (see MainWindow._build_content).
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._trail.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._caption = QLabel(TRAIL_CAPTION, self._trail)
        self._caption.setProperty("kind", "caption")
        theme.set_role(self._caption, "trail")
        self._flow.add_glued_to_next(self._caption)
        self._caption.hide()
        self._entries: list[tuple[Answer, QLabel | None, WrapButton]] = []
        self.apply_metrics()
        self._ahead: BuiltAhead[ChipKey, Chip] = BuiltAhead(
            self._build_chip_ahead, _delete_chip, self
        )
        layout.addWidget(self._trail)

        self.title_label = TitleLabel(parent=self)
        self.title_label.setObjectName("screen-title")
        # Focus is moved here by code on each change of screen (screen readers announce it).
        # ClickFocus keeps it out of Tab's way (a heading with tabindex=-1) while letting
        # setTabOrder put it between the trail and the screen's buttons.
        self.title_label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        theme.set_role(self.title_label, "title")
        layout.addWidget(self.title_label)

    @property
    def trail_buttons(self) -> tuple[WrapButton, ...]:
        return tuple(button for _, _, button in self._entries)

    @property
    def building_ahead(self) -> bool:
        """Whether the event loop still has chips of the next answers to build."""
        return self._ahead.busy

    def finish_building_ahead(self) -> None:
        self._ahead.finish()

    def apply_metrics(self) -> None:
        """Spacing as a factor of the system font's line height (again after it changes)."""
        self._gap = theme.em(0.6)
        # At least 8 px between chips, across and down: two fingers' targets must not touch.
        self._flow.setSpacing(max(8, theme.em(0.35)))
        self._flow.setContentsMargins(0, 0, 0, self._gap if self._entries else 0)

    def forget_chips(self) -> None:
        """Drop every chip, on show and built ahead: a chip measures itself with its fonts when
        it is made, so after a change of the system font the next `show_screen` makes them
        all again."""
        self._ahead.clear()
        self._drop_entries(0)

    def plan_ahead(self, index: int, question: str, labels: Sequence[str]) -> None:
        """Build, while idle, the chip answer `index` would get for each of `labels` (the
        options of `question`, the screen on show); drop the chips built for other answers."""
        self._ahead.plan([(index, question, label) for label in labels])

    def show_screen(self, title: str, trail: Sequence[Answer]) -> None:
        """Show `title` and a button for each answer of `trail`."""
        # Laid out once, when the window lays out the page (see MainWindow._show), not once for
        # each chip shown: QWidget.show lays out every ancestor.
        layouts = (self._layout, self._flow)
        for layout in layouts:
            layout.setEnabled(False)
        try:
            self.title_label.set_title(title)
            self._update_trail(trail)
        finally:
            for layout in layouts:
                layout.setEnabled(True)

    def _update_trail(self, trail: Sequence[Answer]) -> None:
        keep = 0
        while (
            keep < min(len(trail), len(self._entries)) and self._entries[keep][0] is trail[keep]
        ):
            keep += 1
        before = len(self._entries)
        self._drop_entries(keep)
        for index in range(keep, len(trail)):
            self._entries.append(self._add_chip(index, trail[index]))
        if self._caption.isHidden() == bool(self._entries):
            self._caption.setVisible(bool(self._entries))
            self._flow.setContentsMargins(0, 0, 0, self._gap if self._entries else 0)
        if keep < len(trail) or keep < before:
            # The trail's height may have changed: make the layouts above ask again.
            self._trail.updateGeometry()
            self.updateGeometry()

    def _drop_entries(self, start: int) -> None:
        """Take the chips from answer `start` on out of the trail."""
        for _, separator, button in self._entries[start:]:
            for widget in (separator, button):
                if widget is not None:
                    # The clicked chip may be one of these: delete it later, never now.
                    self._flow.removeWidget(widget)
                    widget.hide()
                    widget.deleteLater()
        del self._entries[start:]

    def _add_chip(self, index: int, answer: Answer) -> tuple[Answer, QLabel | None, WrapButton]:
        key = (index, answer.screen.title, answer.option.label)
        chip = self._ahead.take(key)
        separator, button = chip if chip is not None else self._make_chip(key)
        if separator is not None:
            self._flow.add_glued_to_previous(separator)
        self._flow.addWidget(button)
        for widget in (separator, button):
            if widget is not None:
                # Shown now, not when the event loop gets round to it, and out of sight until
                # the layout places it.
                move_out_of_sight(widget)
                widget.show()
        return answer, separator, button

    def _build_chip_ahead(self, key: ChipKey) -> Chip:
        separator, button = self._make_chip(key)
        for widget in (separator, button):
            if widget is not None:
                hide_out_of_sight(widget)  # explicitly: shown only once it is in the trail
                widget.ensurePolished()
                widget.resize(widget.sizeHint())  # measured now, and the size the trail gives
        return separator, button

    def _make_chip(self, key: ChipKey) -> Chip:
        index, question, label = key
        separator = None
        if index:
            separator = SeparatorLabel(self._trail)
            theme.set_role(separator, "trail")
        button = WrapButton(
            label,
            accessible_name=f"Mudar a resposta {index + 1}: {label} (pergunta: {question})",
            kind="trail",
            role="trail",
            parent=self._trail,
        )
        button.setObjectName(f"trail-{index}")
        button.setToolTip(f"Voltar para: {question}")
        button.clicked.connect(lambda _checked=False, i=index: self.trail_chosen.emit(i))
        return separator, button
