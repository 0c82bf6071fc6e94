"""Ctrl+C and `kill` end the app cleanly: the event loop is left and the exit code says why.

Python runs its signal handlers only when Python code runs, and the Qt event loop can sit in
C++ for as long as nobody touches the window: Ctrl+C in a terminal then did nothing, and the
KeyboardInterrupt came out later as a traceback in whatever slot ran next (a reload of the
flows file in author mode was skipped that way). SIGTERM killed the process with no "ended"
line in the log.

`quit_on_signals` points Python's wakeup fd at a socket the event loop watches, so the loop
wakes at once, and makes SIGINT and SIGTERM call `on_signal(signum)` (which leaves the loop)
from the event loop, never from inside the Python code the signal interrupted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QSocketNotifier, QTimer

SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)
)


def exit_code_for(signum: int) -> int:
    """128 + N, the shells' and systemd's "ended by signal N"."""
    return 128 + signum


def _wakeup_pair() -> tuple[int, int, Callable[[], bytes], Callable[[], None]]:
    """A non-blocking (read fd, write fd, read, close) for the wakeup fd: a pipe on POSIX (no import
    of `socket`, a few ms of a cold start), a socket pair on Windows, where it must be one."""
    if sys.platform != "win32":
        read_fd, write_fd = os.pipe()
        for descriptor in (read_fd, write_fd):
            os.set_blocking(descriptor, False)

        def close_pipe() -> None:
            for descriptor in (read_fd, write_fd):
                with contextlib.suppress(OSError):
                    os.close(descriptor)

        return read_fd, write_fd, lambda: os.read(read_fd, 64), close_pipe
    import socket

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)

    def close_sockets() -> None:
        reader.close()
        writer.close()

    return reader.fileno(), writer.fileno(), lambda: reader.recv(64), close_sockets


def quit_on_signals(on_signal: Callable[[int], None]) -> Callable[[], None]:
    """Call `on_signal(signum)` from the event loop on SIGINT or SIGTERM; return the undo.

    Does nothing (and returns a no-op) outside the main thread, where Python cannot set
    signal handlers.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    read_fd, write_fd, read, close = _wakeup_pair()
    try:
        previous_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
    except (ValueError, OSError):
        close()
        return lambda: None

    def drain() -> None:
        with contextlib.suppress(OSError):
            while read():
                pass

    notifier = QSocketNotifier(read_fd, QSocketNotifier.Type.Read)
    notifier.activated.connect(drain)
    pending: list[int] = []

    def deliver() -> None:
        while pending:
            on_signal(pending.pop(0))

    def handler(signum: int, _frame: object) -> None:
        # Python runs this between any two bytecodes of the main thread, a write to the log
        # file included: logging from here failed there ("reentrant call inside
        # BufferedWriter") and the "ended by signal" line was lost. `on_signal` runs from the
        # event loop instead, outside whatever was interrupted.
        pending.append(signum)
        QTimer.singleShot(0, deliver)

    previous = {signum: signal.signal(signum, handler) for signum in SIGNALS}

    def undo() -> None:
        for signum, old in previous.items():
            signal.signal(signum, old)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        close()

    return undo

