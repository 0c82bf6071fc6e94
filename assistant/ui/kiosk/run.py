"""`assistant --kiosk`: start a store's kiosk and return the process exit code.

Exit codes (assistant.kiosk.exit_codes, documented for the OS launchers in packaging/kiosk/):
0 after the admin exit (gesture + PIN), 3 when the kiosk config file is wrong (its problems are
printed and logged: a store's settings are never silently replaced by defaults), 1 for a fatal
error. Flows that cannot be used never stop the kiosk: the configured file falls back to the
last-known-good copy, then to the bundled flows.yaml, and with nothing usable the kiosk shows
"Em manutenção" (logging why) until one of those files changes and the chain finds usable
flows (assistant.content.recovery), or the admin leaves it.

A configured file on a store's share that stops answering does not keep the screen blank: the
kiosk waits `START_WAIT_S` for it, with "Um momento" on screen after half a second
(kiosk.starting), then starts without it (`first_content`), and reads it again in the
background (ui.background) until it answers.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.kiosk.exit_codes import ADMIN_EXIT, BAD_CONFIG
from assistant.ui import theme
from assistant.ui.app import create_application, log_qt_message, use_theme
from assistant.ui.first_paint import AfterFirstPaint
from assistant.ui.signals import exit_code_for, quit_on_signals

if TYPE_CHECKING:
    from collections.abc import Callable

    from assistant.content.loaded import LoadedContent
    from assistant.content.recovery import Recovery
    from assistant.content.source import ContentUpdater
    from assistant.kiosk.config import KioskConfig

    Found = tuple[LoadedContent, ContentUpdater | None]
    # Returns when the thread has ended or the seconds have passed.
    Wait = Callable[[threading.Thread, float], None]

logger = logging.getLogger(__name__)

START_WAIT_S = 10.0
"""How long a kiosk waits at start for its configured flows file. A local disk or a healthy share
answers in milliseconds; one that stopped answering can take hours (a hard NFS mount)."""


def load_kiosk_content(
    config: KioskConfig, flows_path: Path | None, bundled: Path | None = None
) -> tuple[LoadedContent | None, ContentUpdater | None]:
    """The content to start with and, when a flows file is configured, its updater.

    With no configured file the bundled flows are used directly: a last-known-good copy left by
    an older configuration must not win over the flows shipped with this version of the app.
    """
    from assistant.content.loaded import NoContentError, read_content
    from assistant.content.source import ContentUpdater, load_content
    from assistant.content.store import LastKnownGoodStore
    from assistant.flows.loader import FlowFileError
    from assistant.flows.problems import FlowError
    from assistant.resources import bundled_flows

    bundled = bundled if bundled is not None else bundled_flows()
    configured = flows_path if flows_path is not None else config.flows
    if configured is None:
        try:
            return read_content(bundled, "bundled"), None
        except (FlowError, FlowFileError) as error:
            from assistant.ui.excepthook import problem_lines

            for line in problem_lines(error):
                logger.error("bundled flows: %s", line)
            return None, None
    store = LastKnownGoodStore()
    try:
        content = load_content(configured, store, bundled)
    except NoContentError:  # load_content logged every reason
        return None, None
    return content, ContentUpdater(configured, store, content)


def kiosk_recovery(
    config: KioskConfig,
    flows_path: Path | None,
    bundled: Path | None = None,
    *,
    tried: bool = True,
) -> Recovery[Found]:
    """What takes a kiosk out of "Em manutenção": `load_kiosk_content` again, once the
    configured file, the last-known-good copy or the bundled file changed on disk. Built before
    the first load, so that a file saved in between is not missed (`tried=False`: no first
    load finished, and the first poll tries)."""
    from assistant.content.recovery import Recovery
    from assistant.content.store import LastKnownGoodStore
    from assistant.resources import bundled_flows

    bundled = bundled if bundled is not None else bundled_flows()
    configured = flows_path if flows_path is not None else config.flows
    paths = [LastKnownGoodStore().path, bundled]
    if configured is not None:
        paths.insert(0, configured)

    def attempt() -> Found | None:
        content, updater = load_kiosk_content(config, flows_path, bundled)
        return None if content is None else (content, updater)

    return Recovery(paths, attempt, tried=tried)


def first_content(
    config: KioskConfig,
    flows_path: Path | None,
    bundled: Path | None = None,
    *,
    wait_s: float = START_WAIT_S,
    wait: Wait | None = None,
) -> tuple[Recovery[Found], LoadedContent | None, ContentUpdater | None]:
    """What the kiosk starts with: its recovery (see `kiosk_recovery`) and what
    `load_kiosk_content` finds, waiting at most `wait_s` for the configured file.

    `wait(worker, wait_s)` is how: it returns when the thread reading the file has ended or
    `wait_s` have passed (the kiosk's puts "Um momento" on screen meanwhile: kiosk.starting;
    by default, `worker.join`).

    When it does not answer in time, the kiosk starts on the last-known-good copy (or the
    bundled flows) and the updater of the configured file, which the kiosk polls in the
    background: once the file answers, it is used between customers, as any update. The
    start-up read left behind then only logs that the file answered.
    """
    configured = flows_path if flows_path is not None else config.flows
    if configured is None:  # nothing but the bundled file: nothing to wait for
        recovery = kiosk_recovery(config, flows_path, bundled)
        return (recovery, *load_kiosk_content(config, flows_path, bundled))

    found: list[tuple[Recovery[Found], LoadedContent | None, ContentUpdater | None]] = []
    failed: list[BaseException] = []
    abandoned = threading.Event()  # set when the kiosk started without the file

    def load() -> None:
        from assistant.content.loaded import read_bytes
        from assistant.flows.loader import FlowFileError
        from assistant.flows.problems import FlowError

        began = time.monotonic()
        try:
            # Where a share that stopped answering holds the start: the first read. (A missing
            # or oversized file: load_kiosk_content says so, below.)
            with contextlib.suppress(FlowError, FlowFileError):
                read_bytes(configured)
            if abandoned.is_set():
                # Too late: the kiosk runs without it, and its update checks read the file
                # from now on. Going on would log a start long over (and the file's problems,
                # which the update checks log too) and save the last-known-good copy behind
                # their back.
                logger.info(
                    "the configured flows file %s answered after %.0f s; the update checks "
                    "take it from here",
                    configured,
                    time.monotonic() - began,
                )
                return
            recovery = kiosk_recovery(config, flows_path, bundled)
            found.append((recovery, *load_kiosk_content(config, flows_path, bundled)))
        except BaseException as error:  # raised again below, in the main thread
            failed.append(error)

    # A daemon: a read that never returns must not keep the process from exiting.
    worker = threading.Thread(target=load, name="kiosk: first flows", daemon=True)
    worker.start()
    if wait is None:
        worker.join(wait_s)
    else:
        try:
            wait(worker, wait_s)
        except BaseException:  # the start was stopped: the read must not go on to save a copy
            abandoned.set()
            raise
    if failed:
        raise failed[0]
    if found:
        return found[0]
    abandoned.set()
    return _start_without(config, flows_path, configured, bundled, wait_s)


def _start_without(
    config: KioskConfig,
    flows_path: Path | None,
    configured: Path,
    bundled: Path | None,
    waited_s: float,
) -> tuple[Recovery[Found], LoadedContent | None, ContentUpdater | None]:
    """The start when the configured file did not answer in `waited_s`: the fallback chain
    without it, its updater, and a recovery that has tried nothing yet."""
    from assistant.content.loaded import NoContentError
    from assistant.content.source import ContentUpdater, load_content
    from assistant.content.store import LastKnownGoodStore
    from assistant.resources import bundled_flows

    logger.error(
        "the configured flows file %s did not answer in %.0f s (a network share that stopped "
        "answering?): starting without it; it is read again in the background",
        configured,
        waited_s,
    )
    recovery = kiosk_recovery(config, flows_path, bundled, tried=False)
    store = LastKnownGoodStore()
    silent = f"{configured}: cannot read the flows file: no answer in {waited_s:.0f} s"
    try:
        content = load_content(
            None, store, bundled if bundled is not None else bundled_flows(), unavailable=silent
        )
    except NoContentError:  # load_content logged every reason
        return recovery, None, None
    return recovery, content, ContentUpdater(configured, store, content)


def run_kiosk(
    config_path: Path | None,
    *,
    flows_path: Path | None = None,
    high_contrast: bool = False,
    exit_after_first_paint: bool = False,
) -> int:
    """Run the kiosk until the admin leaves it; the exit code (see the module docstring)."""
    from PySide6.QtCore import qInstallMessageHandler

    from assistant.kiosk.config import KioskConfigError, load_kiosk_config
    from assistant.logging_setup import configure_logging, print_error, set_content_stamp
    from assistant.ui.excepthook import install_excepthook
    from assistant.ui.kiosk.lockdown import KioskLock
    from assistant.ui.kiosk.starting import StartStoppedError, StartWait
    from assistant.ui.kiosk.window import KioskWindow

    configure_logging()
    try:
        config = load_kiosk_config(config_path)
    except KioskConfigError as error:
        for problem in error.problems:
            print_error(str(problem))
            logger.error("kiosk config: %s", problem)
        return BAD_CONFIG

    app = create_application()
    qInstallMessageHandler(log_qt_message)
    # Larger text for a touch screen read standing: every role font is a factor of this one.
    font = app.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * theme.KIOSK_FONT_FACTOR)
        app.setFont(font)
        theme.forget_fonts()
    # A store's screen keeps its look: no dark theme because Windows went dark by schedule.
    use_theme(app, high_contrast=high_contrast, dark=False, layers=theme.KIOSK_LAYERS)

    waiting = StartWait(hide_cursor=config.hide_cursor)
    locks: list[KioskLock] = []  # the window's, once it exists
    stopped: list[int] = []  # a signal during the wait for the flows file

    def end_on_signal(signum: int) -> None:
        # Stopped by the OS (systemctl stop: SIGTERM) or Ctrl+C: 128+N, never ADMIN_EXIT. The
        # wait for the flows file runs the event loop too ("Um momento"): a signal then ends
        # the wait, and the kiosk does not come up.
        logger.info("kiosk stopped by signal %d", signum)
        if locks:
            locks[0].exit(exit_code_for(signum))
        else:
            stopped.append(signum)
            waiting.stop()

    undo_signals = quit_on_signals(end_on_signal)
    try:
        recovery, content, updater = first_content(config, flows_path, wait=waiting)
    except BaseException as error:
        undo_signals()
        waiting.close()
        if not isinstance(error, StartStoppedError):
            raise
        code = exit_code_for(stopped[0])
        logger.info("kiosk ended with exit code %d", code)
        return code
    if content is not None:
        set_content_stamp(content.stamp)
        logger.info("kiosk content %s from %s (%s)", content.stamp, content.path, content.source)
        warn_about_region(config, content)
    else:
        logger.error("kiosk in maintenance: no usable flows")

    window = KioskWindow(
        config,
        content,
        updater=updater,
        on_content=content_listener(config),
        recover=recovery.poll,
    )
    lock = window.lock()
    locks.append(lock)
    uninstall = install_excepthook(window.recover_from_error)
    if exit_after_first_paint:
        AfterFirstPaint(window, lambda: lock.exit(ADMIN_EXIT), report=True)

    def on_screen() -> None:
        # From then on a stop by signal is clean, and the kiosk covers "Um momento".
        logger.info("kiosk on screen")
        waiting.close()

    AfterFirstPaint(window, on_screen)
    try:
        code = app.exec()
    finally:
        undo_signals()
        uninstall()
    logger.info("kiosk ended with exit code %d", code)
    return code


def content_listener(config: KioskConfig) -> Callable[[LoadedContent], None]:
    """What the kiosk does with each content update: the log's stamp, and the region check
    (a new file may have dropped or renamed the store's region)."""

    def updated(content: LoadedContent) -> None:
        from assistant.logging_setup import set_content_stamp

        set_content_stamp(content.stamp)
        warn_about_region(config, content)

    return updated


def warn_about_region(config: KioskConfig, content: LoadedContent) -> None:
    """Log a `region` of the kiosk config that the flows in use do not have (the customers are
    then asked their region): at the start, and at each content update."""
    from assistant.kiosk.config import config_problems_for_flow

    for problem in config_problems_for_flow(config, content.flow):
        logger.warning("kiosk config: %s (the region question is asked)", problem)

