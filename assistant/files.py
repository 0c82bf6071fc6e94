"""Opening the files a user names (the flows file, the kiosk config) without hanging on a FIFO.

`open("rb")` on a named pipe waits until something opens it for writing: with nothing there,
forever, before the first window (or, in a kiosk polling its flows file, with the screen
frozen). Opened with O_NONBLOCK, the open returns at once; the descriptor is then made blocking
again, so a pipe with a writer (`--flows <(...)`) is read in full, and one without reads as
empty (and is reported as an empty file).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX only; Windows has no FIFOs to wait on


def open_for_reading(path: str | os.PathLike[str]) -> BinaryIO:
    """`open(path, "rb")`, with the same errors, that never waits for a FIFO's writer."""
    if not _NONBLOCK:
        return Path(path).open("rb")
    descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except IsADirectoryError as error:  # raised by fdopen, naming the descriptor: name the path
        os.close(descriptor)
        raise IsADirectoryError(error.errno, error.strerror, os.fspath(path)) from None
    except BaseException:
        os.close(descriptor)
        raise
