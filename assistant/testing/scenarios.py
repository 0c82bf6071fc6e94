"""Flow scenarios: QA's transcripts in YAML, and their strict reader.

A scenario file (``tests/scenarios/*.yaml``) holds one scenario, or several under ``scenarios:``::

    flows: ../data/outro.yaml          # optional; relative to this file (default: the bundled one)
    scenarios:
      - name: "Negociar pelo App, fatura com 45 dias de atraso"
        answers:                       # option ids or visible labels, in order; also back, restart
          - negociar
          - "Sim, até 45 dias"
          - app
        expect:
          screen: negociar_app
          menu: "App Minha Claro > Faturas > Parcelar dívida"
          steps: ["Acesse o App Minha Claro."]

The file is read with the strict YAML machinery the flows file is read with
(`assistant.flows.strict_yaml`): node marks, no anchors or tags, duplicate and unknown keys
refused with "did you mean", unquoted ``no``/``on``/numbers refused, so every problem is reported
at ``file:line:col`` and none is a traceback. `ScenarioFileError` carries all of them at once.

`assistant.testing.runner` plays a scenario on a Pilot and reports a failure as a bug report.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.flows.model import Channel, Flow, Mark, Option, Screen
from assistant.flows.problems import FlowError, Problem
from assistant.flows.session import Session
from assistant.flows.strict_yaml import (
    MAX_BYTES,
    STR_TAG,
    NodeWalker,
    Pair,
    compose_strict,
    quote,
    shape,
)

__all__ = [
    "Action",
    "Expectation",
    "Scenario",
    "ScenarioFile",
    "ScenarioFileError",
    "check_against_flow",
    "item_name",
    "parse_scenarios",
    "read_scenarios",
]

BACK: Final = "back"
RESTART: Final = "restart"

# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expectation:
    """What must be on screen at one point of a scenario; None (or an empty `text`) = not
    checked.

    Text lists (`steps`, `notes`, `text`) are fragments: each must appear (as part of a line);
    `steps` and `notes` also in the order given, and `()` for them means none on the page.
    `menu`, `options`, `trail` and `whatsapp` are exact. `copy_whatsapp` clicks "Copiar
    número" of a region (id or label), then `clipboard` is compared with what the clipboard
    holds."""

    screen: str | None = None
    title: str | None = None
    channel: str | None = None
    menu: tuple[str, ...] | None = None
    steps: tuple[str, ...] | None = None
    notes: tuple[str, ...] | None = None
    text: tuple[str, ...] = ()
    options: tuple[str, ...] | None = None
    trail: tuple[str, ...] | None = None
    whatsapp: tuple[str, ...] | None = None
    copy_whatsapp: str | None = None
    clipboard: str | None = None
    mark: Mark = field(default=Mark("<memory>", 0, 0), compare=False)
    # Where each key's value is written, e.g. value_marks["screen"].
    value_marks: Mapping[str, Mark] = field(default_factory=dict, compare=False)


ActionKind = Literal["choose", "back", "restart", "expect"]


@dataclass(frozen=True, slots=True)
class Action:
    """One step of a scenario: choose an answer, Voltar, Recomeçar, or check the screen."""

    kind: ActionKind
    value: str = ""  # the option id or label for "choose"
    expect: Expectation | None = None  # for "expect"
    mark: Mark = field(default=Mark("<memory>", 0, 0), compare=False)

    def describe(self) -> str:
        if self.kind == "choose":
            return f"choose {quote(self.value)}"
        if self.kind == "back":
            return 'click "Voltar" (back)'
        if self.kind == "restart":
            return 'click "Recomeçar" (restart)'
        return "check the screen (expect)"


@dataclass(frozen=True, slots=True)
class Scenario:
    """A name, the steps in order (answers, back, restart, checks), ending with `expect`."""

    name: str
    actions: tuple[Action, ...]
    mark: Mark = field(default=Mark("<memory>", 0, 0), compare=False)
    name_mark: Mark = field(default=Mark("<memory>", 0, 0), compare=False)  # of its name: key

    @property
    def item_name(self) -> str:
        """The name of its pytest item (see `item_name`)."""
        return item_name(self.name)


def item_name(name: str) -> str:
    """The pytest item name of a scenario called `name`: pytest separates the parts of a test
    id with "::", so the name's "::" become ":"."""
    return name.replace("::", ":")


@dataclass(frozen=True, slots=True)
class ScenarioFile:
    """A parsed scenario file: its scenarios and the flows file they run on (None: default)."""

    path: Path
    scenarios: tuple[Scenario, ...]
    flows: Path | None = None
    flows_mark: Mark | None = None


class ScenarioFileError(FlowError):
    """A scenario file that cannot be used; `report()` lists every problem as file:line:col."""


# --- reading ----------------------------------------------------------------------------------

_NOUN: Final = "scenario file"

_FILE = shape(
    "at the top level of a scenario file",
    "a scenario file",
    ("flows", "scenarios", "name", "answers", "expect"),
    (),
)
_SCENARIO = shape(
    "in scenario",
    "a scenario",
    ("name", "answers", "expect"),
    ("name", "answers", "expect"),
    {
        "name": 'name: "what the customer does"',
        "answers": "answers: [...] (option ids or visible labels, in order; [] to check the "
        "first screen)",
        "expect": "expect: with at least screen: <result id>",
    },
)
_STEP = shape("in an answer", "an answer written as a mapping", ("choose", "expect"), ())
_EXPECT = shape(
    "in expect",
    "expect",
    (
        "screen",
        "title",
        "channel",
        "menu",
        "steps",
        "notes",
        "text",
        "options",
        "trail",
        "whatsapp",
        "copy_whatsapp",
        "clipboard",
    ),
    (),
)
_CHANNELS: Final = tuple(channel.value for channel in Channel)
_MENU_SPLIT: Final = re.compile(r"\s+[›>]\s+")
# An id as flows files write them: an unquoted word of this shape with a comment after it
# (`- negociar  # an option id`) is an id and a comment, never a text cut at ' #'.
_ID_SHAPE: Final = re.compile(r"[a-z][a-z0-9_]*\Z")


class _ScenarioWalker(NodeWalker[ScenarioFile]):
    """Reads a scenario file's node tree (the file at `path`) into a `ScenarioFile`."""

    __slots__ = ("path",)

    stop_message = "stopped after this many problems; fix these first"

    def __init__(self, source: str, text: str, problems: list[Problem], path: Path) -> None:
        super().__init__(source, text, problems)
        self.path = path

    def document(self, root: Node) -> ScenarioFile | None:
        if type(root) is not MappingNode:
            self.report(
                root,
                "a scenario file must be a mapping of keys (flows:, scenarios:), or one "
                "scenario's name:, answers: and expect:",
            )
            return None
        self.mapping(root, "the file")
        top = self.fields(root, _FILE, "the file")
        flows, flows_mark = self.flows_path(top["flows"][1]) if "flows" in top else (None, None)
        single = [name for name in ("name", "answers", "expect") if name in top]
        scenarios: list[Scenario] = []
        if "scenarios" in top:
            for name in single:
                self.report(
                    top[name][0],
                    f'"{name}" belongs inside an item of scenarios:, not next to it; move it '
                    f"into the scenario it is for",
                )
            node = top["scenarios"][1]
            items = self.items(node, "scenarios")
            if not items and type(node) is not ScalarNode:
                self.report(node, "scenarios is empty; add at least one scenario")
            for item in items:
                if self.mapping(item, "a scenario"):
                    found = self.scenario(item, self.fields(item, _SCENARIO, "this scenario"))
                    if found is not None:
                        scenarios.append(found)
        elif single:
            self.require(root, top, _SCENARIO, "this scenario")
            found = self.scenario(root, top)
            if found is not None:
                scenarios.append(found)
        else:
            self.report(
                root,
                "a scenario file has scenarios: (a list of scenarios), or one scenario's "
                "name:, answers: and expect:",
            )
        self.check_unique_names(scenarios)
        if self.problems:
            return None
        return ScenarioFile(self.path, tuple(scenarios), flows, flows_mark)

    def check_unique_names(self, scenarios: list[Scenario]) -> None:
        """Two scenarios never share a test id: neither the same name, nor names that differ
        only by "::" against ":" (see `item_name`)."""
        seen: dict[str, Scenario] = {}
        for scenario in scenarios:
            first = seen.setdefault(scenario.item_name, scenario)
            if first is scenario:
                continue
            line = first.name_mark.line
            if first.name == scenario.name:
                message = (
                    f"two scenarios are named {quote(scenario.name)} (first at line {line}); "
                    f"give each a name of its own"
                )
            else:
                message = (
                    f"scenarios {quote(scenario.name)} and {quote(first.name)} (line {line}) "
                    f'would have the same test id {quote(scenario.item_name)} (pytest writes '
                    f'"::" in a name as ":"); give each a name of its own'
                )
            self.problems.append(Problem(scenario.name_mark, message))

    def flows_path(self, node: Node) -> tuple[Path | None, Mark | None]:
        raw = self.text(node, "flows")
        if not raw:
            return None, None
        target = (self.path.parent / raw).resolve()
        if not target.is_file():
            self.report(
                node,
                f"flows file {quote(raw)} not found (looked for {target}); the path is relative "
                f"to this scenario file",
            )
        return target, self.mark(node)

    def scenario(self, node: Node, fields: dict[str, Pair]) -> Scenario | None:
        """The scenario in `fields` (its missing keys are reported already)."""
        name = self.text(fields["name"][1], "name") if "name" in fields else ""
        actions: list[Action] = []
        if "answers" in fields:
            for item in self.items(fields["answers"][1], "answers"):
                action = self.action(item)
                if action is not None:
                    actions.append(action)
        if "expect" in fields:
            key, value = fields["expect"]
            expectation = self.expectation(value, self.mark(key))
            if expectation is not None:
                actions.append(Action("expect", expect=expectation, mark=self.mark(key)))
        name_mark = self.mark(fields["name"][0]) if "name" in fields else self.mark(node)
        return Scenario(name, tuple(actions), self.mark(node), name_mark)

    def action(self, node: Node) -> Action | None:
        if type(node) is ScalarNode:
            value = self.id_or_text(node, "answer")
            if value == BACK:
                return Action("back", mark=self.mark(node))
            if value == RESTART:
                return Action("restart", mark=self.mark(node))
            return Action("choose", value, mark=self.mark(node))
        if not self.mapping(node, "an answer"):
            return None
        written = self.fields(node, _STEP, "this answer")
        fields = {name: pair for name, pair in written.items() if name in _STEP.keyset}
        if len(written) != 1:
            if len(written) > 1:
                self.report(
                    node,
                    "an answer written as a mapping has exactly one key: {choose: ...} or "
                    "{expect: {...}}",
                )
            elif not node.value:
                self.report(node, "empty answer; write an option id or label, back or restart")
            return None
        if not fields:
            return None  # an unknown key, reported by `fields`
        name, (key, content) = next(iter(fields.items()))
        if name == "choose":
            return Action("choose", self.id_or_text(content, "choose"), mark=self.mark(node))
        expectation = self.expectation(content, self.mark(key))
        if expectation is None:
            return None
        return Action("expect", expect=expectation, mark=self.mark(key))

    def expectation(self, node: Node, mark: Mark) -> Expectation | None:
        if not self.mapping(node, "expect"):
            return None
        fields = self.fields(node, _EXPECT, "expect")
        if not fields:
            self.report(node, "expect is empty; add at least screen: <screen id>")
            return None

        def value(name: str) -> Node | None:
            pair = fields.get(name)
            return pair[1] if pair else None

        screen = value("screen")
        title = value("title")
        channel = value("channel")
        menu = value("menu")
        options = value("options")
        trail = value("trail")
        whatsapp = value("whatsapp")
        copy = value("copy_whatsapp")
        clipboard = value("clipboard")
        steps = value("steps")
        notes = value("notes")
        return Expectation(
            screen=self.ident(screen, "screen") if screen is not None else None,
            title=self.text(title, "title") if title is not None else None,
            channel=self.choice(channel, "channel", _CHANNELS) if channel is not None else None,
            menu=self.menu(menu) if menu is not None else None,
            steps=self.texts(steps, "steps") if steps is not None else None,
            notes=self.texts(notes, "notes") if notes is not None else None,
            text=self.some_texts(value("text"), "text"),
            options=(
                tuple(self.ident(item, "option id") for item in self.items(options, "options"))
                if options is not None
                else None
            ),
            trail=self.texts(trail, "trail") if trail is not None else None,
            whatsapp=self.texts(whatsapp, "whatsapp") if whatsapp is not None else None,
            copy_whatsapp=self.id_or_text(copy, "copy_whatsapp") if copy is not None else None,
            clipboard=self.text(clipboard, "clipboard") if clipboard is not None else None,
            mark=mark,
            value_marks={name: self.mark(pair[1]) for name, pair in fields.items()},
        )

    def id_or_text(self, node: Node, what: str) -> str:
        """An option or contact id, or else a visible label. An unquoted id may be followed by
        a comment; the ' #' check of `text` is for labels, which an id cannot be cut from."""
        if (
            type(node) is ScalarNode
            and node.tag is STR_TAG
            and not node.style
            and _ID_SHAPE.match(node.value)
        ):
            return str(node.value)
        return self.text(node, what)

    def texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        """One text, or a list of texts."""
        if node is None:
            return ()
        if type(node) is ScalarNode and node.tag is STR_TAG:
            return (self.text(node, what),)
        return tuple(self.text(item, f"an item of {what}") for item in self.items(node, what))

    def some_texts(self, node: Node | None, what: str) -> tuple[str, ...]:
        """`texts`, refusing an empty list: it would check nothing."""
        found = self.texts(node, what)
        if type(node) is SequenceNode and not node.value:
            self.report(node, f"{what} is empty; write the texts to look for, or remove {what}:")
        return found

    def menu(self, node: Node) -> tuple[str, ...]:
        """A list of menu items, or one text with the items separated by ' > ' or ' › '."""
        if type(node) is ScalarNode and node.tag is STR_TAG:
            return tuple(part.strip() for part in _MENU_SPLIT.split(self.text(node, "menu")))
        return self.texts(node, "menu")


# --- checking against the flows file ----------------------------------------------------------


def check_against_flow(parsed: ScenarioFile, flow: Flow) -> list[Problem]:
    """What the scenarios of `parsed` name that `flow` does not have, each where it is written:
    an answer the screen reached by the answers before it does not offer, a screen id of
    `expect`, a WhatsApp contact of `copy_whatsapp` (id or label). Only for a flows file known
    before the run (`flows:`); the app is not needed."""
    problems: list[Problem] = []
    for scenario in parsed.scenarios:
        problems += _check_answers(scenario, flow)
        for action in scenario.actions:
            if action.expect is not None:
                problems += _check_expectation(action.expect, flow)
    return problems


def _check_answers(scenario: Scenario, flow: Flow) -> list[Problem]:
    """Follows the answers in the flow, as the window would; stops at the first answer the
    screen reached does not offer (where the scenario goes after it is unknown)."""
    session = Session(flow)
    for action in scenario.actions:
        if action.kind == "restart":
            session.restart()
        elif action.kind == "back":
            session.back()
        elif action.kind == "choose":
            option, problem = _answer(session.current, action.value)
            if option is None:
                return [Problem(action.mark, problem)]
            session.choose(option.id)
    return []


def _answer(screen: Screen, value: str) -> tuple[Option | None, str]:
    """The option of `screen` with this id, or else this label; else (None, why)."""
    by_id = screen.option(value)
    if by_id is not None:
        return by_id, ""
    labelled = [o for o in screen.options if o.label == value]
    if len(labelled) == 1:
        return labelled[0], ""
    if labelled:
        ids = ", ".join(o.id for o in labelled)
        return None, (
            f"{len(labelled)} answers of screen {screen.id} are labelled {quote(value)} "
            f"({ids}); write the id"
        )
    if not screen.options:
        return None, (
            f"no answer {quote(value)}: the answers before it lead to {screen.id}, a result "
            f"page, which has no answers"
        )
    known = ", ".join(f"{o.id} ({quote(o.label)})" for o in screen.options)
    hint = _did_you_mean(value, [o.id for o in screen.options] + [o.label for o in screen.options])
    return None, (
        f"no answer {quote(value)} on screen {screen.id}, where the answers before it lead; "
        f"it has {known}{hint}"
    )


def _check_expectation(expect: Expectation, flow: Flow) -> list[Problem]:
    problems: list[Problem] = []
    if expect.screen is not None and not flow.has_screen(expect.screen):
        hint = _did_you_mean(expect.screen, flow.screen_ids)
        problems.append(
            Problem(
                expect.value_marks.get("screen", expect.mark),
                f"no screen {quote(expect.screen)} in the flows file{hint}",
            )
        )
    copy = expect.copy_whatsapp
    known = [c.id for c in flow.contacts] + [c.label for c in flow.contacts]
    if copy is not None and copy not in known:
        hint = _did_you_mean(copy, known)
        problems.append(
            Problem(
                expect.value_marks.get("copy_whatsapp", expect.mark),
                f"no WhatsApp contact {quote(copy)} (id or label) in the flows file{hint}",
            )
        )
    return problems


def _did_you_mean(wrong: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(wrong, known, n=1)
    return f"; did you mean {quote(close[0])}?" if close else ""


def parse_scenarios(
    data: str | bytes, path: str | Path, *, source: str | None = None
) -> ScenarioFile:
    """The scenarios in `data` (the text of the file at `path`, which `flows:` is relative to);
    `ScenarioFileError` lists every problem at `source:line:col` (`source` defaults to `path`)."""
    path = Path(path)
    source = source or str(path)
    problems: list[Problem] = []
    result = None
    document = compose_strict(
        data,
        source,
        problems,
        noun=_NOUN,
        starts_with="name: or scenarios:",
        empty_starts_with="name:",
    )
    if document is not None:
        result = _ScenarioWalker(source, document.text, problems, path).walk(document.root)
    if problems:
        raise ScenarioFileError(problems)
    assert result is not None  # every path that builds nothing reports why
    return result


def read_scenarios(path: str | Path, *, source: str | None = None) -> ScenarioFile:
    """`parse_scenarios` of the file at `path`."""
    path = Path(path)
    source = source or str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScenarioFileError(
            [Problem(Mark(source, 1, 1), f"cannot read the scenario file: {reason}")]
        ) from None
    if len(data) > MAX_BYTES:
        raise ScenarioFileError(
            [Problem(Mark(source, 1, 1), "the file is too large for a scenario file")]
        )
    return parse_scenarios(data, path, source=source)
