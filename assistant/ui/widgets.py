"""Widgets whose text wraps instead of widening the window: option buttons, trail and menu chips.

QPushButton never wraps its text, so a long answer ("Sim, conferi e o valor está incorreto") would
widen the window or be cut off at QT_SCALE_FACTOR=2. `WrapButton` keeps the QPushButton
behaviour (focus, Enter/Space, clicked, accessible as a push button, border and background
from the stylesheet) and paints its own word-wrapped text, so it grows taller instead of wider.
It paints rather than holding child labels because a screen is rebuilt on every answer and
child widgets (each styled by the stylesheet) made that several times slower. Its text is laid
out once per width, in `QStaticText`: `QPainter.drawText` into a rectangle shapes and wraps the
text again on every paint, and a button is painted on every press and every change of screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from assistant.ui import theme


def _laid_out(text: str, font: QFont, width: int | None = None) -> QStaticText:
    """`text` laid out in `font`, word-wrapped at `width` (one line when None)."""
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    if width is not None:
        static.setTextWidth(width)
    static.prepare(QTransform(), font)
    return static


SCREEN_SHARE = 0.95
"""The most of its screen's free area a window opens at (the rest shows it is a window)."""


def size_on_screen(
    widget: QWidget, width: int, height: int, *, share: float = SCREEN_SHARE
) -> QSize:
    """`width` x `height`, made smaller where `share` of `widget`'s screen has less room (a
    small laptop, 200 % scaling, a large system font): a window that opens bigger than its
    screen hides its own buttons where no window manager pulls it back."""
    screen = widget.screen()
    available = screen.availableGeometry().size() if screen is not None else None
    if available is not None and available.width() > 0 and available.height() > 0:
        width = min(width, int(available.width() * share))
        height = min(height, int(available.height() * share))
    return QSize(width, height)


def confirmation_label(text: str, name: str, parent: QWidget) -> QLabel:
    """A "✓ copiado" label that is hidden until used but keeps its place (no layout jump)."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setProperty("kind", "confirmation")
    theme.set_role(label, "body")
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.hide()
    return label


def move_out_of_sight(widget: QWidget) -> None:
    """Put a child widget just outside its parent, where showing or hiding it repaints nothing.

    A new widget is at its parent's top left corner, over whatever is on show there: `show()`
    or `hide()` there repaints the parent and its children under it.
    """
    widget.move(-widget.width(), -widget.height())


def hide_out_of_sight(widget: QWidget) -> None:
    """Hide a new child widget, built to be shown later, without a repaint of its parent."""
    move_out_of_sight(widget)
    widget.hide()


@contextmanager
def _updates_held(widget: QWidget) -> Iterator[None]:
    """Turn `widget`'s updates off for the block: a repaint asked for in it becomes an
    ordinary update, handled by the event loop (if the widget is still there and on show)."""
    widget.setUpdatesEnabled(False)
    try:
        yield
    finally:
        if shiboken6.isValid(widget):  # the block may have deleted it
            widget.setUpdatesEnabled(True)


@dataclass(frozen=True, slots=True)
class _Geometry:
    """Where everything goes at one width, and the text laid out for it."""

    height: int
    badge: QRect
    headline: QRect
    text: QRect
    headline_text: QStaticText | None
    detail_text: QStaticText | None


class SingleClickButton(QPushButton):
    """A push button that a double-click (or a double tap) activates once.

    Qt turns a double-click's second press into a press on the widget under the pointer. On a
    button that changes the screen, that is whatever the next screen put there: a second
    answer nobody chose, or Voltar going back twice. The second press is ignored here.
    """

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.ignore()


class WrapButton(SingleClickButton):
    """A push button with word-wrapped text, an optional headline and an optional number badge.

    `accessible_name` is what screen readers say (the full label); the visible text may be split
    into a big headline ("Sim") and a detail ("Até 45 dias"). The badge is drawn in the
    palette's Highlight colours (the theme's accent-strong and on-accent). Fonts are fixed at
    construction (the window rebuilds the screen when the system font changes).
    """

    def __init__(
        self,
        text: str,
        *,
        accessible_name: str,
        kind: str,
        role: str = "option",
        headline: str = "",
        badge: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache: dict[int, _Geometry] = {}
        self._hint: QSize | None = None
        self._minimum_hint: QSize | None = None
        self.setProperty("kind", kind)
        self.setAccessibleName(accessible_name)
        self.setAutoDefault(True)  # Enter activates the focused button (not only Space)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        theme.set_role(self, role)
        self._text = text
        self._headline = headline
        self._badge = badge
        self._headline_font = theme.role_font("option-headline") if headline else QFont()
        self._badge_font = theme.role_font("badge") if badge else QFont()
        self._pad_v = theme.em(0.55 if kind == "trail" else 1.0)
        self._pad_h = self._pad_v + theme.em(0.3)
        self._gap = theme.em(0.7)
        self._badge_box = self._measure_badge()
        self._badge_text = _laid_out(badge, self._badge_font) if badge else None
        self._left = self._pad_h + (self._badge_box.width() + self._gap if badge else 0)

    @property
    def label_text(self) -> str:
        """The visible text (headline and detail), as one line."""
        return " ".join(part for part in (self._headline, self._text) if part)

    # --- geometry ------------------------------------------------------------------------------

    def _measure_badge(self) -> QSize:
        if not self._badge:
            return QSize(0, 0)
        metrics = QFontMetrics(self._badge_font)
        height = metrics.height() + theme.em(0.25)
        width = metrics.horizontalAdvance(self._badge) + theme.em(0.7)
        return QSize(max(height, width), height)

    def _geometry(self, width: int) -> _Geometry:
        cached = self._cache.get(width)
        if cached is not None:
            return cached
        left = self._left
        text_width = max(1, width - left - self._pad_h)
        y = self._pad_v
        headline = QRect()
        headline_text = None
        if self._headline:
            headline_text = _laid_out(self._headline, self._headline_font, text_width)
            lines = math.ceil(headline_text.size().height())
            headline = QRect(left, y, text_width, lines)
            y += lines + theme.em(0.1)
        text = QRect()
        detail_text = None
        if self._text:
            detail_text = _laid_out(self._text, self.font(), text_width)
            lines = math.ceil(detail_text.size().height())
            text = QRect(left, y, text_width, lines)
            y += lines
        height = max(y, self._pad_v + self._badge_box.height()) + self._pad_v
        badge = QRect()
        if self._badge:
            size = self._badge_box
            if self._headline:
                # Level with the headline's first line: side by side, "Sim" and "Não" have
                # details of different lengths, and centred badges would sit at two heights.
                line = QFontMetrics(self._headline_font).height()
                top = max(0, self._pad_v + (line - size.height()) // 2)
            else:
                top = (height - size.height()) // 2
            badge = QRect(self._pad_h, top, size.width(), size.height())
        geometry = _Geometry(height, badge, headline, text, headline_text, detail_text)
        self._cache[width] = geometry
        return geometry

    # hasHeightForWidth comes from the size policy (set above): no Python override, as Qt asks
    # often. Size hints are computed once: the text and fonts never change after construction.

    def heightForWidth(self, width: int) -> int:
        cached = self._cache.get(width)
        return cached.height if cached is not None else self._geometry(width).height

    def sizeHint(self) -> QSize:
        # As wide as the text on one line, and as tall as that width needs.
        if self._hint is None:
            text_width = self.fontMetrics().horizontalAdvance(self._text)
            if self._headline:
                headline = QFontMetrics(self._headline_font).horizontalAdvance(self._headline)
                text_width = max(text_width, headline)
            width = self._left + text_width + 2 + self._pad_h
            self._hint = QSize(width, self.heightForWidth(width))
        return self._hint

    def minimumSizeHint(self) -> QSize:
        # Narrow enough for the longest word. The height is that of the one-line hint: layouts
        # ask heightForWidth for the real height, and a taller minimum would only add gaps.
        if self._minimum_hint is None:
            text = self.fontMetrics()
            longest = max((text.horizontalAdvance(w) for w in self._text.split()), default=0)
            if self._headline:
                headline = QFontMetrics(self._headline_font)
                words = self._headline.split()
                longest = max(longest, *(headline.horizontalAdvance(w) for w in words))
            width = self._left + longest + 2 + self._pad_h
            self._minimum_hint = QSize(width, self.sizeHint().height())
        return self._minimum_hint

    # --- clicking -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # On press Qt repaints the button at once (and, as it is not opaque, everything under
        # it). Nothing slow runs on press here, so the pressed look can wait for the event
        # loop's next paint, a moment later: it is then painted with the rest, and not at all
        # when the release comes at once and changes the screen (a tap on a touch screen).
        with _updates_held(self):
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # On release Qt repaints the button at once, before `clicked`, "to flush the paint
        # before a potentially expensive operation". Here that operation is a change of screen
        # that hides this button: the repaint would be thrown away, and it is a noticeable part
        # of the click. With updates off it is skipped; turning them back on asks for the
        # ordinary repaint, which happens only if the button is still on show.
        with _updates_held(self):
            super().mouseReleaseEvent(event)

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # border, background and focus ring, from the stylesheet
        geometry = self._geometry(self.width())
        painter = QPainter(self)
        if not self._headline:
            # Taller than its text (a touch screen's min-height): the text in the middle. Not
            # the Sim / Não pair, whose headlines stay level when one has more detail.
            painter.translate(0, max(0, (self.height() - geometry.height) // 2))
        palette = self.palette()
        if self._badge:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            radius = geometry.badge.height() / 4
            painter.drawRoundedRect(geometry.badge, radius, radius)
            painter.setFont(self._badge_font)
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
            assert self._badge_text is not None
            box, size = geometry.badge, self._badge_text.size()
            corner = QPointF(
                box.x() + (box.width() - size.width()) / 2,
                box.y() + (box.height() - size.height()) / 2,
            )
            painter.drawStaticText(corner, self._badge_text)
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        if geometry.headline_text is not None:
            painter.setFont(self._headline_font)
            painter.drawStaticText(geometry.headline.topLeft(), geometry.headline_text)
        if geometry.detail_text is not None:
            painter.setFont(self.font())
            painter.drawStaticText(geometry.text.topLeft(), geometry.detail_text)
        painter.end()


class WrapLabel(QLabel):
    """A word-wrapped plain-text label that remembers its height for each width.

    QLabel works a wrapped text's height out again, shaping every line, each time a layout
    asks; the layouts of a page ask several times on every change of screen (the scroll area
    for its minimum size, the column for its height). The text of these labels is set once.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        self._heights.clear()
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)


class ChipLabel(WrapLabel):
    """A word-wrapped label that asks for the width of its text on one line.

    QLabel's own size hint for wrapped text is a compromise width, so a short menu item would
    wrap even with room to spare; in a FlowLayout this label only wraps when the line is
    narrower than the text.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setIndent(0)  # else a framed QLabel indents its text by half an "x"
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:
        self.ensurePolished()
        inset = self.width() - self.contentsRect().width()  # border + padding (stylesheet)
        width = self.fontMetrics().horizontalAdvance(self.text()) + inset + 2
        return QSize(width, self.heightForWidth(width))
