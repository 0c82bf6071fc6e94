"""Headings that screen readers announce as headings: the screen's title and the result page's
section titles ("Caminho a seguir", "Passo a passo", ...).

Qt gives every QLabel the StaticText role. A `HeadingLabel` gets the Heading role instead, from an
accessibility factory that `install_heading_role` installs once, before any heading is built: Qt
asks the factories when an assistive technology first looks at a widget, and keeps the answer for
the widget's lifetime. (Qt owns the interface the factory returns and deletes it with the widget.)
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLabel

from assistant.ui.widgets import WrapLabel


class HeadingLabel(WrapLabel):
    """A word-wrapped plain-text label that screen readers announce as a heading."""


class _HeadingInterface(QAccessibleWidget):
    """What a screen reader sees of a HeadingLabel: a heading, named by its text."""

    def __init__(self, label: HeadingLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)

    def text(self, kind: QAccessible.Text) -> str:
        label = self.widget()
        if kind == QAccessible.Text.Name and isinstance(label, QLabel):
            return label.accessibleName() or label.text()
        return str(super().text(kind))


def _heading_factory(_key: str, obj: QObject | None) -> QAccessibleInterface | None:
    return _HeadingInterface(obj) if isinstance(obj, HeadingLabel) else None


_installed: list[bool] = []


def install_heading_role() -> None:
    """Give HeadingLabels the Heading role from now on (once per process; later calls do
    nothing)."""
    if not _installed:
        QAccessible.installFactory(_heading_factory)
        _installed.append(True)
