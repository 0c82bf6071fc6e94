"""Widgets built ahead of the customer: while one screen is read, the next ones are made.

Making a page (its widgets, their stylesheet polish, the wrapping of its text) costs several
times more than showing one that exists, and a customer spends seconds reading a screen while
the app is idle. So after each change of screen the window asks the session what is one action
away (`Session.ahead`, `Session.outcomes`) and keeps hidden widgets for it: the view of each
screen, and the trail chip of each answer. They are built while idle, one per pass of the event
loop, so a click never waits behind more than one of them. A click whose widgets are ready only
shows them; any other click builds them at once, as before.

What is no longer one action away is deleted at the next change of screen, so no more than the
current screen's options plus two (Voltar, Recomeçar) are kept at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer

logger = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

# The first widget is built this long after a change of screen: the event loop paints the new
# screen first (its paint is already queued), and a human never clicks again this soon.
FIRST_BUILD_DELAY_MS = 15


class BuiltAhead(QObject, Generic[K, T]):
    """Widgets made by `build(key)` while the app is idle, kept until taken or no longer
    wanted (then handed to `discard`, which deletes them)."""

    def __init__(
        self, build: Callable[[K], T], discard: Callable[[T], object], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._discard = discard
        self._ready: dict[K, T] = {}
        self._todo: list[K] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)

    @property
    def ready(self) -> tuple[T, ...]:
        """What is built and waiting (none of it on show)."""
        return tuple(self._ready.values())

    @property
    def busy(self) -> bool:
        """Whether there is still something to build (the event loop will build it)."""
        return bool(self._todo)

    def take(self, key: K) -> T | None:
        """What was built for `key` (the caller's from now on), or None."""
        return self._ready.pop(key, None)

    def plan(self, keys: Sequence[K]) -> None:
        """Keep exactly what `keys` ask for (likeliest first): discard the rest now, build what
        is missing while idle."""
        wanted = dict.fromkeys(keys)
        for key in [key for key in self._ready if key not in wanted]:
            self._discard(self._ready.pop(key))
        self._todo = [key for key in wanted if key not in self._ready]
        if self._todo:
            self._timer.start(FIRST_BUILD_DELAY_MS)
        else:
            self._timer.stop()

    def clear(self) -> None:
        """Discard everything built and build nothing more until the next `plan`."""
        self.plan(())

    def finish(self) -> None:
        """Build now what is left to build (what the event loop would do while idle)."""
        self._timer.stop()
        while self._todo:
            self._build_next()

    def _on_timer(self) -> None:
        self._build_next()
        if self._todo:
            self._timer.start(0)  # the next one on a later pass: input may come in between

    def _build_next(self) -> None:
        if not self._todo:
            return
        key = self._todo.pop(0)
        try:
            self._ready[key] = self._build(key)
        except Exception:
            # Not the customer's problem yet: if they ask for it, building it then fails where
            # the window's error handling takes over.
            logger.exception("could not build %r ahead", key)
