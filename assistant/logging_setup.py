"""Logging to a rotating file in the per-user data folder, configured once per process.

The folder is `ASSISTANT_LOG_DIR` when set (tests), else the platform's per-user data folder
(what Qt calls AppDataLocation; XDG_DATA_HOME on Linux) followed by `logs/`. Worked out in plain
Python so the command-line tools can log without starting Qt.

Every line carries the stamp of the content on show (`[content 2026-11-24 · 3fa1c2d9]`, or
`[content -]` before any is loaded), so support can tell from a log what a kiosk was showing:
whoever loads or swaps content calls `set_content_stamp`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from io import TextIOWrapper
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.user_dirs import user_data_dir

if TYPE_CHECKING:
    from assistant.content.stamp import ContentStamp

LOG_DIR_ENV = "ASSISTANT_LOG_DIR"
LOG_FILE_NAME = "assistant.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s [content %(content)s] %(name)s: %(message)s"
NO_CONTENT = "-"

_content = NO_CONTENT  # what set_content_stamp was last given, as text

_HANDLER_MARK = "_assistant_log_file"
_CONSOLE_MARK = "_assistant_log_console"


def set_content_stamp(stamp: ContentStamp | None) -> None:
    """Put `stamp` (None: no content yet) on every log line from now on."""
    global _content
    _content = str(stamp) if stamp is not None else NO_CONTENT


def content_stamp_text() -> str:
    """What the log lines carry now: `str(stamp)`, or `-`."""
    return _content


class ContentStampFilter(logging.Filter):
    """Adds `content` (the current content stamp) to each record a handler writes.

    On the handlers, not on the `assistant` logger: a logger's filters do not see the records
    its child loggers (`assistant.ui.window`, ...) pass up to its handlers.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.content = _content
        return True


def print_error(text: str) -> None:
    """`text` on stderr when there is one that works: a windowed app has none (None), and a
    closed, full or broken one (ENOSPC, EPIPE) must not turn a message into a crash."""
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):  # ValueError: a closed stream
        print(text, file=stream, flush=True)


class LogFile(logging.FileHandler):
    """The log file, rotated and robust to what happens to it while the app runs.

    - A record that would take the file to `max_bytes` first moves it to `.1` (`.1` to `.2`,
      ... up to `backups` files; the oldest is dropped).
    - Its folder deleted or the file moved away (a clean-up, another instance rotating the same
      log): the next record reopens the file at its path, making the folder again, instead of
      writing into a deleted file and, at the next rollover, failing on every record.
    - A write that fails (a full disk): one line on stderr, once, not logging's traceback for
      every record.

    Not `logging.handlers.RotatingFileHandler`: importing `logging.handlers` imports `socket`
    (for its SocketHandler) and `queue`, about 7 ms of every start (before the kiosk's first
    screen, just after the desktop window's), for a rotation that takes the few lines of
    `_roll_over`.
    """

    _reported = False

    def __init__(self, path: Path, *, max_bytes: int, backups: int) -> None:
        super().__init__(path, encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is not None and self._moved():
            self.close_stream()
        try:
            if self._full_with(record):
                self._roll_over()
        except Exception:  # as logging's own handlers do: reported, never raised
            self.handleError(record)
            return
        super().emit(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        path = Path(self.baseFilename)
        if self.max_bytes <= 0 or (path.exists() and not path.is_file()):
            return False  # never "rotate" /dev/null or a FIFO someone pointed the log at
        if self.stream is None:
            self.stream = self._open()
        text = f"{self.format(record)}{self.terminator}"
        self.stream.seek(0, os.SEEK_END)
        size = len(text.encode(self.encoding or "utf-8"))
        return bool(self.stream.tell() + size > self.max_bytes)

    def _roll_over(self) -> None:
        self.close_stream()
        base = Path(self.baseFilename)
        for index in range(self.backups - 1, 0, -1):
            older = base.with_name(f"{base.name}.{index}")
            if older.exists():
                older.replace(base.with_name(f"{base.name}.{index + 1}"))  # over the oldest
        if self.backups > 0 and base.exists():
            base.replace(base.with_name(f"{base.name}.1"))
        elif self.backups <= 0:
            base.write_bytes(b"")  # no copies kept: start the file again
        self.stream = self._open()

    def _moved(self) -> bool:
        if self.stream is None:
            return False
        try:
            on_disk = Path(self.baseFilename).stat()
            ours = os.fstat(self.stream.fileno())
        except (OSError, ValueError):
            return True
        return (on_disk.st_dev, on_disk.st_ino) != (ours.st_dev, ours.st_ino)

    def close_stream(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.close()

    def close(self) -> None:
        try:
            super().close()
        except (OSError, ValueError):  # the last lines could not be flushed (a full disk)
            self.stream = None

    def _open(self) -> TextIOWrapper:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if self._reported:
            return
        self._reported = True
        error = sys.exc_info()[1]
        print_error(f"assistant: cannot write the log file {self.baseFilename} ({error})")


def _formatter() -> logging.Formatter:
    # The default covers a record that reaches the formatter without the filter.
    return logging.Formatter(FORMAT, defaults={"content": NO_CONTENT})


def log_dir() -> Path:
    """Where the log file goes: $ASSISTANT_LOG_DIR, else <user data folder>/logs."""
    override = os.environ.get(LOG_DIR_ENV)
    return Path(override) if override else user_data_dir() / "logs"


def configure_logging(*, verbose: bool = False) -> Path | None:
    """Send the `assistant` loggers to a rotating file; return its path (None if not writable).

    INFO and above, or with `verbose` DEBUG (engine transitions) and a copy on stderr. Calling
    it again only lowers the level if asked, and returns the path already in use.
    """
    logger = logging.getLogger("assistant")
    level = logging.DEBUG if verbose else logging.INFO
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    # A windowed frozen app on Windows has no stderr at all (sys.stderr is None).
    has_console = sys.stderr is not None
    already = any(getattr(h, _CONSOLE_MARK, False) for h in logger.handlers)
    if verbose and has_console and not already:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(_formatter())
        console.addFilter(ContentStampFilter())
        setattr(console, _CONSOLE_MARK, True)
        logger.addHandler(console)
    for handler in logger.handlers:
        if getattr(handler, _HANDLER_MARK, False):
            return Path(getattr(handler, "baseFilename", ""))
    path = log_dir() / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = LogFile(path, max_bytes=MAX_BYTES, backups=BACKUP_COUNT)
    except OSError as error:
        print_error(f"assistant: not logging to a file ({error})")
        return None
    handler.setFormatter(_formatter())
    handler.addFilter(ContentStampFilter())
    setattr(handler, _HANDLER_MARK, True)
    logger.addHandler(handler)
    return path


def remove_logging() -> None:
    """Detach and close the handlers added by `configure_logging`, and forget the content
    stamp (tests)."""
    logger = logging.getLogger("assistant")
    for handler in list(logger.handlers):
        if getattr(handler, _HANDLER_MARK, False) or getattr(handler, _CONSOLE_MARK, False):
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(logging.NOTSET)
    set_content_stamp(None)
