"""The last-known-good copy of the flows: the last configured file that passed every check.

It lives in the user data folder (`<data>/flows/flows.yaml`) and is what a kiosk falls back to
when the configured file is broken or gone. Two promises:

- it only ever holds checked content: `save` parses and checks the bytes before writing them;
- it is never left broken or empty: the bytes go to a temporary file in the same folder, which
  is flushed and fsynced, then `os.replace`d over the copy (atomic on POSIX and Windows), and
  the folder is fsynced so the rename itself survives a power cut. A process killed mid-write
  leaves the previous copy untouched, plus a `.flows.yaml.*.tmp` file that is never read as
  content and is removed by a later save once it is old.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from assistant.content.loaded import LoadedContent, read_bytes, read_content
from assistant.content.stamp import ContentStamp, digest
from assistant.flows.loader import FlowFileError, load_flow_text
from assistant.flows.problems import FlowError
from assistant.user_dirs import user_data_dir

logger = logging.getLogger(__name__)

FILE_NAME: Final = "flows.yaml"
TEMP_SUFFIX: Final = ".tmp"
CHUNK_SIZE: Final = 1024 * 1024
STALE_AFTER_SECONDS: Final = 3600.0
"""A temporary file this old is left over from a write that never finished (a writer that is
alive finishes in well under a second), so a save removes it."""

Writer = Callable[[Path, bytes], None]
Progress = Callable[[int], None]


def default_folder() -> Path:
    """`<user data folder>/flows`."""
    return user_data_dir() / "flows"


def atomic_write(
    path: Path,
    data: bytes,
    *,
    chunk_size: int = CHUNK_SIZE,
    progress: Progress | None = None,
) -> None:
    """Replace the file at `path` with `data` so that, whatever happens, `path` holds either its
    old bytes or all of `data`.

    The bytes go straight to the file descriptor (no user-space buffer to flush), then fsync,
    then the rename, then an fsync of the folder. `progress(bytes_written)` is called after each
    chunk, the last time with `len(data)` just before the fsync and rename: tests use it to
    kill a writer at a known point.
    """
    folder = path.parent
    descriptor, temp_name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder
    )
    temp = Path(temp_name)
    try:
        try:
            view = memoryview(data)
            written = 0
            while written < len(data):
                written += os.write(descriptor, view[written : written + chunk_size])
                if progress is not None:
                    progress(written)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        temp.replace(path)  # os.replace: atomic, and overwrites on Windows too
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable. Windows cannot open a folder: there NTFS journals the
    rename itself, and there is nothing to do."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems (and some network shares) refuse fsync on a folder
    finally:
        os.close(descriptor)


class LastKnownGoodStore:
    """The last-known-good flows file in `folder` (default: `<user data folder>/flows`).

    `write` is how the bytes reach the disk (`atomic_write`; tests pass a slower one).
    """

    def __init__(self, folder: Path | None = None, *, write: Writer = atomic_write) -> None:
        self._folder = folder if folder is not None else default_folder()
        self._write = write

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def path(self) -> Path:
        """The copy itself; temporary files next to it are never read."""
        return self._folder / FILE_NAME

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self) -> LoadedContent:
        """The stored copy, parsed and checked again (it may have been edited or damaged by
        hand). Raises `FlowFileError` when there is none, `FlowError` when it has problems."""
        return read_content(self.path, "last-known-good")

    def save(self, data: str | bytes) -> ContentStamp:
        """Store `data` as the new last-known-good copy, once it has passed every check.

        Raises `FlowError` (and writes nothing) when it has problems; `OSError` when it cannot
        be written, the previous copy then being intact. Saving the bytes already stored
        writes nothing (a kiosk restarts on the same file every day).
        """
        raw = data.encode("utf-8") if isinstance(data, str) else data
        flow = load_flow_text(raw, source=os.fspath(self.path))
        stamp = ContentStamp.of(flow.content_version, raw)
        if self._stored_digest() == digest(raw):
            return stamp
        self._folder.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temporaries()
        self._write(self.path, raw)
        logger.info("saved flows %s as the last-known-good copy %s", stamp, self.path)
        return stamp

    def temporaries(self) -> list[Path]:
        """Temporary files of writes in progress or interrupted."""
        if not self._folder.is_dir():
            return []
        return sorted(self._folder.glob(f".{FILE_NAME}.*{TEMP_SUFFIX}"))

    def _stored_digest(self) -> str | None:
        try:
            return digest(read_bytes(self.path))
        except (FlowError, FlowFileError):
            return None

    def _remove_stale_temporaries(self) -> None:
        limit = time.time() - STALE_AFTER_SECONDS
        for temp in self.temporaries():
            try:
                if temp.stat().st_mtime < limit:
                    temp.unlink()
                    logger.info("removed %s, left over from an interrupted save", temp)
            except OSError:
                continue  # another process removed or is finishing it
