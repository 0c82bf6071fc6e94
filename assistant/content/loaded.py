"""`LoadedContent`: a checked flow together with its stamp, where it came from and why.

A flows file is read once, as bytes: the same bytes are parsed, hashed for the stamp and, when
they are saved as the last-known-good copy, written. Reading the file twice (once to parse, once
to hash) could describe two different versions of a file that is being saved.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from assistant.content.stamp import ContentStamp, digest
from assistant.errors import AssistantError
from assistant.flows.model import Flow
from assistant.flows.problems import FlowError

if TYPE_CHECKING:
    from assistant.flows.loader import FlowFileError

ContentSource = Literal["configured", "last-known-good", "bundled"]
"""Where loaded content came from: the file the kiosk/author configured, the copy of the last
configured file that was clean, or the flows.yaml shipped with the app."""

@dataclass(frozen=True, slots=True)
class LoadedContent:
    """A flow that passed every check, and what support needs to know about it."""

    flow: Flow
    stamp: ContentStamp
    source: ContentSource
    path: Path
    reasons: tuple[str, ...] = ()
    """Why the sources tried before this one were not used, one `source: problem` line each."""
    data: bytes = field(default=b"", repr=False, compare=False)
    """The exact bytes that were parsed."""
    digest: str = ""
    """The full sha256 of `data` (the stamp shows only its start)."""


class NoContentError(AssistantError):
    """No source gave usable flows, not even the bundled file. `problems` holds every reason
    (a `source: problem` line each), as `ui.errors.problem_lines` expects."""

    def __init__(self, reasons: list[str]) -> None:
        self.problems: tuple[str, ...] = tuple(reasons)
        super().__init__("\n".join(reasons))


def read_bytes(path: Path) -> bytes:
    """The bytes of a flows file. `FlowFileError` if it cannot be read, `FlowError` if it is
    over the size cap (refused before reading it whole, as `loader.load_flow` does)."""
    from assistant.flows.loader import read_flow_bytes

    return read_flow_bytes(path)


def content_from_bytes(data: bytes, path: Path, source: ContentSource) -> LoadedContent:
    """The content in `data` (read from `path`), parsed and checked; `FlowError` otherwise,
    each problem at `path:line:col`."""
    from assistant.flows.loader import load_flow_text  # not needed to describe cached content

    return describe(load_flow_text(data, source=os.fspath(path)), data, path, source)


def describe(flow: Flow, data: bytes, path: Path, source: ContentSource) -> LoadedContent:
    """`flow`, already checked, read from `data` at `path`: with its stamp and digest."""
    return LoadedContent(
        flow=flow,
        stamp=ContentStamp.of(flow.content_version, data),
        source=source,
        path=path,
        data=data,
        digest=digest(data),
    )


def read_content(path: Path, source: ContentSource) -> LoadedContent:
    """The content of the file at `path`, parsed and checked. Raises `FlowFileError` (cannot be
    read) or `FlowError` (every problem, `file:line:col`)."""
    return content_from_bytes(read_bytes(path), path, source)


def error_lines(error: FlowError | FlowFileError) -> list[str]:
    """`file:line:col: message` lines of a FlowError; `path: message` for a FlowFileError."""
    if isinstance(error, FlowError):
        return [str(problem) for problem in error.problems]
    return [f"{error.path}: {error}"]
