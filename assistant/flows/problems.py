"""Problems found in a flows file, and the error that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.errors import AssistantError
from assistant.flows.model import Mark


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a flows file, at a position."""

    mark: Mark
    message: str

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}"


class FlowError(AssistantError):
    """A flows file that cannot be used; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.mark.file, p.mark.line, p.mark.column))
        )
        super().__init__(self.report())

    def report(self) -> str:
        """Every problem as a `file:line:col: message` line."""
        return "\n".join(str(p) for p in self.problems)


class SessionError(AssistantError):
    """A session was asked for something its current screen cannot do (e.g. an unknown option)."""
