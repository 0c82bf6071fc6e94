"""What screen readers get from our labels beyond QLabel's defaults: headings they can move
between (the screen's title, the result page's section titles, the About dialog's name), and
labels they skip because the labels around them say it already: the "›" between the menu path's
items and between the trail's answers (read out between every two items otherwise), and the
number badge of each step (the step's own name carries its number).

Qt gives every QLabel the StaticText role. A `HeadingLabel` gets the Heading role and an
`UnreadLabel` is marked invisible to assistive technologies (as a breadcrumb's separators are,
on the web), by an accessibility factory that `install_accessible_roles` installs once,
before any such label is built: Qt asks the factories when an assistive technology first looks
at a widget, and keeps the answer for the widget's lifetime. (Qt owns the interface the factory
returns and deletes it with the widget.)
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

from assistant.ui.widgets import WrapLabel


class HeadingLabel(WrapLabel):
    """A word-wrapped plain-text label that screen readers announce as a heading."""


class UnreadLabel(QLabel):
    """A label seen but not read out: what it shows, the labels around it say already."""


class SeparatorLabel(UnreadLabel):
    """A "›" between two items of the menu path or the trail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("›", parent)
        self.setProperty("kind", "separator")


class _HeadingInterface(QAccessibleWidget):
    """What a screen reader sees of a HeadingLabel: a heading, named by its text."""

    def __init__(self, label: HeadingLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)

    def text(self, kind: QAccessible.Text) -> str:
        label = self.widget()
        if kind == QAccessible.Text.Name and isinstance(label, QLabel):
            return label.accessibleName() or label.text()
        return str(super().text(kind))


class _SkippedInterface(QAccessibleWidget):
    """What a screen reader sees of an UnreadLabel: nothing to read (invisible)."""

    def __init__(self, label: UnreadLabel) -> None:
        super().__init__(label, QAccessible.Role.StaticText)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.invisible = True
        return state


def _factory(_key: str, obj: QObject | None) -> QAccessibleInterface | None:
    if isinstance(obj, HeadingLabel):
        return _HeadingInterface(obj)
    if isinstance(obj, UnreadLabel):
        return _SkippedInterface(obj)
    return None


@cache
def install_accessible_roles() -> None:
    """Give HeadingLabels and UnreadLabels their roles from now on (once per process; later
    calls do nothing)."""
    QAccessible.installFactory(_factory)
