"""The Pilot does only what a customer could do, and says so when it cannot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from assistant.testing import NoOutcomeError, NotClickableError, Pilot, PilotError


def open_about(pilot: Pilot, qtbot: QtBot) -> None:
    pilot.press_key(Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: pilot.focused == "about-close")


ABOUT_IS_OPEN = r"the dialog AboutDialog 'about-dialog' \('Sobre o Assistente de Faturas'\) is open"


def test_an_answer_is_not_chosen_through_an_open_modal_dialog(pilot: Pilot, qtbot: QtBot) -> None:
    open_about(pilot, qtbot)
    with pytest.raises(PilotError, match="cannot click option 'negociar' on screen 'inicio': "):
        pilot.choose("negociar")
    assert pilot.screen_id == "inicio"
    pilot.press_key(Qt.Key.Key_Escape)
    qtbot.waitUntil(pilot.window.isActiveWindow)
    assert pilot.choose("negociar") == "negociar_atraso"  # closed, the window takes clicks again


def test_no_click_goes_through_an_open_modal_dialog(pilot: Pilot, qtbot: QtBot) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    open_about(pilot, qtbot)
    clicks = {
        "back": pilot.back,
        "restart": pilot.restart,
        "trail": lambda: pilot.go_to_trail(0),
        "copy number": lambda: pilot.copy_whatsapp("sudeste"),
        "copy steps": pilot.copy_steps,
        "double click": lambda: pilot.double_click(pilot.widget(QPushButton, "restart")),
    }
    for what, click in clicks.items():
        with pytest.raises(PilotError, match=ABOUT_IS_OPEN):
            click()
        assert pilot.screen_id == "negociar_whatsapp_sudeste", what
        assert pilot.clipboard == "", what


def test_no_click_goes_through_a_widget_that_covers_the_button(pilot: Pilot) -> None:
    button = pilot.widget(QPushButton, "option-negociar")
    cover = QLabel("por cima", pilot.window)
    cover.setObjectName("cover")
    cover.setGeometry(button.geometry())
    cover.move(button.mapTo(pilot.window, button.rect().topLeft()))
    cover.show()
    cover.raise_()
    with pytest.raises(PilotError, match=r"QLabel 'cover' \('por cima'\) covers its centre"):
        pilot.choose("negociar")
    assert pilot.screen_id == "inicio"
    cover.hide()
    assert pilot.choose("negociar") == "negociar_atraso"


def test_a_disabled_button_is_refused_at_once(pilot: Pilot) -> None:
    pilot.widget(QPushButton, "option-negociar").setEnabled(False)
    with pytest.raises(NotClickableError) as caught:
        pilot.choose("negociar")
    assert str(caught.value) == "cannot click option 'negociar' on screen 'inicio': it is disabled"
    assert pilot.screen_id == "inicio"


def test_a_click_the_window_does_not_answer_says_what_did_not_happen(
    pilot: Pilot, qtbot: QtBot
) -> None:
    """Not pytest-qt's bare "waitUntil timed out": what was clicked, where, and what was
    awaited."""
    slow = Pilot(pilot.window, qtbot, timeout=50)
    pilot.widget(QPushButton, "option-negociar").blockSignals(True)  # the click does nothing
    with pytest.raises(NoOutcomeError) as caught:
        slow.choose("negociar")
    assert str(caught.value) == (
        "clicked option 'negociar' on screen 'inicio', but a new screen did not show within 50 ms"
    )
    pilot.widget(QPushButton, "option-negociar").blockSignals(False)
    slow.walk("negociar", "sim", "whatsapp", "sudeste")
    pilot.widget(QPushButton, "copy-number-sudeste").blockSignals(True)
    with pytest.raises(NoOutcomeError, match=(
        r"^clicked 'Copiar número' of 'sudeste' on screen 'negociar_whatsapp_sudeste', but "
        r"'✓ Número copiado' did not show within 50 ms$"
    )):
        slow.copy_whatsapp("sudeste")
