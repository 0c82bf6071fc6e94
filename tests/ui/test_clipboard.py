"""The system clipboard seam: what the app and a kiosk (which wipes it at every reset) use."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from assistant.ui.clipboard import SystemClipboard


def test_the_system_clipboard_sets_reads_and_clears(qapp: QApplication) -> None:
    clipboard = SystemClipboard()
    clipboard.set_text("+55 11 99991-0621")
    assert QGuiApplication.clipboard().text() == "+55 11 99991-0621"
    assert clipboard.text() == "+55 11 99991-0621"
    clipboard.clear()
    assert QGuiApplication.clipboard().text() == ""
    assert clipboard.text() == ""
