"""Out of "Em manutenção": the start-up fallback chain tried again once one of its files changes.

A kiosk that found nothing usable at start (the configured file broken, no last-known-good
copy, the bundled file damaged) shows "Em manutenção". Waiting for a restart would leave the
store's screen there after the file was fixed; instead the kiosk polls a `Recovery` now and
then. A poll only stats the files (modification and change times, size). When that changed
(saved, replaced, created, removed, its permissions fixed), their bytes are read, and the chain
is tried again only if what can be read differs from the last try: a store that pulls the same
broken file every few minutes (cron, rsync) gets its problems logged once, not at every pull.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from assistant.content.stamp import digest

__all__ = ["FileState", "Recovery", "file_contents", "file_state"]

T = TypeVar("T")

FileState = tuple[int, int, int] | None
"""A file's modification time, change time (ns) and size; None while it cannot be stat'ed."""


def file_state(path: Path) -> FileState:
    """What a poll compares first: `path`'s mtime, ctime (a chmod changes only that) and size;
    None if it cannot be stat'ed (missing)."""
    try:
        status = path.stat()
    except (OSError, ValueError):  # ValueError: a path the OS refuses (an embedded NUL)
        return None
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size


def file_contents(path: Path) -> str:
    """What a try would read in `path`: the digest of its bytes, or why it cannot be read."""
    try:
        return digest(path.read_bytes())
    except (OSError, ValueError) as error:
        return f"unreadable: {type(error).__name__} {getattr(error, 'errno', '')}"


class Recovery(Generic[T]):
    """Calls `attempt` again when what `paths` hold changed since the previous try.

    Built *before* the failed first attempt, so that a file saved between that attempt and the
    first poll is not missed: the first poll then sees the change. With `tried=False` (the
    first attempt never finished: a file did not answer) nothing is looked at until the first
    poll, which then tries.
    """

    def __init__(
        self, paths: Sequence[Path], attempt: Callable[[], T | None], *, tried: bool = True
    ) -> None:
        self._paths = tuple(paths)
        self._attempt = attempt
        # None: no try to compare with (the first poll tries whatever the files hold).
        self._seen: tuple[FileState, ...] | None = self._states() if tried else None
        self._tried: tuple[str, ...] | None = None  # unknown: not read at start

    @property
    def paths(self) -> tuple[Path, ...]:
        return self._paths

    def poll(self) -> T | None:
        """What `attempt` returns if a file changed since the last poll; None otherwise."""
        states = self._states()
        if states == self._seen:
            return None
        self._seen = states
        contents = tuple(file_contents(path) for path in self._paths)
        if contents == self._tried:
            return None
        self._tried = contents
        return self._attempt()

    def _states(self) -> tuple[FileState, ...]:
        return tuple(file_state(path) for path in self._paths)
