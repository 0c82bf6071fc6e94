"""The "Um momento" screen of a kiosk start that waits for its flows file.

A kiosk reads its configured flows file before its window exists (`run.first_content`), and a
store's share that stopped answering holds that read for up to `run.START_WAIT_S`. A screen
left black that long looks like a dead terminal, and staff switch it off and on again. So a
wait that lasts more than `SHOW_AFTER_S` puts a full-screen notice up ("Um momento"); a start
from a healthy disk or share, which answers in milliseconds, never shows it (no flash before
the attract screen).

The notice stays up until the kiosk window has painted over it (`StartWait.close`, called after
the window's first paint), so that nothing black shows between the two.

`StartWait.stop()` (a SIGTERM or Ctrl+C during the wait: run.run_kiosk) ends the wait at once with
`StartStoppedError`: the kiosk does not come up only to be stopped.
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QEventLoop, Qt, QTimer

from assistant.ui.kiosk.lockdown import WINDOW_HINTS, CloseGuard, fill_screen
from assistant.ui.kiosk.maintenance import NoticeScreen

logger = logging.getLogger(__name__)

TITLE = "Um momento"
TEXT = "O assistente está iniciando."

SHOW_AFTER_S = 0.5
"""How long a start waits with nothing on screen before the notice goes up."""

# How often the wait looks whether the read finished: the screen stays responsive (it repaints,
# the compositor sees a live window) and the start goes on within this of the read's end.
_CHECK_MS = 50


class StartStoppedError(Exception):
    """The wait was stopped (`StartWait.stop`) before the read or the time was over."""


class StartingScreen(NoticeScreen):
    """ "Um momento": the assistant is starting. A top-level window, full screen, that refuses
    to close (Alt+F4 would leave the screen black) or to leave full screen, as the kiosk
    window does; `StartWait.close` hides it."""

    def __init__(self, *, hide_cursor: bool) -> None:
        super().__init__("kiosk-starting", TITLE, TEXT)
        self.setWindowFlags(self.windowFlags() | WINDOW_HINTS)
        CloseGuard(self)
        if hide_cursor:
            self.setCursor(Qt.CursorShape.BlankCursor)


class StartWait:
    """Waits for a start's read of the flows file (`run.first_content`'s `wait`), with
    "Um momento" on screen once it takes longer than `show_after_s`."""

    def __init__(self, *, hide_cursor: bool, show_after_s: float = SHOW_AFTER_S) -> None:
        self._hide_cursor = hide_cursor
        self._show_after_s = show_after_s
        self.screen: StartingScreen | None = None
        self._stopped = False

    def __call__(self, worker: threading.Thread, timeout_s: float) -> None:
        """Return when `worker` has ended or `timeout_s` have passed, whichever comes first;
        raise `StartStoppedError` when `stop()` was called before."""
        deadline = time.monotonic() + timeout_s
        worker.join(min(self._show_after_s, timeout_s))
        if self._stopped:
            raise StartStoppedError
        if not worker.is_alive() or time.monotonic() >= deadline:
            return
        if self.screen is None:
            self.screen = StartingScreen(hide_cursor=self._hide_cursor)
            fill_screen(self.screen)
            logger.info("waiting for the flows file: %r on screen", TITLE)
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(_CHECK_MS)

        def check() -> None:
            if self._stopped or not worker.is_alive() or time.monotonic() >= deadline:
                loop.quit()

        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        if self._stopped:
            raise StartStoppedError

    def stop(self) -> None:
        """End the wait (within `_CHECK_MS`): it raises `StartStoppedError`. Called from the event
        loop, which the wait runs."""
        self._stopped = True

    def close(self) -> None:
        """Take the notice down (the kiosk window is on screen by now); nothing if none."""
        screen, self.screen = self.screen, None
        if screen is not None:
            screen.hide()
            screen.deleteLater()
