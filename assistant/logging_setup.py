"""Logging to a rotating file in the per-user data folder, configured once per process.

The folder is `ASSISTANT_LOG_DIR` when set (tests), else the platform's per-user data folder
(what Qt calls AppDataLocation; XDG_DATA_HOME on Linux) followed by `logs/`. Worked out in plain
Python so the command-line tools can log without starting Qt.

Every line carries the stamp of the content on show (`[content 2026-11-24 · 3fa1c2d9]`, or
`[content -]` before any is loaded), so support can tell from a log what a kiosk was showing:
whoever loads or swaps content calls `set_content_stamp`.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
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
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as error:
        print(f"assistant: not logging to a file ({error})", file=sys.stderr)
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
