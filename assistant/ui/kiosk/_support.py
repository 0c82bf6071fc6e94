"""Small pieces the kiosk widgets share: enlarged role fonts, screen-reader announcements, and
following a top-level widget's QWindow, where real input arrives before any widget sees it.

Filtering the QWindow instead of the whole application keeps Python off the path of every
paint, timer and layout event: a Python event filter on the application costs about 1 µs per
event of any kind (measured: a third more time per screen switch of the main window), one on
the QWindow only sees that window's input and a few window events.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QFont
from PySide6.QtWidgets import QWidget

from assistant.ui import theme

# Events after which a top-level widget may have a (new) QWindow.
_HANDLE_EVENTS = frozenset({QEvent.Type.Show, QEvent.Type.WinIdChange})


def role_font(role: str, factor: float = 1.0) -> QFont:
    """The font of a theme role (theme.ROLE_SCALES), `factor` times larger."""
    font = theme.role_font(role)
    size = font.pointSizeF()
    if size > 0 and factor != 1.0:
        font.setPointSizeF(size * factor)
    return font


def set_role(widget: QWidget, role: str, factor: float = 1.0) -> None:
    """`theme.set_role`, with the font `factor` times larger (the kiosk is read from afar)."""
    theme.set_role(widget, role)
    if factor != 1.0:
        widget.setFont(role_font(role, factor))


def announce(widget: QWidget, message: str) -> None:
    """Ask screen readers to say `message` (politely), when one is listening."""
    if QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))


class WindowInput(QObject):
    """Keeps `event_filter` installed on the QWindow of the top-level widget `window`.

    The QWindow exists once the widget is shown (or its winId() asked for); this watches the
    widget for Show and WinIdChange and installs the filter on the current QWindow each time
    (installing twice on the same object is a no-op in Qt). A child of `event_filter`.

    It keeps no Python reference to the window: a child holding its window would make a
    reference cycle that only the garbage collector breaks, at exit, after QApplication is
    gone (a segmentation fault at the end of the process).
    """

    def __init__(self, window: QWidget, event_filter: QObject) -> None:
        super().__init__(event_filter)
        window.installEventFilter(self)
        self._attach(window)

    def _attach(self, window: QWidget) -> None:
        handle = window.windowHandle()
        event_filter = self.parent()
        if handle is not None and event_filter is not None:
            handle.installEventFilter(event_filter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _HANDLE_EVENTS and isinstance(watched, QWidget):
            self._attach(watched)
        return False
