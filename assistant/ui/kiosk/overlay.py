"""Overlays inside the kiosk window: a dimmed cover over everything, and "Ainda está aí?".

`Cover` is a child widget that always covers its parent (it follows the parent's resizes),
dims what is under it, takes every press so nothing under it can be touched, and keeps the
keyboard while open: it accepts every ShortcutOverride, so the window's shortcuts (1..9
choose an option) do not fire under it. It is never a separate top-level window, so it
cannot escape the kiosk's full-screen window. The PIN pad is a `Cover` too.

`StillThereOverlay` is the idle warning: "Ainda está aí?", "Toque na tela para continuar." and
the seconds left. Any press or key on it emits `dismissed`. `bind(monitor)` wires it to an
`IdleMonitor` (show on warning, update each tick, hide on activity or expiry).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from assistant.ui import theme
from assistant.ui.kiosk._support import announce, set_role

if TYPE_CHECKING:
    from assistant.ui.kiosk.idle import IdleMonitor

DIM = QColor(0, 0, 0, 170)  # over the screen under an overlay

# Air around a card (in em): between the screen's edge and the card, and inside the card.
CARD_MARGIN_EM = 1.0
CARD_PADDING_EM = 1.2

STILL_THERE_TITLE = "Ainda está aí?"
STILL_THERE_TEXT = "Toque na tela para continuar."


def seconds_text(seconds: int) -> str:
    """ "Voltando ao início em 25 segundos": a unit a customer reads at a glance."""
    return f"Voltando ao início em {seconds} segundo" + ("" if seconds == 1 else "s")


class Cover(QWidget):
    """A child that covers its parent, dims it, and takes every press and key while shown."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        # Weak: a child holding a widget of its window could hold the window itself (a cycle
        # that outlives QApplication, see _support.WindowInput).
        self._previous_focus: weakref.ref[QWidget] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(False)
        self.hide()
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)  # to follow its resizes

    def open(self) -> None:
        """Cover the parent now, on top of its other children, with the keyboard focus."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        if not self.isVisible():
            focus = self.window().focusWidget()
            keep = focus is not None and focus is not self
            self._previous_focus = weakref.ref(focus) if keep else None
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def card(self, name: str, *, width: int | None = None) -> tuple[QFrame, QVBoxLayout]:
        """A centred box (objectName `name`) for the overlay's content, and its layout.

        `width`: as wide as that when there is room (for wrapped text), else its size hint."""
        outer = self.layout()
        if not isinstance(outer, QVBoxLayout):
            outer = QVBoxLayout(self)
            margin = theme.em(CARD_MARGIN_EM)
            outer.setContentsMargins(margin, margin, margin, margin)
        box = QFrame(self)
        box.setObjectName(name)
        box.setProperty("kind", "kiosk-card")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box.setAutoFillBackground(True)  # opaque even before a stylesheet is applied
        layout = QVBoxLayout(box)
        pad = theme.em(CARD_PADDING_EM)
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(theme.em(0.6))
        # Centred between stretches, not with an alignment flag: an aligned box gets its hint
        # width but the height worked out for the whole row, too short for text that wraps.
        row = QHBoxLayout()
        row.addStretch(1)
        if width is None:
            row.addWidget(box)
        else:
            box.setMaximumWidth(width)
            row.addWidget(box, 100)  # up to `width`, before the stretches get any room
        row.addStretch(1)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        return box, layout

    # --- Qt overrides ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            parent = self.parentWidget()
            if parent is not None and watched is parent:
                self.setGeometry(parent.rect())
        return False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to keyPressEvent; no shortcut under the cover fires
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), DIM)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # nothing under the cover gets it

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        reference, self._previous_focus = self._previous_focus, None
        previous = reference() if reference is not None else None
        if (
            previous is not None
            and shiboken6.isValid(previous)
            and previous.isVisible()
            and self.window().focusWidget() is self
        ):
            previous.setFocus(Qt.FocusReason.OtherFocusReason)


class StillThereOverlay(Cover):
    """ "Ainda está aí?" with the seconds left; any press or key emits `dismissed`."""

    dismissed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk-still-there")
        self.setAccessibleName(STILL_THERE_TITLE)
        self.setAccessibleDescription(STILL_THERE_TEXT)
        card, layout = self.card("kiosk-still-there-card", width=theme.em(28))
        card.setAccessibleName(STILL_THERE_TITLE)

        self.title_label = QLabel(STILL_THERE_TITLE, card)
        self.title_label.setObjectName("kiosk-still-there-title")
        self.title_label.setAccessibleName(STILL_THERE_TITLE)
        self.text_label = QLabel(STILL_THERE_TEXT, card)
        self.text_label.setObjectName("kiosk-still-there-text")
        self.text_label.setAccessibleName(STILL_THERE_TEXT)
        self.seconds_label = QLabel(card)
        self.seconds_label.setObjectName("kiosk-still-there-seconds")
        set_role(self.title_label, "title", 1.5)
        set_role(self.text_label, "heading", 1.2)
        set_role(self.seconds_label, "body", 1.2)
        for label in (self.title_label, self.text_label, self.seconds_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self._seconds = 0
        self.set_seconds_left(0)

    @property
    def seconds_left(self) -> int:
        return self._seconds

    def set_seconds_left(self, seconds: int) -> None:
        """Show "Voltando ao início em `seconds` segundos"."""
        self._seconds = seconds
        text = seconds_text(seconds)
        self.seconds_label.setText(text)
        self.seconds_label.setAccessibleName(text)

    def open_with(self, seconds: int) -> None:
        """Show the warning with `seconds` left, and tell screen readers."""
        self.set_seconds_left(seconds)
        self.open()
        announce(self, f"{STILL_THERE_TITLE} {STILL_THERE_TEXT} {seconds_text(seconds)}.")

    def bind(self, monitor: IdleMonitor) -> None:
        """Follow `monitor`: open on its warning, count down with it, hide when the customer
        touches the screen or the time is up; a press here counts as activity."""
        monitor.warning_started.connect(self.open_with)
        monitor.countdown.connect(self.set_seconds_left)
        # Later, not now: the monitor sees a tap before the widgets do, and a cover hidden at
        # that moment would let the tap through to the button under it.
        monitor.activity_resumed.connect(self._hide_later)
        monitor.expired.connect(self.hide)
        self.dismissed.connect(monitor.note_activity)

    def _hide_later(self) -> None:
        QTimer.singleShot(0, self.hide)

    # --- Qt overrides ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self._pressed = True

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # Dismissed on the release, so the whole tap ends here: hidden on the press, the
        # release would land on the page under it.
        event.accept()
        if getattr(self, "_pressed", False):
            self._pressed = False
            self.hide()
            self.dismissed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()
        self.hide()
        self.dismissed.emit()
