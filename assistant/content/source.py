"""Which flows to show: the start-up fallback chain, and updates the kiosk applies when idle.

At start, `load_content` tries, in order:

1. the configured file (the kiosk's `--flows` path): when clean it is used *and* saved as the
   new last-known-good copy;
2. the last-known-good copy in the user data folder;
3. the flows.yaml bundled with the app.

Each source that cannot be used adds its problems to `LoadedContent.reasons`, and the log
(logger `assistant.content.source`) says which source was loaded and why.

While running, the kiosk calls `ContentUpdater.poll()` every few seconds and at each idle
reset, in a background thread (assistant.ui.background: a share that stops answering holds that
thread, never the screen). It returns new content only when the configured file's bytes changed
and pass every check; the kiosk shows it while nobody is there, or keeps it until the customer
has gone (assistant.ui.kiosk.window), never in the middle of one. A broken file is logged once
and otherwise ignored; the last-known-good copy keeps the previous content.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from assistant.content.loaded import (
    ContentSource,
    LoadedContent,
    NoContentError,
    content_from_bytes,
    error_lines,
    read_bytes,
    read_content,
)
from assistant.content.recovery import FileState, file_state
from assistant.content.stamp import digest
from assistant.content.store import LastKnownGoodStore
from assistant.flows.loader import FlowFileError
from assistant.flows.problems import FlowError

logger = logging.getLogger(__name__)

NOT_CONFIGURED = "configured: no flows file is configured"


def log_lines(level: int, header: str, lines: list[str]) -> None:
    """`header`, then each of `lines` as a record of its own: every line of the log file then
    starts with the time and the content stamp, and a grep for a file name finds its problems."""
    logger.log(level, "%s", header)
    for line in lines:
        logger.log(level, "  %s", line)


def _reasons(source: ContentSource, error: FlowError | FlowFileError) -> list[str]:
    return [f"{source}: {line}" for line in error_lines(error)]


def _remember(store: LastKnownGoodStore, loaded: LoadedContent) -> None:
    """Save clean configured content as the last-known-good copy; a failure to write is logged
    and does not stop the content from being used."""
    try:
        store.save(loaded.data)
    except OSError as error:
        logger.warning(
            "could not save flows %s as the last-known-good copy in %s: %s",
            loaded.stamp,
            store.path,
            error,
        )


def load_content(
    configured: Path | None,
    store: LastKnownGoodStore,
    bundled: Path,
    *,
    unavailable: str | None = None,
) -> LoadedContent:
    """The first usable flows of: `configured`, the last-known-good copy in `store`, `bundled`.
    `unavailable`: why `configured` is not even tried (it did not answer in time).

    Raises `NoContentError` (with every reason) only when not even `bundled` can be used.
    """
    reasons: list[str] = []
    # A warning when content had to be refused; only missing optional sources is normal.
    refused = unavailable is not None
    if unavailable is not None:
        reasons.append(f"configured: {unavailable}")
    elif configured is None:
        reasons.append(NOT_CONFIGURED)
    else:
        try:
            loaded = read_content(configured, "configured")
        except (FlowError, FlowFileError) as error:
            refused = True
            reasons += _reasons("configured", error)
        else:
            _remember(store, loaded)
            logger.info("loaded flows %s from the configured file %s", loaded.stamp, configured)
            return loaded

    fallbacks: tuple[tuple[ContentSource, Callable[[], LoadedContent]], ...] = (
        ("last-known-good", store.load),
        ("bundled", partial(read_content, bundled, "bundled")),
    )
    for source, load in fallbacks:
        try:
            loaded = load()
        except (FlowError, FlowFileError) as error:
            # A missing last-known-good copy is normal before the first clean configured file.
            refused = refused or not (
                source == "last-known-good" and isinstance(error, FlowFileError)
            )
            reasons += _reasons(source, error)
            continue
        loaded = replace(loaded, reasons=tuple(reasons))
        log_lines(
            logging.WARNING if refused else logging.INFO,
            f"loaded flows {loaded.stamp} from the {source} file {loaded.path}, because:",
            reasons,
        )
        return loaded

    log_lines(logging.ERROR, "no usable flows, not even the bundled file:", reasons)
    raise NoContentError(reasons)


class ContentUpdater:
    """Notices that the configured flows file changed, and checks it, when asked to.

    `poll()` reads the file (it may wait on a network share) and touches no Qt object: the kiosk
    calls it in a background thread, one call at a time, and decides on the UI thread when what
    it returns is shown (never in the middle of a customer). No timers: between two polls
    nothing happens.
    """

    def __init__(self, configured: Path, store: LastKnownGoodStore, current: LoadedContent) -> None:
        self._path = configured
        self._store = store
        self._current = current
        # What was last refused (a digest, or why the file could not be read): logged once.
        self._refused: str | None = None
        self._polled: FileState = None  # the file's size and times when `poll` last read it

    @property
    def path(self) -> Path:
        return self._path

    @property
    def current(self) -> LoadedContent:
        """The start-up content, then the last update `poll` returned (which the kiosk may
        still keep for when the customer in front of it has gone)."""
        return self._current

    def poll(self) -> LoadedContent | None:
        """New content if the configured file's bytes changed and are clean (then also saved as
        the last-known-good copy); None if unchanged, unreadable or broken (problems logged
        once per version of the file; the last-known-good copy untouched)."""
        self._polled = file_state(self._path)  # before the read: a save during it is seen next
        try:
            data = read_bytes(self._path)
        except (FlowError, FlowFileError) as error:
            self._refuse(f"unreadable: {error}", error)
            return None
        found = digest(data)
        if found == self._current.digest:
            self._refused = None
            return None
        if found == self._refused:
            return None
        try:
            loaded = content_from_bytes(data, self._path, "configured")
        except FlowError as error:
            self._refuse(found, error)
            return None
        self._refused = None
        _remember(self._store, loaded)
        logger.info(
            "flows %s from %s replace %s between customers",
            loaded.stamp,
            self._path,
            self._current.stamp,
        )
        self._current = loaded
        return loaded

    def poll_if_touched(self) -> LoadedContent | None:
        """`poll()` if the file's size or times changed since `poll` last read it; None at the
        cost of a stat otherwise. For frequent checks: a file at the size cap is megabytes to
        read and hash, from a network share. (A save of the same size within the same tick of
        the file's clock is missed here; `poll()` reads it.)"""
        state = file_state(self._path)
        if state is not None and state == self._polled:
            return None
        return self.poll()

    def _refuse(self, key: str, error: FlowError | FlowFileError) -> None:
        if key == self._refused:
            return
        self._refused = key
        lines = error_lines(error)
        log_lines(
            logging.WARNING,
            f"the configured flows file {self._path} cannot be used ({len(lines)} problem(s)); "
            f"keeping flows {self._current.stamp}:",
            lines,
        )
