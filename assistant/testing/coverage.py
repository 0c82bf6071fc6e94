"""Flow coverage: which screens and options of a flows file the tests walked in the real window.

How it is recorded: while a `FlowCoverage` is started (the pytest plugin starts one for the run
when `--flows-coverage` or `--flows-coverage-fail-under` is given), `Pilot.__init__` is wrapped so
that every pilot subscribes a listener to its window's `Session` (`Session.subscribe`), and to
each session the window takes after it (`Pilot.watch_sessions`: `MainWindow.replace_flow`, as a
--watch reload or a kiosk content update does, goes on in a new session). The listener records
each screen the session shows and each option taken (the trail grew by one), so everything that
changes the session counts: `choose` by id or label, number keys, Voltar, a trail chip,
Recomeçar, an error recovery. Ordinary tests with the `pilot` fixture, tests that call
`Pilot.start` themselves and scenario items are all seen; engine tests that drive a bare
`Session` without a window are not (this is coverage of the assistant as customers see it). The
wrapper is removed when the recorder stops; nothing in the app or the engine is changed.

Visits are keyed by the flows file the flow was loaded from (its resolved path), so flows built
in memory by other tests do not mix in; `FlowCoverage.report(flow)` compares them with the
screens and options of one flow, each with its `Mark` (file:line:col) in the flows file.
"""

from __future__ import annotations

import functools
import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.flows.model import Flow, Mark, Screen

if TYPE_CHECKING:
    from assistant.flows.session import Session

__all__ = [
    "CoverageReport",
    "FlowCoverage",
    "Unvisited",
    "enter_run",
    "format_percent",
    "leave_run",
    "source_key",
]


def source_key(source: str) -> str:
    """How visits of a flow loaded from `source` are filed: the resolved path of the file, or
    `source` itself for flows not read from a file ("<memory>")."""
    if not source or source.startswith("<"):
        return source
    return str(Path(source).resolve())


def format_percent(value: float) -> str:
    """"100%", "97.5%"; never rounds up to 100% what is not 100%."""
    if value >= 100:
        return "100%"
    return f"{math.floor(value * 10) / 10:.1f}%"


@dataclass(frozen=True, slots=True)
class Unvisited:
    """A screen or an option no test visited, where it is written."""

    mark: Mark
    what: str  # e.g. 'screen duvidas_canal "Por onde você quer falar com a Claro?"'


@dataclass(frozen=True, slots=True)
class CoverageReport:
    """Visited screens and options of one flows file."""

    source: str
    screens: int
    screens_visited: int
    options: int
    options_visited: int
    unvisited: tuple[Unvisited, ...]

    @property
    def percent(self) -> float:
        total = self.screens + self.options
        if total == 0:
            return 100.0
        return 100.0 * (self.screens_visited + self.options_visited) / total

    def lines(self, display: str | None = None) -> list[str]:
        """The report as text lines; `display` names the file (default: its path)."""
        name = display or self.source
        lines = [
            f"{name}: {format_percent(self.percent)} "
            f"(screens {self.screens_visited}/{self.screens}, "
            f"options {self.options_visited}/{self.options})"
        ]
        if self.unvisited:
            lines.append("not visited by any test:")
            lines += [f"  {name}:{u.mark.line}:{u.mark.column}: {u.what}" for u in self.unvisited]
        return lines


class _Listener:
    """Subscribed to one Session: files each screen shown and each option taken. Holds the
    session weakly, so a closed window is freed as usual."""

    __slots__ = ("__weakref__", "depth", "key", "recorder", "session")

    def __init__(self, recorder: FlowCoverage, session: Session) -> None:
        self.recorder = recorder
        self.session = weakref.ref(session)
        self.key = source_key(session.flow.source)
        self.depth = len(session.trail)
        recorder.screens.add((self.key, session.current.id))

    def __call__(self, screen: Screen) -> None:
        session = self.session()
        if session is None:  # pragma: no cover - a session only notifies while alive
            return
        trail = session.trail
        if len(trail) > self.depth:
            answer = trail[-1]
            self.recorder.options.add((self.key, answer.screen.id, answer.option.id))
        self.depth = len(trail)
        self.recorder.screens.add((self.key, screen.id))


class FlowCoverage:
    """The screens and options visited while it is started (see the module docstring)."""

    def __init__(self) -> None:
        self.screens: set[tuple[str, str]] = set()  # (source key, screen id)
        self.options: set[tuple[str, str, str]] = set()  # (source key, screen id, option id)
        self._watched: weakref.WeakSet[Session] = weakref.WeakSet()

    def watch(self, session: Session) -> None:
        """Record what `session` shows from now on (once per session)."""
        if session in self._watched:
            return
        self._watched.add(session)
        session.subscribe(_Listener(self, session))

    def start(self) -> None:
        """Watch the session of every Pilot created from now on, until `stop`."""
        enter_run(self)

    def stop(self) -> None:
        leave_run(self)

    def sources(self) -> set[str]:
        """The source keys (resolved paths, see `source_key`) of the flows walked."""
        return {key for key, _ in self.screens}

    def report(self, flow: Flow) -> CoverageReport:
        """What was and was not visited of `flow` (loaded from the flows file reported on)."""
        key = source_key(flow.source)
        unvisited: list[Unvisited] = []
        screens = options = screens_visited = options_visited = 0
        for screen_id in flow.screen_ids:
            screen = flow.screen(screen_id)
            screens += 1
            if (key, screen.id) in self.screens:
                screens_visited += 1
            else:
                unvisited.append(
                    Unvisited(screen.mark, f"screen {screen.id} {_quoted(screen.title)}")
                )
            for option in screen.options:
                options += 1
                if (key, screen.id, option.id) in self.options:
                    options_visited += 1
                else:
                    unvisited.append(
                        Unvisited(
                            option.mark,
                            f"option {screen.id} > {option.id} {_quoted(option.label)} "
                            f"(to {option.next})",
                        )
                    )
        unvisited.sort(key=lambda u: (u.mark.line, u.mark.column))
        return CoverageReport(
            source=key,
            screens=screens,
            screens_visited=screens_visited,
            options=options,
            options_visited=options_visited,
            unvisited=tuple(unvisited),
        )


def _quoted(text: str) -> str:
    return '"' + (text if len(text) <= 60 else text[:57] + "...") + '"'


# --- the Pilot wrapper ------------------------------------------------------------------------

# One entry per test run in progress, innermost last: its recorder, or None for a run that does
# not record. A pilot is watched by the innermost run's recorder only, so the pilots of a
# pytester run inside a run never count for the outer one, recorded or not.
_ACTIVE: list[FlowCoverage | None] = []
_ORIGINAL_INIT: list[Callable[..., None]] = []


def enter_run(recorder: FlowCoverage | None) -> None:
    """A run starts: pilots created from now on are recorded by `recorder` (None: by nobody)."""
    _ACTIVE.append(recorder)
    if recorder is not None:
        _install()


def leave_run(recorder: FlowCoverage | None) -> None:
    """The run `enter_run(recorder)` started is over."""
    for index in range(len(_ACTIVE) - 1, -1, -1):
        if _ACTIVE[index] is recorder:
            del _ACTIVE[index]
            break
    if not any(entry is not None for entry in _ACTIVE):
        _uninstall()


def _install() -> None:
    if _ORIGINAL_INIT:
        return
    from assistant.testing.pilot import Pilot

    original: Callable[..., None] = Pilot.__init__

    @functools.wraps(original)
    def init_and_watch(self: Pilot, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        recorder = _ACTIVE[-1] if _ACTIVE else None
        if recorder is not None:
            # Each session the window goes on in, not only the first: replace_flow (a --watch
            # reload, a kiosk content update) makes a new one.
            self.watch_sessions(recorder.watch)

    _ORIGINAL_INIT.append(original)
    setattr(Pilot, "__init__", init_and_watch)  # noqa: B010 - mypy refuses assigning a method


def _uninstall() -> None:
    if not _ORIGINAL_INIT:
        return
    from assistant.testing.pilot import Pilot

    setattr(Pilot, "__init__", _ORIGINAL_INIT.pop())  # noqa: B010
