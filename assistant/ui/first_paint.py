"""Run something once a widget is on screen: work that the first frame does not need waits here.

`AfterFirstPaint(widget, callback)` watches `widget` until its first Paint event, then runs
`callback` from the event loop (a 0 ms timer, so after the whole paint pass). With `report`, the
moment of that paint is printed as `first-paint-ns <CLOCK_MONOTONIC ns>`: the benchmarks
(--exit-after-first-paint) time the start to it, not to the process's end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FIRST_PAINT_MARK = "first-paint-ns"


class AfterFirstPaint(QObject):
    """Runs `callback` from the event loop once `widget` has been painted, then goes away."""

    def __init__(
        self,
        widget: QWidget,
        callback: Callable[[], object],
        *,
        report: bool = False,
        owner: QObject | None = None,
    ) -> None:
        # Owned by `owner` (by `widget` when None): the callback is dropped if that is deleted
        # before the event loop comes round.
        super().__init__(owner if owner is not None else widget)
        self._widget = widget
        self._callback = callback
        self._report = report
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if self._report and sys.stdout is not None:  # a windowed build may have none
                print(f"{FIRST_PAINT_MARK} {time.monotonic_ns()}", flush=True)
            self._widget.removeEventFilter(self)
            # `self` as the timer's context: a widget deleted before the event loop comes
            # round takes this watcher with it, and the callback is not run on its remains.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        self.deleteLater()
        self._callback()
