"""`Pilot`: drive the real assistant window the way a customer does, from a pytest-qt test.

A pilot clicks the real buttons (QTest mouse events on widgets found by their stable
objectNames, see below), presses real keys, lets the event loop run after each action as it
would between two taps (painting, deleting replaced screens), waits with `qtbot.waitUntil` when
an outcome is not there yet (never sleeps) and reads back what the screen shows, so a test says
*what* a customer does and sees, not how the widgets are built:

    def test_negotiate_in_the_app(pilot):
        pilot.walk("negociar", "sim", "app")
        assert pilot.result.menu_path == ("App Minha Claro", "Faturas", "Parcelar dívida")
        assert pilot.copy_steps().startswith("Negocie pelo App Minha Claro")

Options are chosen by id (or, when no id matches, by their visible label); tests should branch
on ids, never on label text.

What a customer could not do raises `PilotError`: an option the screen does not offer, a click
on a disabled or covered button or behind a modal dialog (`NotClickableError`), a click the
window does not answer within the timeout (`NoOutcomeError`). The methods that raise it hide
their own frames from pytest (`__tracebackhide__`), so a failing test shows its own line.

objectNames the pilot relies on (stable; QA may use them too):
    option-<option id>        an answer on a question or choice screen
    back, restart             "Voltar" and "Recomeçar"
    trail-<index>             an earlier answer in the header (0 = first answer)
    screen-title              the title of the screen on show
    screen-<screen id>        the body of the screen on show
    menu-item-<index>         a menu path item on a result page (0 = the channel)
    step-<n>, note-<n>        numbered steps and notes (1-based, as shown)
    contact-label-<id>, contact-number-<id>, copy-number-<id>, copied-<id>, qr-<id>
    copy-steps, steps-copied  "Copiar passos" and its confirmation
    notice                    the apology shown after an unexpected error
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget

from assistant.flows.model import Flow
from assistant.ui.clipboard import Clipboard
from assistant.ui.screens import ScreenView
from assistant.ui.widgets import WrapButton
from assistant.ui.window import DEFAULT_SIZE, MainWindow

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from assistant.flows.session import Session

W = TypeVar("W", bound=QWidget)

DEFAULT_TIMEOUT_MS = 3000


class PilotError(AssertionError):
    """The pilot was asked for something the screen does not offer, or that a customer could
    not do there."""


class NotClickableError(PilotError):
    """The button is on screen, but a customer could not click it: it is disabled, another
    widget covers it, or a modal dialog is open in front of the window."""

    def __init__(self, what: str, screen: str, reason: str) -> None:
        self.what = what  # e.g. "option 'sim'"
        self.screen = screen
        self.reason = reason  # e.g. "it is disabled"
        super().__init__(f"cannot click {what} on screen {screen!r}: {reason}")


class NoOutcomeError(PilotError):
    """The pilot clicked, and the window did not show the outcome within the timeout."""

    def __init__(self, what: str, screen: str, outcome: str, timeout: int) -> None:
        self.what = what  # e.g. "'Copiar número' of 'sudeste'"
        self.screen = screen  # the screen the click was made on
        self.outcome = outcome  # e.g. "'Número copiado'"
        self.timeout = timeout  # ms
        super().__init__(
            f"clicked {what} on screen {screen!r}, but {outcome} did not show within "
            f"{timeout} ms"
        )


@dataclass(frozen=True, slots=True)
class ResultPage:
    """What a result page shows, as text."""

    screen_id: str
    channel: str  # "app" | "site" | "whatsapp" | "info"
    title: str
    menu_path: tuple[str, ...]  # e.g. ("App Minha Claro", "Faturas", "Parcelar dívida")
    steps: tuple[str, ...]  # numbered steps, in order, without their numbers
    notes: tuple[str, ...]
    whatsapp: tuple[tuple[str, str], ...]  # (region label, number as shown)


class Pilot:
    """Drives one `MainWindow` through `qtbot`. Every action waits until the window shows its
    outcome, so the next line of the test can read it."""

    def __init__(self, window: MainWindow, qtbot: QtBot, *, timeout: int = DEFAULT_TIMEOUT_MS):
        self._window = window
        self._qtbot = qtbot
        self._timeout = timeout
        self._changes = 0
        self._session = window.session
        self._session_watchers: list[Callable[[Session], object]] = []
        window.screen_changed.connect(self._count_change)

    def _count_change(self, _screen_id: str) -> None:
        self._changes += 1
        self._follow_session()  # the window shows the first screen of a session it just took

    def watch_sessions(self, watcher: Callable[[Session], object]) -> None:
        """Call `watcher` with the window's session now, and again with each session the window
        takes later: `MainWindow.replace_flow` (a --watch reload, a kiosk content update) goes
        on in a new `Session`. Flow coverage records through this."""
        self._session_watchers.append(watcher)
        watcher(self._session)

    def _follow_session(self) -> None:
        """Tell the session watchers when the window's session is another one (cheap: one
        identity check, done on each change of screen and around each action)."""
        session = self._window.session
        if session is not self._session:
            self._session = session
            for watcher in self._session_watchers:
                watcher(session)

    @classmethod
    def start(
        cls,
        flow: Flow,
        qtbot: QtBot,
        *,
        clipboard: Clipboard | None = None,
        size: tuple[int, int] | None = DEFAULT_SIZE,
        timeout: int = DEFAULT_TIMEOUT_MS,
        author: bool = False,
        kiosk: bool = False,
        region: str | None = None,
    ) -> Pilot:
        """Open a window on `flow` at `size` (None: the size the app picks for the screen),
        shown and active, and return its pilot. `author`, `kiosk` and `region` are passed to
        the window (the content author's tools, the kiosk's pages, the store's region)."""
        window = MainWindow(flow, clipboard=clipboard, author=author, kiosk=kiosk, region=region)
        qtbot.addWidget(window)
        if size is not None:
            minimum = window.minimumSize()  # a test may ask for less than the app's minimum
            window.setMinimumSize(min(size[0], minimum.width()), min(size[1], minimum.height()))
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window, timeout=timeout)
        window.activateWindow()  # keyboard focus needs an active window (see FACTS.md)
        qtbot.waitUntil(window.isActiveWindow, timeout=timeout)
        pilot = cls(window, qtbot, timeout=timeout)
        pilot._settle()
        return pilot

    # --- what is on screen --------------------------------------------------------------------

    @property
    def window(self) -> MainWindow:
        return self._window

    @property
    def screen_id(self) -> str:
        return str(self._window.current_view.property("screen_id"))

    @property
    def screen_kind(self) -> str:
        """One of "question", "choice" or "result"."""
        return str(self._window.current_view.property("screen_kind"))

    @property
    def is_result(self) -> bool:
        return self.screen_kind == "result"

    @property
    def screen_title(self) -> str:
        return self._window.header.title_label.text()

    @property
    def screen_text(self) -> str:
        """The paragraph under the title ("" if none)."""
        label = self._find(QLabel, "screen-text", required=False)
        return label.text() if label is not None else ""

    @property
    def options(self) -> list[tuple[str, str]]:
        """(option id, label) of each answer on screen, in visual order."""
        buttons = [
            b
            for b in self._window.current_view.findChildren(WrapButton)
            if b.objectName().startswith("option-")
        ]
        return [
            (b.objectName().removeprefix("option-"), b.accessibleName())
            for b in self._in_visual_order(list(buttons))
        ]

    @property
    def trail(self) -> list[str]:
        """The labels of the answers given so far, oldest first."""
        return [b.label_text for b in self._window.header.trail_buttons]

    @property
    def can_go_back(self) -> bool:
        return self._window.back_button.isEnabled()

    @property
    def notice(self) -> str:
        """The apology banner's text, or "" when it is hidden."""
        notice = self._window.notice
        return notice.text() if notice.isVisible() else ""

    @property
    def focused(self) -> str:
        """objectName of the widget with keyboard focus ("" if none)."""
        widget = QApplication.focusWidget()
        return widget.objectName() if widget is not None else ""

    @property
    def clipboard(self) -> str:
        """The text on the window's clipboard."""
        return self._window.clipboard.text()

    @property
    def result(self) -> ResultPage:
        """The result page on show; PilotError on any other screen."""
        __tracebackhide__ = True
        view = self._window.current_view
        if not self.is_result:
            raise PilotError(f"screen {self.screen_id!r} is a {self.screen_kind}, not a result")
        return ResultPage(
            screen_id=self.screen_id,
            channel=str(view.property("channel")),
            title=self.screen_title,
            menu_path=self._numbered_texts("menu-item-", start=0),
            steps=self._numbered_texts("step-", start=1),
            notes=self._numbered_texts("note-", start=1),
            whatsapp=tuple(
                (label, self._text(f"contact-number-{cid}")) for cid, label in self._contacts()
            ),
        )

    # --- actions ------------------------------------------------------------------------------

    def choose(self, option: str) -> str:
        """Click the answer with this id (or, failing that, this visible label); return the id
        of the screen it leads to."""
        __tracebackhide__ = True
        button = self._find(QPushButton, f"option-{option}", required=False)
        if button is None:
            matches = [oid for oid, label in self.options if label == option]
            if len(matches) > 1:
                raise PilotError(
                    f"screen {self.screen_id!r} has {len(matches)} options labelled {option!r} "
                    f"({', '.join(matches)}); choose one by its id"
                )
            if not matches:
                known = ", ".join(f"{oid} ({label!r})" for oid, label in self.options)
                raise PilotError(
                    f"screen {self.screen_id!r} has no option {option!r}; it has: "
                    f"{known or 'none'}"
                )
            button = self._find(QPushButton, f"option-{matches[0]}")
        assert button is not None
        option_id = button.objectName().removeprefix("option-")
        self._click_and_wait_for_screen(button, f"option {option_id!r}")
        return self.screen_id

    def walk(self, *options: str) -> ResultPage | None:
        """Choose each option in turn; return the result page reached (None if not a result)."""
        __tracebackhide__ = True
        for option in options:
            self.choose(option)
        return self.result if self.is_result else None

    def back(self) -> str:
        """Click "Voltar"; return the id of the screen shown."""
        __tracebackhide__ = True
        if not self.can_go_back:
            raise PilotError(f"'Voltar' is disabled on {self.screen_id!r} (the first screen)")
        self._click_and_wait_for_screen(self._window.back_button, "'Voltar'")
        return self.screen_id

    def restart(self) -> str:
        """Click "Recomeçar"; return the id of the screen shown (the start)."""
        __tracebackhide__ = True
        self._click_and_wait_for_screen(self._window.restart_button, "'Recomeçar'")
        return self.screen_id

    def go_to_trail(self, index: int) -> str:
        """Click answer `index` of the trail (0 = the first answer): back to that question."""
        __tracebackhide__ = True
        buttons = self._window.header.trail_buttons
        if not 0 <= index < len(buttons):
            raise PilotError(f"no answer {index} in a trail of {len(buttons)}")
        self._click_and_wait_for_screen(
            buttons[index], f"answer {index} of the trail ({buttons[index].label_text!r})"
        )
        return self.screen_id

    def double_click(self, button: QPushButton) -> str:
        """Double-click `button` as a mouse does (press, release, then a second press and
        release within the double-click interval, through the window); return the id of the
        screen shown after."""
        __tracebackhide__ = True
        window = self._window
        self._ready_to_click(button, repr(button.objectName()))
        handle = window.windowHandle()
        position = button.mapTo(window, button.rect().center())
        left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        QTest.mousePress(handle, left, none, position)
        QTest.mouseRelease(handle, left, none, position, 30)
        QTest.mousePress(handle, left, none, position, 60)
        QTest.mouseRelease(handle, left, none, position, 30)
        self._settle()
        return self.screen_id

    def press_key(
        self,
        key: Qt.Key | str,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    ) -> None:
        """Press and release a key on the focused widget, as the keyboard would."""
        self._follow_session()
        target = QApplication.focusWidget() or self._window
        if isinstance(key, str):
            QTest.keyClicks(target, key, modifiers)  # a character, e.g. "1"
        else:
            QTest.keyClick(target, key, modifiers)
        self._settle()

    def hold_key(
        self,
        key: Qt.Key | str,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        *,
        repeats: int = 3,
    ) -> None:
        """Hold a key down, as a keyboard sends it: a press, `repeats` auto-repeated presses,
        then the release, each to the widget focused at that moment. `key` is a `Qt.Key` or,
        as for `press_key`, a character ("1")."""
        __tracebackhide__ = True
        self._follow_session()
        if isinstance(key, str):
            try:
                text, key = key, Qt.Key(ord(key.upper()))
            except (TypeError, ValueError):  # not one character, or no key of its own
                raise PilotError(
                    f"hold_key holds one key: a character or a Qt.Key, not {key!r} "
                    f"(e.g. Qt.Key.Key_Return)"
                ) from None
        else:
            digit = Qt.Key.Key_0.value <= key.value <= Qt.Key.Key_9.value
            text = chr(key.value) if digit else ""
        for repeated in (False, *([True] * repeats)):
            target = QApplication.focusWidget() or self._window
            press = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text, repeated)
            QApplication.sendEvent(target, press)
            self._settle()
        target = QApplication.focusWidget() or self._window
        QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, text))
        self._settle()

    def tab(self, *, backwards: bool = False) -> str:
        """Press Tab (or Shift+Tab); return the objectName of the widget focused next."""
        if backwards:
            self.press_key(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            self.press_key(Qt.Key.Key_Tab)
        return self.focused

    def copy_whatsapp(self, region: str) -> str:
        """Click "Copiar número" of a region (contact id, or its label); return the clipboard
        text once "Número copiado" shows."""
        __tracebackhide__ = True
        contact_id = region
        if self._find(QPushButton, f"copy-number-{region}", required=False) is None:
            by_label = {label: cid for cid, label in self._contacts()}
            by_label.update((cid, cid) for cid, _ in self._contacts())
            if region in by_label and self._find(
                QPushButton, f"copy-number-{by_label[region]}", required=False
            ) is None:
                raise PilotError(
                    f"screen {self.screen_id!r} shows the WhatsApp number of {region!r} with no "
                    f"'Copiar número' button (a kiosk page: the QR code gives the number)"
                )
            if region not in by_label:
                known = ", ".join(f"{cid} ({label!r})" for cid, label in self._contacts())
                raise PilotError(
                    f"screen {self.screen_id!r} has no WhatsApp number for {region!r}; "
                    f"it has: {known or 'none'}"
                )
            contact_id = by_label[region]
        self._click_and_wait_for(
            self._find(QPushButton, f"copy-number-{contact_id}"),
            f"'Copiar número' of {contact_id!r}",
            f"copied-{contact_id}",
        )
        return self.clipboard

    def copy_steps(self) -> str:
        """Click "Copiar passos"; return the clipboard text once "Passos copiados" shows."""
        __tracebackhide__ = True
        self._click_and_wait_for(
            self._find(QPushButton, "copy-steps"), "'Copiar passos'", "steps-copied"
        )
        return self.clipboard

    def screenshot(self, path: str | Path, *, from_screen: bool = False) -> Path:
        """Save the window as a PNG (folders created); return the path. By default the window
        renders itself (works offscreen); `from_screen` copies the pixels the display server
        shows instead (a real X server)."""
        __tracebackhide__ = True
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._qtbot.waitExposed(self._window, timeout=self._timeout)
        self._settle()
        screen = self._window.screen()
        if from_screen and screen is not None:
            pixmap = screen.grabWindow(self._window.winId())
        else:
            pixmap = self._window.grab()
        if pixmap.isNull() or not pixmap.save(str(target), "PNG"):
            raise PilotError(f"could not save a screenshot to {target}")
        return target

    def widget(self, kind: type[W], name: str) -> W:
        """The widget of class `kind` and objectName `name` that is on screen; PilotError if
        there is none. Prefer this to `window.findChild`, which also finds the hidden views the
        window builds ahead for the next screens, where the same names stand."""
        __tracebackhide__ = True
        found = self._find(kind, name)
        assert found is not None
        return found

    # --- inspection for accessibility, layout and stability tests ------------------------------

    def live_screens(self) -> int:
        """How many screen bodies exist in the window once pending deletions have run, besides
        the hidden ones built ahead for the next screens (`MainWindow.views_ahead`): 1 when
        replaced and unused screens are really deleted (FACTS.md: otherwise memory grows)."""
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        ahead = self._window.views_ahead
        return len(self._window.findChildren(ScreenView)) - len(ahead)

    def interactive_widgets(self) -> list[QWidget]:
        """The widgets Tab can reach (visible, enabled, accepting Tab focus), in visual order."""
        widgets = [
            w
            for w in self._window.findChildren(QWidget)
            if w.isVisible()
            and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        ]
        return self._in_visual_order(widgets)

    def visual_order(self) -> list[str]:
        """objectNames of `interactive_widgets()`, top to bottom and left to right."""
        return [w.objectName() for w in self.interactive_widgets()]

    def tab_chain(self) -> list[str]:
        """objectNames of the Tab stops, found by really pressing Tab from the screen's title
        until focus comes back round; the cycle is given starting at the first widget of
        `visual_order()`, so the two compare directly. (The title itself is not a Tab stop.)"""
        __tracebackhide__ = True
        self._window.header.title_label.setFocus(Qt.FocusReason.OtherFocusReason)
        cycle: list[str] = []
        for _ in range(200):
            name = self.tab()
            if cycle and name == cycle[0]:
                break
            cycle.append(name)
        else:
            raise PilotError(f"Tab never came back round: {cycle[:20]}...")
        visual = self.visual_order()
        if visual and visual[0] in cycle:
            start = cycle.index(visual[0])
            cycle = cycle[start:] + cycle[:start]
        return cycle

    def clipped_widgets(self) -> list[str]:
        """Visible text and buttons that do not get the room they need, that stick out of
        their parent (and so overlap or are cut), or that stick out of the window on the left
        or right (vertical overflow of the whole content scrolls and is fine)."""
        problems: list[str] = []
        width = self._window.width()
        for widget in self._window.findChildren(QWidget):
            if not widget.isVisible() or not isinstance(widget, QLabel | QPushButton):
                continue
            name = widget.objectName() or f"{type(widget).__name__}({self._short(widget)})"
            left = widget.mapTo(self._window, QPoint(0, 0)).x()
            if left < 0 or left + widget.width() > width:
                problems.append(f"{name}: x {left}..{left + widget.width()} outside 0..{width}")
                continue
            parent = widget.parentWidget()
            if parent is not None and not parent.rect().contains(widget.geometry()):
                problems.append(f"{name}: {widget.geometry()} outside its parent {parent.rect()}")
                continue
            if widget.hasHeightForWidth():
                needed_height = widget.heightForWidth(widget.width())
                needed_width = widget.minimumSizeHint().width()
            else:
                needed_height = widget.sizeHint().height()
                needed_width = widget.sizeHint().width()
            if widget.height() + 1 < needed_height or widget.width() + 1 < needed_width:
                problems.append(
                    f"{name}: {widget.width()}x{widget.height()} but needs "
                    f"{needed_width}x{needed_height}"
                )
        return problems

    # --- helpers ------------------------------------------------------------------------------

    def _click(self, button: QPushButton, what: str) -> None:
        """Click `button` (described as `what` in errors) with the mouse, once it is in view and
        a customer's click could reach it."""
        __tracebackhide__ = True
        self._ready_to_click(button, what)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def _ready_to_click(self, button: QPushButton, what: str) -> None:
        """Before a click on `button`: the session followed, the button scrolled into view, and
        NotClickableError if a customer's click could not reach it."""
        __tracebackhide__ = True
        self._follow_session()
        self._window.ensure_visible(button)
        self._check_clickable(button, what)

    def _check_clickable(self, button: QPushButton, what: str) -> None:
        """NotClickableError when a customer's click on the centre of `button` would not do
        anything: the button is disabled, a modal dialog is open in front of the window, or
        another widget covers that point. (QTest.mouseClick on the widget itself would go
        through a dialog or a cover, and a disabled button would leave the pilot waiting.)"""
        __tracebackhide__ = True
        window = self._window
        reason = ""
        # Hit-tested in the top-level window: in a kiosk the MainWindow is one child of the
        # KioskWindow, and the "Ainda está aí?" overlay is a sibling above it.
        top = window.window()
        if not button.isEnabled():
            reason = "it is disabled"
        elif (modal := self._blocking_modal(top)) is not None:
            reason = f"the dialog {self._describe(modal)} is open in front of the window"
        elif (blind := self._ignoring_the_mouse(button, top)) is not None:
            reason = f"{self._describe(blind)} lets no mouse event through"
        elif (hit := top.childAt(button.mapTo(top, button.rect().center()))) is None:
            reason = "its centre is outside the window"
        elif hit is not button and not button.isAncestorOf(hit):
            reason = f"{self._describe(hit)} covers its centre"
        if reason:
            raise NotClickableError(what, self.screen_id, reason)

    @staticmethod
    def _blocking_modal(top: QWidget) -> QWidget | None:
        """The modal dialog that keeps a click from `top`: an application-modal one, or a
        window-modal one over `top` (a window-modal dialog of another window blocks only
        that window)."""
        modal = QApplication.activeModalWidget()
        if modal is None or modal is top:
            return None
        if modal.windowModality() == Qt.WindowModality.ApplicationModal:
            return modal
        parent = modal.parentWidget()
        return modal if parent is not None and parent.window() is top else None

    @staticmethod
    def _ignoring_the_mouse(button: QWidget, top: QWidget) -> QWidget | None:
        """The widget from `button` up to `top` that is transparent for mouse events (the
        kiosk's start guard sets it on the whole assistant for a moment), or None."""
        widget: QWidget | None = button
        while widget is not None:
            if widget.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents):
                return widget
            if widget is top:
                return None
            widget = widget.parentWidget()
        return None

    def _wait(self, done: Callable[[], bool], what: str, screen: str, outcome: str) -> None:
        """Wait until `done()`; NoOutcomeError if the timeout passes first."""
        __tracebackhide__ = True
        from pytestqt.exceptions import TimeoutError as QtTimeoutError

        try:
            self._qtbot.waitUntil(done, timeout=self._timeout)
        except QtTimeoutError:
            pass
        else:
            return
        # Raised outside the except: a chained "During handling of the above exception" would
        # only repeat pytest-qt's "waitUntil timed out".
        raise NoOutcomeError(what, screen, outcome, self._timeout)

    def _click_and_wait_for_screen(self, button: QPushButton, what: str) -> None:
        __tracebackhide__ = True
        before, screen = self._changes, self.screen_id
        self._click(button, what)
        if self._changes == before:  # the window answers synchronously; wait if it ever doesn't
            self._wait(lambda: self._changes != before, what, screen, "a new screen")
        self._settle()

    def _settle(self) -> None:
        """What the event loop does between two customer actions: pending events (layout,
        painting), the deletion of replaced screens, and, while the customer reads, the
        widgets of the next screens built ahead (done at once here, not waited for)."""
        QCoreApplication.processEvents()
        self._window.finish_building_ahead()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self._follow_session()

    def _click_and_wait_for(
        self, button: QPushButton | None, what: str, confirmation: str
    ) -> None:
        __tracebackhide__ = True
        assert button is not None
        screen = self.screen_id
        self._click(button, what)

        def confirmed() -> bool:
            label = self._find(QLabel, confirmation, include_hidden=True)
            return label is not None and label.isVisible()

        outcome = repr(self._text_of(confirmation))
        self._wait(confirmed, what, screen, outcome)

    def _find(
        self, kind: type[W], name: str, *, required: bool = True, include_hidden: bool = False
    ) -> W | None:
        """The widget of this class and objectName on screen. Replaced screens and trails wait
        for deleteLater hidden: anything under a hidden ancestor is not on screen."""
        __tracebackhide__ = True
        for widget in self._window.findChildren(kind, name):
            if (include_hidden or not widget.isHidden()) and not self._under_hidden(widget):
                return widget
        if required:
            raise PilotError(f"no {kind.__name__} {name!r} on screen {self.screen_id!r}")
        return None

    @staticmethod
    def _under_hidden(widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent.isHidden():
                return True
            parent = parent.parentWidget()
        return False

    def _text_of(self, name: str) -> str:
        """The text of the label `name`, shown or not (e.g. a confirmation still hidden)."""
        label = self._find(QLabel, name, required=False, include_hidden=True)
        return label.text() if label is not None else name

    def _text(self, name: str) -> str:
        __tracebackhide__ = True
        label = self._find(QLabel, name)
        assert label is not None
        return label.text()

    def _numbered_texts(self, prefix: str, *, start: int) -> tuple[str, ...]:
        texts = []
        number = start
        while (label := self._find(QLabel, f"{prefix}{number}", required=False)) is not None:
            texts.append(label.text())
            number += 1
        return tuple(texts)

    def _contacts(self) -> list[tuple[str, str]]:
        """(contact id, region label) of each WhatsApp number on the page, in order."""
        labels = [
            w
            for w in self._window.current_view.findChildren(QLabel)
            if w.objectName().startswith("contact-label-")
        ]
        return [
            (w.objectName().removeprefix("contact-label-"), w.text())
            for w in self._in_visual_order(list(labels))
        ]

    def _in_visual_order(self, widgets: list[W]) -> list[W]:
        """Top to bottom by centre; widgets whose centres are within a few pixels form a row,
        read left to right. The scrolled page counts whole, between what is above it (the app
        bar) and below it (Voltar, Recomeçar), even where it is scrolled out of view."""
        scroll = self._window.findChild(QScrollArea, "content-scroll")
        page = scroll.widget() if scroll is not None else None
        top = scroll.mapTo(self._window, QPoint(0, 0)).y() if scroll is not None else 0
        scrolled = 1_000_000  # the page's own coordinates, placed after everything above it

        def centre(w: QWidget) -> QPoint:
            if page is not None and page.isAncestorOf(w):
                point = w.mapTo(page, w.rect().center())
                return QPoint(point.x(), scrolled + point.y())
            point = w.mapTo(self._window, w.rect().center())
            below = scroll is not None and point.y() > top
            return QPoint(point.x(), point.y() + 2 * scrolled if below else point.y())

        ordered = sorted(widgets, key=lambda w: centre(w).y())
        rows: list[list[W]] = []
        for widget in ordered:
            if rows and abs(centre(rows[-1][0]).y() - centre(widget).y()) <= 4:
                rows[-1].append(widget)
            else:
                rows.append([widget])
        return [w for row in rows for w in sorted(row, key=lambda w: centre(w).x())]

    @classmethod
    def _describe(cls, widget: QWidget) -> str:
        """A widget in an error message: its class, objectName, and its title or text."""
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if widget.isWindow() and widget.windowTitle():
            return f"{name} ({widget.windowTitle()!r})"
        text = cls._short(widget)
        return f"{name} ({text!r})" if text else name

    @staticmethod
    def _short(widget: QWidget) -> str:
        text = widget.text() if isinstance(widget, QLabel | QPushButton) else ""
        return text if len(text) <= 30 else text[:27] + "..."
