"""The main window: one screen at a time, a header with the trail, Voltar and Recomeçar.

The window owns a `Session` and redraws when the session says the screen changed: it builds a
fresh body for the new screen in a QStackedWidget and deletes the previous one (deleteLater;
without it memory grows with every screen, see shared/FACTS.md). Every answer, Voltar,
Recomeçar, a trail chip or a number key is forwarded to the session; nothing here routes.

Keyboard: 1..9 choose an option, Enter/Space activate the focused button, Alt+Left goes back,
Ctrl+R or F5 restart, Page Up/Down scroll. After each change of screen, focus moves to the
screen's title, so a screen reader reads it out.
"""

from __future__ import annotations

import logging
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assistant import APP_NAME
from assistant.flows.model import Flow, Screen
from assistant.flows.session import Session
from assistant.resources import resource
from assistant.ui import theme
from assistant.ui.clipboard import Clipboard, SystemClipboard
from assistant.ui.header import HeaderView
from assistant.ui.result import ResultView, announce
from assistant.ui.screens import OptionsView, ScreenView

logger = logging.getLogger(__name__)

BACK = "← Voltar"
RESTART = "↺ Recomeçar"
APOLOGY = "Desculpe, algo deu errado. Voltamos para o início: escolha de novo o que você precisa."

DEFAULT_SIZE = (1024, 720)
MINIMUM_SIZE = (640, 480)


def app_icon() -> QIcon:
    """The app icon (a receipt with a check mark), drawn from resources/icons/app.svg."""
    return QIcon(str(resource("icons", "app.svg")))


def build_view(
    screen: Screen, flow: Flow, clipboard: Clipboard, parent: QWidget | None = None
) -> ScreenView:
    """The body widget for `screen`."""
    if screen.is_result:
        return ResultView(screen, flow, clipboard, parent)
    return OptionsView(screen, parent)


class MainWindow(QMainWindow):
    """The assistant's window over one `Session` of `flow`."""

    screen_changed = Signal(str)  # the id of the screen now shown

    def __init__(
        self, flow: Flow, *, clipboard: Clipboard | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self._session = Session(flow)
        self._clipboard: Clipboard = clipboard if clipboard is not None else SystemClipboard()
        self._view: ScreenView | None = None
        self._recovering = False

        central = QWidget(self)
        central.setObjectName("central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_app_bar(central))
        outer.addWidget(self._build_content(central), 1)
        outer.addWidget(self._build_nav_bar(central))
        self.setCentralWidget(central)
        self._install_shortcuts()
        self._apply_initial_size()

        self._session.subscribe(self._on_screen_changed)
        self._show(self._session.current)
        # A signal, not an event() override: that would put Python on every event's path.
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.fontChanged.connect(self._on_font_changed)

    # --- public API ---------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self._session

    @property
    def flow(self) -> Flow:
        return self._session.flow

    @property
    def clipboard(self) -> Clipboard:
        return self._clipboard

    @property
    def current_view(self) -> ScreenView:
        """The body widget of the screen on show."""
        assert self._view is not None
        return self._view

    @property
    def header(self) -> HeaderView:
        return self._header

    @property
    def notice(self) -> QLabel:
        """The banner that apologises after an unexpected error (hidden otherwise)."""
        return self._notice

    @property
    def back_button(self) -> QPushButton:
        return self._back

    @property
    def restart_button(self) -> QPushButton:
        return self._restart

    def ensure_visible(self, widget: QWidget) -> None:
        """Scroll the content so that `widget` (a descendant of it) is in view."""
        content = self._scroll.widget()
        if content is not None and content.isAncestorOf(widget):
            self._scroll.ensureWidgetVisible(widget, 0, theme.em(0.5))

    def choose(self, option_id: str) -> None:
        self._session.choose(option_id)

    def choose_number(self, number: int) -> None:
        """Choose the `number`-th option (1-based) of the current screen, if it has one."""
        ids = self.current_view.option_ids
        if 1 <= number <= len(ids):
            self._session.choose(ids[number - 1])

    def go_back(self) -> None:
        if self._session.can_go_back:
            self._session.back()

    def restart(self) -> None:
        self._session.restart()

    def go_to_step(self, index: int) -> None:
        self._session.go_to_step(index)

    def recover_from_error(self) -> None:
        """After an unexpected error: back to the start screen, with a short apology."""
        if self._recovering:
            return
        self._recovering = True
        try:
            self._session.restart()
        except Exception:  # the start screen itself failed: keep what is on screen
            logger.exception("could not return to the start screen")
        finally:
            self._recovering = False
        self._notice.setText(APOLOGY)
        self._notice.show()
        announce(self._notice, APOLOGY)

    # --- building -----------------------------------------------------------------------------

    def _build_app_bar(self, parent: QWidget) -> QWidget:
        bar = QWidget(parent)
        bar.setObjectName("app-bar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(bar)
        pad = theme.em(0.6)
        row.setContentsMargins(pad * 2, pad, pad * 2, pad)
        row.setSpacing(pad)
        icon = QLabel(bar)
        icon.setObjectName("app-icon")
        side = theme.em(1.8)
        icon.setPixmap(app_icon().pixmap(side, side))
        icon.setAccessibleName("Ícone do Assistente de Faturas")
        row.addWidget(icon)
        name = QLabel(APP_NAME, bar)
        name.setObjectName("app-name")
        theme.set_role(name, "app-name")
        row.addWidget(name, 1)
        return bar

    def _build_content(self, parent: QWidget) -> QScrollArea:
        scroll = QScrollArea(parent)
        scroll.setObjectName("content-scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll = scroll

        content = QWidget()
        content.setObjectName("content")
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        column = QWidget(content)
        column.setObjectName("column")
        column.setMaximumWidth(theme.em(52))
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        column.setSizePolicy(policy)
        row.addStretch(0)
        row.addWidget(column, 1)
        row.addStretch(0)

        layout = QVBoxLayout(column)
        margin = theme.em(1.4)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(theme.em(1.1))
        self._notice = QLabel(column)
        self._notice.setObjectName("notice")
        self._notice.setWordWrap(True)
        theme.set_role(self._notice, "body")
        self._notice.hide()
        layout.addWidget(self._notice)
        self._header = HeaderView(column)
        self._header.trail_chosen.connect(self.go_to_step)
        layout.addWidget(self._header)
        self._stack = QStackedWidget(column)
        self._stack.setObjectName("screens")
        layout.addWidget(self._stack)
        layout.addStretch(1)
        scroll.setWidget(content)
        return scroll

    def _build_nav_bar(self, parent: QWidget) -> QWidget:
        bar = QWidget(parent)
        bar.setObjectName("nav-bar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(bar)
        pad = theme.em(0.6)
        row.setContentsMargins(pad * 2, pad, pad * 2, pad)
        self._back = self._nav_button(BACK, "back", "Voltar", "Voltar (Alt+←)", bar)
        self._back.clicked.connect(self.go_back)
        self._restart = self._nav_button(
            RESTART, "restart", "Recomeçar", "Recomeçar do início (Ctrl+R ou F5)", bar
        )
        self._restart.clicked.connect(self.restart)
        row.addWidget(self._back)
        row.addStretch(1)
        row.addWidget(self._restart)
        return bar

    @staticmethod
    def _nav_button(
        text: str, name: str, accessible: str, tip: str, parent: QWidget
    ) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(tip)
        button.setAutoDefault(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        theme.set_role(button, "nav")
        return button

    def _install_shortcuts(self) -> None:
        def shortcut(sequence: QKeySequence, slot: object) -> None:
            item = QShortcut(sequence, self)
            item.setContext(Qt.ShortcutContext.WindowShortcut)
            item.activated.connect(slot)

        for number in range(1, 10):
            key = Qt.Key(Qt.Key.Key_0.value + number)
            choose = lambda n=number: self.choose_number(n)  # noqa: E731
            shortcut(QKeySequence(key), choose)
            shortcut(QKeySequence(Qt.KeyboardModifier.KeypadModifier | key), choose)
        shortcut(QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Left), self.go_back)
        shortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_R), self.restart)
        shortcut(QKeySequence(Qt.Key.Key_F5), self.restart)
        shortcut(QKeySequence(Qt.Key.Key_PageDown), lambda: self._scroll_page(1))
        shortcut(QKeySequence(Qt.Key.Key_PageUp), lambda: self._scroll_page(-1))

    def _scroll_page(self, direction: int) -> None:
        bar = self._scroll.verticalScrollBar()
        bar.setValue(bar.value() + direction * bar.pageStep())

    def _apply_initial_size(self) -> None:
        screen = self.screen()
        available = screen.availableGeometry().size() if screen is not None else None
        width, height = DEFAULT_SIZE
        min_width, min_height = MINIMUM_SIZE
        if available is not None and available.width() > 0:
            width = min(width, int(available.width() * 0.95))
            height = min(height, int(available.height() * 0.95))
            min_width = min(min_width, available.width())
            min_height = min(min_height, available.height())
        self.setMinimumSize(min_width, min_height)
        self.resize(max(width, min_width), max(height, min_height))

    # --- showing a screen ---------------------------------------------------------------------

    def _on_screen_changed(self, screen: Screen) -> None:
        self._notice.hide()
        self._show(screen)

    def _show(self, screen: Screen) -> None:
        old = self._view
        view = build_view(screen, self.flow, self._clipboard, self._stack)
        view.option_chosen.connect(self.choose)
        self._stack.addWidget(view)
        self._stack.setCurrentWidget(view)
        self._view = view
        if old is not None:
            # The click that got us here may come from a button of `old`: delete it later.
            self._stack.removeWidget(old)
            old.deleteLater()
        self._header.show_screen(screen.title, self._session.trail)
        self._back.setEnabled(self._session.can_go_back)
        self._set_tab_order()
        self._scroll.verticalScrollBar().setValue(0)
        self.setWindowTitle(f"{screen.title} — {APP_NAME}")
        self._header.title_label.setFocus(Qt.FocusReason.OtherFocusReason)
        logger.debug("showing %s", screen.id)
        self.screen_changed.emit(screen.id)

    def _set_tab_order(self) -> None:
        """Tab follows the eye: trail, title, the screen's buttons, Voltar, Recomeçar."""
        chain: list[QWidget] = [
            *self._header.trail_buttons,
            self._header.title_label,
            *self.current_view.focus_widgets(),
            self._back,
            self._restart,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_font_changed(self, _font: QFont) -> None:
        """The system font changed (a user setting): every role font is a factor of it, so
        refresh the fixed parts and rebuild the screen."""
        theme.forget_fonts()
        for widget in self.findChildren(QWidget):
            role = widget.property("role")
            if role in theme.ROLE_SCALES:
                widget.setFont(theme.role_font(role))
        self._show(self._session.current)

