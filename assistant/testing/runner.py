"""Playing a scenario on a `Pilot`, and reporting a failure the way a tester writes a bug report.

`run_scenario` plays the steps of a `Scenario` (answers, Voltar, Recomeçar, checks) on a real
window through its Pilot. At the first step that does not go as written it raises
`ScenarioFailedError`, whose `report()` says, one fact per line: the step (and where it is
written), the screen it was on, the answers given so far, the options it saw, what was expected
and what was found, and where the screenshot of the window at that moment was saved.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.flows.model import MENU_SEPARATOR
from assistant.flows.strict_yaml import quote
from assistant.testing.scenarios import Action, Expectation, Scenario, _did_you_mean

if TYPE_CHECKING:
    from assistant.testing.pilot import Pilot

__all__ = ["Mismatch", "ScenarioFailedError", "check", "run_scenario", "screenshot_name"]

@dataclass(frozen=True, slots=True)
class Mismatch:
    """One thing that differs: what was checked, what was expected and what was found."""

    what: str
    expected: str
    found: str


_INDENT = "  "


class ScenarioFailedError(AssertionError):
    """A scenario that did not go as written; `report()` is the bug report."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        step: int,
        action: Action,
        screen: str,
        options: Sequence[tuple[str, str]],
        trail: Sequence[str],
        mismatches: Sequence[Mismatch],
    ) -> None:
        self.scenario = scenario
        self.step = step  # 1-based
        self.action = action
        self.screen = screen
        self.options = tuple(options)
        self.trail = tuple(trail)
        self.mismatches = tuple(mismatches)
        self.screenshot: str = ""
        super().__init__(self.report())

    def report(self) -> str:
        """The failure as a bug report, one fact per line."""
        total = len(self.scenario.actions)
        width = max(len(oid) for oid, _ in self.options) if self.options else 0
        rows: list[tuple[str, list[str]]] = [
            (f"step {self.step} of {total}", [f"{self.action.describe()}  ({self.action.mark})"]),
            ("on screen", [self.screen]),
            ("answers so far", [MENU_SEPARATOR.join(self.trail) if self.trail else "none"]),
            (
                "options seen",
                [f"{oid:<{width}}  {quote(label, 200)}" for oid, label in self.options]
                or ["none (a result page)"],
            ),
        ]
        for mismatch in self.mismatches:
            rows.append((f"expected {mismatch.what}".rstrip(), mismatch.expected.splitlines()))
            rows.append((f"found {mismatch.what}".rstrip(), mismatch.found.splitlines()))
        if self.screenshot:
            rows.append(("screenshot", [self.screenshot]))
        column = max(len(label) for label, _ in rows) + 2
        lines = [f"Scenario {quote(self.scenario.name, 200)} failed ({self.scenario.mark})"]
        for label, values in rows:
            values = values or [""]
            lines.append(f"{_INDENT}{label + ':':<{column}}{values[0]}".rstrip())
            lines += [f"{_INDENT}{'':<{column}}{value}" for value in values[1:]]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()


_SLUG_MAX = 80


def screenshot_name(file: Path, scenario: Scenario, *, unique: bool = False) -> str:
    """A file name for the screenshot of a failing scenario: <file stem>--<name slug>.png.
    A slug cut to its first 80 characters, or one `unique` asks for (two names of one file
    with the same slug), ends with a short hash of the whole name, so that two scenarios
    never share (and overwrite, or remove) one screenshot."""
    ascii_name = unicodedata.normalize("NFKD", scenario.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "scenario"
    if unique or len(slug) > _SLUG_MAX:
        digest = hashlib.sha1(scenario.name.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[: _SLUG_MAX - len(digest) - 1].rstrip('-')}-{digest}"
    return f"{file.stem}--{slug}.png"


def run_scenario(
    pilot: Pilot,
    scenario: Scenario,
    *,
    screenshot: Callable[[Pilot], str] | None = None,
) -> None:
    """Play `scenario` on `pilot`'s window; `ScenarioFailedError` at the first step that does not go
    as written. `screenshot(pilot)` is called then, and returns the path it saved (or why not)."""
    from pytestqt.exceptions import TimeoutError as QtTimeoutError

    from assistant.testing.pilot import PilotError

    for number, action in enumerate(scenario.actions, start=1):
        try:
            mismatches = _play(pilot, action)
        except (PilotError, QtTimeoutError) as exc:
            mismatches = [_explain(pilot, action, exc)]
        if mismatches:
            failure = ScenarioFailedError(
                scenario,
                step=number,
                action=action,
                screen=_screen(pilot),
                options=pilot.options,
                trail=pilot.trail,
                mismatches=mismatches,
            )
            if screenshot is not None:
                failure.screenshot = screenshot(pilot)
            raise failure


def _play(pilot: Pilot, action: Action) -> list[Mismatch]:
    if action.kind == "choose":
        pilot.choose(action.value)
    elif action.kind == "back":
        pilot.back()
    elif action.kind == "restart":
        pilot.restart()
    else:
        assert action.expect is not None
        return check(pilot, action.expect)
    return []


def _explain(pilot: Pilot, action: Action, exc: Exception) -> Mismatch:
    from assistant.testing.pilot import NoOutcomeError, NotClickableError

    if isinstance(exc, NotClickableError):  # the button is there: a customer cannot click it
        return Mismatch("click", f"{exc.what} a customer can click", exc.reason)
    if isinstance(exc, NoOutcomeError):  # clicked: the window did not answer
        return Mismatch(
            "after the click",
            f"{exc.outcome} within {exc.timeout} ms of clicking {exc.what}",
            f"not shown after {exc.timeout} ms",
        )
    if action.kind == "choose":
        same_label = [oid for oid, label in pilot.options if label == action.value]
        offered = [oid for oid, _ in pilot.options] + [label for _, label in pilot.options]
        return Mismatch(
            "answer",
            f"an option {quote(action.value)} (its id or its visible label)",
            f"{len(same_label)} options have this label ({', '.join(same_label)}); write the id"
            if len(same_label) > 1
            else f"no such option on this screen{_did_you_mean(action.value, offered)}",
        )
    if action.kind == "back":
        return Mismatch("", '"Voltar" enabled', '"Voltar" disabled: this is the first screen')
    if action.kind == "expect" and action.expect and action.expect.copy_whatsapp:
        return Mismatch(
            "WhatsApp number",
            f'a "Copiar número" button for {quote(action.expect.copy_whatsapp)}',
            _whatsapp_found(pilot) or "no WhatsApp number on this page",
        )
    return Mismatch("", f"{action.describe()} to complete", f"{type(exc).__name__}: {exc}")


def _screen(pilot: Pilot) -> str:
    kind = pilot.screen_kind
    detail = kind
    if pilot.is_result:
        detail = f"result, channel {pilot.result.channel}"
    return f"{pilot.screen_id}  {quote(pilot.screen_title, 200)}  ({detail})"


def _menu(path: Sequence[str]) -> str:
    return MENU_SEPARATOR.join(path) if path else "no menu path"


def _listed(values: Sequence[str]) -> str:
    return "\n".join(values) if values else "nothing"


def _numbered(values: Sequence[str]) -> str:
    return "\n".join(f"{n}. {v}" for n, v in enumerate(values, start=1)) if values else "none"


def _in_order(fragments: Sequence[str], lines: Sequence[str]) -> bool:
    """Each fragment appears within a line, each after the one before it (in the same line or
    a later one)."""
    text = "\n".join(lines)
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True


def _listed_as(fragments: Sequence[str], lines: Sequence[str]) -> bool:
    """`_in_order`; no fragments (written `[]`) means no lines at all."""
    return _in_order(fragments, lines) if fragments else not lines


def _whatsapp_found(pilot: Pilot) -> str:
    if not pilot.is_result:
        return ""
    return "\n".join(f"{label}: {number}" for label, number in pilot.result.whatsapp)


def check(pilot: Pilot, expect: Expectation) -> list[Mismatch]:
    """Every way the screen on show differs from `expect` (empty when it matches). A wrong
    screen is reported alone: the rest follows from it."""
    if expect.screen is not None and pilot.screen_id != expect.screen:
        flow = pilot.window.flow
        expected = expect.screen
        if not flow.has_screen(expected):  # a typo, or a screen renamed in the flows file
            hint = _did_you_mean(expected, flow.screen_ids)
            expected += f"\n(the flows file has no screen of this id{hint})"
        return [Mismatch("screen", expected, pilot.screen_id)]
    found: list[Mismatch] = []
    if expect.title is not None and pilot.screen_title != expect.title:
        found.append(Mismatch("title", expect.title, pilot.screen_title))
    if expect.options is not None:
        ids = tuple(oid for oid, _ in pilot.options)
        if ids != expect.options:
            found.append(
                Mismatch("options", ", ".join(expect.options) or "none", ", ".join(ids) or "none")
            )
    if expect.trail is not None and tuple(pilot.trail) != expect.trail:
        found.append(
            Mismatch("answers so far", _listed(expect.trail), _listed(pilot.trail))
        )
    page = pilot.result if pilot.is_result else None
    result_keys = {
        "channel": expect.channel,
        "menu": expect.menu,
        "steps": expect.steps,
        "notes": expect.notes,
        "whatsapp": expect.whatsapp,
        "copy_whatsapp": expect.copy_whatsapp,
    }
    wanted = [name for name, value in result_keys.items() if value is not None]
    if page is None and wanted:
        found.append(
            Mismatch(
                "page",
                f"a result page (expect has {', '.join(wanted)})",
                f"a {pilot.screen_kind} screen",
            )
        )
    if page is not None:
        if expect.channel is not None and page.channel != expect.channel:
            found.append(Mismatch("channel", expect.channel, page.channel))
        if expect.menu is not None and page.menu_path != expect.menu:
            found.append(Mismatch("menu path", _menu(expect.menu), _menu(page.menu_path)))
        if expect.steps is not None and not _listed_as(expect.steps, page.steps):
            wanted_steps = _listed(expect.steps) + ("\n(in this order)" if expect.steps else "")
            found.append(Mismatch("steps", wanted_steps, _numbered(page.steps)))
        if expect.notes is not None and not _listed_as(expect.notes, page.notes):
            found.append(Mismatch("notes", _listed(expect.notes), _listed(page.notes)))
        if expect.whatsapp is not None:
            numbers = tuple(number for _, number in page.whatsapp)
            if numbers != expect.whatsapp:
                found.append(
                    Mismatch(
                        "WhatsApp numbers",
                        _listed(expect.whatsapp),
                        _whatsapp_found(pilot) or "nothing",
                    )
                )
    if expect.text:
        shown = _visible_texts(pilot)
        missing = [t for t in expect.text if not any(t in line for line in shown)]
        if missing:
            found.append(
                Mismatch("text", _listed(missing) + "\n(somewhere on the page)", _listed(shown))
            )
    if page is not None and expect.copy_whatsapp is not None and not found:
        pilot.copy_whatsapp(expect.copy_whatsapp)
    if expect.clipboard is not None and not found and pilot.clipboard != expect.clipboard:
        found.append(Mismatch("clipboard", expect.clipboard, pilot.clipboard or "empty"))
    return found


def _visible_texts(pilot: Pilot) -> list[str]:
    """The texts the screen shows, one per line: title, paragraph, answers, and on a result
    the menu path, steps, notes and WhatsApp numbers."""
    lines = [pilot.screen_title]
    if pilot.screen_text:
        lines.append(pilot.screen_text)
    lines += [label for _, label in pilot.options]
    if pilot.is_result:
        page = pilot.result
        if page.menu_path:
            lines.append(MENU_SEPARATOR.join(page.menu_path))
        lines += page.steps
        lines += page.notes
        lines += [f"{label}: {number}" for label, number in page.whatsapp]
    return lines
