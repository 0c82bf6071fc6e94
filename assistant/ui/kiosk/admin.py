"""The admin exit, wired: the hidden corner gesture opens the PIN pad, the right PIN leaves kiosk
mode with `ADMIN_EXIT` (0), a wrong one keeps the kiosk running.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from assistant.kiosk.exit_codes import ADMIN_EXIT
from assistant.ui.kiosk.gesture import CornerTapDetector
from assistant.ui.kiosk.keypad import PinPad
from assistant.ui.kiosk.lockdown import KioskLock

logger = logging.getLogger(__name__)


class AdminExit(QObject):
    """Connects `detector` -> `pad` -> `lock.exit(ADMIN_EXIT)`. Owned by the lock's window."""

    def __init__(self, detector: CornerTapDetector, pad: PinPad, lock: KioskLock) -> None:
        super().__init__(lock.window)
        self.detector = detector
        self.pad = pad
        self.lock = lock
        detector.triggered.connect(self._on_gesture)
        pad.accepted.connect(self._on_accepted)

    def _on_gesture(self) -> None:
        if not self.pad.isVisible():
            logger.info("admin gesture: asking for the PIN")
            self.pad.open()

    def _on_accepted(self) -> None:
        self.lock.exit(ADMIN_EXIT)
