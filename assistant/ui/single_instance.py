"""One assistant window per user: a second start brings the open window forward and ends.

A customer who double-clicks the menu entry twice (the first window was slow to appear, or lies
behind another) got a second, identical window exactly on top of the first, both writing the same
log and the same saved window place. Now the first start holds a lock file in the per-user config
folder (QLockFile: a lock whose process is gone is taken over); a start that finds it held by a
running assistant writes a request file next to it and ends, and the running one, which watches
that file (QFileSystemWatcher), brings its window forward.

Only the plain start does this: an author's `--watch` or another `--flows` file opens a window of
its own, and the kiosk is started once by its launcher. When the folder cannot be written, every
start simply opens its window.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile

if TYPE_CHECKING:
    from PySide6.QtCore import QFileSystemWatcher

logger = logging.getLogger(__name__)

LOCK_NAME = "instance.lock"
REQUEST_NAME = "instance.raise"


class SingleInstance:
    """The lock of the running assistant, in `folder`, and the way to reach it."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._lock = QLockFile(str(folder / LOCK_NAME))
        self._lock.setStaleLockTime(0)  # only a lock whose process is gone is stale
        self._watcher: QFileSystemWatcher | None = None  # once listening

    @property
    def request_file(self) -> Path:
        return self._folder / REQUEST_NAME

    def another_is_running(self) -> bool:
        """Take the lock, or say that a running assistant holds it. False also when the lock
        cannot be written at all: then this start just opens its window."""
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            logger.warning("no single-instance lock in %s: %s", self._folder, error)
            return False
        if self._lock.tryLock(0):
            return False
        if self._lock.error() is QLockFile.LockError.LockFailedError:
            return True
        logger.warning("no single-instance lock in %s: %s", self._folder, self._lock.error())
        return False

    def ask_to_come_forward(self) -> bool:
        """Tell the running assistant to bring its window forward; False if it cannot be told."""
        try:
            # Written in place (not replaced): the watcher follows this very file.
            with self.request_file.open("a", encoding="utf-8") as request:
                request.write(f"{os.getpid()} {time.time():.3f}\n")
        except OSError as error:
            logger.warning("cannot ask the running assistant to come forward: %s", error)
            return False
        return True

    def listen(self, come_forward: Callable[[], None]) -> None:
        """Call `come_forward` whenever another start asks for it (from the event loop)."""
        from PySide6.QtCore import QFileSystemWatcher  # not needed for the first frame

        path = self.request_file
        try:
            path.write_text("", encoding="utf-8")  # there to be watched, and never grows large
        except OSError as error:
            logger.warning("a second start will not find this window: %s", error)
            return
        watcher = self._watcher = QFileSystemWatcher([str(path)])

        def requested(changed: str) -> None:
            if changed not in watcher.files() and Path(changed).exists():
                watcher.addPath(changed)  # replaced rather than written: watch the new one
            logger.info("another start asked for this window")
            come_forward()

        watcher.fileChanged.connect(requested)

    def release(self) -> None:
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        self._lock.unlock()
