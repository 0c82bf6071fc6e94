"""Blocking work off the UI thread: reading a flows file that may sit on a network share.

A kiosk's flows file may be on a store's share. On a share that stops answering (a hard NFS
mount, an SMB server gone), `stat()` and `read()` wait until it answers again, which can be
hours; on the UI thread that froze the kiosk in front of its customers. `BackgroundJob` runs
one call at a time in a thread of its own and hands the result back on the UI thread, through
a queued signal. A share that hangs then holds only that thread:

- the window goes on; a new run is refused while the previous call is still out (threads do
  not pile up behind a dead share), and the wait is logged once when it gets long;
- the thread is a daemon: a call that never returns does not keep the process from exiting
  (a `concurrent.futures` or `QThreadPool` worker is joined at exit, and would).

The call must not touch Qt objects: it runs in the worker thread. What it returns is applied by
whoever listens to `finished`, on the UI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

logger = logging.getLogger(__name__)

SLOW_AFTER_S = 30.0
"""A call out this long is logged (once) as not answering: a healthy local or network disk
answers in milliseconds."""


class BackgroundJob(QObject):
    """Runs one call at a time, named `what` in the log ("check the flows file for an update"),
    in a daemon thread; `finished` gives its result on the UI thread."""

    finished = Signal(object)  # what the call returned; None if it raised (logged)
    _returned = Signal(object)  # emitted in the worker thread, delivered on the UI thread

    def __init__(
        self,
        what: str,
        parent: QObject | None = None,
        *,
        slow_after_s: float = SLOW_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._what = what
        self._slow_after_s = slow_after_s
        self._clock = clock
        self._started: float | None = None  # when the call still out began
        self._said_slow = False
        self._returned.connect(self._on_returned, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        """True from `run` until its result has been delivered."""
        return self._started is not None

    def run(self, call: Callable[[], object]) -> bool:
        """Start `call` in a thread; False, and nothing started, while the previous call is
        still out (it is then logged as not answering once it has been out `slow_after_s`)."""
        if self._started is not None:
            self._note_slow(self._clock() - self._started)
            return False
        self._started = self._clock()
        worker = threading.Thread(
            target=self._work, args=(call,), name=f"background: {self._what}", daemon=True
        )
        worker.start()
        return True

    def _work(self, call: Callable[[], object]) -> None:
        try:
            result = call()
        except Exception:
            logger.exception("could not %s", self._what)
            result = None
        try:
            self._returned.emit(result)
        except RuntimeError:  # the job was deleted (its window closed) while the call was out
            logger.debug("%s: answered after its job was gone", self._what)

    def _on_returned(self, result: object) -> None:
        if self._started is not None and self._said_slow:
            logger.info("%s: answered after %.0f s", self._what, self._clock() - self._started)
        self._started = None
        self._said_slow = False
        self.finished.emit(result)

    def _note_slow(self, waited: float) -> None:
        if self._said_slow or waited < self._slow_after_s:
            return
        self._said_slow = True
        logger.warning(
            "%s: no answer for %.0f s (a network share that stopped answering?); "
            "trying again once it answers",
            self._what,
            waited,
        )
