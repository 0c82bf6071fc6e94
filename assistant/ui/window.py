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
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assistant import APP_NAME
from assistant.flows.model import Flow, Screen
from assistant.flows.session import Session
from assistant.resources import icon_files
from assistant.ui import theme
from assistant.ui.accessibility import install_accessible_roles
from assistant.ui.ahead import BuiltAhead
from assistant.ui.clipboard import Clipboard, SystemClipboard
from assistant.ui.first_paint import AfterFirstPaint
from assistant.ui.header import HeaderView
from assistant.ui.screens import OptionsView, ScreenView, announce
from assistant.ui.widgets import SingleClickButton, hide_out_of_sight, size_on_screen

if TYPE_CHECKING:  # the loader (and PyYAML) is not needed at start when the flow is cached
    from collections.abc import Callable

    from PySide6.QtGui import QResizeEvent
    from PySide6.QtWidgets import QScroller

    from assistant.content.loaded import LoadedContent
    from assistant.ui.about import AboutDialog, ContentStampLabel
    from assistant.ui.banner import ProblemsBanner

logger = logging.getLogger(__name__)

BACK = "← Voltar"
RESTART = "↺ Recomeçar"
APOLOGY = "Desculpe, algo deu errado. Voltamos ao início: escolha de novo o assunto."
ABOUT = "Sobre"
SCREEN_GONE = (
    "O arquivo de telas mudou e a tela “{title}” ({id}) não existe mais nele: "
    "voltamos para o início."
)

DEFAULT_SIZE = (1024, 720)
# A window shorter than this many lines of the system font (under 672 px at the usual 14 px:
# a 1366x768 laptop at 125 %, a 1024x600 netbook) keeps less air around the page and in its bars.
COMPACT_BELOW_EMS = 48
MINIMUM_SIZE = (640, 480)


def app_icon() -> QIcon:
    """The app icon (a receipt with a check mark): resources/icons/app.svg, or in a bundle the
    PNGs rendered from it at build time (see `resources.icon_files`)."""
    icon = QIcon()
    for path in icon_files("app"):
        icon.addFile(str(path))
    return icon


def build_view(
    screen: Screen,
    flow: Flow,
    clipboard: Clipboard,
    parent: QWidget | None = None,
    *,
    kiosk: bool = False,
) -> ScreenView:
    """The body widget for `screen` (`kiosk`: the result page for a store's touch screen)."""
    if screen.is_result:
        # Imported on the first result page: the first screen is on show sooner.
        from assistant.ui.result import ResultView

        return ResultView(screen, flow, clipboard, parent, kiosk=kiosk)
    return OptionsView(screen, parent)


class _PageScrollArea(QScrollArea):
    """The page's scroll area, which reports each new size of its viewport (delivered to the
    area's resizeEvent, not to the viewport's): its height decides the options' columns. An
    event filter on the viewport would put Python on each of its paint events too."""

    def __init__(self, parent: QWidget, on_resize: Callable[[], None]) -> None:
        super().__init__(parent)
        self._on_resize = on_resize

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._on_resize()


class MainWindow(QMainWindow):
    """The assistant's window over one `Session` of `flow`."""

    screen_changed = Signal(str)  # the id of the screen now shown

    def __init__(
        self,
        flow: Flow,
        *,
        clipboard: Clipboard | None = None,
        kiosk: bool = False,
        region: str | None = None,
        author: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """`kiosk`: the store's touch-screen variant of the pages (see KioskWindow, which
        embeds this window), with no dialogs; `region`: the store's region, so its question is
        not asked; `author`: the content author's tools (Ctrl+K opens any screen)."""
        super().__init__(parent)
        install_accessible_roles()  # before the first heading (see assistant.ui.accessibility)
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self._kiosk = kiosk
        self._author = author
        self._region = region
        self._content: LoadedContent | None = None
        self._palette: QWidget | None = None
        self._banner: ProblemsBanner | None = None
        self._about: QPushButton | None = None
        self._about_dialog: AboutDialog | None = None  # while it is open
        self._stamp: ContentStampLabel | None = None
        self._session = Session(flow, region=region)
        self._clipboard: Clipboard = clipboard if clipboard is not None else SystemClipboard()
        self._view: ScreenView | None = None
        self._scroller: QScroller | None = None  # the page's touch scrolling, once on show
        self._compact = False  # a short window: less air around the page (_apply_metrics)
        self._recovering = False
        self._ahead: BuiltAhead[Screen, ScreenView] = BuiltAhead(
            self._build_ahead, QWidget.deleteLater, self
        )
        # Nothing is built ahead before the window is first on screen: not a start-up cost.
        self._painted = False
        AfterFirstPaint(self, self._on_first_paint)

        central = QWidget(self)
        central.setObjectName("central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_app_bar(central))
        outer.addWidget(self._build_content(central), 1)
        outer.addWidget(self._build_nav_bar(central))
        self.setCentralWidget(central)
        self._apply_metrics()
        self._install_shortcuts()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._keep_focus_in_sight)
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

    @property
    def views_ahead(self) -> tuple[ScreenView, ...]:
        """Hidden views of the screens one action away, built while the app is idle (see
        assistant.ui.ahead); none of them is on show."""
        return self._ahead.ready

    @property
    def building_ahead(self) -> bool:
        """Whether the event loop still has widgets of the next screens to build."""
        return self._ahead.busy or self._header.building_ahead

    def finish_building_ahead(self) -> None:
        """Build now what the event loop would build ahead while idle: what a customer's pause
        to read gives the app (the pilot does this between two actions)."""
        self._ahead.finish()
        self._header.finish_building_ahead()

    def ensure_visible(self, widget: QWidget) -> None:
        """Scroll the content so that `widget` (a descendant of it) is in view."""
        content = self._scroll.widget()
        if content is not None and content.isAncestorOf(widget):
            self._scroll.ensureWidgetVisible(widget, 0, theme.em(0.5))

    def _keep_focus_in_sight(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Tab from the bars (Sobre, Recomeçar) into the page gave the focus to a trail chip
        # scrolled out of sight: the scroll area brings its children into view only when it
        # moves the focus itself. Not the title, which gets the focus at each change of
        # screen: the page is scrolled to its top then anyway, and clicks stay cheap.
        if new is not None and new is not self._header.title_label:
            self.ensure_visible(new)

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
        self._show_notice(APOLOGY)

    def _show_notice(self, text: str) -> None:
        self._notice.setText(text)
        self._notice.show()
        announce(self._notice, text)
        if self.isVisible():
            self._fit_columns(lay_out=True)  # the page is taller by the notice now

    # --- content ------------------------------------------------------------------------------

    @property
    def content(self) -> LoadedContent | None:
        """What is known of the content on show (stamp, source, path); None until told."""
        return self._content

    @property
    def stamp_label(self) -> ContentStampLabel:
        """The content stamp in the footer, made when first needed (after the first paint:
        run_gui tells the window its content then)."""
        if self._stamp is None:
            from assistant.ui.about import ContentStampLabel

            bar = self._nav_row.parentWidget()
            self._stamp = ContentStampLabel(parent=bar)
            self._stamp.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # On a narrow window it wraps: on one line it squeezed "Voltar" and "Recomeçar"
            # until their text was cut. It takes the whole middle of the bar (the stretches
            # around it give way), or a wrapping label settles for a narrow column of lines.
            self._stamp.setWordWrap(True)
            self._nav_row.insertWidget(2, self._stamp, 1)
            self._nav_row.setStretch(1, 0)
            self._nav_row.setStretch(3, 0)
        return self._stamp

    def set_content(self, content: LoadedContent) -> str | None:
        """Show `content`: its stamp in the footer and, when its flow is another one, that flow
        from the same screen if it still exists (else from the start). Returns the notice
        shown when the customer's screen is gone, else None."""
        self._content = content
        self.stamp_label.set_stamp(content.stamp)
        self.stamp_label.show()
        if self._about_dialog is not None:  # an author's reload while it is open
            self._about_dialog.set_content(content)
        if self._palette is not None:
            self._palette.set_flow(content.flow)  # type: ignore[attr-defined]
        if content.flow is self.flow or content.flow == self.flow:
            return None
        return self.replace_flow(content.flow)

    def replace_flow(self, flow: Flow) -> str | None:
        """Go on with `flow`: the same answers where they still lead to the same screen, else
        that screen alone, else the start with a notice (returned) saying why."""
        old = self._session
        current = old.current
        session = old.continued_in(flow)
        notice = None
        if session.current.id != current.id:  # the screen is gone: the start
            notice = SCREEN_GONE.format(title=current.title, id=current.id)
        old.unsubscribe(self._on_screen_changed)
        self._ahead.clear()  # the same screen may show other contacts in another flow
        self._session = session
        session.subscribe(self._on_screen_changed)
        self._notice.hide()  # what it said was about the content before
        self._show(session.current)
        if notice is not None:
            self._show_notice(notice)
        logger.info("content replaced; now on %s", session.current.id)
        return notice

    def show_problems(self, lines: list[str], file_name: str = "flows.yaml") -> None:
        """The author's banner: the new file's problems; the window keeps the old content."""
        from assistant.ui.banner import ProblemsBanner

        if self._banner is None:
            central = self.centralWidget()
            assert central is not None
            self._banner = ProblemsBanner(central)
            theme.set_layer(self._banner, "author")
            layout = central.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.insertWidget(1, self._banner)
        self._banner.show_problems(lines, file_name)
        self._set_tab_order()  # the banner sits above the page: Tab reaches it first

    def clear_problems(self) -> None:
        if self._banner is not None:
            self._banner.clear()

    @property
    def problems_banner(self) -> QWidget | None:
        return self._banner

    def open_palette(self) -> None:
        """Authors: a list of every screen (Ctrl+K); choosing one shows it."""
        from assistant.ui.palette import ScreenPalette

        if self._palette is None:
            palette = ScreenPalette(self.flow, self)
            theme.set_layer(palette, "author")
            palette.screen_chosen.connect(self.jump_to)
            palette.finished.connect(self._take_keyboard_back)
            self._palette = palette
        self._palette.popup()  # type: ignore[attr-defined]

    @property
    def screen_palette(self) -> QWidget | None:
        return self._palette

    def jump_to(self, screen_id: str) -> None:
        self._session.jump_to(screen_id)

    def open_about(self) -> None:
        from assistant.ui.about import AboutDialog

        dialog = AboutDialog(self._content, self, clipboard=self._clipboard)
        theme.set_layer(dialog, "author")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._take_keyboard_back)
        dialog.finished.connect(self._forget_about_dialog)
        self._about_dialog = dialog
        dialog.open()

    def _forget_about_dialog(self) -> None:
        self._about_dialog = None  # closed: it deletes itself

    def _take_keyboard_back(self) -> None:
        """A dialog closed: the window takes the keyboard again (1..9, Alt+Left). A window
        manager usually does it; without one, or on the offscreen platform, no window would be
        active and every key would go nowhere."""
        self.activateWindow()

    # --- building -----------------------------------------------------------------------------

    def _build_app_bar(self, parent: QWidget) -> QWidget:
        bar = QWidget(parent)
        bar.setObjectName("app-bar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = self._app_bar_row = QHBoxLayout(bar)
        icon = self._app_icon = QLabel(bar)
        icon.setObjectName("app-icon")
        icon.setAccessibleName("Ícone do Assistente de Faturas")
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        name = QLabel(APP_NAME, bar)
        name.setObjectName("app-name")
        name.setWordWrap(True)  # two lines in a narrow window with a big font, never cut
        theme.set_role(name, "app-name")
        row.addWidget(name, 1)
        if not self._kiosk:  # a kiosk opens no dialog
            about = self._nav_button(ABOUT, "about", "Sobre o aplicativo", "Sobre (F1)", bar)
            self._about = about
            about.setProperty("kind", "app-bar")
            about.clicked.connect(self.open_about)
            row.addWidget(about)
        return bar

    def _build_content(self, parent: QWidget) -> QScrollArea:
        scroll = _PageScrollArea(parent, partial(self._fit_columns, lay_out=True))
        scroll.setObjectName("content-scroll")
        # A viewport of our own, so Python holds it from the start: the first Python handle on
        # the one Qt makes (a plain QWidget) makes PySide create every QtWidgets class to look
        # for a subclass, about a tenth of the start-up.
        self._viewport = QWidget()
        scroll.setViewport(self._viewport)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A bar of our own, named before it is first styled: flat, see base.qss.
        self._page_bar = QScrollBar(Qt.Orientation.Vertical)
        self._page_bar.setObjectName("page-scroll-bar")
        scroll.setVerticalScrollBar(self._page_bar)
        if not self._kiosk:  # a kiosk's pages are made to fit (and its bar is no touch target)
            # Always there, disabled (and unseen, see base.qss) while there is nothing to
            # scroll: the page keeps its width when the next one needs scrolling. Otherwise
            # every such change of screen moved the column and repainted the whole page.
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            self._page_bar.rangeChanged.connect(
                lambda low, high: self._page_bar.setEnabled(high > low)
            )
        # On a touch screen the page scrolls with a finger's drag; the scroll bar stays the
        # platform's (mouse-sized) one. A kiosk's pages are made to fit its screen, but a
        # smaller screen or a longer flows file can still overflow them: a finger reaches the
        # rest. Grabbed once the window is on show (no finger can touch it before): QScroller
        # is not needed for the first frame.
        AfterFirstPaint(self, self._grab_touch_scrolling)
        self._scroll = scroll

        content = QWidget()
        content.setObjectName("content")
        self._page_content = content
        row = QHBoxLayout(content)
        self._content_layout = row
        row.setContentsMargins(0, 0, 0, 0)
        column = QWidget(content)
        column.setObjectName("column")
        # Neither paints anything of its own: when one grows, only the new part needs a
        # paint, not every chip and label that stayed where it was.
        column.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        content.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._column = column
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        column.setSizePolicy(policy)
        row.addStretch(0)
        row.addWidget(column, 1)
        row.addStretch(0)

        layout = QVBoxLayout(column)
        self._column_layout = layout
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
        self._back = self._nav_button(BACK, "back", "Voltar", "Voltar (Alt+←)", bar)
        self._back.clicked.connect(self.go_back)
        self._restart = self._nav_button(
            RESTART, "restart", "Recomeçar", "Recomeçar (Ctrl+R ou F5)", bar
        )
        self._restart.clicked.connect(self.restart)
        row.addWidget(self._back)
        row.addStretch(1)
        row.addStretch(1)  # the content stamp goes between the two (see stamp_label)
        row.addWidget(self._restart)
        self._nav_row = row
        return bar

    def _apply_metrics(self) -> None:
        """The sizes of the window's fixed parts, each a factor of the system font's line height
        (theme.em): set once built, again when the system font changes, and when the window
        becomes short or tall (`_compact`)."""
        compact = self._compact
        pad = theme.em(0.25 if compact else 0.6)
        for row in (self._app_bar_row, self._nav_row):
            row.setContentsMargins(theme.em(1.2), pad, theme.em(1.2), pad)
        self._app_bar_row.setSpacing(theme.em(0.6))
        side = theme.em(1.8)
        self._app_icon.setPixmap(app_icon().pixmap(side, side))
        self._column.setMaximumWidth(theme.em(52))
        # A kiosk's screen must fit without scrolling at 1280x800, and a short window should
        # show as much of the answer as it can: less air around the page.
        margin = theme.em(0.8 if self._kiosk or compact else 1.4)
        # Little below the page: it is only air above the nav bar's edge, and a page a few
        # pixels too tall for the window got a scroll bar for it.
        bottom = theme.em(0.4) if not self._kiosk else margin
        self._column_layout.setContentsMargins(margin, margin, margin, bottom)
        self._column_layout.setSpacing(theme.em(0.7 if self._kiosk or compact else 1.1))
        self._header.apply_metrics()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        compact = not self._kiosk and event.size().height() < theme.em(COMPACT_BELOW_EMS)
        if compact != self._compact:
            self._compact = compact
            self._apply_metrics()

    @staticmethod
    def _nav_button(
        text: str, name: str, accessible: str, tip: str, parent: QWidget
    ) -> QPushButton:
        button = SingleClickButton(text, parent)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setToolTip(tip)
        button.setAutoDefault(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        theme.set_role(button, "nav")
        return button

    def _install_shortcuts(self) -> None:
        def shortcut(sequence: QKeySequence, slot: object, *, repeat: bool = False) -> None:
            item = QShortcut(sequence, self)
            item.setContext(Qt.ShortcutContext.WindowShortcut)
            # A key held a moment repeats: "1" went on answering the next screens' first
            # options, which nobody chose, and Alt+Left back to the start. Only scrolling
            # repeats.
            item.setAutoRepeat(repeat)
            item.activated.connect(slot)

        for number in range(1, 10):
            key = Qt.Key(Qt.Key.Key_0.value + number)
            choose = lambda n=number: self.choose_number(n)  # noqa: E731
            shortcut(QKeySequence(key), choose)
            shortcut(QKeySequence(Qt.KeyboardModifier.KeypadModifier | key), choose)
        shortcut(QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Left), self.go_back)
        shortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_R), self.restart)
        shortcut(QKeySequence(Qt.Key.Key_F5), self.restart)
        if not self._kiosk:
            shortcut(QKeySequence(Qt.Key.Key_F1), self.open_about)
        if self._author:
            ctrl_k = QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_K)
            shortcut(ctrl_k, self.open_palette)
        shortcut(QKeySequence(Qt.Key.Key_PageDown), lambda: self._scroll_page(1), repeat=True)
        shortcut(QKeySequence(Qt.Key.Key_PageUp), lambda: self._scroll_page(-1), repeat=True)

    def _grab_touch_scrolling(self) -> None:
        from PySide6.QtWidgets import QScroller, QScrollerProperties  # after the first paint

        # The page follows the left button Qt makes of a finger (and the mouse's). Qt holds
        # the press back for MousePressEventDelay, then hands it to the button under the
        # pointer; once a drag becomes a scroll, it sends that button a release far away: a
        # swipe that starts on an answer scrolls and chooses nothing. (With TouchGesture a
        # swipe from a button did not scroll at all, and the finger's release chose the
        # answer: on a 2-in-1 laptop the page only scrolled from its margins.)
        QScroller.grabGesture(self._viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self._scroller = QScroller.scroller(self._viewport)
        if not self._kiosk:
            # A kiosk holds each press back a quarter of a second (Qt's default), so that a
            # swipe never shows an answer pressed. A desktop's press waits one millisecond:
            # the pressed look does not lag, and a click is not held up (a release that comes
            # first delivers the press and itself at once). Not 0: with no delay Qt lets the
            # press through on its own and forgets where it went, so a drag that became a
            # scroll never released that button, left pressed (and :pressed) under the page.
            properties = self._scroller.scrollerProperties()
            metric = QScrollerProperties.ScrollMetric.MousePressEventDelay
            properties.setScrollMetric(metric, 0.001)
            self._scroller.setScrollerProperties(properties)

    def _scroll_page(self, direction: int) -> None:
        bar = self._page_bar
        bar.setValue(bar.value() + direction * bar.pageStep())

    def _apply_initial_size(self) -> None:
        minimum = size_on_screen(self, *MINIMUM_SIZE, share=1.0)
        self.setMinimumSize(minimum)
        self.resize(size_on_screen(self, *DEFAULT_SIZE).expandedTo(minimum))

    # --- showing a screen ---------------------------------------------------------------------

    def _on_screen_changed(self, screen: Screen) -> None:
        self._notice.hide()
        self._show(screen)

    def _new_view(self, screen: Screen) -> ScreenView:
        view = build_view(screen, self.flow, self._clipboard, self._stack, kiosk=self._kiosk)
        view.option_chosen.connect(self.choose)
        return view

    def _build_ahead(self, screen: Screen) -> ScreenView:
        """A hidden view of `screen`, polished, laid out at the width of the page on show and
        painted once off screen, so that showing it costs little more than painting it."""
        view = self._new_view(screen)
        hide_out_of_sight(view)  # explicitly: never shown along with its parent, only by the stack
        view.ensurePolished()
        width = self._stack.width()
        if isinstance(view, OptionsView) and view.has_columns:
            # A guess (_fit_columns corrects it once on show): the page around the view as it
            # is now (trail, title, margins), the options in one column.
            around = self._page_content.height() - self._stack.height()
            view.set_columns(self._columns_for(view, width, around + view.heightForWidth(width)))
        height = view.heightForWidth(width)
        view.resize(width, height if height > 0 else view.sizeHint().height())
        layout = view.layout()
        if layout is not None:
            layout.activate()
        # The first paint of a widget works out the stylesheet's drawing rules for it (and a
        # QR code draws its picture): done here, the paint after the click finds them ready.
        from PySide6.QtGui import QImage  # not a start-up cost: nothing is built ahead then

        view.render(QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied))
        return view

    def _show(self, screen: Screen) -> None:
        # The page, the trail and the title all change: lay the column out once, at the end,
        # rather than once for every widget shown (QWidget.show lays out every ancestor whose
        # layout is out of date, up to the window: the page's content and column included).
        frozen = (self._content_layout, self._column_layout)
        for layout in frozen:
            layout.setEnabled(False)
        try:
            self._swap_in(screen)
        finally:
            for layout in frozen:
                layout.setEnabled(True)
            self._column_layout.invalidate()
            if self.isVisible():  # else showing the window lays it out, at its real size
                self._fit_content()
                self._fit_columns()
        self._back.setEnabled(self._session.can_go_back)
        self._set_tab_order()
        if self._scroller is not None:
            self._scroller.stop()  # a fling still going would scroll the new page down
        self._page_bar.setValue(0)
        self.setWindowTitle(f"{screen.title} — {APP_NAME}")
        logger.debug("showing %s", screen.id)
        if self._painted:
            self._plan_ahead()
        self.screen_changed.emit(screen.id)

    def _fit_content(self) -> None:
        """Give the page's content its new size and lay it out, now and once.

        The scroll area resizes its content only when the content's layout asks it to, from
        the event loop; after the layouts were held in `_show`, that request did not always
        come, and the content kept the height of the previous, taller page (seen on a real X
        server at QT_SCALE_FACTOR=2: an empty stretch below the buttons). Laid out in the old
        column, a taller page would also be squeezed first and laid out again at its full
        height. So the content gets here what the scroll area would give it: the viewport's
        width, and the page's height or the viewport's, whichever is taller.
        """
        content = self._page_content
        viewport = self._viewport.size()
        # Each layout keeps the height for a width of the widget in it until that widget
        # hears of its change from the event loop (the stack of its new page or of the page's
        # new columns, the column of the stack's). Measured before that, the page kept the
        # height of the one before, with empty space below it (a real X server at
        # QT_SCALE_FACTOR=2), and a notice shown next (the apology, over a start screen built
        # ahead in two columns) left one column, its last option under the fold.
        self._stack.updateGeometry()
        self._column.updateGeometry()
        height = max(viewport.height(), content.heightForWidth(viewport.width()))
        content.resize(viewport.width(), height)
        self._content_layout.activate()
        self._column_layout.activate()

    def _fit_columns(self, *, lay_out: bool = False) -> None:
        """Options in two columns when in one the page would need scrolling: on a 1024x600
        screen, or a 1366x768 laptop at 125 %, the start's sixth option was below the fold.
        `lay_out`: the page is not laid out at the viewport's size yet (it is resizing)."""
        view = self._view
        if not isinstance(view, OptionsView) or not view.has_columns:
            return
        if lay_out:
            self._fit_content()
        width = self._stack.width()
        page = self._page_content.heightForWidth(self._viewport.width())
        one_column = page - view.list_height(view.columns, width) + view.list_height(1, width)
        wanted = self._columns_for(view, width, one_column)
        if wanted != view.columns:
            view.set_columns(wanted)
            self._fit_content()

    def _columns_for(self, view: OptionsView, width: int, one_column_page: int) -> int:
        """2 when the page, with the options in one column, would not fit the viewport's
        height and two columns of them fit `width`; else 1."""
        fits = one_column_page <= self._viewport.height()
        return 1 if fits or not view.can_use_columns(width) else 2

    def _on_first_paint(self) -> None:
        self._painted = True
        self._plan_ahead()

    def _plan_ahead(self) -> None:
        """Have the next screens and trail chips built while the customer reads this one."""
        session = self._session
        self._ahead.plan(session.ahead())
        options = [option.label for option, _ in session.outcomes()]
        self._header.plan_ahead(len(session.trail), session.current.title, options)

    def _swap_in(self, screen: Screen) -> None:
        """Put the view of `screen` on show (built ahead, or now) and the trail that led there."""
        # A kiosk's result page needs its height for the steps and the QR code: no trail there
        # (Voltar still goes back; the chips would be 64 px targets taking two rows).
        trail = () if self._kiosk and screen.is_result else self._session.trail
        self._header.show_screen(screen.title, trail)
        # Focus to the new title before the old page goes: focus left on a hidden page would
        # wander to the next button (Voltar) and back, repainting both on every click. A screen
        # reader reads the title when it gets the focus; when it has it already (the keys 1..9,
        # Alt+Left), no focus event comes, so the new title is announced instead.
        title = self._header.title_label
        if title.hasFocus():
            announce(title, screen.title)
        else:
            title.setFocus(Qt.FocusReason.OtherFocusReason)
        old = self._view
        if old is not None:
            # Out of the stack first, so that nothing below lays it out again. The click that
            # got us here may come from one of its buttons: it is deleted later, not now.
            self._stack.removeWidget(old)
            old.deleteLater()
        view = self._ahead.take(screen)
        if view is None:
            view = self._new_view(screen)
        elif view.width() == self._stack.width():
            # Laid out ahead at this width: the stack takes its height now. Otherwise the stack
            # would squeeze it into the old page's height, and the column would stretch it
            # back: two layouts of every widget on the page.
            self._stack.resize(view.size())
        self._stack.addWidget(view)
        self._stack.setCurrentWidget(view)
        self._view = view

    def _set_tab_order(self) -> None:
        """Tab follows the eye: Sobre, the author's problems banner when shown, trail, title,
        the screen's buttons, Voltar, Recomeçar."""
        banner = self._banner
        chain: list[QWidget] = [
            *([self._about] if self._about is not None else []),
            *(banner.focus_widgets() if banner is not None and not banner.isHidden() else ()),
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
        self._ahead.clear()  # built with the old fonts
        self._header.forget_chips()
        for widget in self.findChildren(QWidget):
            role = widget.property("role")
            if role in theme.ROLE_SCALES:
                widget.setFont(theme.role_font(role))
        self._apply_metrics()
        self._show(self._session.current)

