"""FlowLayout owns its items: they go when the layout goes, and a caller of takeAt owns its item.

A QLayout subclass must delete its QLayoutItems itself (Qt's C++ FlowLayout example does it in
its destructor); before it did, each result page and trail leaked one item per chip.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QWidget, QWidgetItem
from pytestqt.qtbot import QtBot

from assistant.ui.flow_layout import flow_container
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
        flow.add_glued(QLabel("›", box))
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


def test_an_item_carried_to_a_new_line_after_its_separator_fits_beside_it(qtbot: QtBot) -> None:
    # "›" is glued to the item after it: both go to the next line, and the item (wider than
    # the line) gets the line's width less the separator's, wrapping its text to fit.
    box, flow = flow_container(spacing=6)
    flow.addWidget(QLabel("Faturas", box))
    flow.add_glued(QLabel("›", box))
    long = ChipLabel("Configurações da conta e preferências de notificação do aplicativo", box)
    flow.addWidget(long)
    box.resize(300, 400)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitUntil(lambda: long.width() > 1)
    assert box.rect().contains(long.geometry())
    assert long.height() >= long.heightForWidth(long.width())
