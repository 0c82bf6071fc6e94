"""The admin PIN pad: the right PIN is accepted, a wrong one is refused and cleared, five wrong
ones lock it for a while; big buttons, and the keyboard works too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from assistant.kiosk.pin import hash_pin, verify_pin
from assistant.ui import theme
from assistant.ui.kiosk import keypad
from assistant.ui.kiosk.keypad import PinPad
from assistant.ui.kiosk.lockdown import KIOSK_TARGET, TARGET_GAP, check_touch_targets

PIN = "4821"
TIMEOUT = 3000


@pytest.fixture(scope="module")
def verify() -> Callable[[str], bool]:
    """The pad's PIN check. Not the real scrypt one (tests/kiosk/test_pin.py has that, and
    test_the_real_pin_check_opens_the_pad below): at ~0.1 s a try, the lockout tests, which
    type dozens of PINs, took seconds."""
    return lambda pin: pin == PIN


def test_the_real_pin_check_opens_the_pad(window: QWidget, qtbot: QtBot) -> None:
    stored = hash_pin(PIN)
    accepted: list[bool] = []
    real = PinPad(lambda pin: verify_pin(pin, stored), window, lockout_ms=300, tick_ms=100)
    real.accepted.connect(lambda: accepted.append(True))
    real.open()
    type_on_screen(real, qtbot, PIN)
    enter(real, qtbot)
    qtbot.waitUntil(lambda: accepted == [True], timeout=TIMEOUT)


@pytest.fixture
def pad(window: QWidget, verify: Callable[[str], bool]) -> PinPad:
    keypad = PinPad(verify, window, lockout_ms=300, tick_ms=100)
    keypad.open()
    return keypad


def type_on_screen(pad: PinPad, qtbot: QtBot, digits: str) -> None:
    for digit in digits:
        qtbot.mouseClick(pad.digit_buttons[int(digit)], Qt.MouseButton.LeftButton)


def enter(pad: PinPad, qtbot: QtBot) -> None:
    qtbot.mouseClick(pad.enter_button, Qt.MouseButton.LeftButton)


def test_the_right_pin_is_accepted(pad: PinPad, qtbot: QtBot) -> None:
    type_on_screen(pad, qtbot, PIN)
    assert pad.display.text() == "●●●●"
    assert pad.entry_length == 4
    with qtbot.waitSignal(pad.accepted, timeout=TIMEOUT):
        enter(pad, qtbot)
    assert pad.isHidden()
    assert pad.entry_length == 0


def test_a_wrong_pin_is_refused_and_cleared(pad: PinPad, qtbot: QtBot) -> None:
    accepted: list[bool] = []
    pad.accepted.connect(lambda: accepted.append(True))
    type_on_screen(pad, qtbot, "1234")
    with qtbot.waitSignal(pad.rejected, timeout=TIMEOUT) as rejected:
        enter(pad, qtbot)
    assert rejected.args == [1]
    assert accepted == []
    assert pad.message == "PIN incorreto. Tente de novo."
    assert pad.entry_length == 0
    assert pad.display.text().strip() == ""
    assert pad.isVisible()
    # Typing again clears the message; the right PIN still works.
    type_on_screen(pad, qtbot, PIN)
    assert pad.message == ""
    with qtbot.waitSignal(pad.accepted, timeout=TIMEOUT):
        enter(pad, qtbot)


def test_five_wrong_pins_lock_it_for_a_while(pad: PinPad, qtbot: QtBot) -> None:
    for attempt in range(1, 5):
        type_on_screen(pad, qtbot, "0000")
        enter(pad, qtbot)
        assert pad.failures == attempt
        assert not pad.is_locked
    type_on_screen(pad, qtbot, "0000")
    with qtbot.waitSignal(pad.locked_out, timeout=TIMEOUT) as locked:
        enter(pad, qtbot)
    assert locked.args == [3]  # ticks of 100 ms here; seconds in the app
    assert pad.is_locked
    assert pad.message == "Muitas tentativas. Tente de novo em 3 s."
    assert not any(button.isEnabled() for button in pad.digit_buttons)
    assert not pad.enter_button.isEnabled()
    assert pad.cancel_button.isEnabled()
    # Even the right PIN is not checked while locked (keys included).
    accepted: list[bool] = []
    pad.accepted.connect(lambda: accepted.append(True))
    qtbot.keyClicks(pad, PIN)
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert accepted == []
    assert pad.entry_length == 0
    qtbot.waitUntil(lambda: pad.message == "Muitas tentativas. Tente de novo em 2 s.")
    # Closing and reopening the pad does not end the lockout.
    pad.cancel()
    pad.open()
    assert pad.is_locked
    qtbot.waitUntil(lambda: not pad.is_locked, timeout=TIMEOUT)
    assert pad.failures == 0
    assert pad.message == ""
    assert all(button.isEnabled() for button in pad.digit_buttons)
    type_on_screen(pad, qtbot, PIN)
    with qtbot.waitSignal(pad.accepted, timeout=TIMEOUT):
        enter(pad, qtbot)


def test_each_lockout_before_the_right_pin_lasts_twice_as_long(
    pad: PinPad, qtbot: QtBot
) -> None:
    def five_wrong() -> list[object]:
        for _ in range(4):
            type_on_screen(pad, qtbot, "0000")
            enter(pad, qtbot)
        type_on_screen(pad, qtbot, "0000")
        with qtbot.waitSignal(pad.locked_out, timeout=TIMEOUT) as locked:
            enter(pad, qtbot)
        qtbot.waitUntil(lambda: not pad.is_locked, timeout=3 * TIMEOUT)
        return locked.args

    assert five_wrong() == [3]  # ticks of 100 ms here; seconds in the app
    assert five_wrong() == [6]
    assert five_wrong() == [12]
    type_on_screen(pad, qtbot, PIN)
    with qtbot.waitSignal(pad.accepted, timeout=TIMEOUT):
        enter(pad, qtbot)
    pad.open()
    assert five_wrong() == [3]  # the right PIN starts over


def test_the_keyboard_works_too(pad: PinPad, window: QWidget, qtbot: QtBot) -> None:
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_4), window)  # like the window's "choose 4"
    shortcut.activated.connect(lambda: fired.append(True))
    assert window.focusWidget() is pad
    qtbot.keyClicks(pad, "48219")
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.entry_length == 4
    with qtbot.waitSignal(pad.accepted, timeout=TIMEOUT):
        qtbot.keyClick(pad, Qt.Key.Key_Enter)
    assert fired == []  # the digits went to the pad, not to the shortcut under it


def test_apagar_and_cancelar(pad: PinPad, qtbot: QtBot) -> None:
    type_on_screen(pad, qtbot, "12")
    qtbot.mouseClick(pad.delete_button, Qt.MouseButton.LeftButton)
    assert pad.entry_length == 1
    assert pad.display.accessibleName() == "PIN digitado: 1 dígito"
    with qtbot.waitSignal(pad.cancelled, timeout=TIMEOUT):
        qtbot.mouseClick(pad.cancel_button, Qt.MouseButton.LeftButton)
    assert pad.isHidden()
    pad.open()
    assert pad.entry_length == 0


def test_escape_cancels(pad: PinPad, qtbot: QtBot) -> None:
    with qtbot.waitSignal(pad.cancelled, timeout=TIMEOUT):
        qtbot.keyClick(pad, Qt.Key.Key_Escape)


def test_an_empty_pin_is_not_checked(window: QWidget, qtbot: QtBot) -> None:
    asked: list[str] = []

    def verify(pin: str) -> bool:
        asked.append(pin)
        return False

    pad = PinPad(verify, window)
    pad.open()
    enter(pad, qtbot)
    assert asked == []
    assert pad.message == "Digite o PIN."
    assert pad.failures == 0


def test_a_broken_verifier_is_a_wrong_pin(window: QWidget, qtbot: QtBot) -> None:
    def verify(pin: str) -> bool:
        raise OSError("no config")

    pad = PinPad(verify, window)
    pad.open()
    type_on_screen(pad, qtbot, "1234")
    with qtbot.waitSignal(pad.rejected, timeout=TIMEOUT):
        enter(pad, qtbot)
    assert pad.message == "PIN incorreto. Tente de novo."


def test_the_entry_has_a_maximum_length(window: QWidget, qtbot: QtBot) -> None:
    pad = PinPad(lambda pin: False, window, max_length=4)
    pad.open()
    qtbot.keyClicks(pad, "123456")
    assert pad.entry_length == 4


def test_it_is_inside_the_window_and_never_shows_the_digits(pad: PinPad, window: QWidget) -> None:
    assert not pad.isWindow()
    assert pad.window() is window
    assert pad.geometry() == window.rect()
    pad.press_digit("7")
    assert "7" not in pad.display.text()
    assert "7" not in pad.display.accessibleName()


def test_buttons_are_finger_sized_and_apart(
    pad: PinPad, window: QWidget, kiosk_style: theme.ThemeName, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: pad.digit_buttons[0].height() >= KIOSK_TARGET)
    assert check_touch_targets(pad, KIOSK_TARGET, TARGET_GAP) == []
    names = sorted(button.objectName() for button in pad.digit_buttons)
    assert names == [f"kiosk-keypad-digit-{d}" for d in range(10)]
    assert pad.enter_button.accessibleName() == "Entrar"
    assert pad.delete_button.accessibleName() == "Apagar o último dígito"


def test_while_locked_only_cancelar_is_enabled(pad: PinPad, qtbot: QtBot) -> None:
    for _ in range(5):
        type_on_screen(pad, qtbot, "0000")
        enter(pad, qtbot)
    assert pad.is_locked
    assert not pad.delete_button.isEnabled()
    assert not pad.enter_button.isEnabled()
    assert not any(button.isEnabled() for button in pad.digit_buttons)
    assert pad.cancel_button.isEnabled()


def test_a_lockout_never_lasts_longer_than_the_maximum(
    window: QWidget, verify: Callable[[str], bool], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The product's maximum is an hour (doubling from a minute: 1, 2, 4 ... 32, 60, 60);
    # scaled down here to 80 ms with ticks of 20 ms: 1, 2, 4, then 4 ticks again.
    monkeypatch.setattr(keypad, "MAX_LOCKOUT_MS", 80)
    pad = PinPad(verify, window, lockout_ms=20, tick_ms=20)
    pad.open()

    def five_wrong() -> int:
        for _ in range(4):
            type_on_screen(pad, qtbot, "0000")
            enter(pad, qtbot)
        type_on_screen(pad, qtbot, "0000")
        with qtbot.waitSignal(pad.locked_out, timeout=TIMEOUT) as locked:
            enter(pad, qtbot)
        qtbot.waitUntil(lambda: not pad.is_locked, timeout=TIMEOUT)
        return int(locked.args[0])

    assert [five_wrong() for _ in range(5)] == [1, 2, 4, 4, 4]


def test_a_pad_left_open_cancels_itself(
    window: QWidget, verify: Callable[[str], bool], qtbot: QtBot
) -> None:
    pad = PinPad(verify, window, idle_ms=300)
    cancelled: list[bool] = []
    pad.cancelled.connect(lambda: cancelled.append(True))
    pad.open()
    type_on_screen(pad, qtbot, "4")
    with qtbot.waitSignal(pad.cancelled, timeout=TIMEOUT):
        pass
    assert not pad.isVisible() and pad.entry_length == 0 and cancelled == [True]


def test_each_key_gives_the_admin_more_time(
    window: QWidget, verify: Callable[[str], bool], qtbot: QtBot
) -> None:
    pad = PinPad(verify, window, idle_ms=400)
    pad.open()
    with qtbot.assertNotEmitted(pad.cancelled, wait=0):
        for digit in "48":
            qtbot.wait(250)
            type_on_screen(pad, qtbot, digit)
        qtbot.wait(250)  # 750 ms open, never 400 ms without a key
        assert pad.isVisible() and pad.entry_length == 2
    type_on_screen(pad, qtbot, "21")
    enter(pad, qtbot)
    assert not pad.isVisible()
    with qtbot.assertNotEmitted(pad.cancelled, wait=600):  # closed: no late cancel
        pass
