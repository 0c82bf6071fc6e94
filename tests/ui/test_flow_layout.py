"""FlowLayout owns its items: they go when the layout goes, and a caller of takeAt owns its item.

A QLayout subclass must delete its QLayoutItems itself (Qt's C++ FlowLayout example does it in
its destructor); before it did, each result page and trail leaked one item per chip.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget, QWidgetItem
from pytestqt.qtbot import QtBot

from assistant.ui.flow_layout import FlowLayout, flow_container
from assistant.ui.widgets import ChipLabel


def _destroy(widget: QWidget) -> None:
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_items_are_deleted_with_the_container(qtbot: QtBot) -> None:
    kept = []
    for _ in range(50):
        box, flow = flow_container()
        for text in ("App Minha Claro", "Faturas", "Informar pagamento"):
            flow.addWidget(QLabel(text, box))
        flow.add_glued_to_previous(QLabel("›", box))
        flow.addItem(QWidgetItem(QLabel("mais", box)))
        items = [flow.itemAt(i) for i in range(flow.count())]
        assert all(item is not None and shiboken6.isValid(item) for item in items)
        kept.extend(items)
        del flow
        _destroy(box)
    leaked = [item for item in kept if shiboken6.isValid(item)]
    assert leaked == []


def test_the_caller_of_take_at_owns_the_item(qtbot: QtBot) -> None:
    box, flow = flow_container()
    label = QLabel("Faturas", box)
    flow.addWidget(label)
    flow.addWidget(QLabel("Parcelar dívida", box))
    taken = flow.takeAt(0)
    assert taken is not None and taken.widget() is label
    assert flow.count() == 1
    label.setParent(None)  # outlives the box, as the item refers to it
    _destroy(box)
    assert shiboken6.isValid(taken)  # not deleted by the layout: it was no longer the layout's
    shiboken6.delete(taken)
    label.deleteLater()


def test_remove_widget_still_works(qtbot: QtBot) -> None:
    box, flow = flow_container()
    labels = [QLabel(text, box) for text in ("a", "b", "c")]
    for label in labels:
        flow.addWidget(label)
    flow.removeWidget(labels[1])  # Qt deletes the item it takes
    items = [flow.itemAt(i) for i in range(flow.count())]
    assert [item.widget() for item in items if item is not None] == [labels[0], labels[2]]
    _destroy(box)


def _rows(box: QWidget) -> list[list[str]]:
    """The texts of `box`'s shown labels, line by line as laid out (each line left to right)."""
    labels = sorted(
        (w for w in box.findChildren(QLabel) if w.isVisible() and w.parent() is box),
        key=lambda w: (w.geometry().center().y(), w.x()),
    )
    rows: list[list[QLabel]] = []
    for label in labels:
        if rows and label.geometry().top() <= rows[-1][0].geometry().bottom():
            rows[-1].append(label)
        else:
            rows.append([label])
    return [[w.text() for w in sorted(row, key=QLabel.x)] for row in rows]


def _menu_path(box: QWidget, items: list[str]) -> None:
    flow = box.layout()
    assert isinstance(flow, FlowLayout)
    for index, text in enumerate(items):
        if index:
            flow.add_glued_to_previous(QLabel("›", box))
        flow.addWidget(ChipLabel(text, box))


def test_a_separator_ends_a_line_and_never_starts_one(qtbot: QtBot) -> None:
    """At the start of a line "›" reads as a bullet: it stays on the line of the item before
    it, which it then ends."""
    box, flow = flow_container(spacing=6)
    _menu_path(box, ["App Minha Claro", "Faturas", "Informar pagamento", "Parcelar dívida"])
    qtbot.addWidget(box)
    box.show()
    widths = []
    for width in range(60, 700, 7):
        box.resize(width, box.heightForWidth(width))
        qtbot.waitUntil(lambda: flow.geometry().width() == box.width())
        rows = _rows(box)
        assert all(row[0] != "›" for row in rows), (width, rows)
        if len(rows) > 1:
            widths.append(width)
    assert widths  # the path did wrap at some width
    box.resize(widths[-1], box.heightForWidth(widths[-1]))
    qtbot.waitUntil(lambda: flow.geometry().width() == box.width())
    assert any(row[-1] == "›" for row in _rows(box))  # it ends a line instead


def test_an_item_wider_than_the_line_leaves_room_for_its_separator(qtbot: QtBot) -> None:
    # The item before a "›" is narrowed (its text wraps) so that the "›" still fits after it.
    box, flow = flow_container(spacing=6)
    long = ChipLabel("Configurações da conta e preferências de notificação do aplicativo", box)
    flow.addWidget(long)
    separator = QLabel("›", box)
    flow.add_glued_to_previous(separator)
    flow.addWidget(QLabel("Faturas", box))
    qtbot.addWidget(box)
    box.resize(300, 400)
    box.show()
    qtbot.waitUntil(lambda: long.width() > 1)
    assert box.rect().contains(long.geometry())
    assert box.rect().contains(separator.geometry())
    assert separator.geometry().center().y() == long.geometry().center().y()
    assert separator.x() > long.geometry().right()
    assert long.height() >= long.heightForWidth(long.width())


def test_an_item_after_its_caption_is_narrowed_to_fit_beside_it(qtbot: QtBot) -> None:
    # A caption is glued to the item after it: both go to the next line, and the item (wider
    # than the line) gets the line's width less the caption's, wrapping its text to fit.
    box, flow = flow_container(spacing=6)
    flow.addWidget(QLabel("Faturas", box))
    caption = QLabel("Suas respostas:", box)
    flow.add_glued_to_next(caption)
    long = ChipLabel("Configurações da conta e preferências de notificação do aplicativo", box)
    flow.addWidget(long)
    box.resize(300, 400)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitUntil(lambda: long.width() > 1)
    assert box.rect().contains(long.geometry())
    assert caption.x() == 0  # on a line of its own with the item, not after "Faturas"
    assert caption.geometry().center().y() == long.geometry().center().y()
    assert long.height() >= long.heightForWidth(long.width())
