"""Out of "Em manutenção": the start-up fallback chain tried again once one of its files changes.

A kiosk that found nothing usable at start (the configured file broken, no last-known-good
copy, the bundled file damaged) shows "Em manutenção". Waiting for a restart would leave the
store's screen there after the file was fixed; instead the kiosk polls a `Recovery` now and
then. A poll only stats the files, and tries the chain again when one of them changed on disk
(saved, replaced, created or removed): a file left as it was is not read, and its problems are
not logged again every few seconds all day.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["FileState", "Recovery", "file_state"]

T = TypeVar("T")

FileState = tuple[int, int] | None
"""A file's modification time (ns) and size; None while it cannot be stat'ed (missing)."""


def file_state(path: Path) -> FileState:
    """What a poll compares: `path`'s mtime and size, None if it cannot be stat'ed."""
    try:
        status = path.stat()
    except (OSError, ValueError):  # ValueError: a path the OS refuses (an embedded NUL)
        return None
    return status.st_mtime_ns, status.st_size


class Recovery(Generic[T]):
    """Calls `attempt` again when one of `paths` changed since the previous look.

    Built *before* the failed first attempt, so that a file saved between that attempt and the
    first poll is not missed: the first poll then sees the change.
    """

    def __init__(self, paths: Sequence[Path], attempt: Callable[[], T | None]) -> None:
        self._paths = tuple(paths)
        self._attempt = attempt
        self._seen = self._states()

    @property
    def paths(self) -> tuple[Path, ...]:
        return self._paths

    def poll(self) -> T | None:
        """What `attempt` returns if a file changed since the last poll; None otherwise."""
        states = self._states()
        if states == self._seen:
            return None
        self._seen = states
        return self._attempt()

    def _states(self) -> tuple[FileState, ...]:
        return tuple(file_state(path) for path in self._paths)
