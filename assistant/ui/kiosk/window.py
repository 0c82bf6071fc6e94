"""The store's kiosk window: attract screen, the assistant, and "Em manutenção" when no flows.

One top-level window, locked down by `lock()` (full screen, frameless, close refused). The
assistant is the desktop `MainWindow`, embedded as a page with `kiosk=True` (QR code first on
result pages, nothing to copy) and the store's region (its question is not asked).

A customer's visit: the attract screen ("Toque para começar") -> the assistant -> after
`idle_seconds` without input (`result_idle_seconds` on result pages, where people read) the
"Ainda está aí?" overlay counts down -> at zero `reset()`: answers, trail, clipboard and the
result page (with its QR code) are gone, a pending content update is applied, and the attract
screen is back. An unexpected error does the same (`recover_from_error`).

Content updates: the flows file is looked at every `update_ms` (read when its size or times
changed) and read at each reset, in a background thread (`BackgroundJob`: a store's share that
stops answering must not freeze the kiosk). What a check finds is applied at once while nobody
is there (the attract screen), and otherwise kept until the customer has gone (the reset). A
file saved overnight is what the first customer of the morning gets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from assistant import APP_NAME
from assistant.kiosk.config import KioskConfig
from assistant.ui.background import BackgroundJob
from assistant.ui.clipboard import Clipboard, SystemClipboard
from assistant.ui.kiosk.admin import AdminExit
from assistant.ui.kiosk.attract import AttractScreen
from assistant.ui.kiosk.gesture import CornerTapDetector
from assistant.ui.kiosk.idle import IdleMonitor
from assistant.ui.kiosk.keypad import PinPad
from assistant.ui.kiosk.lockdown import KioskLock, lock_down
from assistant.ui.kiosk.maintenance import MaintenanceScreen
from assistant.ui.kiosk.overlay import StillThereOverlay
from assistant.ui.window import MainWindow, app_icon

if TYPE_CHECKING:
    from assistant.content.loaded import LoadedContent
    from assistant.content.source import ContentUpdater

    # What a try of the fallback chain found: usable content and the updater of its file.
    Found = tuple[LoadedContent, ContentUpdater | None]
    # A try of the fallback chain (None: still nothing usable).
    Recover = Callable[[], Found | None]

logger = logging.getLogger(__name__)

TICK_MS = 1000  # the countdown shows seconds
# After "Toque para começar", taps are ignored this long: the second tap of a double tap (or a
# finger left on the glass) must not also choose the option that appears under it.
START_GUARD_MS = 400
# How often "Em manutenção" looks whether the flows files changed (a stat of each, nothing read).
RECOVERY_MS = 5000
# How often the configured flows file is looked at (a stat; read when it changed; read at each
# reset too). A file saved while the attract screen is up reaches the next customer if saved
# this long before the touch.
UPDATE_MS = 5000


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


class KioskWindow(QMainWindow):
    """The kiosk over `content` (None: nothing usable, the maintenance screen)."""

    reset_done = Signal(str)  # why: "idle", "error"

    def __init__(
        self,
        config: KioskConfig,
        content: LoadedContent | None,
        *,
        clipboard: Clipboard | None = None,
        updater: ContentUpdater | None = None,
        tick_ms: int = TICK_MS,
        start_guard_ms: int = START_GUARD_MS,
        on_content: Callable[[LoadedContent], None] | None = None,
        recover: Recover | None = None,
        recovery_ms: int = RECOVERY_MS,
        update_ms: int = UPDATE_MS,
    ) -> None:
        """`updater` is polled every `update_ms` and at each reset, in a background thread (see
        the module docstring for when what it finds is applied); `on_content(content)` is
        called when new content was applied; `tick_ms` is one step of the countdown (tests make
        it short). With no `content`, `recover()` is called every `recovery_ms`, in a background
        thread too, until it finds some: the kiosk then leaves "Em manutenção" for the attract
        screen."""
        super().__init__()
        self.setObjectName("kiosk-window")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self._config = config
        self._clipboard: Clipboard = clipboard if clipboard is not None else SystemClipboard()
        self._updater = updater
        self._on_content = on_content
        self._pending: LoadedContent | None = None  # found by a check, not applied yet
        self._update_job = BackgroundJob("check the flows file for an update", self)
        self._update_job.finished.connect(self._on_update_checked)
        self._update_timer = QTimer(self)
        self._update_timer.setInterval(update_ms)
        self._update_timer.timeout.connect(self._check_if_touched)
        self._resetting = False
        self._lock: KioskLock | None = None
        self._start_guard = QTimer(self)
        self._start_guard.setSingleShot(True)
        self._start_guard.setInterval(start_guard_ms)
        self._start_guard.timeout.connect(self._end_start_guard)

        self._pages = QStackedWidget(self)
        self._pages.setObjectName("kiosk-pages")
        self.setCentralWidget(self._pages)
        self.attract = AttractScreen(self._pages)
        self.maintenance = MaintenanceScreen(self._pages)
        self._pages.addWidget(self.attract)
        self._pages.addWidget(self.maintenance)
        self.assistant: MainWindow | None = None
        if content is not None:
            self._add_assistant(content)
        self._recover = recover
        self._recovery_job = BackgroundJob("leave maintenance", self)
        self._recovery_job.finished.connect(self._on_recovery_checked)
        self._recovery = QTimer(self)
        self._recovery.setInterval(recovery_ms)
        self._recovery.timeout.connect(self._try_recovery)
        if content is None and recover is not None:
            self._recovery.start()
        if updater is not None and content is not None:
            self._update_timer.start()

        self.idle = IdleMonitor(
            self,
            idle_ms=_ms(config.idle_seconds),
            countdown_ms=max(_ms(config.countdown_seconds), tick_ms),
            tick_ms=tick_ms,
            active=False,
        )
        self.overlay = StillThereOverlay(self)
        self.overlay.bind(self.idle)
        self.idle.expired.connect(lambda: self.reset("idle"))
        self.pad = PinPad(config.accepts_pin, self, idle_ms=_ms(config.idle_seconds))
        self.gesture = CornerTapDetector(self)
        if not config.admin_exit_enabled:
            # The pad says so, rather than "PIN incorreto" (and lockouts) for any PIN typed.
            self.pad.set_unavailable()
            self.gesture.triggered.connect(config.log_admin_exit_off)
        self.attract.started.connect(self.start_customer)
        self._pages.setCurrentWidget(self.attract if content is not None else self.maintenance)

    # --- state ----------------------------------------------------------------------------------

    @property
    def config(self) -> KioskConfig:
        return self._config

    @property
    def clipboard(self) -> Clipboard:
        return self._clipboard

    @property
    def page(self) -> str:
        """What is on show: "attract", "assistant" or "maintenance"."""
        current = self._pages.currentWidget()
        if current is self.assistant:
            return "assistant"
        return "attract" if current is self.attract else "maintenance"

    # --- actions --------------------------------------------------------------------------------

    def lock(self, *, exit_app: Callable[[int], None] | None = None) -> KioskLock:
        """Lock the window down (and show it full screen); the admin gesture + PIN unlock it.
        Locked already: the lock it has (a second one would add a second admin exit, input
        guard and cursor override)."""
        if self._lock is not None:
            return self._lock
        lock = lock_down(self, hide_cursor=self._config.hide_cursor, exit_app=exit_app)
        AdminExit(self.gesture, self.pad, lock)
        self._lock = lock
        return lock

    def start_customer(self) -> None:
        """The attract screen was touched: a fresh session, watched for idleness."""
        if self.assistant is None:
            return
        self.assistant.notice.hide()  # a renamed start screen: for an author, not a customer
        if not self.assistant.session.is_at_start:  # reset() left it there already
            self.assistant.restart()
        if self._start_guard.interval() > 0:
            self.assistant.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            self._start_guard.start()
        self._pages.setCurrentWidget(self.assistant)
        # Focus to the title, as every change of screen does: left to the stack, it went from
        # the hidden attract screen to the first answer, which then looked chosen already.
        self.assistant.header.title_label.setFocus(Qt.FocusReason.OtherFocusReason)
        self._on_screen_changed(self.assistant.session.current.id)
        self.idle.resume()
        logger.info("customer started")

    def reset(self, why: str = "idle") -> None:
        """Back to the attract screen with nothing of the last customer left; a pending
        content update is applied now, never in the middle of a customer."""
        if self._resetting:
            return
        self._resetting = True
        try:
            self.idle.pause()
            self.overlay.hide()
            if self.pad.isVisible():
                self.pad.cancel()
            if self.assistant is not None:
                # Even from the start screen: a customer who scrolled it (a small screen) left
                # it scrolled, and the next one found the question out of sight. (Showing the
                # screen again stops a fling and scrolls to the top: MainWindow._show.)
                self.assistant.restart()
            self._clipboard.clear()
            self._apply_pending()
            if self.assistant is not None:
                # After the update: a flow whose start screen changed id says so in the notice,
                # which is for the content author's window, never for the next customer.
                self.assistant.notice.hide()
                self._pages.setCurrentWidget(self.attract)
            logger.info("reset to the attract screen (%s)", why)
        finally:
            self._resetting = False
        # A file saved in the last seconds of the visit: applied as soon as it is read.
        self._check_for_update()
        self.reset_done.emit(why)

    def recover_from_error(self) -> None:
        """After an unexpected exception (already logged by the hook): start over."""
        try:
            self.reset("error")
        except Exception:  # even the reset failed: keep the window, never a traceback
            logger.exception("could not reset the kiosk after an error")

    # --- internals ------------------------------------------------------------------------------

    def _add_assistant(self, content: LoadedContent) -> None:
        assistant = MainWindow(
            content.flow,
            clipboard=self._clipboard,
            kiosk=True,
            region=self._config.region,
            parent=self._pages,
        )
        assistant.setWindowFlags(Qt.WindowType.Widget)  # a page, not a window of its own
        assistant.setMinimumSize(0, 0)
        assistant.set_content(content)
        assistant.screen_changed.connect(self._on_screen_changed)
        self._pages.addWidget(assistant)
        self.assistant = assistant

    def _try_recovery(self) -> None:
        """In "Em manutenção": look again for usable flows, in the background. (The timer runs
        only with `recover` and no content, and stops once content is found.)"""
        assert self._recover is not None
        self._recovery_job.run(self._recover)

    def _on_recovery_checked(self, found: Found | None) -> None:
        """Usable flows found at last replace "Em manutenção" with the attract screen."""
        if found is None or self.assistant is not None:
            return
        content, updater = found
        try:
            self._add_assistant(content)
        except Exception:  # logged; the next change of a file gets another try
            logger.exception("could not leave maintenance")
            return
        self._recovery.stop()
        self._updater = updater
        if updater is not None:
            self._update_timer.start()
        self._pages.setCurrentWidget(self.attract)
        if not self.pad.isVisible():  # an open PIN pad keeps the keyboard (it gives it back)
            # Nothing on "Em manutenção" takes the keyboard, and a change of page moves the
            # focus only from the page that had it: without this, Enter/Space did not start
            # and a screen reader had nothing to read, unlike an attract screen shown at start.
            self.attract.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._on_content is not None:
            self._on_content(content)  # first: the log's stamp is the new content's
        logger.info("kiosk out of maintenance: flows %s from %s", content.stamp, content.path)

    def _end_start_guard(self) -> None:
        if self.assistant is not None:
            self.assistant.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)

    def _check_for_update(self, *, if_touched: bool = False) -> None:
        """Read the configured file in the background (nothing while the last read is out);
        `if_touched`: only if its size or times changed since it was last read."""
        if self._updater is not None and self.assistant is not None:
            poll = self._updater.poll_if_touched if if_touched else self._updater.poll
            self._update_job.run(poll)

    def _check_if_touched(self) -> None:
        self._check_for_update(if_touched=True)

    def _on_update_checked(self, new: LoadedContent | None) -> None:
        if new is None:
            return
        self._pending = new  # a newer one found during a customer replaces an older one
        if self.page != "assistant":  # nobody there: no reason to wait
            self._apply_pending()

    def _apply_pending(self) -> None:
        new, self._pending = self._pending, None
        if new is None or self.assistant is None:
            return
        self.assistant.set_content(new)
        logger.info("content updated to %s from %s", new.stamp, new.path)
        if self._on_content is not None:
            self._on_content(new)

    def _on_screen_changed(self, _screen_id: str) -> None:
        if self.assistant is None:
            return
        seconds = self._config.idle_seconds_for(self.assistant.session.current)
        self.idle.set_idle_ms(_ms(seconds))
        self.idle.note_activity()  # a key a shortcut consumed is input too

