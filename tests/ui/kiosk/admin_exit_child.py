"""Run by test_admin_exit.py in a child process (not collected: no test_ prefix).

A locked-down window in a real event loop (`app.exec()`): five taps in the top-right corner,
then the PIN given as argv[1] typed on the keyboard and Enter, all through the window's QWindow
the way the platform delivers input. The process's exit code is what `app.exec()` returns;
if nothing ends it, a timer exits with STILL_RUNNING.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from assistant.kiosk.pin import hash_pin, verify_pin
from assistant.ui.kiosk import AdminExit, CornerTapDetector, PinPad, lock_down

PIN = "4821"
STILL_RUNNING = 42


def main(typed: str) -> int:
    app = QApplication(["admin-exit-child"])
    stored = hash_pin(PIN)
    window = QWidget()
    QVBoxLayout(window).addWidget(QLabel("Assistente de Faturas", window))
    lock = lock_down(window, hide_cursor=True)
    pad = PinPad(lambda pin: verify_pin(pin, stored), window)
    AdminExit(CornerTapDetector(window), pad, lock)

    def drive() -> None:
        handle = window.windowHandle()
        assert handle is not None
        corner = QPoint(window.width() - 10, 10)
        left, no_modifier = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        for _ in range(5):
            QTest.mouseClick(handle, left, no_modifier, corner)
        print("pad open:", pad.isVisible(), flush=True)
        print("close refused:", not window.close(), flush=True)
        for digit in typed:
            QTest.keyClick(handle, Qt.Key(Qt.Key.Key_0.value + int(digit)))
        QTest.keyClick(handle, Qt.Key.Key_Return)
        print("typed; window visible:", window.isVisible(), flush=True)

    QTimer.singleShot(100, drive)
    QTimer.singleShot(5000, lambda: app.exit(STILL_RUNNING))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
