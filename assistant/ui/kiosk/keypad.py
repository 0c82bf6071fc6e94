"""The admin PIN pad: an on-screen keypad inside the kiosk window (never a separate window).

`PinPad` is a `Cover`: it dims the screen and takes every press and key while open. The PIN is
shown as dots; digits 0-9, "Apagar", "Cancelar" and "Entrar" are buttons of at least
`target` x `target` px (64 by default) with gaps of at least 8 px, and the keyboard works too
(digits, Backspace, Enter, Esc). On a small screen (a 1920x1080 one at 200 % is 960x540 px)
the keys lose their padding and the texts go beside them, so every key stays on the screen.
It checks a PIN with the `verify` callable it is given (in the app:
`assistant.kiosk.pin.verify_pin` against the stored hash) and keeps no PIN: the entry is
cleared on every check, cancel and reopening, and never shown or exposed to screen readers.

- the right PIN: `accepted`, and the pad closes;
- a wrong one: "PIN incorreto. Tente de novo.", the entry is cleared, `rejected(failures)`;
- `max_attempts` wrong PINs in a row (5): locked for `lockout_ms` (a countdown is shown, the
  digits are disabled, "Cancelar" still works), `locked_out(seconds)`. Each further lockout
  before the right PIN lasts twice as long as the one before, up to `MAX_LOCKOUT_MS` (an hour):
  five tries a minute would let someone at the screen try every 4-digit PIN in about 33 hours.

Left open (the gesture made by chance, or an admin called away), the pad cancels itself after
`idle_ms` without a key (the kiosk gives it its `idle_seconds`): on the attract and maintenance
screens no idle reset would ever close it, and the next customer found "Acesso restrito" with a
digit typed. Under a cover that took the keyboard from it ("Ainda está aí?" on a customer's
screen, whose reset closes the pad) it waits: the keyboard comes back to it when that goes.

Create one pad per window and keep it: the failure count and the lockout live in it, so
closing and reopening the pad does not reset them.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assistant.kiosk.pin import PIN_MAX_DIGITS
from assistant.ui import theme
from assistant.ui.kiosk._support import announce, set_role
from assistant.ui.kiosk.lockdown import KIOSK_TARGET, TARGET_GAP
from assistant.ui.kiosk.overlay import CARD_MARGIN_EM, CARD_PADDING_EM, Cover

logger = logging.getLogger(__name__)

TITLE = "Acesso restrito"
PROMPT = "Digite o PIN de administrador."
WRONG_PIN = "PIN incorreto. Tente de novo."
EMPTY_PIN = "Digite o PIN."
NO_PIN = "Saída desativada: este terminal não tem um PIN de administrador configurado."
DELETE = "Apagar"
CANCEL = "Cancelar"
ENTER = "Entrar"
DOT = "●"

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_LOCKOUT_MS = 60_000
MAX_LOCKOUT_MS = 60 * 60_000
DEFAULT_TICK_MS = 1000
DEFAULT_IDLE_MS = 60_000


# The keys on a short screen (the texts beside them).
_COMPACT_KEYS = "QPushButton { padding: 0px; }"


def locked_text(seconds: int) -> str:
    return f"Muitas tentativas. Tente de novo em {seconds} s."


def _digit_of(event: QKeyEvent) -> str | None:
    key = event.key()
    if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
        return str(key - Qt.Key.Key_0.value)
    return None


class _EntryDisplay(QLabel):
    """How many digits were typed: a dot each, or "● × 12" where the dots do not fit. Its
    width is the layout's to give, never the dots': twelve of them beside the keys on a short
    screen squeezed the keys until their words were cut."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._count = 0
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def show_count(self, count: int) -> None:
        self._count = count
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        text = DOT * self._count if self._count else " "
        room = self.contentsRect().width()
        if self._count > 1 and self.fontMetrics().horizontalAdvance(text) > room:
            text = f"{DOT} × {self._count}"
        if text != self.text():
            self.setText(text)


class PinPad(Cover):
    """A masked PIN entry with an on-screen digit keypad; emits `accepted` on the right PIN."""

    accepted = Signal()
    cancelled = Signal()
    rejected = Signal(int)  # wrong PINs in a row so far
    locked_out = Signal(int)  # seconds (ticks) of lockout

    def __init__(
        self,
        verify: Callable[[str], bool],
        parent: QWidget,
        *,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        lockout_ms: int = DEFAULT_LOCKOUT_MS,
        tick_ms: int = DEFAULT_TICK_MS,
        max_length: int = PIN_MAX_DIGITS,
        target: int = KIOSK_TARGET,
        idle_ms: int = DEFAULT_IDLE_MS,
    ) -> None:
        super().__init__(parent)
        if max_attempts < 1 or tick_ms <= 0 or lockout_ms < tick_ms or max_length < 1:
            raise ValueError("need max_attempts >= 1, lockout_ms >= tick_ms > 0, max_length >= 1")
        self.setObjectName("kiosk-keypad")
        self.setAccessibleName(TITLE)
        self.setAccessibleDescription(PROMPT)
        self._verify = verify
        self._max_attempts = max_attempts
        self._lockout_ms = lockout_ms
        self._max_length = max_length
        self._entry = ""
        self._failures = 0
        self._lockouts = 0  # lockouts since the last right PIN: each lasts twice the last
        self._lock_ticks = 0
        self._unavailable = False  # no PIN can be right: see set_unavailable
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(tick_ms)
        self._lock_timer.timeout.connect(self._on_lock_tick)
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(idle_ms)
        self._idle_timer.timeout.connect(self._on_idle)

        card, layout = self.card("kiosk-keypad-card")
        card.setAccessibleName(TITLE)
        self._card = card
        self._card_layout = layout
        # The texts above the keys, or beside them on a screen too short for that (see
        # _arrange): a 1920x1080 screen at 200 % is 960x540 px, a 1280x800 one 640x400.
        texts = self._texts = QVBoxLayout()
        texts.setSpacing(layout.spacing())
        texts.addStretch(1)
        self.title_label = QLabel(TITLE, card)
        self.title_label.setObjectName("kiosk-keypad-title")
        set_role(self.title_label, "title")
        self.prompt_label = QLabel(PROMPT, card)
        self.prompt_label.setObjectName("kiosk-keypad-prompt")
        set_role(self.prompt_label, "body")
        self.display = _EntryDisplay(card)
        self.display.setObjectName("kiosk-keypad-display")
        self.display.setMinimumHeight(target)
        set_role(self.display, "number", 1.2)
        self.message_label = QLabel(card)
        self.message_label.setObjectName("kiosk-keypad-message")
        set_role(self.message_label, "body")
        policy = self.message_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # no jump when a message comes and goes
        self.message_label.setSizePolicy(policy)
        self.message_label.setWordWrap(True)  # as wide as the keys, not as its sentence
        for label in (self.title_label, self.prompt_label, self.display, self.message_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            texts.addWidget(label)
        texts.addStretch(1)

        grid = QGridLayout()
        grid.setSpacing(max(TARGET_GAP + 4, theme.em(0.7)))  # + 4: the buttons' 2 px margins
        self.digit_buttons: list[QPushButton] = []
        for digit in range(10):
            button = self._button(str(digit), f"kiosk-keypad-digit-{digit}", str(digit), target)
            button.clicked.connect(lambda _checked=False, d=str(digit): self.press_digit(d))
            self.digit_buttons.append(button)
            row, column = (3, 1) if digit == 0 else divmod(digit - 1, 3)
            grid.addWidget(button, row, column)
        # A phone's keypad, with the actions in a fourth column (four rows fit a 768 px screen).
        self.delete_button = self._button(
            DELETE, "kiosk-keypad-delete", "Apagar o último dígito", target
        )
        self.delete_button.clicked.connect(self.delete_digit)
        self.cancel_button = self._button(CANCEL, "kiosk-keypad-cancel", CANCEL, target)
        self.cancel_button.clicked.connect(self.cancel)
        self.enter_button = self._button(ENTER, "kiosk-keypad-enter", ENTER, target)
        self.enter_button.setProperty("kind", "primary")
        self.enter_button.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self.enter_button.clicked.connect(self.submit)
        grid.addWidget(self.delete_button, 0, 3)
        grid.addWidget(self.cancel_button, 1, 3)
        grid.addWidget(self.enter_button, 2, 3, 2, 1)
        self._grid = grid
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(layout.spacing())
        self._body.addLayout(texts)
        self._body.addLayout(grid)
        layout.addLayout(self._body)
        self._arrangement = (False, False)  # (compact, side by side): see _arrange
        self._show_entry()
        self._set_message("")

    # --- public API ---------------------------------------------------------------------------

    @property
    def entry_length(self) -> int:
        """Digits typed so far (the digits themselves are never exposed)."""
        return len(self._entry)

    @property
    def failures(self) -> int:
        """Wrong PINs in a row."""
        return self._failures

    @property
    def is_locked(self) -> bool:
        return self._lock_ticks > 0

    @property
    def side_by_side(self) -> bool:
        """Whether the keys are beside the texts (a short screen) rather than under them."""
        return self._arrangement[1]

    @property
    def message(self) -> str:
        return self.message_label.text() if self.message_label.isVisibleTo(self) else ""

    @property
    def is_unavailable(self) -> bool:
        """True when no PIN can open it (`set_unavailable`)."""
        return self._unavailable

    def set_unavailable(self, message: str = NO_PIN) -> None:
        """No PIN can be right (the kiosk has no PIN hash): the keys are off and `message` says
        why, instead of "PIN incorreto" after every try, and lockouts, for a PIN nobody has."""
        self._unavailable = True
        for button in (*self.digit_buttons, self.delete_button, self.enter_button):
            button.setEnabled(False)
        self._set_message(message)

    def open(self) -> None:
        """Show the pad with an empty entry (a lockout keeps running)."""
        self._entry = ""
        self._show_entry()
        if not self._blocked():
            self._set_message("")
        super().open()
        self._idle_timer.start()
        announce(self, f"{TITLE}. {PROMPT}")

    def press_digit(self, digit: str) -> None:
        self._note_input()
        if self._blocked() or len(self._entry) >= self._max_length:
            return
        self._entry += digit
        self._show_entry()
        self._set_message("")

    def delete_digit(self) -> None:
        self._note_input()
        if self._entry:
            self._entry = self._entry[:-1]
            self._show_entry()

    def cancel(self) -> None:
        self._entry = ""
        self._show_entry()
        self.hide()
        self.cancelled.emit()

    def submit(self) -> None:
        """Check the PIN typed so far."""
        self._note_input()
        if self._blocked():
            return
        pin, self._entry = self._entry, ""
        self._show_entry()
        if not pin:
            self._set_message(EMPTY_PIN)
            return
        try:
            right = bool(self._verify(pin))
        except Exception:  # a broken verifier must not open the kiosk, nor crash it
            logger.exception("the PIN check failed")
            right = False
        if right:
            self._failures = 0
            self._lockouts = 0
            self._set_message("")
            self.hide()
            logger.info("admin PIN accepted")
            self.accepted.emit()
            return
        self._failures += 1
        logger.info("wrong admin PIN (%d in a row)", self._failures)
        if self._failures >= self._max_attempts:
            self._start_lockout()
        else:
            self._set_message(WRONG_PIN)
        self.rejected.emit(self._failures)

    # --- internals ----------------------------------------------------------------------------

    def _button(self, text: str, name: str, accessible: str, target: int) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the pad keeps the keyboard
        button.setMinimumSize(target, target)
        # Taller than `target` where there is room; down to it on a short screen.
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        button.setProperty("kind", "keypad")
        set_role(button, "heading", 1.2)
        return button

    def _note_input(self) -> None:
        if self.isVisible():
            self._idle_timer.start()

    def _on_idle(self) -> None:
        if not self.isVisible():  # closed since: the timer is left to run out, harmless
            return
        if self.window().focusWidget() is not self:
            # Covered by what took the keyboard from it ("Ainda está aí?" over a customer's
            # screen, whose reset closes the pad): closed under it, the pad could not take the
            # focus back, which went to whatever came next (a trail chip, ringed as if chosen).
            self._idle_timer.start()
            return
        seconds = self._idle_timer.interval() / 1000
        logger.info("admin PIN pad closed: no key for %g s", seconds)
        self.cancel()

    def _blocked(self) -> bool:
        return self.is_locked or self._unavailable

    def _show_entry(self) -> None:
        count = len(self._entry)
        self.display.show_count(count)
        self.display.setAccessibleName(
            f"PIN digitado: {count} dígito" + ("" if count == 1 else "s")
        )

    def _set_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setAccessibleName(text)
        self.message_label.setVisible(bool(text))
        if text:
            announce(self, text)

    def _start_lockout(self) -> None:
        longest = max(MAX_LOCKOUT_MS, self._lockout_ms)
        lockout_ms = min(self._lockout_ms * 2 ** min(self._lockouts, 30), longest)
        self._lockouts += 1
        self._lock_ticks = math.ceil(lockout_ms / self._lock_timer.interval())
        for button in (*self.digit_buttons, self.delete_button, self.enter_button):
            button.setEnabled(False)
        self._set_message(locked_text(self._lock_ticks))
        self._lock_timer.start()
        logger.warning("admin PIN: %d wrong in a row, locked", self._failures)
        self.locked_out.emit(self._lock_ticks)

    def _on_lock_tick(self) -> None:
        self._lock_ticks -= 1
        if self._lock_ticks > 0:
            self.message_label.setText(locked_text(self._lock_ticks))
            self.message_label.setAccessibleName(locked_text(self._lock_ticks))
            return
        self._lock_timer.stop()
        self._failures = 0
        for button in (*self.digit_buttons, self.delete_button, self.enter_button):
            button.setEnabled(True)
        self._set_message("")

    def _arrange(self) -> None:
        """The first arrangement that fits the screen: the texts above the keys; the same,
        compact (keys without padding, less air around the card); the texts beside the keys,
        compact. Every key keeps its `target` size and its whole word, so the admin can leave
        on any screen the kiosk runs on (a 1920x1080 one at 200 % is 960x540 px)."""
        outer = self.layout()
        assert outer is not None  # made by card()
        for compact, side in ((False, False), (True, False), (True, True)):
            self._set_arrangement(compact, side)
            needed = outer.minimumSize()
            if needed.width() <= self.width() and needed.height() <= self.height():
                return

    def _set_arrangement(self, compact: bool, side: bool) -> None:
        if (compact, side) == self._arrangement:
            return
        self._arrangement = (compact, side)
        self._body.setDirection(
            QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom
        )
        for label in (self.title_label, self.prompt_label):
            label.setWordWrap(side)  # a column beside the keys is narrow
        margin = theme.em(CARD_MARGIN_EM * 0.4 if compact else CARD_MARGIN_EM)
        pad = theme.em(CARD_PADDING_EM * 0.5 if compact else CARD_PADDING_EM)
        outer = self.layout()
        assert outer is not None
        outer.setContentsMargins(margin, margin, margin, margin)
        self._card_layout.setContentsMargins(pad, pad, pad, pad)
        # No padding in the keys: their minimum is then the stylesheet's finger size, not that
        # plus the padding around the text (4 rows of 80 px did not fit a 400 px screen).
        self.setStyleSheet(_COMPACT_KEYS if compact else "")
        # Never narrower than their words: short of room, a layout squeezes a button down to
        # its minimum width, and that cut "Cancelar" to "ncel".
        actions = (self.delete_button, self.cancel_button, self.enter_button)
        self._grid.setColumnMinimumWidth(3, max(button.sizeHint().width() for button in actions))
        # Measured at once by _arrange: a layout keeps the sizes it worked out until told, and
        # the keys tell only the card's own layout that theirs changed, not the ones around it.
        for layout in self.findChildren(QLayout):
            layout.invalidate()
        self._card.updateGeometry()

    # --- Qt overrides -------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        digit = _digit_of(event)
        if digit is not None:
            self.press_digit(digit)
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.delete_digit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Escape:
            self.cancel()
        event.accept()  # every key stays in the pad
