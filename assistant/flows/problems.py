"""Problems found in a flows file, and the error that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.errors import AssistantError
from assistant.flows.model import Mark


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a flows file, at a position. `stands_for` is how many problems the
    line counts for: 1, N for an "and N more ... from here on" line, 0 for the line that says
    the list stopped (`stop`)."""

    mark: Mark
    message: str
    stands_for: int = field(default=1, compare=False)

    @classmethod
    def more(cls, mark: Mark, count: int, what: str) -> Problem:
        """The line that stands for `count` more problems of one kind, from `mark` on."""
        return cls(mark, f"and {count} more {what} from here on", count)

    @classmethod
    def stop(cls, mark: Mark, message: str) -> Problem:
        """The line that says the list stops here (there may be more)."""
        return cls(mark, message, 0)

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}"


def counted(number: int, noun: str) -> str:
    """ "1 screen", "2 screens": for messages and summaries."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class FlowError(AssistantError):
    """A flows file that cannot be used; `problems` lists every problem found, in file order.
    `links_checked`: whether the graph rules (the screens' links) ran too; they do not while
    the file's structure cannot be read, so more problems may come once these are fixed."""

    def __init__(self, problems: Iterable[Problem], *, links_checked: bool = False) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.mark.file, p.mark.line, p.mark.column))
        )
        self.links_checked = links_checked
        super().__init__(self.report())

    @property
    def count(self) -> int:
        """How many problems were found: listed ones and those an "and N more" line counts."""
        return sum(p.stands_for for p in self.problems)

    @property
    def stopped(self) -> bool:
        """Whether the list stopped at the limit (there may be more)."""
        return any(p.stands_for == 0 for p in self.problems)

    def report(self) -> str:
        """Every problem as a `file:line:col: message` line."""
        return "\n".join(str(p) for p in self.problems)


class SessionError(AssistantError):
    """A session was asked for something its current screen cannot do (e.g. an unknown option)."""
