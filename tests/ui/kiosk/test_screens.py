"""The attract screen ("Toque para começar") and the maintenance screen ("Em manutenção")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from assistant.resources import bundled_flows
from assistant.ui.kiosk.attract import SUBTITLE, AttractScreen
from assistant.ui.kiosk.maintenance import MaintenanceScreen

TIMEOUT = 3000


@pytest.fixture
def attract(window: QWidget) -> AttractScreen:
    screen = AttractScreen(window)
    QVBoxLayout(window).addWidget(screen)
    screen.setFocus()
    return screen


def test_it_invites_to_start(attract: AttractScreen) -> None:
    texts = [label.text() for label in attract.findChildren(QLabel) if label.text()]
    assert texts == [
        "Assistente de Faturas",
        "Toque para começar",
        "Tire dúvidas sobre a sua fatura Claro móvel",
    ]
    assert attract.accessibleName() == "Toque para começar"
    assert attract.accessibleDescription() == (
        "Assistente de Faturas. Tire dúvidas sobre a sua fatura Claro móvel."
    )


def test_the_subtitle_says_what_the_flows_are_about() -> None:
    # Only facts of the product, in its words: the start screen asks about "a sua fatura Claro
    # móvel"; no number, URL or promise.
    assert SUBTITLE.endswith("sobre a sua fatura Claro móvel")
    assert "sua fatura Claro móvel" in bundled_flows().read_text(encoding="utf-8")


@pytest.mark.parametrize("where", [QPoint(5, 5), QPoint(400, 300), QPoint(790, 590)])
def test_a_press_anywhere_starts(attract: AttractScreen, qtbot: QtBot, where: QPoint) -> None:
    with qtbot.waitSignal(attract.started, timeout=TIMEOUT):
        qtbot.mouseClick(attract, Qt.MouseButton.LeftButton, pos=where)


def test_a_press_on_the_big_text_starts(attract: AttractScreen, qtbot: QtBot) -> None:
    title = attract.start_label
    with qtbot.waitSignal(attract.started, timeout=TIMEOUT):
        qtbot.mouseClick(title, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_enter_or_space_starts(attract: AttractScreen, qtbot: QtBot, key: Qt.Key) -> None:
    with qtbot.waitSignal(attract.started, timeout=TIMEOUT):
        qtbot.keyClick(attract, key)


def test_other_keys_do_not(attract: AttractScreen, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(attract.started):
        qtbot.keyClick(attract, Qt.Key.Key_A)
        qtbot.keyClick(attract, Qt.Key.Key_Escape)


def test_maintenance_says_only_what_a_customer_needs(window: QWidget) -> None:
    screen = MaintenanceScreen(window)
    texts = [label.text() for label in screen.findChildren(QLabel)]
    assert texts == [
        "Em manutenção",
        "Este terminal está temporariamente indisponível. Procure um atendente.",
    ]
    assert screen.accessibleName() == "Em manutenção"
    assert screen.focusPolicy() == Qt.FocusPolicy.NoFocus
