"""A layout that places items left to right and wraps them onto new lines, like words.

Used for the menu path chips and the trail of answers, so both stay readable in a narrow
window or at QT_SCALE_FACTOR=2. An item wider than the line is narrowed to the line and given
the height it needs at that width (word-wrapped labels and buttons support that).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items in reading order, wrapped to the available width; rows aligned on their centre."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        # ids of items that must stay on the line of the item after them (a caption), and of
        # items that must stay on the line of the item before them (a separator: a line may
        # end with "›", never start with one, where it reads as a bullet)
        self._glued_to_next: set[int] = set()
        self._glued_to_previous: set[int] = set()
        self._heights: dict[int, int] = {}  # heightForWidth, until the layout changes
        self._arranged: QRect | None = None  # the rect items were placed in, until it changes
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)
        # A QLayout subclass owns its items and must delete them (Qt's C++ FlowLayout does it in
        # its destructor). A widget deletes its layout before its children, so the widgets are
        # still alive here. The slot holds the list, not the layout: it runs during destruction.
        items = self._items
        self.destroyed.connect(lambda: _delete_items(items))

    def add_glued_to_next(self, widget: QWidget) -> None:
        """Add `widget` and keep it on the same line as the item added after it (a caption)."""
        self.addWidget(widget)
        self._glued_to_next.add(id(self._items[-1]))

    def add_glued_to_previous(self, widget: QWidget) -> None:
        """Add `widget` and keep it on the same line as the item before it (a separator). With
        no item shown before it, nothing keeps it from starting a line: add a separator only
        between two items."""
        self.addWidget(widget)
        self._glued_to_previous.add(id(self._items[-1]))

    # --- QLayout interface --------------------------------------------------------------------

    def spacing(self) -> int:
        return self._spacing

    def setSpacing(self, spacing: int) -> None:
        self._spacing = spacing
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        item = self._items.pop(index)
        self._glued_to_next.discard(id(item))
        self._glued_to_previous.discard(id(item))
        self.invalidate()
        return item

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return height

    def invalidate(self) -> None:
        self._heights.clear()
        self._arranged = None
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        # Every layout pass above asks again with the same rect: place the items only when
        # the rect or the items changed (as Qt's own layouts do).
        if rect != self._arranged:
            self._arrange(rect, apply=True)
            self._arranged = QRect(rect)

    def sizeHint(self) -> QSize:
        # One line holding everything, but never wider than the widest item needs.
        width = sum(i.sizeHint().width() for i in self._items)
        width += self._spacing * max(0, len(self._items) - 1)
        height = max((i.sizeHint().height() for i in self._items), default=0)
        return self._with_margins(QSize(width, height))

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return self._with_margins(size)

    # --- arrangement --------------------------------------------------------------------------

    def _with_margins(self, size: QSize) -> QSize:
        m: QMargins = self.contentsMargins()
        return QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        line_width = max(1, area.width())
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        spacing = self._spacing
        x = 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            width = min(hint.width(), line_width)
            height = item.heightForWidth(width) if item.hasHeightForWidth() else hint.height()
            row = rows[-1]
            if row and x + width > line_width:  # a new line (the rare path: keep glued together)
                bound = self._bound_tail(row, item)
                if bound < len(row):  # those go to the new line with `item`
                    rows.append(row[len(row) - bound :])
                    del row[len(row) - bound :]
                line = _fitted(rows[-1] + [(item, QSize(width, height))], line_width, spacing)
                rows[-1] = line
                x = sum(size.width() + spacing for _, size in line)
                continue
            row.append((item, QSize(width, height)))
            x += width + spacing
        y = area.y()
        for row in rows:
            if not row:
                continue
            row_height = max(size.height() for _, size in row)
            x = area.x()
            for item, size in row:
                if apply:
                    top = y + (row_height - size.height()) // 2
                    item.setGeometry(QRect(QPoint(x, top), size))
                x += size.width() + self._spacing
            y += row_height + self._spacing
        used = y - self._spacing - area.y() if any(rows) else 0
        return max(0, used) + m.top() + m.bottom()

    def _bound_tail(self, row: list[tuple[QLayoutItem, QSize]], item: QLayoutItem) -> int:
        """How many items at the end of `row` are glued to `item` (a caption before it, the item
        a separator follows), each to the next."""
        bound = 0
        following = item
        for previous, _size in reversed(row):
            glued = id(previous) in self._glued_to_next or id(following) in self._glued_to_previous
            if not glued:
                break
            bound += 1
            following = previous
        return bound


def _fitted(
    line: list[tuple[QLayoutItem, QSize]], line_width: int, spacing: int
) -> list[tuple[QLayoutItem, QSize]]:
    """`line`, or, if it is wider than `line_width`, `line` with one item narrowed so that it
    fits: its widest word-wrapping item (taller, as its text wraps), else its widest item (cut).
    Unchanged if even that cannot make it fit."""
    span = sum(size.width() for _, size in line) + spacing * (len(line) - 1)
    if span <= line_width:
        return line
    wrapping = [i for i, (item, _) in enumerate(line) if item.hasHeightForWidth()]
    index = max(wrapping or range(len(line)), key=lambda i: line[i][1].width())
    item, size = line[index]
    width = line_width - (span - size.width())
    if width < 1:
        return line
    height = item.heightForWidth(width) if item.hasHeightForWidth() else size.height()
    fitted = list(line)
    fitted[index] = (item, QSize(width, height))
    return fitted


def _delete_items(items: list[QLayoutItem]) -> None:
    while items:
        item = items.pop()
        if shiboken6.isValid(item):
            shiboken6.delete(item)


def flow_container(
    parent: QWidget | None = None, *, spacing: int = 8
) -> tuple[QWidget, FlowLayout]:
    """A plain widget holding a FlowLayout, with a size policy that respects height-for-width."""
    widget = QWidget(parent)
    layout = FlowLayout(widget, spacing=spacing)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    widget.setSizePolicy(policy)
    return widget, layout
