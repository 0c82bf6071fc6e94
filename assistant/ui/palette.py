"""The "go to screen" palette of author mode (Ctrl+K): jump to any screen without clicking.

A filter field over the list of screens, each shown as `id — title`. Typing keeps the screens
whose id or title contains the text (ignoring case and accents, so "negociacao" finds
"Negociação"); Up/Down move in the list without leaving the field; Enter or a double-click
chooses (`screen_chosen(id)`) and closes; Esc closes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.flows.model import Flow
from assistant.ui import theme

SEPARATOR = " — "
_ID_ROLE = Qt.ItemDataRole.UserRole


def _folded(text: str) -> str:
    """`text` lower-cased and without accents, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class ScreenPalette(QDialog):
    """Lists the screens of a flow and reports the one chosen."""

    screen_chosen = Signal(str)

    def __init__(self, flow: Flow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen-palette")
        self.setWindowTitle("Ir para a tela")
        self.setAccessibleName("Ir para a tela")
        layout = QVBoxLayout(self)
        margin = theme.em(0.8)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.em(0.5))

        label = QLabel("Ir para a &tela (id ou título):", self)
        label.setObjectName("palette-label")
        theme.set_role(label, "body")
        layout.addWidget(label)

        self.filter = QLineEdit(self)
        self.filter.setObjectName("palette-filter")
        self.filter.setAccessibleName("Filtrar telas por id ou título")
        self.filter.setPlaceholderText("Digite parte do id ou do título")
        self.filter.setClearButtonEnabled(True)
        theme.set_role(self.filter, "body")
        label.setBuddy(self.filter)
        layout.addWidget(self.filter)

        self.list = QListWidget(self)
        self.list.setObjectName("palette-list")
        self.list.setAccessibleName("Telas")
        self.list.setUniformItemSizes(True)
        theme.set_role(self.list, "body")
        layout.addWidget(self.list, 1)

        self.filter.textChanged.connect(self._apply_filter)
        self.filter.returnPressed.connect(self.choose_current)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(self._on_activated)  # Enter, and double-click
        self.resize(theme.em(36), theme.em(22))
        if flow is not None:
            self.set_flow(flow)

    # --- public API ---------------------------------------------------------------------------

    def set_flow(self, flow: Flow) -> None:
        """List the screens of `flow` (in file order), keeping the filter text."""
        self.set_screens((screen.id, screen.title) for screen in flow.screens)

    def set_screens(self, screens: Iterable[tuple[str, str]]) -> None:
        """List `(id, title)` pairs."""
        self.list.clear()
        for screen_id, title in screens:
            item = QListWidgetItem(f"{screen_id}{SEPARATOR}{title}")
            item.setData(_ID_ROLE, screen_id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, tela {screen_id}")
            self.list.addItem(item)
        self._apply_filter(self.filter.text())

    def popup(self) -> None:
        """Show the palette with an empty filter and the focus in it."""
        self.filter.clear()
        self._apply_filter("")
        if self.isVisible():
            self.raise_()  # already open behind the window (raise_ is only needed then)
        parent = self.parentWidget()
        if parent is not None:  # wide enough for long titles, within the window
            width = max(theme.em(36), min(theme.em(60), round(parent.width() * 0.8)))
            self.resize(width, self.height())
        self.show()
        self.activateWindow()
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def visible_ids(self) -> list[str]:
        """The ids of the screens the filter keeps, in order."""
        return [
            str(item.data(_ID_ROLE))
            for item in map(self.list.item, range(self.list.count()))
            if not item.isHidden()
        ]

    def current_id(self) -> str | None:
        """The id of the selected screen, if any."""
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return str(item.data(_ID_ROLE))

    def choose_current(self) -> None:
        """Choose the selected screen (nothing happens if the filter keeps none)."""
        screen_id = self.current_id()
        if screen_id is None:
            return
        self.accept()
        self.screen_chosen.emit(screen_id)

    # --- internals ----------------------------------------------------------------------------

    def _apply_filter(self, text: str) -> None:
        wanted = _folded(text.strip())
        first: QListWidgetItem | None = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            keep = wanted in _folded(item.text())
            item.setHidden(not keep)
            if keep and first is None:
                first = item
        if first is None:
            self.list.setCurrentRow(-1)  # nothing to choose: Enter does nothing
            return
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentItem(first)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self.choose_current()

    def _move(self, step: int) -> None:
        rows = [r for r in range(self.list.count()) if not self.list.item(r).isHidden()]
        if not rows:
            return
        current = self.list.currentRow()
        position = rows.index(current) + step if current in rows else 0
        self.list.setCurrentRow(rows[max(0, min(position, len(rows) - 1))])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the filter move the selection, so the hands never leave the keyboard row.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                self._move(1)
                return True
            if event.key() == Qt.Key.Key_Up:
                self._move(-1)
                return True
        return super().eventFilter(watched, event)
