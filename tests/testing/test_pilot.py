"""The Pilot does only what a customer could do, and says so when it cannot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from assistant.flows.model import Flow
from assistant.testing import NoOutcomeError, NotClickableError, Pilot, PilotError
from assistant.testing.plugin import OpenPilot


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


def test_a_dialog_over_another_window_does_not_block_this_one(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """"Sobre" is window-modal: it blocks its own window, not a second assistant window."""
    first, second = open_pilot(bundled_flow), open_pilot(bundled_flow)
    first.window.open_about()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    assert second.choose("negociar") == "negociar_atraso"
    with pytest.raises(PilotError, match=ABOUT_IS_OPEN):
        first.choose("negociar")


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


def test_no_click_goes_to_a_window_that_lets_no_mouse_event_through(pilot: Pilot) -> None:
    """As the kiosk's start guard makes the assistant for a moment: a tap does nothing."""
    central = pilot.window.centralWidget()
    central.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    try:
        with pytest.raises(NotClickableError, match="'central' lets no mouse event through"):
            pilot.choose("negociar")
        assert pilot.screen_id == "inicio"
    finally:
        central.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
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


def test_a_button_is_clicked_where_the_laid_out_page_shows_it(pilot: Pilot) -> None:
    """After a held "3", the WhatsApp page's contact box kept the height of the screen before
    it, and the pilot refused "Copiar número" as covered by it: the window now lays a page out
    at its own height as it shows it (MainWindow._fit_content; QA review)."""
    pilot.walk("negociar", "sim")
    pilot.hold_key(Qt.Key.Key_3)
    pilot.choose("sudeste")
    assert pilot.clipped_widgets() == []
    assert pilot.copy_whatsapp("sudeste") == "+55 11 99991-0621"


def test_a_key_is_held_by_its_character_as_it_is_pressed(pilot: Pilot) -> None:
    """hold_key takes what press_key takes: "3" held raised AttributeError ('str' object has
    no attribute 'value')."""
    pilot.walk("negociar", "sim")
    pilot.hold_key("3", repeats=3)
    assert pilot.screen_id == "negociar_whatsapp_regiao"  # answered once, not three times
    with pytest.raises(PilotError, match=r"hold_key holds one key: .* not 'Return'"):
        pilot.hold_key("Return")
