"""Lock-down: full screen without a frame, close refused until the admin exit, no context menus,
tooltips, text selection or links, the cursor hidden."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from assistant.ui.kiosk.lockdown import KioskLock, lock_down, sanitize

from .support import tap


class MenuButton(QPushButton):
    """A button that would show a context menu: records each request."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__("Copiar número", parent)
        self.menus: list[QPoint] = []

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menus.append(event.pos())


def context_menu_event(pos: QPoint) -> QContextMenuEvent:
    return QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, pos)


def test_the_window_is_full_screen_frameless_and_on_top(window: QWidget, lock: KioskLock) -> None:
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert window.isFullScreen()
    screen = window.screen().geometry()
    assert window.geometry() == screen
    assert window.frameGeometry() == screen


def test_close_is_refused_until_allowed(window: QWidget, lock: KioskLock, qtbot: QtBot) -> None:
    refusals: list[bool] = []
    lock.close_guard.refused.connect(lambda: refusals.append(True))
    assert not window.close()
    handle = window.windowHandle()
    assert handle is not None
    assert not handle.close()  # the window manager's close (its button, Alt+F4) comes this way
    QApplication.closeAllWindows()
    assert window.isVisible()
    assert len(refusals) == 3
    lock.allow_close()
    assert window.close()
    assert not window.isVisible()


def test_leaving_full_screen_is_undone(window: QWidget, lock: KioskLock, qtbot: QtBot) -> None:
    window.showMinimized()
    qtbot.waitUntil(lambda: window.isFullScreen() and not window.isMinimized())
    window.showNormal()
    qtbot.waitUntil(window.isFullScreen)


def test_context_menus_never_show(window: QWidget, lock: KioskLock, qtbot: QtBot) -> None:
    button = MenuButton(window)
    button.setGeometry(100, 100, 200, 80)
    button.show()
    late = MenuButton(window)  # created after the lock
    late.setGeometry(400, 100, 200, 80)
    late.show()
    qtbot.waitUntil(late.isVisible)
    tap(window, QPoint(150, 130), Qt.MouseButton.RightButton)  # a real right click
    tap(window, QPoint(450, 130), Qt.MouseButton.RightButton)
    for target in (button, late):  # a context menu event sent straight to the widgets
        QApplication.sendEvent(target, context_menu_event(QPoint(5, 5)))
    assert button.menus == []
    assert late.menus == []
    assert late.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_the_control_right_click_does_reach_an_unlocked_widget(
    window: QWidget, qtbot: QtBot
) -> None:
    button = MenuButton(window)
    button.setGeometry(100, 100, 200, 80)
    button.show()
    tap(window, QPoint(150, 130), Qt.MouseButton.RightButton)
    assert button.menus == [QPoint(50, 30)]


def test_tooltips_and_whats_this_are_eaten(window: QWidget, lock: KioskLock) -> None:
    button = QPushButton("Voltar", window)
    button.setToolTip("Voltar (Alt+←)")
    button.show()
    for kind in (QEvent.Type.ToolTip, QEvent.Type.WhatsThis):
        event = QEvent(kind)
        assert QApplication.sendEvent(button, event)  # eaten: handled, by nobody


def test_labels_lose_text_selection_and_links(window: QWidget, qtbot: QtBot) -> None:
    before = QLabel('<a href="https://www.claro.com.br">site</a>', window)
    before.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    before.setOpenExternalLinks(True)
    kiosk_lock = lock_down(window, hide_cursor=False, exit_app=lambda code: None)
    try:
        after = QLabel("Passo 1", window)
        after.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        after.show()  # polished now: the guard sees it
        qtbot.waitUntil(after.isVisible)
        for label in (before, after):
            assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
            assert not label.openExternalLinks()
    finally:
        kiosk_lock.release()


def test_sanitize_does_a_built_screen(window: QWidget) -> None:
    label = QLabel("Texto", window)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    sanitize(window)
    assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    assert window.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_links_do_not_open_a_browser(lock: KioskLock) -> None:
    # Handled (by the kiosk, which refuses): nothing reaches the system's browser.
    assert QDesktopServices.openUrl(QUrl("https://www.claro.com.br"))
    assert QDesktopServices.openUrl(QUrl("file:///etc/passwd"))


def test_the_cursor_is_hidden_and_comes_back(window: QWidget, qtbot: QtBot) -> None:
    assert QGuiApplication.overrideCursor() is None
    kiosk_lock = lock_down(window, hide_cursor=True, exit_app=lambda code: None)
    cursor = QGuiApplication.overrideCursor()
    assert cursor is not None
    assert cursor.shape() == Qt.CursorShape.BlankCursor
    kiosk_lock.release()
    assert QGuiApplication.overrideCursor() is None


def test_the_admin_exit_releases_closes_and_exits_with_0(
    window: QWidget, lock: KioskLock, exit_codes: list[int]
) -> None:
    lock.exit()
    assert exit_codes == [0]
    assert lock.released
    assert not window.isVisible()
    assert QGuiApplication.overrideCursor() is None


def test_release_lets_everything_through_again(window: QWidget, lock: KioskLock) -> None:
    lock.release()
    button = MenuButton(window)
    QApplication.sendEvent(button, context_menu_event(QPoint(1, 1)))
    assert button.menus == [QPoint(1, 1)]
    assert window.close()
