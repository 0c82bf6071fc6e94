"""Everything by keyboard: number keys, Tab order, Enter/Space, Alt+Left, Ctrl+R / F5."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollBar

from assistant.testing import Pilot
from assistant.ui import theme
from assistant.ui.about import AboutDialog

KEY = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def tab_to(pilot: Pilot, name: str) -> None:
    for _ in range(20):
        if pilot.tab() == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_whole_flow_by_keyboard_only(pilot: Pilot) -> None:
    pilot.press_key("3")  # "Negociar uma fatura em atraso"
    assert pilot.screen_id == "negociar_atraso"
    pilot.press_key(KEY.Key_Tab)
    assert pilot.focused == "option-sim"
    pilot.press_key(KEY.Key_Return)
    assert pilot.screen_id == "negociar_canal"
    tab_to(pilot, "option-whatsapp")
    pilot.press_key(KEY.Key_Enter)  # the keypad's Enter works too
    assert pilot.screen_id == "negociar_whatsapp_regiao"
    pilot.press_key("2")
    assert pilot.screen_id == "negociar_whatsapp_demais"
    tab_to(pilot, "copy-number-demais")
    pilot.press_key(KEY.Key_Space)
    assert QGuiApplication.clipboard().text() == "+55 32 99991-0621"
    pilot.press_key(KEY.Key_Tab)
    assert pilot.focused == "copy-steps"
    pilot.press_key(KEY.Key_Return)
    assert QGuiApplication.clipboard().text().startswith("Negocie pelo WhatsApp Minha Claro\n")
    pilot.press_key(KEY.Key_Left, ALT)
    assert pilot.screen_id == "negociar_whatsapp_regiao"
    pilot.press_key(KEY.Key_F5)
    assert pilot.screen_id == "inicio"
    assert pilot.trail == []


def test_ctrl_r_restarts(pilot: Pilot) -> None:
    pilot.walk("duplicado", "nao")
    pilot.press_key(KEY.Key_R, CTRL)
    assert pilot.screen_id == "inicio"


def test_alt_left_on_the_first_screen_does_nothing(pilot: Pilot) -> None:
    pilot.press_key(KEY.Key_Left, ALT)
    assert pilot.screen_id == "inicio"


@pytest.mark.parametrize("key", ["7", "9", "0"])
def test_a_number_without_an_option_does_nothing(pilot: Pilot, key: str) -> None:
    pilot.press_key(key)
    assert pilot.screen_id == "inicio"


def test_number_keys_do_nothing_on_a_result(pilot: Pilot) -> None:
    pilot.walk("promessa")
    pilot.press_key("1")
    assert pilot.screen_id == "promessa_site"


def test_keypad_numbers_choose_too(pilot: Pilot) -> None:
    pilot.press_key(KEY.Key_6, Qt.KeyboardModifier.KeypadModifier)
    assert pilot.screen_id == "duvidas_canal"


@pytest.mark.parametrize(
    "answers",
    [(), ("negociar",), ("negociar", "sim", "app"), ("negociar", "sim", "whatsapp", "sudeste")],
    ids=["start", "question", "result", "whatsapp"],
)
def test_tab_order_is_the_visual_order(pilot: Pilot, answers: tuple[str, ...]) -> None:
    pilot.walk(*answers)
    chain = pilot.tab_chain()
    assert chain == pilot.visual_order()
    assert chain[-2:] == ["back", "restart"] if answers else chain[-1] == "restart"
    assert len(chain) >= 3


def test_tab_from_the_title_goes_to_the_screen_first(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim")
    assert pilot.focused == "screen-title"
    assert pilot.tab() == "option-app"
    assert pilot.tab(backwards=True) == "screen-title" or pilot.focused.startswith("trail-")


def test_focus_is_visible(pilot: Pilot) -> None:
    button = pilot.window.findChild(QPushButton, "option-contestar")

    def image() -> QImage:
        return button.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)

    before = image()
    assert pilot.tab() == "option-contestar"
    after = image()
    assert before.size() == after.size()
    changed = sum(
        before.pixel(x, y) != after.pixel(x, y)
        for y in range(before.height())
        for x in range(0, before.width(), 2)
    )
    perimeter = before.width() + before.height()
    assert changed > perimeter  # a ring all round, not a dot


def test_the_focus_ring_is_the_only_focus_mark(pilot: Pilot) -> None:
    """Inside the ring, the focused button is its plain focused background: the style's focus
    rectangle, a second darker box drawn over the text, made a chip's long answer look cut."""
    pilot.walk("contestar")
    colours = theme.load_theme(theme.ThemeName.DEFAULT).colors
    for name in ("option-sim", "trail-0"):
        while pilot.focused != name:
            pilot.tab()
        button = pilot.widget(QPushButton, name)
        image = button.grab().toImage()
        # Just inside the ring (4 px, and a chip's 4 px margin), above and below the text.
        x = image.width() - 25
        inside = {image.pixelColor(x, y).name().upper() for y in (12, image.height() - 13)}
        assert inside == {colours["accent-soft"]}, (name, inside)


def test_the_keys_work_again_once_the_about_dialog_closes(pilot: Pilot, qtbot) -> None:
    pilot.press_key(KEY.Key_F1)
    qtbot.waitUntil(lambda: pilot.focused == "about-close")
    pilot.press_key(KEY.Key_Escape)
    qtbot.waitUntil(pilot.window.isActiveWindow)
    pilot.press_key("3")
    assert pilot.screen_id == "negociar_atraso"


def test_the_keys_work_again_once_the_screen_palette_closes(open_pilot, flow, qtbot) -> None:
    pilot = open_pilot(flow, author=True)
    pilot.press_key(KEY.Key_K, CTRL)
    qtbot.waitUntil(lambda: pilot.focused == "palette-filter")
    pilot.press_key(KEY.Key_Escape)
    qtbot.waitUntil(pilot.window.isActiveWindow)
    pilot.press_key("3")
    assert pilot.screen_id == "negociar_atraso"


def test_page_down_and_page_up_scroll_the_page_by_a_page(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")  # taller than the window
    bar = pilot.widget(QScrollBar, "page-scroll-bar")
    assert bar.maximum() > 0 and bar.value() == 0
    pilot.press_key(KEY.Key_PageDown)
    assert bar.value() == min(bar.pageStep(), bar.maximum()) > 0
    pilot.press_key(KEY.Key_PageUp)
    assert bar.value() == 0


def test_f1_opens_no_about_dialog_in_a_kiosk(open_pilot, flow) -> None:
    # A kiosk's customer must not reach a window of the app's internals (paths, versions).
    pilot = open_pilot(flow, kiosk=True)
    pilot.press_key(KEY.Key_F1)
    assert [w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog)] == []
    pilot.press_key("3")
    assert pilot.screen_id == "negociar_atraso"  # the keys still go to the assistant


def test_shift_tab_from_the_first_answer_goes_to_the_last_chip_of_the_trail(pilot: Pilot) -> None:
    # The title only takes focus from code (screen readers): Shift+Tab skips it.
    pilot.walk("negociar", "sim")
    assert pilot.tab() == "option-app"
    assert pilot.tab(backwards=True) == "trail-1"
    assert pilot.tab(backwards=True) == "trail-0"


@pytest.mark.parametrize(
    ("walk", "key", "modifiers", "expected"),
    [
        ((), KEY.Key_1, Qt.KeyboardModifier.NoModifier, "contestar_conferiu"),
        (("contestar", "sim", "app"), KEY.Key_Left, ALT, "contestar_canal"),
    ],
    ids=["a number", "alt-left"],
)
def test_a_held_key_answers_or_goes_back_once(
    pilot: Pilot,
    walk: tuple[str, ...],
    key: Qt.Key,
    modifiers: Qt.KeyboardModifier,
    expected: str,
) -> None:
    # The keyboard repeats a key held down a moment: "1" went on through the next screens'
    # first answers, answers nobody gave, and Alt+Left back to the start.
    pilot.walk(*walk)
    pilot.hold_key(key, modifiers, repeats=3)
    assert pilot.screen_id == expected


def test_a_held_page_down_keeps_scrolling(open_pilot) -> None:
    # Unlike an answer, scrolling by a held key is what people expect.
    pilot = open_pilot(size=(400, 360))
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    bar = pilot.widget(QScrollBar, "page-scroll-bar")
    assert bar.maximum() > 2 * bar.pageStep()  # room for more than one page down
    pilot.hold_key(KEY.Key_PageDown, repeats=2)
    assert bar.value() > bar.pageStep()


def test_the_about_details_can_be_copied_by_keyboard(pilot: Pilot, qtbot) -> None:
    # Support asks for the version and the content stamp: Tab never stops on the values, so a
    # keyboard user could not copy them (desktop review).
    pilot.press_key(KEY.Key_F1)
    qtbot.waitUntil(lambda: pilot.focused == "about-close")
    pilot.tab(backwards=True)
    assert pilot.focused == "about-copy"
    pilot.press_key(KEY.Key_Return)
    copied = pilot.clipboard.splitlines()
    assert copied[0] == "Assistente de Faturas"
    assert copied[1].startswith("Versão do aplicativo: ")
    assert copied[2].startswith("Versão do conteúdo: ")
    assert copied[3].startswith("Origem das telas: ") and copied[4].startswith("Arquivo de telas: ")
    about = pilot.window.findChild(AboutDialog, "about-dialog")
    assert about is not None and about.findChild(QLabel, "about-copied").isVisible()
    pilot.press_key(KEY.Key_Escape)
