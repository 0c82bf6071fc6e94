"""The clipboard behind a small seam: the system clipboard in the app, a memory one in tests.

The kiosk will also need to wipe it on idle reset, hence `clear`.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QClipboard, QGuiApplication


class Clipboard(Protocol):
    """Where "Copiar número" and "Copiar passos" put their text."""

    def set_text(self, text: str) -> None: ...

    def text(self) -> str: ...

    def clear(self) -> None: ...


class SystemClipboard:
    """The desktop clipboard (QGuiApplication.clipboard())."""

    def set_text(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text, QClipboard.Mode.Clipboard)

    def text(self) -> str:
        return QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard)

    def clear(self) -> None:
        QGuiApplication.clipboard().clear(QClipboard.Mode.Clipboard)


class MemoryClipboard:
    """A clipboard that only remembers the last text (tests, or a kiosk without a clipboard)."""

    def __init__(self) -> None:
        self._text = ""

    def set_text(self, text: str) -> None:
        self._text = text

    def text(self) -> str:
        return self._text

    def clear(self) -> None:
        self._text = ""
