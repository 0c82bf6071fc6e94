"""The flows file: flows.yaml text -> `Flow`, or a `FlowError` listing every problem at once.

The text is read with `assistant.flows.strict_yaml`, which refuses, each at the `line:col` of what
to fix and with the fix, what YAML would otherwise let through: bad encodings and characters,
tabs, anchors and aliases, tags, duplicate and unknown keys, unquoted `no`/`on`/numbers/dates
where text is meant, texts cut short by ` #`, syntax errors. This module holds only the flows
format: the shape of each mapping (top level, contacts, screen, option, menu step), what to write
for a missing key, and the `Flow` model built from the nodes.

`parse_flow` checks the structure only; `load_flow` / `load_flow_text` then run the graph rules
of `assistant.flows.check`, but only on a structurally sound flow (no cascades of errors).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from assistant.errors import AssistantError
from assistant.files import open_for_reading
from assistant.flows.model import (
    NO_MARK,
    Channel,
    Contact,
    Flow,
    Mark,
    Option,
    Screen,
    ScreenKind,
    Step,
)
from assistant.flows.problems import FlowError, Problem
from assistant.flows.strict_yaml import (
    ALIAS_TAG,
    MAP_TAG,
    MAX_BYTES,
    MAX_LISTED,
    MAX_PROBLEMS,
    SEQ_TAG,
    NodeWalker,
    compose_strict,
    describe,
    meant_key,
    quote,
    shape,
    too_large,
)

# The limits of strict_yaml are the flows file's limits: re-exported here.
__all__ = [
    "MAX_BYTES",
    "MAX_LISTED",
    "MAX_PROBLEMS",
    "FlowFileError",
    "load_flow",
    "load_flow_text",
    "parse_flow",
    "read_flow",
    "read_flow_bytes",
]

logger = logging.getLogger(__name__)

_NOUN = "flows file"
_STARTS_WITH = "schema: 1 (see docs/flows-format.md)"


class FlowFileError(AssistantError):
    """The flows file cannot be read at all (missing, a folder, no permission)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(message)


# --- the shapes of the file -------------------------------------------------------------------

# What to write for a missing key.
_EXAMPLES = {
    "schema": "schema: 1",
    "content_version": 'content_version: "2026-11-24"',
    "start": "start: <id of the first screen>",
    "screens": "screens: followed by the list of screens",
    "whatsapp": "whatsapp: followed by the list of numbers",
    "id": "id: <lowercase_name>",
    "kind": "kind: question, choice or result",
    "title": 'title: "..."',
    "label": 'label: "..."',
    "next": "next: <id of the next screen>",
    "number": 'number: "+55 11 99991-0621"',
    "channel": "channel: app, site, whatsapp or info",
    "menu": 'menu: ["Faturas", "..."]',
}

# Keys written in Portuguese, for "did you mean" (each used where its key is one).
_ALIASES = {
    "título": "title",
    "titulo": "title",
    "texto": "text",
    "tipo": "kind",
    "opções": "options",
    "opcoes": "options",
    "rótulo": "label",
    "rotulo": "label",
    "próximo": "next",
    "proximo": "next",
    "canal": "channel",
    "passos": "steps",
    "notas": "notes",
    "contatos": "contacts",
    "número": "number",
    "numero": "number",
    "início": "start",
    "inicio": "start",
}

_TOP = shape(
    "at the top level",
    "the top level",
    ("schema", "content_version", "start", "contacts", "screens"),
    ("schema", "content_version", "start", "screens"),
    _EXAMPLES,
    _ALIASES,
)
_CONTACTS = shape(
    "in contacts", "contacts", ("whatsapp",), ("whatsapp",), _EXAMPLES, _ALIASES
)
_CONTACT = shape(
    "in WhatsApp contact",
    "a WhatsApp contact",
    ("id", "label", "number"),
    ("id", "label", "number"),
    _EXAMPLES,
    _ALIASES,
)
_SCREEN = shape(
    "in screen",
    "a screen",
    ("id", "kind", "title", "text", "options", "channel", "steps", "notes", "contacts"),
    ("id", "kind", "title"),
    _EXAMPLES,
    _ALIASES,
)
_RESULT_ONLY = ("channel", "steps", "notes", "contacts")
_OPTION = shape(
    "in option",
    "an option",
    ("id", "label", "next"),
    ("id", "label", "next"),
    _EXAMPLES,
    _ALIASES,
)
_STEP = shape("in menu step", "a menu step", ("menu",), ("menu",), _EXAMPLES, _ALIASES)

_KINDS = {kind.value: kind for kind in ScreenKind}
_KIND_NAMES = tuple(_KINDS)
_CHANNELS = {channel.value: channel for channel in Channel}
_CHANNEL_NAMES = tuple(_CHANNELS)


# --- the walker -------------------------------------------------------------------------------


class _FlowWalker(NodeWalker[Flow]):
    """Reads a flows file's node tree into a `Flow`, collecting every problem."""

    __slots__ = ()

    def document(self, root: Node) -> Flow | None:
        if type(root) is not MappingNode:
            self.report(
                root,
                f"the file must be a mapping of keys (schema:, content_version:, start:, "
                f"contacts:, screens:), not {describe(root)}",
            )
            return None
        self.mapping(root, "the file")
        top = self.fields(root, _TOP, "the file")
        schema = self.schema(top["schema"][1]) if "schema" in top else 1
        version = (
            self.text(top["content_version"][1], "content_version")
            if "content_version" in top
            else ""
        )
        start_node = top["start"][1] if "start" in top else root
        start = self.ident(start_node, "start") if "start" in top else ""
        contacts = self.contacts(top["contacts"][1]) if "contacts" in top else ()
        screens: list[Screen] = []
        if "screens" in top:
            node = top["screens"][1]
            items = self.items(node, "screens")
            if not items and node.tag is SEQ_TAG:
                self.report(node, "screens is empty; add at least one screen")
            for item in items:
                screen = self.screen(item)
                if screen is not None:
                    screens.append(screen)
        if not self.values_only:  # see _parse: a flow with wrong texts is still built
            return None
        return Flow(
            start=start,
            screens=tuple(screens),
            contacts=contacts,
            schema=schema,
            content_version=version,
            source=self.source,
            start_mark=self.mark(start_node),
        )

    def schema(self, node: Node) -> int:
        value = self.integer(node, "schema", expected="the number 1", fix="; write schema: 1")
        if value is None:
            return 1
        if value != 1:
            self.report(
                node, f"schema {node.value} is not supported; this assistant reads schema: 1"
            )
        return value

    def contacts(self, node: Node) -> tuple[Contact, ...]:
        if not self.mapping(node, "contacts"):
            return ()
        fields = self.fields(node, _CONTACTS, "contacts")
        if "whatsapp" not in fields:
            return ()
        found: list[Contact] = []
        for item in self.items(fields["whatsapp"][1], "whatsapp"):
            if not self.mapping(item, "a WhatsApp contact"):
                continue
            contact = self.fields(item, _CONTACT, "this WhatsApp contact")
            cid = self.ident(contact["id"][1], "contact id") if "id" in contact else ""
            label = self.text(contact["label"][1], "label") if "label" in contact else ""
            number = self.text(contact["number"][1], "number") if "number" in contact else ""
            number_mark = self.mark(contact["number"][1]) if "number" in contact else NO_MARK
            found.append(Contact(cid, label, number, self.mark(item), number_mark))
        return tuple(found)

    def screen(self, node: Node) -> Screen | None:
        if not (type(node) is MappingNode and node.tag is MAP_TAG) and not self.mapping(
            node, "a screen"
        ):
            return None
        get = self.fields(node, _SCREEN, "this screen").get
        pair = get("id")
        sid = self.ident(pair[1], "screen id") if pair else ""
        pair = get("kind")
        kind_name = self.choice(pair[1], "kind", _KIND_NAMES) if pair else None
        pair = get("title")
        title = self.text(pair[1], "title") if pair else ""
        pair = get("text")
        text = self.text(pair[1], "text") if pair else ""

        options: tuple[Option, ...] = ()
        channel: Channel | None = None
        steps: tuple[Step, ...] = ()
        notes: tuple[str, ...] = ()
        contacts: tuple[str, ...] = ()
        contact_marks: tuple[Mark, ...] = ()
        kind = _KINDS[kind_name] if kind_name is not None else None
        pair = get("options")
        if pair and kind is ScreenKind.RESULT:
            self.report(
                pair[0],
                "a result screen has no options (it is where the customer ends up); "
                "remove options, or make this screen kind: choice",
            )
        elif pair:
            options = self.options(pair[1])
        if kind is not None and kind is not ScreenKind.RESULT:
            for name in _RESULT_ONLY:
                pair = get(name)
                if pair:
                    self.report(
                        pair[0],
                        f'"{name}" is only for result screens; remove it, '
                        f"or make this screen kind: result",
                    )
        else:
            # A result screen, or one whose kind is wrong (already reported): what it has is
            # checked too, so that fixing the kind brings no new problems to light.
            pair = get("channel")
            if pair:
                channel_name = self.choice(pair[1], "channel", _CHANNEL_NAMES)
                channel = _CHANNELS[channel_name] if channel_name is not None else None
            elif kind is ScreenKind.RESULT:
                owner = f"result screen {quote(sid)}" if sid else "this result screen"
                self.report(node, f'{owner} has no "channel"; add {_EXAMPLES["channel"]}')
            pair = get("steps")
            if pair:
                steps = self.steps(pair[1])
            pair = get("notes")
            if pair:
                notes = tuple(self.text(item, "note") for item in self.items(pair[1], "notes"))
            pair = get("contacts")
            if pair:
                items = self.items(pair[1], "contacts")
                contacts = tuple(self.ident(item, "contact id") for item in items)
                contact_marks = tuple(self.mark(item) for item in items)
        if kind is None:
            return None
        return Screen(
            id=sid,
            kind=kind,
            title=title,
            text=text,
            options=options,
            channel=channel,
            steps=steps,
            notes=notes,
            contacts=contacts,
            mark=self.mark(node),
            contact_marks=contact_marks,
        )

    def options(self, node: Node) -> tuple[Option, ...]:
        found: list[Option] = []
        for item in self.items(node, "options"):
            if not (type(item) is MappingNode and item.tag is MAP_TAG) and not self.mapping(
                item, "an option"
            ):
                continue
            get = self.fields(item, _OPTION, "this option").get
            pair = get("id")
            oid = self.ident(pair[1], "option id", answers=("sim", "nao")) if pair else ""
            pair = get("label")
            label = self.text(pair[1], "label") if pair else ""
            pair = get("next")
            target = self.ident(pair[1], "next") if pair else ""
            where = self.mark(pair[1]) if pair else self.mark(item)
            found.append(Option(oid, label, target, self.mark(item), where))
        return tuple(found)

    def text_not_menu(self, item: Node) -> bool:
        """True if the step `item` is a text with ': ' in it (`- Atenção: confira`), which
        YAML reads as a key and its value, rather than a menu step with a misspelt `menu`."""
        key = self.colon_text(item)
        if key is None or key.value in _STEP.keyset:
            return False
        return meant_key(key.value, _STEP) is None

    def steps(self, node: Node) -> tuple[Step, ...]:
        found: list[Step] = []
        for item in self.items(node, "steps"):
            if type(item) is ScalarNode or self.text_not_menu(item):
                found.append(Step(text=self.text(item, "step"), mark=self.mark(item)))
            elif type(item) is MappingNode:
                self.mapping(item, "a step")
                pair = self.fields(item, _STEP, "this menu step").get("menu")
                if not pair:
                    continue
                menu = self.items(pair[1], "menu")
                if not menu and pair[1].tag is SEQ_TAG:
                    self.report(
                        pair[1],
                        'menu is empty; list the menu items, e.g. menu: ["Faturas", "..."]',
                    )
                found.append(
                    Step(
                        menu=tuple(self.text(entry, "menu item") for entry in menu),
                        mark=self.mark(item),
                    )
                )
            elif item.tag is not ALIAS_TAG:
                self.report(
                    item, 'a step must be a text in quotes or a menu: ["...", "..."], not a list'
                )
        return tuple(found)


# --- reading -------------------------------------------------------------------------------


def _parse(data: str | bytes, source: str, problems: list[Problem]) -> Flow | None:
    """The flow in `data`, or None; its problems go to `problems`. A flow whose only problems
    are in the values of texts (a YAML trap, an empty text) is returned with them: its screens,
    ids and references are as written, so the graph rules can be run on it too."""
    document = compose_strict(data, source, problems, noun=_NOUN, starts_with=_STARTS_WITH)
    if document is None:
        return None
    return _FlowWalker(source, document.text, problems).walk(document.root)


# --- public API -------------------------------------------------------------------------------


def parse_flow(data: str | bytes, source: str = "<memory>") -> Flow:
    """The flow in `data` (UTF-8 bytes, or text), structure checked; `FlowError` lists every
    structural problem, each at `source:line:col`. Graph rules are not checked (see `load_flow`)."""
    problems: list[Problem] = []
    flow = _parse(data, source, problems)
    if problems or flow is None:
        raise FlowError(problems or [_no_flow_problem(source)])
    return flow


def _no_flow_problem(source: str) -> Problem:  # pragma: no cover - a flow or a problem, always
    return Problem(Mark(source, 1, 1), "internal error: no flow and no problem; please report")


def read_flow(path: str | os.PathLike[str]) -> Flow:
    """`parse_flow` of the file at `path`. `FlowFileError` if it cannot be read at all."""
    name = os.fspath(path)
    return parse_flow(_read_bytes(Path(name), name), source=name)


def read_flow_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of the flows file at `path`, with `read_flow`'s errors: `FlowFileError` if it
    cannot be read, `FlowError` if it is over MAX_BYTES (refused before reading it whole)."""
    name = os.fspath(path)
    return _read_bytes(Path(name), name)


def _read_bytes(path: Path, name: str) -> bytes:
    """The bytes of the file, refusing one over MAX_BYTES before reading it whole."""
    try:
        with open_for_reading(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_BYTES:
                raise FlowError([too_large(name, size, noun=_NOUN)])
            data = stream.read(MAX_BYTES + 1)  # a special file may claim size 0 and be endless
    except FileNotFoundError:
        raise FlowFileError(name, "cannot read the flows file: there is no such file") from None
    except IsADirectoryError:
        raise FlowFileError(name, "cannot read the flows file: it is a folder") from None
    except PermissionError:
        reason = "it is a folder" if path.is_dir() else "permission denied"
        raise FlowFileError(name, f"cannot read the flows file: {reason}") from None
    except OSError as exc:
        raise FlowFileError(name, f"cannot read the flows file: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise FlowError([too_large(name, None, noun=_NOUN)])
    return data


def load_flow(path: str | os.PathLike[str]) -> Flow:
    """The flow in the file at `path`, structure and graph rules checked. Raises `FlowError`
    (every problem, `file:line:col`) or `FlowFileError` (the file cannot be read)."""
    name = os.fspath(path)
    return load_flow_text(_read_bytes(Path(name), name), source=name)


def load_flow_text(data: str | bytes, source: str = "<memory>") -> Flow:
    """Like `load_flow`, for text or bytes already in memory."""
    problems: list[Problem] = []
    flow = _parse(data, source, problems)
    if flow is not None:
        # Also when only texts are wrong: the graph rules hold for what was read, so their
        # problems are listed now too, not after the texts are fixed (one at a place is enough).
        taken = {(p.mark.line, p.mark.column) for p in problems}
        problems += [p for p in _graph_problems(flow) if (p.mark.line, p.mark.column) not in taken]
        problems = _at_most_max(sorted(problems, key=lambda p: (p.mark.line, p.mark.column)))
    if problems or flow is None:
        raise FlowError(problems or [_no_flow_problem(source)], links_checked=flow is not None)
    logger.debug("loaded %s: %d screens", flow.source, len(flow.screens))
    return flow


def _at_most_max(problems: list[Problem]) -> list[Problem]:
    """The text and the graph problems, merged in file order, each list stopped at
    MAX_PROBLEMS on its own: one stop line, at the end, after the first MAX_PROBLEMS."""
    listed = [p for p in problems if p.stands_for != 0]
    if len(listed) == len(problems) and len(listed) <= MAX_PROBLEMS:
        return problems
    kept = listed[:MAX_PROBLEMS]
    return [*kept, Problem.stop(kept[-1].mark, NodeWalker.stop_message)]


def _graph_problems(flow: Flow) -> list[Problem]:
    """What the graph rules find in `flow` ([] when assistant.flows.check is left out)."""
    try:
        from assistant.flows.check import check_flow
    except ModuleNotFoundError as exc:
        if exc.name != "assistant.flows.check":
            raise
        logger.warning("assistant.flows.check is missing: graph rules were not checked")
        return []
    problems: list[Problem] = check_flow(flow)
    return problems
