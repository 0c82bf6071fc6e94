"""Smoke test of a build: open the real window, walk every path of the flows, exit 0 or 1.

    assistant --smoke-test            (the frozen app in CI, offscreen and under xvfb-run)

`run_smoke_test` creates the application the way the app does (name, icon, theme), loads the
flows, and `smoke_walk` drives a real `MainWindow` inside the real event loop: for every path
from `all_paths` it clicks the option buttons found by their objectNames (`option-<id>`), checks
each screen it lands on, checks the result page is painted, goes back once and forward again, and
restarts (`restart`) before the next path. It also checks what a frozen bundle can lose without
failing to start: the SVG icon engine (the app icon), the themes (the stylesheet) and any Qt
warning (a missing plugin says so as a warning).

Success is exit status 0 and one line "smoke test: OK ..."; failure is 1 and the reasons. Lines
go to the log file and to stderr when there is one: a windowed app on Windows has
`sys.stderr is None`, so nothing here writes to it unguarded. Needs neither pytest nor QtTest
(which the bundle leaves out).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from assistant.flows.loader import FlowFileError, load_flow
from assistant.flows.model import Flow
from assistant.flows.paths import Path as FlowPath
from assistant.flows.paths import all_paths
from assistant.flows.problems import FlowError
from assistant.logging_setup import print_error

logger = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILED = 1
DEFAULT_TIMEOUT_S = 60.0
STEP_TIMEOUT_MS = 5_000
POLL_MS = 5

# Qt warnings that are not problems of the build; each says why.
ALLOWED_QT_WARNINGS = (
    # The offscreen platform has no window manager to pass a minimum size to.
    "This plugin does not support propagateSizeHints()",
    # LANG=C or a locale that is not installed: Qt says it uses C.UTF-8 instead, and does.
    "Qt depends on a UTF-8 locale, and has switched to",
)


def say(message: str, *, error: bool = False) -> None:
    """Log `message`, and print it on stderr when the process has one (a windowed Windows app
    has none: sys.stderr is None there)."""
    logger.log(logging.ERROR if error else logging.INFO, "%s", message)
    print_error(message)  # a closed or broken stream: the log has it


@dataclass
class _Wait:
    """Yielded by the walk: poll `done` until it is true, or fail with `what` after `timeout_ms`."""

    done: Callable[[], bool]
    what: str
    timeout_ms: int = STEP_TIMEOUT_MS


@dataclass
class SmokeResult:
    """What the walk saw: the problems (empty when it passed) and what it covered."""

    problems: list[str] = field(default_factory=list)
    paths_walked: int = 0
    results_reached: set[str] = field(default_factory=set)
    clicks: int = 0
    qt_warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _PaintWatcher(QObject):
    """Records the id of every screen whose body has received a Paint event."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.painted: set[str] = set()

    def watch(self, view: QWidget) -> None:
        view.installEventFilter(self)

    def has_painted(self, screen_id: str) -> Callable[[], bool]:
        """A check that `screen_id` has been painted (for a _Wait)."""
        return lambda: screen_id in self.painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            screen_id = watched.property("screen_id")
            if isinstance(screen_id, str):
                self.painted.add(screen_id)
        return False


class _Walker(QObject):
    """Runs the walk script one step per event-loop turn and quits the loop with the verdict."""

    def __init__(self, app: QApplication, script: Iterator[_Wait | None], result: SmokeResult):
        super().__init__()
        self._app = app
        self._script = script
        self._result = result
        self._wait: _Wait | None = None
        self._wait_started = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        self._timer.start(0)

    def _step(self) -> None:
        try:
            if self._wait is not None:
                if not self._wait.done():
                    waited_ms = (time.monotonic() - self._wait_started) * 1000
                    if waited_ms > self._wait.timeout_ms:
                        self._fail(
                            f"timed out after {waited_ms:.0f} ms waiting for {self._wait.what}"
                        )
                        return
                    self._timer.start(POLL_MS)
                    return
                self._wait = None
            step = next(self._script)
        except StopIteration:
            self._finish()
            return
        except Exception as error:  # a check that raised: report it, never hang
            logger.exception("smoke walk step failed")
            self._fail(f"{type(error).__name__}: {error}")
            return
        if self._result.problems:
            self._finish()
            return
        if step is not None:
            self._wait = step
            self._wait_started = time.monotonic()
        self._timer.start(0)

    def _fail(self, problem: str) -> None:
        self._result.problems.append(problem)
        self._finish()

    def _finish(self) -> None:
        self._app.exit(EXIT_OK if self._result.ok else EXIT_FAILED)

    def abort(self, problem: str) -> None:
        self._timer.stop()
        self._fail(problem)


def _find_button(root: QWidget, name: str) -> QAbstractButton | None:
    button = root.findChild(QAbstractButton, name)
    return button if isinstance(button, QAbstractButton) else None


def _walk_script(
    window: QWidget, flow: Flow, paths: Sequence[FlowPath], result: SmokeResult
) -> Iterator[_Wait | None]:
    """The steps of the walk. `window` is a MainWindow (typed loosely: imported lazily)."""
    from assistant.ui.window import MainWindow

    assert isinstance(window, MainWindow)
    watcher = _PaintWatcher(window)
    window.screen_changed.connect(lambda _id: watcher.watch(window.current_view))
    watcher.watch(window.current_view)

    def current() -> str:
        screen_id = window.current_view.property("screen_id")
        return screen_id if isinstance(screen_id, str) else "?"

    def click(root: QWidget, name: str, where: str) -> bool:
        button = _find_button(root, name)
        if button is None:
            result.problems.append(f"{where}: no button named {name!r}")
            return False
        if not button.isVisible() or not button.isEnabled():
            state = "hidden" if not button.isVisible() else "disabled"
            result.problems.append(f"{where}: button {name!r} is {state}")
            return False
        button.click()
        result.clicks += 1
        return True

    handle = window.windowHandle()
    yield _Wait(
        lambda: handle is not None and handle.isExposed(), "the window to be exposed", 20_000
    )
    window.ensure_visible(window.current_view)
    yield _Wait(watcher.has_painted(flow.start), f"the start screen {flow.start!r} painted")

    restart = _find_button(window, "restart")
    back = _find_button(window, "back")
    if restart is None or back is None:
        result.problems.append("the navigation buttons 'back' and 'restart' are missing")
        return

    for number, path in enumerate(paths, start=1):
        where = f"path {number} ({' '.join(path.answers) or 'start'} => {path.result})"
        if current() != flow.start:
            if not click(window, "restart", where):
                return
            yield None
            if current() != flow.start:
                result.problems.append(f"{where}: Recomeçar showed {current()!r}, not the start")
                return
        for step, answer in enumerate(path.answers):
            expected_here, expected_next = path.screens[step], path.screens[step + 1]
            if current() != expected_here:
                result.problems.append(f"{where}: on {current()!r}, expected {expected_here!r}")
                return
            if not click(window.current_view, f"option-{answer}", f"{where}, {expected_here}"):
                return
            yield None  # the event loop runs: deferred deletes, layout, paint
            if current() != expected_next:
                result.problems.append(
                    f"{where}: option {answer!r} on {expected_here!r} led to {current()!r}, "
                    f"expected {expected_next!r}"
                )
                return
        screen = flow.screen(path.result)
        kind = window.current_view.property("screen_kind")
        if kind != "result":
            result.problems.append(f"{where}: ended on a {kind!r} screen, not a result")
            return
        title = window.header.title_label.text()
        if title != screen.title:
            result.problems.append(f"{where}: result title {title!r}, expected {screen.title!r}")
            return
        # Below the fold when the trail and the title fill the window (a small screen at a
        # big scale): a customer scrolls there; so does the walk, or it is never painted.
        window.ensure_visible(window.current_view)
        yield _Wait(watcher.has_painted(path.result), f"the result {path.result!r} painted")
        if path.answers:  # Voltar from the result goes back one screen, then forward again
            if not click(window, "back", where):
                return
            yield None
            if current() != path.screens[-2]:
                result.problems.append(
                    f"{where}: Voltar from the result showed {current()!r}, "
                    f"expected {path.screens[-2]!r}"
                )
                return
            if not click(window.current_view, f"option-{path.answers[-1]}", where):
                return
            yield None
            if current() != path.result:
                result.problems.append(f"{where}: could not return to the result after Voltar")
                return
        result.paths_walked += 1
        result.results_reached.add(path.result)


def smoke_walk(
    app: QApplication,
    flow: Flow,
    *,
    paths: Sequence[FlowPath] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    result: SmokeResult | None = None,
) -> int:
    """Show a MainWindow over `flow` and walk every path (or `paths`) inside `app.exec()`.

    Returns 0 when every path landed on its result, else 1 after saying why. Uncaught exceptions
    in slots and Qt warnings (but ALLOWED_QT_WARNINGS) during the walk count as failures."""
    from assistant.ui.window import MainWindow, app_icon

    result = result if result is not None else SmokeResult()
    walk = list(paths) if paths is not None else all_paths(flow)
    if not walk:
        result.problems.append("the flow has no path from the start to a result")

    icon = app_icon()
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        result.problems.append(
            "the app icon did not render (resources/icons: the PNGs rendered at build time in a "
            "bundle, else app.svg)"
        )

    exceptions: list[str] = []

    def record_exception(
        kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        logger.error("uncaught exception during the smoke walk", exc_info=(kind, error, tb))
        exceptions.append(f"uncaught {kind.__name__}: {error}")

    started = time.monotonic()
    if result.problems:  # the build is broken already: say so, with no window to clean up
        return _report(result, len(walk), started)
    previous_hook = sys.excepthook
    sys.excepthook = record_exception
    window = MainWindow(flow)
    try:
        window.show()  # no raise_()/activateWindow(): clicks need no focus (offscreen warns)
        script = _walk_script(window, flow, walk, result)
        walker = _Walker(app, script, result)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(lambda: walker.abort(f"the walk took over {timeout_s:.0f} s"))
        deadline.start(int(timeout_s * 1000))
        walker.start()
        app.exec()
        deadline.stop()
    finally:
        sys.excepthook = previous_hook
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    result.problems += exceptions
    return _report(result, len(walk), started)


def _report(result: SmokeResult, paths: int, started: float) -> int:
    """Say how the walk went (its Qt warnings are problems too); the exit status."""
    result.problems += [f"Qt warning: {w}" for w in result.qt_warnings]
    elapsed = time.monotonic() - started
    if result.ok:
        say(
            f"smoke test: OK - {result.paths_walked} paths to {len(result.results_reached)} "
            f"results, {result.clicks} clicks, platform {QGuiApplication.platformName()}, "
            f"{elapsed:.1f} s"
        )
        return EXIT_OK
    say(f"smoke test: FAILED after {result.paths_walked} of {paths} paths", error=True)
    for problem in result.problems:
        say(f"  {problem}", error=True)
    return EXIT_FAILED


def _install_warning_collector(result: SmokeResult) -> Callable[[], None]:
    """Collect Qt warnings and worse into `result.qt_warnings`; returns the uninstaller."""

    def handler(mode: QtMsgType, _context: object, message: str) -> None:
        if mode == QtMsgType.QtDebugMsg or mode == QtMsgType.QtInfoMsg:
            logger.debug("qt: %s", message)
            return
        if any(allowed in message for allowed in ALLOWED_QT_WARNINGS):
            logger.debug("qt (allowed): %s", message)
            return
        logger.warning("qt: %s", message)
        result.qt_warnings.append(message)

    previous = qInstallMessageHandler(handler)

    def uninstall() -> None:
        qInstallMessageHandler(previous)

    return uninstall


def run_smoke_test(
    flows_path: Path | None = None,
    *,
    high_contrast: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> int:
    """The `--smoke-test` entry point: the app's QApplication (or the existing one), its theme,
    the flows (the bundled flows.yaml when None), then `smoke_walk`. The exit status."""
    from assistant.logging_setup import configure_logging
    from assistant.resources import bundled_flows

    configure_logging()
    result = SmokeResult()
    uninstall = _install_warning_collector(result)
    try:
        from assistant.ui.app import create_application, use_theme
        from assistant.ui.qt_translations import (
            CATALOG,
            qt_text_is_portuguese,
            qt_translations_dir,
        )

        app = create_application()
        use_theme(app, high_contrast=high_contrast, dark=False)  # the same run on any desktop
        if not app.styleSheet().strip():
            result.problems.append("no stylesheet applied: resources/themes missing?")
        if not qt_text_is_portuguese():
            result.problems.append(
                f"Qt's own text (context menus) is in English: {CATALOG}.qm not found in "
                f"{qt_translations_dir()}"
            )
        if not QFontDatabase.families():
            # Every text would be drawn as empty boxes, and nothing else would say so.
            result.problems.append(
                "no fonts found (fontconfig): install a font package, e.g. fonts-dejavu-core"
            )
        path = flows_path if flows_path is not None else bundled_flows()
        try:
            flow = load_flow(path)
        except (FlowError, FlowFileError) as error:
            say(f"smoke test: FAILED - {path} cannot be used:", error=True)
            report = error.report() if isinstance(error, FlowError) else str(error)
            for line in report.splitlines():
                say(f"  {line}", error=True)
            return EXIT_FAILED
        say(f"smoke test: {path} (content {flow.content_version or '?'})")
        return smoke_walk(app, flow, timeout_s=timeout_s, result=result)
    except Exception as error:  # whatever it is, say it and exit non-zero: never a dialog
        logger.exception("smoke test crashed")
        say(f"smoke test: FAILED - {type(error).__name__}: {error}", error=True)
        return EXIT_FAILED
    finally:
        uninstall()
