"""The strict loader: flows.yaml text -> `Flow`, or a `FlowError` listing every problem at once.

YAML is read only as far as its node tree (`yaml.compose`, libyaml when present); this module
walks the nodes itself and never constructs Python objects from tags, so nothing in the file is
silently turned into something else. Refused, each at the `line:col` of what to fix, with the fix:

- bytes that are not UTF-8, control characters, tabs, files over `MAX_BYTES`, empty files,
  more than one YAML document, YAML syntax errors (with a hint for the usual traps);
- anchors and aliases (`&a`, `*a`), YAML tags (`!!int`, `!foo`);
- duplicate keys, unknown keys ("did you mean ...?"), missing keys, wrong types, empty texts,
  ids that are not `lowercase_with_digits`;
- YAML 1.1 surprises where text is meant: unquoted `no`, `on`, `+5511999910621`, `1:30`,
  `1.10`, `2026-11-24`, an empty value (null), `0800`; and an unquoted text that a ` #` cuts
  short (the rest of the line becomes a comment).

`parse_flow` checks the structure only; `load_flow` / `load_flow_text` then run the graph rules
of `assistant.flows.check`, but only on a structurally sound flow (no cascades of errors).
"""

from __future__ import annotations

import codecs
import difflib
import json
import logging
import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver
from yaml.tokens import AliasToken, AnchorToken

from assistant.errors import AssistantError
from assistant.flows.model import (
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

__all__ = [
    "MAX_BYTES",
    "FlowFileError",
    "load_flow",
    "load_flow_text",
    "parse_flow",
    "read_flow",
]

logger = logging.getLogger(__name__)

MAX_BYTES: Final = 8 * 1024 * 1024
"""The largest flows file read (8 MiB); the real one is about 12 KB."""

MAX_LISTED: Final = 20
"""Tabs, control characters, anchors/aliases reported one by one before one "and N more"."""

MAX_PROBLEMS: Final = 500
"""The walk stops after this many problems (a file that is not a flows file at all would
otherwise list a problem per line, and take minutes to)."""


class FlowFileError(AssistantError):
    """The flows file cannot be read at all (missing, a folder, no permission)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(message)


# --- YAML plumbing ----------------------------------------------------------------------------

_STR: Final = "tag:yaml.org,2002:str"
_SEQ: Final = "tag:yaml.org,2002:seq"
_MAP: Final = "tag:yaml.org,2002:map"
_NULL: Final = "tag:yaml.org,2002:null"
_BOOL: Final = "tag:yaml.org,2002:bool"
_INT: Final = "tag:yaml.org,2002:int"
_FLOAT: Final = "tag:yaml.org,2002:float"
_TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"
# Stands in for the second and later references to an aliased node (already reported): the
# walker skips it silently. Compared by identity, so no tag written in a file can equal it.
_ALIAS_TAG: Final = "!alias-already-reported"

# PyYAML's implicit resolvers, by first character, with our own tag objects, so that the walker
# can test `node.tag is _STR` (identity) on the happy path.
_OWN_TAGS = {t: t for t in (_STR, _SEQ, _MAP, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP)}
_WILDCARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (_OWN_TAGS.get(tag, tag), regexp)
    for tag, regexp in Resolver.yaml_implicit_resolvers.get(None, [])
)
_IMPLICIT: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple((_OWN_TAGS.get(tag, tag), regexp) for tag, regexp in resolvers) + _WILDCARD
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
_RESOLVED_TAG_IDS = frozenset(
    [id(tag) for tag in _OWN_TAGS]
    + [id(tag) for resolvers in _IMPLICIT.values() for tag, _ in resolvers]
)


class _LeanResolver:
    """PyYAML's tag resolution without its per-node path-resolver bookkeeping (which flows
    files never use): same tags, a fraction of the Python calls per node."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type[Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0] and value is not None:
                for tag, regexp in _IMPLICIT.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class _PyLoader(_LeanResolver, yaml.SafeLoader):
    """Pure-Python composer (used when libyaml is not installed)."""


_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _PyLoader
if yaml.__with_libyaml__:

    class _CLoader(_LeanResolver, yaml.CSafeLoader):
        """libyaml composer; node marks (line, column, index) are the same as PyYAML's."""

    _Loader = _CLoader

_CONSTRUCTOR = SafeConstructor()

# --- text scanning ----------------------------------------------------------------------------

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
_LOOKS_NUMERIC = re.compile(r"[-+]?[0-9][0-9_]*\Z")
# Characters YAML does not allow at all (the C0/C1 controls but tab, CR, LF, NEL; surrogates;
# U+FFFE/U+FFFF).
_BAD_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# An '&' or '*' followed by a name character; it is an anchor or alias only if it also follows
# a line start, a blank or a flow indicator (`_AFTER`). Only then is the file scanned token by
# token (slow) to be sure: "Perguntas & respostas" does not trigger it.
_ANCHOR_OR_ALIAS = re.compile(r"[&*][^\s\[\]{},]")
_AFTER = frozenset(" \t\r\n\x85\u2028\u2029[]{},:?-")
# YAML line breaks (what libyaml and PyYAML count lines by).
_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")


class _Lines:
    """Converts a character index of the text to a 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def position(self, index: int) -> tuple[int, int]:
        row = bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


def _q(value: str, limit: int = 60) -> str:
    """`value` in double quotes for a message, escaped, shortened if long."""
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    return json.dumps(value, ensure_ascii=False)


def _one_of(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _did_you_mean(wrong: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(wrong.lower(), known, n=1)
    return f'; did you mean "{close[0]}"?' if close else ""


def _suggest_id(raw: str) -> str | None:
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
    candidate = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_").lstrip("0123456789_")
    return candidate if _ID.match(candidate) else None


# --- the shapes of the file -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    """The keys one kind of mapping may have."""

    where: str  # as in `unknown key "x" in screen`
    of: str  # as in "the keys of a screen are: ..."
    keys: tuple[str, ...]
    required: tuple[str, ...]
    keyset: frozenset[str]


def _shape(where: str, of: str, keys: tuple[str, ...], required: tuple[str, ...]) -> _Shape:
    return _Shape(where, of, keys, required, frozenset(keys))


_TOP = _shape(
    "at the top level",
    "the top level",
    ("schema", "content_version", "start", "contacts", "screens"),
    ("schema", "content_version", "start", "screens"),
)
_CONTACTS = _shape("in contacts", "contacts", ("whatsapp",), ("whatsapp",))
_CONTACT = _shape(
    "in WhatsApp contact",
    "a WhatsApp contact",
    ("id", "label", "number"),
    ("id", "label", "number"),
)
_SCREEN = _shape(
    "in screen",
    "a screen",
    ("id", "kind", "title", "text", "options", "channel", "steps", "notes", "contacts"),
    ("id", "kind", "title"),
)
_RESULT_ONLY = ("channel", "steps", "notes", "contacts")
_OPTION = _shape("in option", "an option", ("id", "label", "next"), ("id", "label", "next"))
_STEP = _shape("in menu step", "a menu step", ("menu",), ("menu",))

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
_KINDS = {kind.value: kind for kind in ScreenKind}
_KIND_NAMES = tuple(_KINDS)
_CHANNELS = {channel.value: channel for channel in Channel}
_CHANNEL_NAMES = tuple(_CHANNELS)

_Pair = tuple[Node, Node]


def _describe(node: Node) -> str:
    """What a node is, for "must be X, not Y" messages."""
    if type(node) is MappingNode:
        return "a mapping (key: value lines)"
    if type(node) is SequenceNode:
        return "a list"
    tag = node.tag
    if tag == _NULL:
        return "empty" if not node.value else "null"
    if tag == _BOOL:
        return "a yes/no value"
    if tag in (_INT, _FLOAT):
        return "a number"
    if tag == _TIMESTAMP:
        return "a date"
    return "text"


def _reading(node: ScalarNode) -> str:
    """How YAML reads a plain scalar that is not a string: "the boolean false", ..."""
    tag, raw = node.tag, node.value
    try:
        if tag == _BOOL:
            value = SafeConstructor.bool_values.get(raw.lower())
            return "the boolean " + ("true" if value else "false")
        if tag == _INT:
            return f"the number {_CONSTRUCTOR.construct_yaml_int(node)}"
        if tag == _FLOAT:
            return f"the number {_CONSTRUCTOR.construct_yaml_float(node)!r}"
        if tag == _TIMESTAMP:
            _CONSTRUCTOR.construct_yaml_timestamp(node)
            return "a date" if len(raw) <= 10 else "a date and time"
    except (ValueError, TypeError, ArithmeticError):
        return "a number" if tag in (_INT, _FLOAT) else "a date"
    if tag == _NULL:
        return "null (no value)"
    return f"the special YAML value {_tag_text(tag)}"


def _tag_text(tag: str) -> str:
    """A tag as written in a file: "tag:yaml.org,2002:int" -> "!!int"."""
    return "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag


def _explicit(tag: str) -> bool:
    """True for a tag written in the file (`!!int 5`, `!foo`): resolved tags are our own
    objects (see `_LeanResolver`), tags written in the file never are."""
    return id(tag) not in _RESOLVED_TAG_IDS


# --- the walker -------------------------------------------------------------------------------


class _TooManyProblemsError(Exception):
    """Stops the walk at MAX_PROBLEMS."""


class _Walker:
    """Walks the composed node tree, building the model and collecting every problem."""

    __slots__ = ("data", "problems", "source")

    def __init__(self, source: str, text: str, problems: list[Problem]) -> None:
        self.source = source
        self.data = text  # the whole text, to look past the end of a plain scalar
        self.problems = problems

    # reporting

    def mark(self, node: Node) -> Mark:
        start = node.start_mark
        return Mark(self.source, start.line + 1, start.column + 1)

    def report(self, node: Node, message: str) -> None:
        problems = self.problems
        problems.append(Problem(self.mark(node), message))
        if len(problems) >= MAX_PROBLEMS:
            raise _TooManyProblemsError

    def walk(self, root: Node) -> Flow | None:
        """The flow, or None once every problem (up to MAX_PROBLEMS) is reported."""
        try:
            return self.flow(root)
        except _TooManyProblemsError:
            last = self.problems[-1].mark
            self.problems.append(
                Problem(last, f"stopped after {MAX_PROBLEMS} problems; fix these and check again")
            )
            return None

    # mappings and keys

    def fields(self, node: Node, shape: _Shape, owner: str) -> dict[str, _Pair]:
        """The key/value pairs of a mapping by key name; reports non-text, duplicate, unknown
        and missing keys. `owner` names the mapping in "missing key" messages."""
        found: dict[str, _Pair] = {}
        keyset = shape.keyset
        suggested: set[str] = set()
        for pair in node.value:
            key = pair[0]
            if (key.tag is not _STR or type(key) is not ScalarNode) and not self.key_is_text(
                key, shape
            ):
                continue
            name = key.value
            if name in found:
                first = found[name][0].start_mark.line + 1
                self.report(
                    key, f"duplicate key {_q(name)} (first at line {first}); remove one of them"
                )
                continue
            found[name] = pair
            if name not in keyset:
                suggested.add(self.unknown_key(node, key, pair[1], name, shape))
        for name in shape.required:
            # A misspelt key ("titel") is reported with its "did you mean", not again here.
            if name not in found and name not in suggested:
                self.report(node, f'{owner} has no "{name}"; add {_EXAMPLES[name]}')
        return found

    def key_is_text(self, key: Node, shape: _Shape) -> bool:
        """Slow path of `fields` for a key that is not plain text: reports why, returns False."""
        tag = key.tag
        if tag is _ALIAS_TAG:
            return False
        if type(key) is not ScalarNode:
            self.report(key, f"a key must be a name, not {_describe(key)}")
        elif _explicit(tag):
            self.tag_problem(key)
        else:
            self.report(
                key,
                f"unknown key {_q(key.value)} {shape.where} (YAML reads it as {_reading(key)}); "
                f"the keys of {shape.of} are: {', '.join(shape.keys)}",
            )
        return False

    def unknown_key(self, node: Node, key: Node, value: Node, name: str, shape: _Shape) -> str:
        """Reports an unknown key; returns the key it probably meant, or ""."""
        close = difflib.get_close_matches(name.lower(), shape.keys, n=1)
        if close:
            hint = f'; did you mean "{close[0]}"?'
        else:
            hint = f"; the keys of {shape.of} are: {', '.join(shape.keys)}"
        if getattr(node, "flow_style", False) and value.tag is _NULL and not value.value:
            hint += " (inside {...} an unquoted ',' ends a text: put texts in quotes)"
        self.report(key, f"unknown key {_q(name)} {shape.where}{hint}")
        return close[0] if close else ""

    def tag_problem(self, node: Node) -> None:
        self.report(
            node,
            f"YAML tags ({_tag_text(node.tag)}) are not allowed; remove the tag "
            f"(and put the text in quotes if it is text)",
        )

    def mapping(self, node: Node, what: str) -> bool:
        if type(node) is MappingNode and node.tag is _MAP:
            return True
        return self.collection_slow(node, MappingNode, _MAP, what, "a mapping (key: value lines)")

    def items(self, node: Node, what: str) -> list[Node]:
        if type(node) is SequenceNode and node.tag is _SEQ:
            items: list[Node] = node.value
            return items
        if self.collection_slow(node, SequenceNode, _SEQ, what, 'a list (one "- " per item)'):
            explicit: list[Node] = node.value
            return explicit
        return []

    def collection_slow(
        self, node: Node, node_type: type[Node], tag: str, what: str, expected: str
    ) -> bool:
        if node.tag is _ALIAS_TAG:
            return False
        if type(node) is not node_type:
            self.report(node, f"{what} must be {expected}, not {_describe(node)}")
            return False
        self.tag_problem(node)  # the right type, so the tag is the only difference
        return True

    # scalars

    def text(self, node: Node, what: str) -> str:
        """A text value, stripped; reports empty texts, YAML coercions and ' #' cuts."""
        if node.tag is _STR and type(node) is ScalarNode:
            if not node.style:
                self.plain_text(node, what)
            value: str = node.value.strip()
            if not value:
                self.report(node, f"{what} is empty; write the text, in quotes")
            return value
        return self.not_text(node, what, is_id=False)

    def plain_text(self, node: ScalarNode, what: str) -> None:
        raw: str = node.value
        if _LOOKS_NUMERIC.match(raw):
            self.report(
                node,
                f"{_q(raw)} looks like a number, and YAML tools may read it as one "
                f"(0800 as octal, 1_000 as 1000); write it in quotes: {_q(raw)}",
            )
            return
        text = self.data
        end = node.end_mark.index
        index = end
        size = len(text)
        while index < size and text[index] in " \t":
            index += 1
        if index > end and index < size and text[index] == "#":
            self.report(
                node,
                f"{what} is cut at ' #' (YAML reads the rest of the line as a comment), "
                f"leaving only {_q(raw)}; put the whole text in quotes",
            )

    def ident(self, node: Node, what: str) -> str:
        """An id (or a reference to one): lowercase letters, digits and _."""
        if node.tag is _STR and type(node) is ScalarNode:
            value: str = node.value
            if _ID.match(value) is None:
                self.bad_id(node, value, what)
            return value
        return self.not_text(node, what, is_id=True)

    def bad_id(self, node: Node, value: str, what: str) -> None:
        if not value.strip():
            self.report(node, f"{what} is empty; write an id (lowercase letters, digits and _)")
            return
        suggestion = _suggest_id(value)
        fix = f": write {_q(suggestion)}" if suggestion and suggestion != value else ""
        self.report(
            node,
            f"{what} {_q(value)} is not a valid id; an id uses only lowercase letters a-z, "
            f"digits and _, and starts with a letter{fix}",
        )

    def not_text(self, node: Node, what: str, *, is_id: bool) -> str:
        """Slow path of `text`/`ident`: explains why `node` is not text, returns its raw text."""
        tag = node.tag
        if tag is _ALIAS_TAG:
            return ""
        if type(node) is not ScalarNode:
            expected = "an id" if is_id else "text"
            self.report(node, f"{what} must be {expected}, not {_describe(node)}")
            return ""
        raw: str = node.value
        if _explicit(tag):
            self.tag_problem(node)
        elif tag is _NULL and not raw:
            if is_id:
                self.report(node, f"{what} is empty; write an id (lowercase letters, digits and _)")
            else:
                self.report(node, f"{what} is empty; write the text, in quotes")
        else:
            reading = _reading(node)
            self.report(
                node, f"{_q(raw)} is read by YAML as {reading}; write it in quotes: {_q(raw)}"
            )
        return raw

    def choice(self, node: Node, what: str, names: tuple[str, ...]) -> str | None:
        """One of a fixed set of words (a kind, a channel), or None after reporting why not."""
        if node.tag is _STR and type(node) is ScalarNode:
            value: str = node.value
            if value in names:
                return value
            self.report(
                node,
                f"{what} must be {_one_of(names)}, not {_q(value)}{_did_you_mean(value, names)}",
            )
            return None
        self.not_text(node, what, is_id=True)
        return None

    # the file

    def flow(self, root: Node) -> Flow | None:
        if type(root) is not MappingNode:
            self.report(
                root,
                f"the file must be a mapping of keys (schema:, content_version:, start:, "
                f"contacts:, screens:), not {_describe(root)}",
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
            if not items and node.tag is _SEQ:
                self.report(node, "screens is empty; add at least one screen")
            for item in items:
                screen = self.screen(item)
                if screen is not None:
                    screens.append(screen)
        if self.problems:
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
        if node.tag is _INT and type(node) is ScalarNode:
            try:
                value = _CONSTRUCTOR.construct_yaml_int(node)
            except ValueError:
                value = -1
            if value != 1:
                self.report(
                    node, f"schema {node.value} is not supported; this assistant reads schema: 1"
                )
            return value
        if node.tag is _ALIAS_TAG:
            return 1
        if _explicit(node.tag):
            self.tag_problem(node)
        else:
            found = f"text ({_q(node.value)})" if node.tag is _STR else _describe(node)
            self.report(node, f"schema must be the number 1, not {found}; write schema: 1")
        return 1

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
            found.append(Contact(cid, label, number, self.mark(item)))
        return tuple(found)

    def screen(self, node: Node) -> Screen | None:
        if not (type(node) is MappingNode and node.tag is _MAP) and not self.mapping(
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
        kind = _KINDS[kind_name] if kind_name is not None else None
        if kind is not ScreenKind.RESULT:
            pair = get("options")
            if pair:
                options = self.options(pair[1])
            if kind is not None:
                for name in _RESULT_ONLY:
                    pair = get(name)
                    if pair:
                        self.report(
                            pair[0],
                            f'"{name}" is only for result screens; remove it, '
                            f"or make this screen kind: result",
                        )
        else:
            pair = get("options")
            if pair:
                self.report(
                    pair[0],
                    "a result screen has no options (it is where the customer ends up); "
                    "remove options, or make this screen kind: choice",
                )
            pair = get("channel")
            if pair:
                channel_name = self.choice(pair[1], "channel", _CHANNEL_NAMES)
                channel = _CHANNELS[channel_name] if channel_name is not None else None
            else:
                owner = f"result screen {_q(sid)}" if sid else "this result screen"
                self.report(node, f'{owner} has no "channel"; add {_EXAMPLES["channel"]}')
            pair = get("steps")
            if pair:
                steps = self.steps(pair[1])
            pair = get("notes")
            if pair:
                notes = tuple(self.text(item, "note") for item in self.items(pair[1], "notes"))
            pair = get("contacts")
            if pair:
                contacts = tuple(
                    self.ident(item, "contact id") for item in self.items(pair[1], "contacts")
                )
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
        )

    def options(self, node: Node) -> tuple[Option, ...]:
        found: list[Option] = []
        for item in self.items(node, "options"):
            if not (type(item) is MappingNode and item.tag is _MAP) and not self.mapping(
                item, "an option"
            ):
                continue
            get = self.fields(item, _OPTION, "this option").get
            pair = get("id")
            oid = self.ident(pair[1], "option id") if pair else ""
            pair = get("label")
            label = self.text(pair[1], "label") if pair else ""
            pair = get("next")
            target = self.ident(pair[1], "next") if pair else ""
            found.append(Option(oid, label, target, self.mark(item)))
        return tuple(found)

    def steps(self, node: Node) -> tuple[Step, ...]:
        found: list[Step] = []
        for item in self.items(node, "steps"):
            if type(item) is ScalarNode:
                found.append(Step(text=self.text(item, "step"), mark=self.mark(item)))
            elif type(item) is MappingNode:
                self.mapping(item, "a step")
                pair = self.fields(item, _STEP, "this menu step").get("menu")
                if not pair:
                    continue
                menu = self.items(pair[1], "menu")
                if not menu and pair[1].tag is _SEQ:
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
            elif item.tag is not _ALIAS_TAG:
                self.report(
                    item, 'a step must be a text in quotes or a menu: ["...", "..."], not a list'
                )
        return tuple(found)


# --- from bytes to nodes ----------------------------------------------------------------------

_SYNTAX_HINTS: Final = (
    (
        "mapping values are not allowed",
        "a ': ' inside an unquoted text starts a new key: put the whole text in quotes",
    ),
    (
        "could not find expected ':'",
        "a line has no ': ' after its key, or an unquoted text runs over several lines: "
        "check the indentation, or put the text in quotes",
    ),
    ("found unexpected end of stream", "a quoted text is not closed: add the closing quote"),
    (
        "expected key",
        "check the indentation: the keys of one mapping start in the same column",
    ),
    (
        "expected <block end>",
        "check the indentation: the keys of one mapping start in the same column",
    ),
    (
        "expected '-' indicator",
        "check the indentation: the items of one list start with '- ' in the same column",
    ),
    (
        "expected ',' or",
        "inside [...] or {...}, put texts with ',', ':' or '#' in quotes, and close every bracket",
    ),
    (
        "cannot start any token",
        "a text cannot start with '@', '`' or '%', and only spaces may indent: put the text "
        "in quotes",
    ),
    (
        "unknown escape character",
        'inside "double quotes" a backslash starts an escape: write \\\\ for a backslash, '
        "or use 'single quotes'",
    ),
    ("maximum nesting depth", "lists and mappings are nested far too deeply"),
    (
        "document start",
        "the file's content already ended above (a '...' line, or a top level that is not "
        "key: value lines): check the lines above",
    ),
    ("undefined alias", "aliases (*name) are not allowed: write the content out in full"),
    ("duplicate anchor", "anchors (&name) are not allowed: write the content out in full"),
)


def _too_big(source: str, size: int | None) -> Problem:
    written = f"{size:,} bytes" if size is not None else f"more than {MAX_BYTES:,} bytes"
    return Problem(
        Mark(source, 1, 1),
        f"the file is too large ({written}; the limit is 8 MiB): a flows file is a few dozen "
        f"KB, check that this is the right file",
    )


def _decode(data: str | bytes, source: str, problems: list[Problem]) -> str | None:
    """The text of `data` without its BOM, or None after reporting why it cannot be read."""
    if isinstance(data, str):
        size = len(data)
        if size > MAX_BYTES // 4:  # only then can its UTF-8 form be over the cap
            size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            problems.append(_too_big(source, size))
            return None
        text = data[1:] if data.startswith("\ufeff") else data
    else:
        raw = bytes(data)
        if len(raw) > MAX_BYTES:
            problems.append(_too_big(source, len(raw)))
            return None
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            problems.append(
                Problem(Mark(source, 1, 1), "the file is saved as UTF-16; save it as UTF-8")
            )
            return None
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            good = raw[: exc.start].decode("utf-8")
            line, column = _Lines(good).position(len(good))
            problems.append(
                Problem(
                    Mark(source, line, column),
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X} here); save it "
                    f"as UTF-8 (it was probably saved as Latin-1 / Windows-1252)",
                )
            )
            return None
    if not text or text.isspace():
        problems.append(
            Problem(
                Mark(source, 1, 1),
                "the file is empty; a flows file starts with schema: 1 (see docs/flows-format.md)",
            )
        )
        return None
    return text


def _report_capped(
    found: list[tuple[Mark, str]], total: int, problems: list[Problem], plural: str
) -> None:
    """The first MAX_LISTED of `found` (which holds at least MAX_LISTED + 1 when `total` is
    larger) as problems, then one "and N more" at the next one."""
    problems.extend(Problem(mark, message) for mark, message in found[:MAX_LISTED])
    if total > MAX_LISTED:
        more = total - MAX_LISTED
        problems.append(Problem(found[MAX_LISTED][0], f"and {more} more {plural} from here on"))


def _scan_characters(text: str, source: str, problems: list[Problem]) -> bool:
    """Reports tabs, and characters YAML refuses; False if there are any of the latter (the text
    cannot be parsed then). Only the first few are located; the others are counted."""
    lines: _Lines | None = None
    if "\t" in text:
        lines = _Lines(text)
        message = (
            "tab character; use spaces (YAML does not allow tabs for indentation, and a tab in "
            "a text is invisible)"
        )
        tabs: list[tuple[Mark, str]] = []
        index = text.find("\t")
        while index >= 0 and len(tabs) <= MAX_LISTED:
            line, column = lines.position(index)
            tabs.append((Mark(source, line, column), message))
            index = text.find("\t", index + 1)
        _report_capped(tabs, text.count("\t"), problems, "tab characters")
    if _BAD_CHAR.search(text) is None:
        return True
    lines = lines or _Lines(text)
    bad: list[tuple[Mark, str]] = []
    for match in _BAD_CHAR.finditer(text):
        line, column = lines.position(match.start())
        code = ord(match.group())
        message = f"invisible character U+{code:04X} is not allowed in YAML; delete it"
        bad.append((Mark(source, line, column), message))
        if len(bad) > MAX_LISTED:
            break
    total = _BAD_CHAR.subn("", text)[1] if len(bad) > MAX_LISTED else len(bad)
    _report_capped(bad, total, problems, "characters that are not allowed")
    return False


def _may_have_anchors(text: str) -> bool:
    if "&" not in text and "*" not in text:
        return False
    for match in _ANCHOR_OR_ALIAS.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in _AFTER:
            return True
    return False


def _scan_anchors(text: str, source: str, problems: list[Problem]) -> bool:
    """Reports every anchor (&name) and alias (*name); True if there is an alias. Token by token,
    so run only when `_may_have_anchors`."""
    found: list[tuple[Mark, str]] = []
    total = 0
    aliased = False
    loader = _Loader(text)
    try:
        token = loader.get_token()
        while token is not None:
            kind = type(token)
            if kind is AnchorToken or kind is AliasToken:
                total += 1
                aliased = aliased or kind is AliasToken
                if len(found) <= MAX_LISTED:
                    found.append((_mark_of(token, source), _anchor_message(token)))
            token = loader.get_token()
    except yaml.YAMLError:
        pass  # a syntax error: composing reports it
    finally:
        loader.dispose()
    _report_capped(found, total, problems, "anchors and aliases")
    return aliased


def _mark_of(token: yaml.Token, source: str) -> Mark:
    return Mark(source, token.start_mark.line + 1, token.start_mark.column + 1)


def _anchor_message(token: yaml.Token) -> str:
    name = getattr(token, "value", "")
    if type(token) is AliasToken:
        return (
            f"alias *{name} is not allowed (it repeats content by reference); write the content "
            f"out in full here"
        )
    return (
        f"anchor &{name} is not allowed; remove it and write the content out in full wherever "
        f"it is used"
    )


def _unshare(root: Node) -> None:
    """Replaces every second and later reference to a node (an alias) by a placeholder the
    walker skips: aliases are reported already, and walking them could explode (alias bombs)."""
    seen = {id(root)}
    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is SequenceNode:
            items = node.value
            for index, child in enumerate(items):
                if id(child) in seen:
                    items[index] = _placeholder(child)
                else:
                    seen.add(id(child))
                    stack.append(child)
        elif type(node) is MappingNode:
            pairs = node.value
            for index, (key, value) in enumerate(pairs):
                if id(key) in seen:
                    key = _placeholder(key)
                else:
                    seen.add(id(key))
                    stack.append(key)
                if id(value) in seen:
                    value = _placeholder(value)
                else:
                    seen.add(id(value))
                    stack.append(value)
                pairs[index] = (key, value)


def _placeholder(node: Node) -> ScalarNode:
    return ScalarNode(_ALIAS_TAG, "", node.start_mark, node.end_mark)


def _syntax_problem(exc: BaseException, text: str, source: str, loader: object) -> Problem:
    """A problem at the position of a YAML syntax error, with a hint for the usual traps."""
    if isinstance(exc, yaml.MarkedYAMLError):
        where = exc.problem_mark or exc.context_mark
        line, column = (where.line + 1, where.column + 1) if where is not None else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context == "expected a single document in the stream":
            message = (
                "a second YAML document starts here; a flows file is a single document: "
                "remove this '---' line and merge what follows into the first, or delete it"
            )
            return Problem(Mark(source, line, column), message)
        context = ""
        started = exc.context_mark
        if exc.context and exc.problem and started is not None and started is not where:
            context = f" ({exc.context} at line {started.line + 1}, column {started.column + 1})"
        message = f"YAML syntax error: {problem}{context}"
        opened = _unclosed_quote_line(text, line)
        if opened is not None and opened != line:
            message += (
                f'; line {opened} opens a "quoted text" that it does not close: add the '
                f"closing quote there"
            )
        else:
            hints = [hint for trap, hint in _SYNTAX_HINTS if trap in problem or trap in context]
            if hints:
                message += f"; {hints[0]}"
        return Problem(Mark(source, line, column), message)
    if isinstance(exc, yaml.reader.ReaderError):  # unlikely: `_scan_characters` ran first
        index = min(max(exc.position, 0), len(text))
        line, column = _Lines(text).position(index)
        return Problem(Mark(source, line, column), f"YAML cannot read this character: {exc.reason}")
    if isinstance(exc, RecursionError):
        line, column = 1, 1
        if isinstance(loader, yaml.reader.Reader):
            here = loader.get_mark()
            line, column = here.line + 1, here.column + 1
        return Problem(
            Mark(source, line, column), "lists and mappings are nested far too deeply here"
        )
    return Problem(Mark(source, 1, 1), f"YAML cannot read the file: {exc!r}")


_DOUBLE_QUOTE = re.compile(r'(?<!\\)"')


def _unclosed_quote_line(text: str, before: int) -> int | None:
    """The last line before line `before` with an odd number of double quotes (a text opened
    and not closed on its line), or None. A hint for syntax errors only: a text may legally
    span lines, but flows files write long texts with >- instead."""
    found = None
    for number, line in enumerate(_BREAK.split(text)[: before - 1], start=1):
        code = line.lstrip()
        if not code.startswith("#") and len(_DOUBLE_QUOTE.findall(line)) % 2:
            found = number
    return found


def _compose(text: str, source: str, problems: list[Problem]) -> Node | None:
    """The node tree of `text`, or None after reporting a syntax error."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except Exception as exc:  # a YAML library error, whatever it is, becomes a Problem
        problem = _syntax_problem(exc, text, source, loader)
        reported = {(p.mark.line, p.mark.column) for p in problems}
        # A tab, anchor or alias already reported at this very place says it better.
        if (problem.mark.line, problem.mark.column) not in reported:
            problems.append(problem)
        return None
    finally:
        loader.dispose()


def _parse(data: str | bytes, source: str, problems: list[Problem]) -> Flow | None:
    text = _decode(data, source, problems)
    if text is None or not _scan_characters(text, source, problems):
        return None
    aliased = _may_have_anchors(text) and _scan_anchors(text, source, problems)
    root = _compose(text, source, problems)
    if root is None:
        if not problems:
            problems.append(
                Problem(
                    Mark(source, 1, 1),
                    "the file has only comments and blank lines; a flows file starts with "
                    "schema: 1 (see docs/flows-format.md)",
                )
            )
        return None
    if aliased:
        _unshare(root)
    return _Walker(source, text, problems).walk(root)


# --- public API -------------------------------------------------------------------------------


def parse_flow(data: str | bytes, source: str = "<memory>") -> Flow:
    """The flow in `data` (UTF-8 bytes, or text), structure checked; `FlowError` lists every
    structural problem, each at `source:line:col`. Graph rules are not checked (see `load_flow`)."""
    problems: list[Problem] = []
    flow = _parse(data, source, problems)
    if problems:
        raise FlowError(problems)
    if flow is None:  # pragma: no cover - every path that builds no flow reports why
        raise FlowError(
            [Problem(Mark(source, 1, 1), "internal error: no flow and no problem; please report")]
        )
    return flow


def read_flow(path: str | os.PathLike[str]) -> Flow:
    """`parse_flow` of the file at `path`. `FlowFileError` if it cannot be read at all."""
    name = os.fspath(path)
    return parse_flow(_read_bytes(Path(name), name), source=name)


def _read_bytes(path: Path, name: str) -> bytes:
    """The bytes of the file, refusing one over MAX_BYTES before reading it whole."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_BYTES:
                raise FlowError([_too_big(name, size)])
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
        raise FlowError([_too_big(name, None)])
    return data


def load_flow(path: str | os.PathLike[str]) -> Flow:
    """The flow in the file at `path`, structure and graph rules checked. Raises `FlowError`
    (every problem, `file:line:col`) or `FlowFileError` (the file cannot be read)."""
    return _checked(read_flow(path))


def load_flow_text(data: str | bytes, source: str = "<memory>") -> Flow:
    """Like `load_flow`, for text or bytes already in memory."""
    return _checked(parse_flow(data, source))


def _checked(flow: Flow) -> Flow:
    """`flow` once the graph rules pass; only ever called on a structurally sound flow."""
    try:
        from assistant.flows.check import check_flow
    except ModuleNotFoundError as exc:
        if exc.name != "assistant.flows.check":
            raise
        logger.warning("assistant.flows.check is missing: graph rules were not checked")
        return flow
    problems: list[Problem] = check_flow(flow)
    if problems:
        raise FlowError(problems)
    logger.debug("loaded %s: %d screens", flow.source, len(flow.screens))
    return flow
