"""Author mode (`assistant --watch`): re-read and re-check the flows file each time it is saved.

`FlowWatcher` watches the file and its folder with QFileSystemWatcher and waits for the saves
to settle (editors write a file in several steps) before reading it once. The same bytes are
never reported twice, whether they come back through the file or the folder, so the window
reloads once per real change:

- `reloaded(LoadedContent)` when the new bytes pass every check;
- `failed(list[str])` with every problem as `file:line:col: message` when they do not (the
  window keeps the previous content); saved again unchanged, they are reported again.

Editors that save by writing a new file and renaming it over the old one (vim, gedit, most
IDEs) replace the watched inode, and QFileSystemWatcher drops the path: watching the folder
catches the rename, and the path is added back once the new file is there.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from assistant.content.loaded import (
    LoadedContent,
    content_from_bytes,
    error_lines,
    read_bytes,
)
from assistant.content.stamp import digest
from assistant.flows.loader import FlowFileError
from assistant.flows.problems import FlowError

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 250
"""Quiet time after the last change before the file is read: long enough for an editor's
write-rename-chmod sequence, short enough to feel live."""
POLL_MS = 1000
"""How often to look for the file's folder while it is gone (deleted and made again by a
checkout or a sync tool): QFileSystemWatcher cannot watch a folder that does not exist."""


class FlowWatcher(QObject):
    """Watches the flows file at `path`, whose content `current` is on show (None: nothing yet).

    Starts watching at once; `stop()` stops. `check_now()` reads the file without waiting.
    """

    reloaded = Signal(object)  # LoadedContent: clean new content
    failed = Signal(list)  # list[str]: every problem of the new bytes, file:line:col: message

    def __init__(
        self,
        path: Path,
        current: LoadedContent | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._path = Path(path).absolute()
        # What was last reported (a digest, or why the file could not be read).
        self._reported: str | None = current.digest if current is not None else None
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.check_now)
        # While the folder itself is gone (a checkout or a sync tool replaced it), nothing is
        # watched and no change can be heard: look again every `poll_ms` until it is back.
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.check_now)
        self._watcher.fileChanged.connect(self._on_change)
        self._watcher.directoryChanged.connect(self._on_change)
        self._active = True
        self._identity: tuple[int, int] | None = None  # (device, inode) of the watched file
        self._watch()

    @property
    def path(self) -> Path:
        return self._path

    def watched_paths(self) -> list[str]:
        """The paths QFileSystemWatcher watches now (the file, when it exists, and its folder)."""
        return sorted(self._watcher.files() + self._watcher.directories())

    def stop(self) -> None:
        """Stop watching; nothing is emitted afterwards."""
        self._active = False
        self._timer.stop()
        self._poll.stop()
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)

    def check_now(self) -> None:
        """Read the file now and report it if its bytes differ from the last ones reported."""
        if not self._active:
            return
        self._timer.stop()
        self._watch()
        try:
            data = read_bytes(self._path)
        except (FlowError, FlowFileError) as error:
            self._report_failure(f"unreadable: {error}", error_lines(error))
            return
        found = digest(data)
        if found == self._reported:
            return
        try:
            loaded = content_from_bytes(data, self._path, "configured")
        except FlowError as error:
            # Keyed by the save too, not only the bytes: saving the same broken file again
            # lists its problems again (the banner's "Fechar" promises it comes back).
            self._report_failure(f"{found}@{self._saved_at()}", error_lines(error))
            return
        self._reported = found
        logger.info("flows file %s changed: reloading flows %s", self._path, loaded.stamp)
        self.reloaded.emit(loaded)

    def _report_failure(self, key: str, lines: list[str]) -> None:
        if key == self._reported:
            return
        self._reported = key
        logger.info(
            "flows file %s changed and has %d problem(s); keeping the previous flows",
            self._path,
            len(lines),
        )
        for line in lines:
            logger.info("  %s", line)
        self.failed.emit(lines)

    def _saved_at(self) -> int:
        try:
            return self._path.stat().st_mtime_ns
        except OSError:
            return 0

    def _on_change(self, _path: str) -> None:
        if self._active:
            self._timer.start()  # restarts: the file is read once the saves settle

    def _watch(self) -> None:
        """Watch the folder, and the file whenever it exists (again, after a rename over it)."""
        folder = str(self._path.parent)
        if folder not in self._watcher.directories() and self._path.parent.is_dir():
            self._watcher.addPath(folder)
        if folder in self._watcher.directories():
            self._poll.stop()
        elif self._active:
            self._poll.start()
        file = str(self._path)
        try:
            info = self._path.stat()
        except OSError:
            return  # gone for now: the folder's watch sees it come back
        identity = (info.st_dev, info.st_ino)
        watched = file in self._watcher.files()
        if watched and identity != self._identity:
            # Renamed over before Qt noticed that the old file went away: watch the new one.
            self._watcher.removePath(file)
            watched = False
        if not watched and self._watcher.addPath(file):
            self._identity = identity
