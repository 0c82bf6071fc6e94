"""The hidden admin gesture: several quick taps in a corner of the kiosk window.

`CornerTapDetector` watches the window's QWindow, where every press and touch arrives once,
in window coordinates, before any widget sees it. `taps` presses (default 5) inside the
corner square (default top-right, 80 px) within `within_ms` (default 3000) emit `triggered`.
A press anywhere else starts the count again. Events are never swallowed: the app under the
corner keeps working (a button there is still clicked).

A tap on a touch screen arrives as a TouchBegin and, when no widget takes touch events, as a
mouse press that Qt makes from it; that mouse press (its device is the touch screen) is not
counted twice.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, Signal
from PySide6.QtGui import QInputDevice, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from assistant.ui.kiosk._support import WindowInput

DEFAULT_TAPS = 5
DEFAULT_WITHIN_MS = 3000
DEFAULT_CORNER_SIZE = 80

_PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


class CornerTapDetector(QObject):
    """Emits `triggered` after `taps` presses in a corner of `window` within `within_ms`.

    `clock` (milliseconds, monotonic) is injectable so tests need not wait for real time.
    """

    triggered = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        taps: int = DEFAULT_TAPS,
        within_ms: int = DEFAULT_WITHIN_MS,
        corner: Qt.Corner = Qt.Corner.TopRightCorner,
        size: int = DEFAULT_CORNER_SIZE,
        clock: Callable[[], float] = _monotonic_ms,
    ) -> None:
        super().__init__(window)
        if taps < 2 or within_ms <= 0 or size <= 0:
            raise ValueError(
                f"need taps >= 2, within_ms > 0 and size > 0 (got {taps}, {within_ms}, {size})"
            )
        self._taps = taps
        self._within_ms = within_ms
        self._corner = corner
        self._size = size
        self._clock = clock
        self._times: deque[float] = deque(maxlen=taps)
        WindowInput(window, self)  # no reference to the window kept here (see WindowInput)

    @property
    def count(self) -> int:
        """Taps in the corner so far (within the time window of the first of them)."""
        return len(self._times)

    def corner_rect(self) -> QRect:
        """The corner square, in window coordinates."""
        window = self.parent()
        assert isinstance(window, QWidget)
        width, height, side = window.width(), window.height(), self._size
        left = width - side if self._corner in _RIGHT else 0
        top = height - side if self._corner in _BOTTOM else 0
        return QRect(left, top, side, side)

    def reset(self) -> None:
        self._times.clear()

    # --- input --------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _PRESSES:
            return False
        if kind == QEvent.Type.TouchBegin:
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                self._on_press(points[0].position())
        else:
            assert isinstance(event, QMouseEvent)
            device = event.device()
            # Made by Qt from a touch already counted as TouchBegin.
            if device is None or device.type() != QInputDevice.DeviceType.TouchScreen:
                self._on_press(event.position())
        return False  # never swallow: the app keeps working

    def _on_press(self, position: QPointF) -> None:
        if not self.corner_rect().contains(position.toPoint()):
            self._times.clear()
            return
        now = self._clock()
        while self._times and now - self._times[0] > self._within_ms:
            self._times.popleft()
        self._times.append(now)
        if len(self._times) >= self._taps:
            self._times.clear()
            self.triggered.emit()


_RIGHT = frozenset({Qt.Corner.TopRightCorner, Qt.Corner.BottomRightCorner})
_BOTTOM = frozenset({Qt.Corner.BottomLeftCorner, Qt.Corner.BottomRightCorner})
