"""Start the desktop app: the QApplication, the theme, the flow, the window and the safety net.

`run_gui` is what `assistant` (and `python -m assistant`) calls. It returns the process exit
code: 0 after a normal close, 2 when the flows file cannot be used (its problems are listed in a
window and on stderr).
"""

from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    SignalInstance,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from assistant import APP_NAME, __version__
from assistant.flows.cache import load_flow_and_bytes
from assistant.flows.model import Flow
from assistant.flows.problems import FlowError
from assistant.resources import bundled_flows
from assistant.ui import theme
from assistant.ui.excepthook import install_excepthook, problem_lines
from assistant.ui.first_paint import AfterFirstPaint
from assistant.ui.qt_translations import install_qt_translations
from assistant.ui.window import MainWindow, app_icon
from assistant.ui.window_state import restore_window_geometry, save_window_geometry

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from assistant.content.loaded import LoadedContent
    from assistant.ui.errors import ProblemsWindow
    from assistant.ui.single_instance import SingleInstance

logger = logging.getLogger(__name__)

DESKTOP_FILE_NAME = "assistente-de-faturas"
EXIT_BAD_FLOWS = 2


def create_application() -> QApplication:
    """The QApplication (created once), named so the desktop and QStandardPaths know the app,
    with Qt's own words (context menus) in pt-BR.

    No organization name: QStandardPaths.AppDataLocation is then `<data>/Assistente de Faturas`,
    the folder `user_dirs.user_data_dir` works out without Qt.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        QApplication.setApplicationName(APP_NAME)
        # No display (DISPLAY unset or wrong, Wayland without a compositor): Qt aborts the
        # process (SIGABRT, a core dump, "Reinstalling the application may fix this
        # problem"). Its fatal message comes through the handler first: exit FATAL_ERROR.
        previous = qInstallMessageHandler(_no_window_is_fatal)
        try:
            app = QApplication([*(sys.argv[:1] or ["assistant"]), *theme.STYLE_ARGUMENTS])
        finally:
            qInstallMessageHandler(previous)
            # Not fatal after all: what Qt said goes where it would have gone.
            replay = previous if callable(previous) else log_qt_message
            for mode, context, message in _startup_messages:
                replay(mode, context, message)
            _startup_messages.clear()
        app.setProperty(theme.STYLE_PROPERTY, theme.STYLE)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    install_qt_translations(app)
    return app


EXIT_NO_WINDOW = 1  # assistant.kiosk.exit_codes.FATAL_ERROR: the launcher restarts the app
_startup_messages: list[tuple[QtMsgType, QMessageLogContext, str]] = []


def _no_window_is_fatal(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages while the QApplication is made; on its fatal one, say plainly that no
    window can be opened, log why, and exit EXIT_NO_WINDOW instead of Qt's abort()."""
    if mode != QtMsgType.QtFatalMsg:
        # A context of our own: Qt's is gone once this call returns (no handler reads it).
        _startup_messages.append((mode, QMessageLogContext(), message))
        return
    import os

    from assistant.logging_setup import configure_logging, print_error

    platform = os.environ.get("QT_QPA_PLATFORM") or "the default"
    display = os.environ.get("DISPLAY") or "unset"
    wayland = os.environ.get("WAYLAND_DISPLAY") or "unset"
    summary = (
        f"cannot open a window: no usable display (QT_QPA_PLATFORM: {platform}, "
        f"DISPLAY: {display}, WAYLAND_DISPLAY: {wayland})"
    )
    print_error(f"{APP_NAME}: {summary}")
    configure_logging()
    said = [*(text for _, _, text in _startup_messages), message]
    logger.critical("%s; Qt said:\n%s", summary, "\n".join(said))
    logging.shutdown()
    os._exit(EXIT_NO_WINDOW)


class _ThemeFollower(QObject):
    """Gives the application the theme its flags and the platform's preferences ask for, and
    again whenever those preferences change. One per application: `use_theme` retires the
    previous one, whose connections would otherwise go on choosing with the old flags."""

    def __init__(
        self, app: QApplication, *, high_contrast: bool, dark: bool | None, layers: tuple[str, ...]
    ) -> None:
        super().__init__(app)
        self._app = app
        self._high_contrast = high_contrast
        self._dark = dark
        self._layers = layers
        self._signals: list[SignalInstance] = []
        if high_contrast:
            return  # nothing the platform says changes it
        hints = app.styleHints()
        accessibility = getattr(hints, "accessibility", None)  # Qt 6.10+
        contrast = accessibility and getattr(accessibility(), "contrastPreferenceChanged", None)
        if contrast is not None:
            self._signals.append(contrast)
        if dark is None:
            self._signals.append(hints.colorSchemeChanged)
        for signal in self._signals:
            signal.connect(self.choose)

    def choose(self) -> None:
        if self._high_contrast or theme.prefers_high_contrast():
            name = theme.ThemeName.HIGH_CONTRAST
        elif self._dark if self._dark is not None else theme.prefers_dark():
            name = theme.ThemeName.DARK
        else:
            name = theme.ThemeName.DEFAULT
        if theme.current_theme_name(self._app) is not name:
            theme.apply_theme(self._app, name, layers=self._layers)

    def retire(self) -> None:
        for signal in self._signals:
            signal.disconnect(self.choose)
        self._signals.clear()
        self.setParent(None)
        self.deleteLater()


def use_theme(
    app: QApplication,
    *,
    high_contrast: bool,
    dark: bool | None = None,
    layers: tuple[str, ...] = (),
) -> None:
    """High contrast when asked for (`--high-contrast`) or when the platform prefers it; else
    dark or light as `dark` says, or as the platform's colour scheme is when it is None. The
    platform's preferences are followed live, except what a flag forces. `layers`:
    stylesheets added to every theme (theme.KIOSK_LAYERS)."""
    global _theme_follower
    previous = _theme_follower
    # Not app.findChildren(_ThemeFollower): looking a Python class up that way made PySide
    # build a dozen enums, 6 ms of every start.
    if previous is not None and shiboken6.isValid(previous):
        previous.retire()
    _theme_follower = _ThemeFollower(app, high_contrast=high_contrast, dark=dark, layers=layers)
    _theme_follower.choose()


_theme_follower: _ThemeFollower | None = None  # the application's (one per process)


def log_qt_message(mode: QtMsgType, context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    logging.getLogger("assistant.qt").log(level, "%s", message)


def _load(path: Path) -> tuple[Flow, bytes] | list[str]:
    try:
        return load_flow_and_bytes(path)
    except Exception as error:
        # Imported only now: the loader (and PyYAML) is not needed when the cache answers.
        from assistant.flows.loader import FlowFileError

        if isinstance(error, FlowError | FlowFileError):
            return problem_lines(error)
        raise


def _watch(window: MainWindow, content: LoadedContent) -> None:
    """Author mode: follow the flows file on disk (see run_gui)."""
    from assistant.logging_setup import set_content_stamp
    from assistant.ui.watch import FlowWatcher

    watcher = FlowWatcher(content.path, content, parent=window)

    def reloaded(new: LoadedContent) -> None:
        window.clear_problems()
        set_content_stamp(new.stamp)
        notice = window.set_content(new)
        logger.info("reloaded %s (content %s)", new.path, new.stamp)
        if notice:
            logger.info("%s", notice)

    def failed(lines: list[str]) -> None:
        logger.warning("%s: %d problem(s); the content on show stays", content.path, len(lines))
        window.show_problems(lines, content.path.name)

    watcher.reloaded.connect(reloaded)
    watcher.failed.connect(failed)
    # The watch starts after the first paint: a save since the file was read would otherwise
    # wait for the next one to be seen.
    watcher.check_now()


def _open_on_a_clean_save(
    problems: ProblemsWindow, path: Path, uninstalls: list[Callable[[], object]]
) -> None:
    """Author mode started on a broken file: the problems window follows each save, and the
    assistant opens (in author mode, watching on) at the first clean one. The excepthook's
    uninstall and the saving of the window's place go into `uninstalls` once it is open."""
    from assistant.logging_setup import set_content_stamp
    from assistant.ui.watch import FlowWatcher

    watcher = FlowWatcher(path, None, parent=problems)

    def reloaded(content: LoadedContent) -> None:
        watcher.stop()
        window = MainWindow(content.flow, author=True)
        uninstalls.append(install_excepthook(window.recover_from_error))
        restore_window_geometry(window)
        uninstalls.append(partial(save_window_geometry, window))
        set_content_stamp(content.stamp)
        window.show()  # before the problems window closes: the app would quit with no window
        window.set_content(content)
        logger.info("opened on %s after a clean save (content %s)", path, content.stamp)
        _watch(window, content)
        problems.close()
        problems.deleteLater()

    watcher.reloaded.connect(reloaded)
    watcher.failed.connect(problems.set_problems)
    watcher.check_now()  # a save since the file was read


def run_gui(
    flows_path: Path | None,
    *,
    high_contrast: bool = False,
    dark: bool | None = None,
    exit_after_first_paint: bool = False,
    watch: bool = False,
) -> int:
    """Open the assistant on `flows_path` (the bundled flows.yaml when None); the exit code.

    `watch` is the content author's mode: the file is re-read whenever it is saved (a broken
    save is listed in a banner while the window keeps the content it had) and Ctrl+K opens
    any screen. Started on a broken file, it lists the problems of each save and opens the
    window at the first clean one (exit code 0 then, as after any normal close).

    The theme follows the platform (dark colour scheme, high contrast) unless `high_contrast`
    or `dark` (True: dark, False: light) forces one.

    The window opens where the customer left it last time, maximized if it was
    (assistant.ui.window_state), and its place is saved when the app ends.

    The log file is set up once the first screen is on show (its handler costs a noticeable
    part of the start); until then, warnings go to stderr through logging's last resort.
    """
    instance = None
    if flows_path is None and not watch:
        from assistant.ui.single_instance import SingleInstance
        from assistant.user_dirs import user_runtime_dir

        instance = SingleInstance(user_runtime_dir())
        if instance.another_is_running():
            from assistant.logging_setup import print_error

            wishes = theme_wishes(high_contrast=high_contrast, dark=dark)
            if instance.ask_to_come_forward(wishes):
                also = ", in the theme asked for" if wishes else ""
                print_error(f"{APP_NAME}: already open; its window was brought forward{also}")
                return 0  # what the customer wanted: the assistant in front
    app = create_application()
    qInstallMessageHandler(log_qt_message)
    use_theme(app, high_contrast=high_contrast, dark=dark)
    path = flows_path if flows_path is not None else bundled_flows()
    undo_signals: list[Callable[[], None]] = []

    def trap_signals() -> None:
        from assistant.ui.signals import quit_on_signals

        if not undo_signals:
            undo_signals.append(quit_on_signals(partial(_end_on_signal, app)))

    try:
        return _run(app, path, flows_path, exit_after_first_paint, watch, trap_signals, instance)
    finally:
        for undo in undo_signals:
            undo()
        if instance is not None:
            instance.release()


def theme_wishes(*, high_contrast: bool, dark: bool | None) -> dict[str, str]:
    """What a start's theme flags ask of an assistant already open (see `come_forward`)."""
    wishes = {"high-contrast": "yes"} if high_contrast else {}
    if dark is not None:
        wishes["theme"] = "dark" if dark else "light"
    return wishes


def come_forward(window: MainWindow, wishes: Mapping[str, str]) -> None:
    """Show `window` in front, as it was (maximized or not), when another start asks for it;
    in the theme that start's flags ask for, if any (`theme_wishes`). A start without theme
    flags leaves the theme as it is."""
    high_contrast = wishes.get("high-contrast") == "yes"
    dark = {"dark": True, "light": False}.get(wishes.get("theme", ""))
    app = QApplication.instance()
    if (high_contrast or dark is not None) and isinstance(app, QApplication):
        use_theme(app, high_contrast=high_contrast, dark=dark)
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
    # A dialog open over it (About) comes forward too, in front of it: raised alone, the
    # window covered its own dialog wherever no window manager keeps dialogs on top.
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        dialog.raise_()
        dialog.activateWindow()
    QApplication.alert(window)  # where the desktop refuses to raise it: its taskbar entry asks


def _end_on_signal(app: QApplication, signum: int) -> None:
    """Ctrl+C or `kill`: leave the event loop; the exit code says which signal."""
    from assistant.ui.signals import exit_code_for

    logger.info("ended by signal %d", signum)
    app.exit(exit_code_for(signum))


def _run(
    app: QApplication,
    path: Path,
    flows_path: Path | None,
    exit_after_first_paint: bool,
    watch: bool,
    trap_signals: Callable[[], None],
    instance: SingleInstance | None = None,
) -> int:
    """`run_gui` once the application is set up. `trap_signals` makes Ctrl+C and `kill` leave
    the event loop: called at once on the error path, after the first paint otherwise (it is
    no part of the first frame)."""
    loaded = _load(path)
    if isinstance(loaded, list):
        trap_signals()
        from assistant.logging_setup import configure_logging, print_error

        for line in loaded:
            print_error(line)

        configure_logging()
        # Started from a menu, stderr goes nowhere: the log is the record of what was wrong.
        logger.error(
            "flows file %s has %d problem(s):\n%s", path.resolve(), len(loaded), "\n".join(loaded)
        )
        from assistant.ui.errors import ProblemsWindow

        problems = ProblemsWindow(path, loaded, watching=watch)
        problems.show()
        if exit_after_first_paint:
            AfterFirstPaint(problems, QApplication.quit, report=True)
        uninstalls: list[Callable[[], object]] = []
        if watch:
            _open_on_a_clean_save(problems, path, uninstalls)
        try:
            code = app.exec()
        finally:
            for uninstall_hook in uninstalls:
                uninstall_hook()
        # A signal's code, or the close of the window an author's clean save opened.
        return code if code > EXIT_BAD_FLOWS or uninstalls else EXIT_BAD_FLOWS

    flow, data = loaded
    window = MainWindow(flow, author=watch)
    uninstall = install_excepthook(window.recover_from_error)
    restore_window_geometry(window)  # where the customer left it last time
    window.show()

    def started() -> None:
        trap_signals()
        from assistant.content.loaded import describe
        from assistant.logging_setup import configure_logging, set_content_stamp

        content = describe(
            flow, data, path, "configured" if flows_path is not None else "bundled"
        )
        set_content_stamp(content.stamp)
        configure_logging()
        window.set_content(content)
        logger.info("started on %s (content %s)", path, content.stamp)
        if watch:
            _watch(window, content)
        if instance is not None:
            instance.listen(partial(come_forward, window))
        if exit_after_first_paint:
            QApplication.quit()

    # Watching the first screen, owned by the window: `started` sets up the log, Ctrl+C and the
    # single-instance listener, whatever becomes of that first screen.
    AfterFirstPaint(window.current_view, started, report=exit_after_first_paint, owner=window)
    try:
        return app.exec()
    finally:
        save_window_geometry(window)
        uninstall()
