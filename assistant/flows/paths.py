"""Every way through a flow: the answers a customer can give from the start to each result.

Used by `assistant paths` (a table for content review and QA transcripts) and by tests that
assert every result is reachable. The walk is depth-first with options in file order, so the
order is deterministic; it uses an explicit stack, so deep flows do not hit Python's recursion
limit. Loops ("voltar ao menu") are bounded by `max_visits`: a screen may appear at most that
many times in one path. Options that lead to unknown screens and dead ends yield no path
(`check` reports them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.flows.model import Flow, Option, Screen

__all__ = ["Path", "all_paths", "iter_paths", "results_reached"]


@dataclass(frozen=True, slots=True)
class Path:
    """One way from the start screen to a result."""

    answers: tuple[str, ...]  # the option ids chosen, in order
    screens: tuple[str, ...]  # the screen ids visited: start, ..., result
    result: str  # the result screen's id (the last of `screens`)

    def __str__(self) -> str:
        return " > ".join(self.answers) + f" => {self.result}"


def iter_paths(flow: Flow, *, max_visits: int = 1) -> Iterator[Path]:
    """Yield every path from the start to a result, depth-first, options in file order, where
    no screen appears more than `max_visits` times in one path. Yields nothing if the start
    screen does not exist."""
    if max_visits < 1:
        raise ValueError(f"max_visits must be at least 1, not {max_visits}")
    if not flow.has_screen(flow.start):
        return
    start = flow.start_screen
    if start.is_result:
        yield Path((), (start.id,), start.id)
        return

    visits: dict[str, int] = {start.id: 1}
    screen_ids: list[str] = [start.id]  # the current path, one entry per frame of `stack`
    answers: list[str] = []  # the answers leading to screen_ids[1:]
    stack: list[Iterator[Option]] = [iter(start.options)]
    while stack:
        option = next(stack[-1], None)
        if option is None:  # every option of this screen is done: step back
            stack.pop()
            left = screen_ids.pop()
            visits[left] -= 1
            if answers:
                answers.pop()
            continue
        if not flow.has_screen(option.next):
            continue
        target: Screen = flow.screen(option.next)
        if visits.get(target.id, 0) >= max_visits:
            continue
        if target.is_result:
            yield Path((*answers, option.id), (*screen_ids, target.id), target.id)
            continue
        visits[target.id] = visits.get(target.id, 0) + 1
        screen_ids.append(target.id)
        answers.append(option.id)
        stack.append(iter(target.options))


def all_paths(flow: Flow, *, max_visits: int = 1) -> list[Path]:
    """Every path from the start to a result, as `iter_paths` yields them."""
    return list(iter_paths(flow, max_visits=max_visits))


def results_reached(paths: Iterable[Path]) -> set[str]:
    """The ids of the results that at least one of `paths` ends on."""
    return {path.result for path in paths}
