"""Lock a top-level window down for an unattended touch kiosk, and check its touch targets.

`lock_down(window, hide_cursor=...)` makes `window` frameless, stay on top and full screen (its
geometry set to the screen's as well: without a window manager, as in a bare X session, the
full-screen state alone leaves the window its old size), and returns a `KioskLock` that owns
what keeps it so:

- `CloseGuard` (an event filter on the window): every close is refused (the window manager's
  close button, Alt+F4, `close()`, `QApplication.closeAllWindows()`, and so Qt 6's `quit()`)
  until `allow_close()`; leaving full screen (a window manager minimising it) is undone.
- `InputGuard` (an event filter on the application): context menus, tooltips and "What's
  This?" never show, whatever widget asks; every widget polished from now on gets
  `Qt.NoContextMenu` and every QLabel loses text selection and link activation
  (`sanitize` does the same for the widgets that exist already). Links cannot open a browser
  either way: `QDesktopServices.openUrl` is refused for the web, mail, phone and file schemes.
- the cursor is hidden (`hide_cursor=True`) for a touch screen.

`KioskLock.exit(code)` is the admin exit: it releases all of it, closes the window and ends the
event loop with `code` (`assistant.kiosk.exit_codes.ADMIN_EXIT`, 0, by default).

The application filter puts Python on every event of the application (about 1 µs each; measured
here, about +3.5 ms, a third more, per screen switch of the main window): it does the least it
can, one set lookup first.

`check_touch_targets(root, minimum, gap)` lists every visible interactive widget under `root`
smaller than `minimum` x `minimum` and every pair closer than `gap` px.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QRect,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QLabel,
    QWidget,
)

from assistant.kiosk.exit_codes import ADMIN_EXIT

logger = logging.getLogger(__name__)

KIOSK_TARGET = 64  # px: a finger
DESKTOP_TARGET = 48  # px: a mouse, or a finger on a laptop's touch screen
TARGET_GAP = 8  # px between two targets

# objectName prefixes of targets (the Pilot's names), in case one is not a button.
INTERACTIVE_PREFIXES = ("option-", "trail-", "copy-")

# URL schemes `QDesktopServices.openUrl` must not hand to the system (a browser, a mail or
# phone app, a file manager) from a kiosk.
BLOCKED_URL_SCHEMES = ("http", "https", "file", "ftp", "mailto", "tel", "sms", "whatsapp")

# A kiosk's top-level windows: no frame to drag or close, above anything else.
WINDOW_HINTS = Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint

# Eaten wherever they go.
_EATEN = frozenset(
    {
        QEvent.Type.ContextMenu,
        QEvent.Type.ToolTip,
        QEvent.Type.WhatsThis,
        QEvent.Type.QueryWhatsThis,
        QEvent.Type.EnterWhatsThisMode,
    }
)
_WATCHED = _EATEN | {QEvent.Type.Polish}
_WINDOW_EVENTS = frozenset({QEvent.Type.Close, QEvent.Type.WindowStateChange})


def sanitize(root: QWidget) -> None:
    """No context menu on `root` and its descendants, no text selection or link activation in
    their labels. Cheap; call it after building a screen if the InputGuard is not installed."""
    for widget in (root, *root.findChildren(QWidget)):
        _sanitize_widget(widget)


def _sanitize_widget(widget: QWidget) -> None:
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    if isinstance(widget, QLabel):
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        widget.setOpenExternalLinks(False)


class CloseGuard(QObject):
    """Refuses to close `window` until `allow_close()`; keeps it full screen if asked."""

    refused = Signal()  # a close was refused

    def __init__(self, window: QWidget, *, keep_full_screen: bool = True) -> None:
        super().__init__(window)  # no Python reference to the window: see _support.WindowInput
        self._allowed = False
        self._keep_full_screen = keep_full_screen
        window.installEventFilter(self)

    @property
    def close_allowed(self) -> bool:
        return self._allowed

    def allow_close(self) -> None:
        self._allowed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WINDOW_EVENTS or self._allowed or watched is not self.parent():
            return False
        if kind == QEvent.Type.Close:
            assert isinstance(event, QCloseEvent)
            event.ignore()
            logger.info("refused to close the kiosk window")
            self.refused.emit()
            return True
        if self._keep_full_screen and not self._is_full_screen():
            # After the state change is done: back to full screen.
            QTimer.singleShot(0, self, self._restore_full_screen)
        return False

    def _window(self) -> QWidget:
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    def _is_full_screen(self) -> bool:
        # Minimised, a window keeps its full-screen flag.
        window = self._window()
        return window.isFullScreen() and not window.isMinimized()

    def _restore_full_screen(self) -> None:
        if not self._allowed and not self._is_full_screen():
            logger.info("the kiosk window left full screen: restoring it")
            fill_screen(self._window())


class InputGuard(QObject):
    """Application-wide: eats context menus, tooltips and What's This; sanitizes new widgets."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app: QCoreApplication | None = None

    def install(self) -> None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("InputGuard needs a QApplication")
        self._app = app
        app.installEventFilter(self)

    def uninstall(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED:
            return False
        if kind == QEvent.Type.Polish:
            if isinstance(watched, QWidget):
                _sanitize_widget(watched)
            return False
        return True  # a context menu, tooltip or What's This: never shown


class _UrlRefuser(QObject):
    """The handler of the blocked URL schemes: logs and does nothing."""

    @Slot(QUrl)
    def refuse(self, url: QUrl) -> None:
        logger.info("refused to open %s in kiosk mode", url.scheme())


class KioskLock(QObject):
    """What `lock_down` installed on a window; `exit()` is the admin's way out."""

    def __init__(
        self,
        window: QWidget,
        *,
        hide_cursor: bool,
        exit_app: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(window)  # no Python reference to the window: see _support.WindowInput
        self.close_guard = CloseGuard(window)
        self.input_guard = InputGuard(self)
        self._url_refuser = _UrlRefuser(self)
        self._exit_app: Callable[[int], None] = (
            exit_app if exit_app is not None else QCoreApplication.exit
        )
        self._cursor_hidden = False
        self._released = False
        self.input_guard.install()
        for scheme in BLOCKED_URL_SCHEMES:
            # PySide6 6.11 takes the slot's name as str (bytes fail), though its stub says bytes.
            QDesktopServices.setUrlHandler(scheme, self._url_refuser, "refuse")  # type: ignore[arg-type]
        if hide_cursor:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self._cursor_hidden = True

    @property
    def window(self) -> QWidget:
        """The locked window."""
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    @property
    def released(self) -> bool:
        return self._released

    def allow_close(self) -> None:
        self.close_guard.allow_close()

    def release(self) -> None:
        """Undo the lock (not the window flags): close allowed, guards off, cursor back."""
        if self._released:
            return
        self._released = True
        self.close_guard.allow_close()
        self.input_guard.uninstall()
        for scheme in BLOCKED_URL_SCHEMES:
            QDesktopServices.unsetUrlHandler(scheme)
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    def exit(self, code: int = ADMIN_EXIT) -> None:
        """The admin exit: release, close the window, end the event loop with `code`."""
        logger.info("leaving kiosk mode (exit code %d)", code)
        self.release()
        self.window.close()
        self._exit_app(code)  # last: a quit on the last window closed must not win


def lock_down(
    window: QWidget,
    *,
    hide_cursor: bool,
    exit_app: Callable[[int], None] | None = None,
) -> KioskLock:
    """Frameless, on top, full screen, unclosable, no context menus/tooltips/text selection.

    `exit_app(code)` ends the app on the admin exit (default `QCoreApplication.exit`).
    """
    window.setWindowFlags(window.windowFlags() | WINDOW_HINTS)
    lock = KioskLock(window, hide_cursor=hide_cursor, exit_app=exit_app)
    sanitize(window)
    fill_screen(window)
    return lock


def fill_screen(window: QWidget) -> None:
    """Full screen, and the screen's geometry too: without a window manager (a bare X session,
    `xinit` straight into the app) the full-screen state alone leaves the window its old size."""
    window.showFullScreen()
    screen = window.screen()
    if screen is not None and window.geometry() != screen.geometry():
        window.setGeometry(screen.geometry())


# --- touch targets ------------------------------------------------------------------------------


def is_interactive(widget: QWidget, prefixes: Iterable[str] = INTERACTIVE_PREFIXES) -> bool:
    """A button or slider (a scroll bar), a control reachable with Tab, or one named as a
    target. Labels that take focus (a heading, for screen readers) and scroll areas (a
    container; its scroll bars are targets) are not."""
    if isinstance(widget, (QAbstractButton, QAbstractSlider)):
        return True
    if widget.objectName().startswith(tuple(prefixes)):
        return True
    if isinstance(widget, (QLabel, QAbstractScrollArea)):
        return False
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _describe(widget: QWidget) -> str:
    name = widget.objectName()
    if name:
        return name
    text = widget.accessibleName() or (
        widget.text() if isinstance(widget, QAbstractButton) else ""
    )
    return f"{type(widget).__name__}({text!r})" if text else type(widget).__name__


def _distance(a: QRect, b: QRect) -> float:
    """Edge-to-edge distance of two rectangles (0 when they touch or overlap)."""
    dx = max(0, b.x() - (a.x() + a.width()), a.x() - (b.x() + b.width()))
    dy = max(0, b.y() - (a.y() + a.height()), a.y() - (b.y() + b.height()))
    return math.hypot(dx, dy)


def _root_rect(widget: QWidget, root: QWidget) -> QRect:
    return QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())


def _scroll_viewport(widget: QWidget, root: QWidget) -> QWidget | None:
    """The viewport of the innermost scroll area whose content holds `widget`, if any."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return parent
        parent = area
    return None


def _shown_rect(widget: QWidget, root: QWidget) -> QRect:
    """The part of `widget` its ancestors up to `root` let through (a scroll area's viewport
    cuts what is scrolled away), in `root`'s coordinates."""
    rect = _root_rect(widget, root)
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        rect = rect.intersected(_root_rect(parent, root))
        parent = parent.parentWidget()
    return rect


@dataclass(frozen=True, slots=True)
class _Target:
    widget: QWidget
    rect: QRect  # whole, in root's coordinates
    shown: QRect  # the part on screen now
    viewport: QWidget | None  # the scrolled content it moves with


def check_touch_targets(
    root: QWidget,
    minimum: int,
    gap: int,
    *,
    prefixes: Iterable[str] = INTERACTIVE_PREFIXES,
) -> list[str]:
    """Every visible interactive widget under `root` smaller than `minimum` x `minimum` px, and
    every pair of them closer than `gap` px (edge to edge), as readable lines; [] if none.

    Geometries are compared in `root`'s coordinates, so lay `root` out (show it) first. Two
    targets in the same scrolled content are compared whole (they move together, even below
    the fold); a target in scrolled content and one outside it (the nav bar) only by what is
    on screen now. A widget inside another interactive widget is not compared with it.
    """
    prefixes = tuple(prefixes)
    targets = [
        _Target(
            widget,
            _root_rect(widget, root),
            _shown_rect(widget, root),
            _scroll_viewport(widget, root),
        )
        for widget in root.findChildren(QWidget)
        if widget.isVisibleTo(root) and is_interactive(widget, prefixes)
    ]
    problems = [
        f"{_describe(t.widget)}: {t.rect.width()}x{t.rect.height()} px, "
        f"smaller than {minimum}x{minimum}"
        for t in targets
        if t.rect.width() < minimum or t.rect.height() < minimum
    ]
    for first, second in combinations(targets, 2):
        if first.widget.isAncestorOf(second.widget) or second.widget.isAncestorOf(first.widget):
            continue
        if first.viewport is second.viewport:
            a, b = first.rect, second.rect
        else:
            a, b = first.shown, second.shown
            if a.isEmpty() or b.isEmpty():
                continue  # one of them is scrolled away: they are never on screen together
        distance = _distance(a, b)
        if distance < gap:
            problems.append(
                f"{_describe(first.widget)} and {_describe(second.widget)}: "
                f"{distance:.0f} px apart, closer than {gap}"
            )
    return problems
