"""One assistant window per user: a second start brings the open window forward and ends.

A customer who double-clicks the menu entry twice (the first window was slow to appear, or lies
behind another) got a second, identical window exactly on top of the first, both writing the same
log and the same saved window place. Now the first start holds a lock on a file in the login's
runtime folder (`user_dirs.user_runtime_dir`; the system's own file lock, flock or
msvcrt.locking: the system lets go of it when the process ends, crash included, and taking it
costs a few microseconds, against 1.5 ms for QLockFile's lock file with its host name and
process id); a start that finds it held writes a
request file next to it and ends, and the running one, which watches that file
(QFileSystemWatcher), brings its window forward. What the second start asked for besides
(`--high-contrast`, `--theme dark`: its "wishes") rides on its request line, and the running
window takes it on: asking for high contrast and getting the same old window would be wrong.

Only the plain start does this: an author's `--watch` or another `--flows` file opens a window of
its own, and the kiosk is started once by its launcher. When the folder cannot be written, every
start simply opens its window.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QFileSystemWatcher

logger = logging.getLogger(__name__)

LOCK_NAME = "instance.lock"
REQUEST_NAME = "instance.raise"

Wishes = dict[str, str]
"""What a second start asks of the running window besides coming forward, e.g.
{"theme": "dark"}: words without spaces, as `key=value` on its request line."""


class SingleInstance:
    """The lock of the running assistant, in `folder`, and the way to reach it."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._held: IO[bytes] | None = None  # the locked file, open while this start runs
        self._watcher: QFileSystemWatcher | None = None  # once listening

    @property
    def request_file(self) -> Path:
        return self._folder / REQUEST_NAME

    def another_is_running(self) -> bool:
        """Take the lock, or say that a running assistant holds it. False also when the lock
        cannot be taken at all (a folder that cannot be written): then this start just opens
        its window."""
        try:
            self._folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle = (self._folder / LOCK_NAME).open("a+b")
        except OSError as error:
            logger.warning("no single-instance lock in %s: %s", self._folder, error)
            return False
        try:
            _lock(handle)
        except OSError as error:
            handle.close()
            if error.errno in _HELD:
                return True
            logger.warning("no single-instance lock in %s: %s", self._folder, error)
            return False
        self._held = handle
        try:  # requests for an assistant that has ended are not for this one
            self.request_file.write_bytes(b"")
        except OSError as error:
            logger.warning("a second start will not find this window: %s", error)
        return False

    def ask_to_come_forward(self, wishes: Mapping[str, str] | None = None) -> bool:
        """Tell the running assistant to bring its window forward, and what else this start
        asks of it (`wishes`); False if it cannot be told."""
        if sys.platform == "win32":
            # Windows lets only the foreground process (this one, just started by the customer)
            # bring a window to the front: it hands that right on.
            import ctypes

            ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
        try:
            # Written in place (not replaced): the watcher follows this very file.
            asked = "".join(f" {key}={value}" for key, value in sorted((wishes or {}).items()))
            with self.request_file.open("a", encoding="utf-8") as request:
                request.write(f"{os.getpid()} {time.time():.3f}{asked}\n")
        except OSError as error:
            logger.warning("cannot ask the running assistant to come forward: %s", error)
            return False
        return True

    def listen(self, come_forward: Callable[[Wishes], None]) -> None:
        """Call `come_forward(wishes)` whenever another start asks for it (from the event
        loop); `wishes` are that start's (the latest one's, when several asked at once)."""
        from PySide6.QtCore import QFileSystemWatcher  # not needed for the first frame

        path = self.request_file
        if not path.exists():
            return  # could not be made when the lock was taken (said then)
        watcher = self._watcher = QFileSystemWatcher([str(path)])

        def requested(changed: str) -> None:
            if not Path(changed).exists():
                return  # the folder was cleaned away: nobody asked
            if changed not in watcher.files():
                watcher.addPath(changed)  # replaced rather than written: watch the new one
            wishes = self._latest_wishes()
            logger.info("another start asked for this window%s", f" ({wishes})" if wishes else "")
            come_forward(wishes)

        watcher.fileChanged.connect(requested)
        if path.stat().st_size:  # asked while this window was still coming up
            requested(str(path))

    def _latest_wishes(self) -> Wishes:
        """The wishes on the request file's last line ({} if none, or it cannot be read).
        Only that line is decoded: a stray byte on an earlier one (the file only grows while
        this window runs) would otherwise lose every later start's wishes."""
        try:
            lines = self.request_file.read_bytes().splitlines()
        except OSError:
            return {}
        last = lines[-1].decode("utf-8", errors="replace") if lines else ""
        words = last.split()[2:]
        return dict(word.split("=", 1) for word in words if "=" in word)

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        if self._held is not None:
            self._held.close()  # closing the file lets go of its lock
            self._held = None


# What the system says when another process holds the lock.
_HELD = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK})


def _lock(handle: IO[bytes]) -> None:
    """Lock `handle`'s file for this process, without waiting; OSError if that cannot be."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
