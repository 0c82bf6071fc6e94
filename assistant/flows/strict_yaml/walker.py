"""Strict YAML: text -> node tree with positions, and a node walker that reports every problem.

The machinery shared by every YAML file this project reads (the flows file, QA's scenario
files). YAML is read only as far as its node tree (`yaml.compose`, libyaml when present); a
`NodeWalker` subclass walks the nodes itself and never constructs Python objects from tags, so
nothing in a file is silently turned into something else. Refused, each at the `line:col` of
what to fix, with the fix:

- bytes that are not UTF-8, control characters, tabs, files over `MAX_BYTES`, empty files,
  more than one YAML document, YAML syntax errors (with a hint for the usual traps);
- anchors and aliases (`&a`, `*a`), YAML tags (`!!int`, `!foo`);
- duplicate keys, unknown keys ("did you mean ...?"), missing keys, wrong types, empty texts,
  ids that are not `lowercase_with_digits`, zero-width spaces and soft hyphens in texts;
- YAML 1.1 surprises where text is meant: unquoted `no`, `on`, `+5511999910621`, `1:30`,
  `1.10`, `2026-11-24`, an empty value (null), `0800`; and an unquoted text that a ` #` cuts
  short (the rest of the line becomes a comment).

Use: `compose_strict` reports the problems of the text as a whole and returns a `Document`;
a `NodeWalker` subclass reads it (`walk`) with `fields`, `text`, `ident`, `choice`, `integer`,
`items`, ..., given the `Shape` of each kind of mapping. Messages about the file as a whole name
it by the `noun` the caller passes ("flows file", "scenario file").
"""

from __future__ import annotations

import codecs
import difflib
import json
import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Final, Generic, NamedTuple, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver
from yaml.tokens import AliasToken, AnchorToken

from assistant.flows.model import Mark
from assistant.flows.problems import Problem

logger = logging.getLogger(__name__)

__all__ = [
    "ALIAS_TAG",
    "BOOL_TAG",
    "FLOAT_TAG",
    "INT_TAG",
    "MAP_TAG",
    "MAX_BYTES",
    "MAX_LISTED",
    "MAX_PROBLEMS",
    "NULL_TAG",
    "SEQ_TAG",
    "STR_TAG",
    "TIMESTAMP_TAG",
    "Document",
    "NodeWalker",
    "Pair",
    "Shape",
    "TooManyProblems",
    "compose_strict",
    "describe",
    "did_you_mean",
    "meant_key",
    "quote",
    "shape",
    "too_large",
]

MAX_BYTES: Final = 8 * 1024 * 1024
"""The largest file read (8 MiB); the real flows file is about 12 KB."""

MAX_LISTED: Final = 20
"""Tabs, control characters, anchors/aliases reported one by one before one "and N more"."""

MAX_PROBLEMS: Final = 500
"""A walk stops after this many problems (a file of the wrong kind would otherwise list a
problem per line, and take minutes to)."""

# --- tags -------------------------------------------------------------------------------------

# The tags of resolved nodes are these very objects (see `_LeanResolver`), so a walker tests
# `node.tag is STR_TAG` (identity) on the happy path; a tag written in the file never is one.
STR_TAG: Final = "tag:yaml.org,2002:str"
SEQ_TAG: Final = "tag:yaml.org,2002:seq"
MAP_TAG: Final = "tag:yaml.org,2002:map"
NULL_TAG: Final = "tag:yaml.org,2002:null"
BOOL_TAG: Final = "tag:yaml.org,2002:bool"
INT_TAG: Final = "tag:yaml.org,2002:int"
FLOAT_TAG: Final = "tag:yaml.org,2002:float"
TIMESTAMP_TAG: Final = "tag:yaml.org,2002:timestamp"
ALIAS_TAG: Final = "!alias-already-reported"
"""Stands in for the second and later references to an aliased node (already reported): the
walker skips it silently. Compared by identity, so no tag written in a file can equal it."""

Pair = tuple[Node, Node]
"""A key node and its value node."""

# PyYAML's implicit resolvers, by first character, with our own tag objects.
_OWN_TAGS = {
    t: t for t in (STR_TAG, SEQ_TAG, MAP_TAG, NULL_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, TIMESTAMP_TAG)
}
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
    """PyYAML's tag resolution without its per-node path-resolver bookkeeping (which our files
    never use): same tags, a fraction of the Python calls per node."""

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
            return STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG


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
# An id written as one of these is not text: what to say instead of "write it in quotes".
_NOT_AN_ID = frozenset((BOOL_TAG, INT_TAG, FLOAT_TAG, TIMESTAMP_TAG))
_YES_WORDS: Final = frozenset(("yes", "y", "true"))
_NO_WORDS: Final = frozenset(("no", "n", "false"))
_LOOKS_NUMERIC = re.compile(r"[-+]?[0-9][0-9_]*\Z")
# Characters YAML does not allow at all (the C0/C1 controls but tab, CR, LF, NEL; surrogates;
# U+FFFE/U+FFFF).
_BAD_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# An '&' or '*' followed by a name character; it is an anchor or alias only if it also follows
# a line start, a blank or a flow indicator (`_AFTER`). Only then is the file scanned token by
# token (slow) to be sure: "Perguntas & respostas" does not trigger it.
_ANCHOR_OR_ALIAS = re.compile(r"[&*][^\s\[\]{},]")
_AFTER = frozenset(" \t\r\n\x85\u2028\u2029[]{},:?-")
# Line breaks as a text editor counts lines. YAML also breaks lines at U+0085, U+2028 and
# U+2029, which editors show on the line they are on: those are reported and replaced before the
# text is parsed (see `_unusual_breaks`), so that every position is an editor's.
_BREAK = re.compile("\r\n?|\n")
_UNUSUAL_BREAK = re.compile("[\x85\u2028\u2029]")
_TAB = re.compile("\t")
_UNUSUAL_BREAK_NAMES: Final = {
    "\x85": "next-line character U+0085",
    "\u2028": "line separator U+2028",
    "\u2029": "paragraph separator U+2029",
}


class _Lines:
    """Converts a character index of the text to a 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def position(self, index: int) -> tuple[int, int]:
        row = bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


# --- message helpers --------------------------------------------------------------------------


def quote(value: str, limit: int = 60) -> str:
    """`value` in double quotes for a message, escaped, shortened if long. Invisible format
    characters (a zero-width space, a stray BOM) are written as \\uXXXX: a key that only
    differs from a known one by them would otherwise look exactly like it."""
    if len(value) > limit:
        value = value[: limit - 3] + "..."
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if _invisible(c) or c in _ODD_SPACES else c for c in quoted)


# Spaces that look like ' ' but are not (a non-breaking space pasted from Word, ...).
_ODD_SPACES = frozenset("\u00a0\u2007\u202f\u3000")
# Invisible characters a text may hold and shows oddly or not at all (pasted from Word or a web
# page); refused in texts. Other format characters (a zero-width joiner in an emoji) are kept.
_HIDDEN_NAMES: Final = {
    "\u200b": "zero-width space U+200B",
    "\u00ad": "soft hyphen U+00AD (shown as '-' only where a line breaks)",
    "\ufeff": "zero-width no-break space U+FEFF (a stray byte order mark)",
}
_HIDDEN = re.compile(f"[{''.join(_HIDDEN_NAMES)}]")


# A quote that ends a text, and the quotes that may open it (an apostrophe ends a word too).
_OPENING_QUOTES: Final = {'"': '"', "'": "'‘", "”": "“", "’": "‘'"}


def _stray_closing_quote(raw: str) -> bool:
    """True if the unquoted text `raw` ends with a quote that nothing opens: the opening quote of
    the whole text is missing (`Confira a fatura?"`). A quote that opens a word inside the text
    (after anything but a letter or digit: a space, '(', '/') is the partner of the last one:
    `Toque em "Faturas"`, `Menu/"Pagar"` are fine. A straight quote right after a digit is an
    inch or foot mark (`Tela de 6"`, `5'`), not a closing quote."""
    openers = _OPENING_QUOTES.get(raw[-1:])
    if openers is None or len(raw) < 2:
        return False
    if raw[-1] in "\"'" and raw[-2].isdigit():
        return False
    return not any(
        char in openers and not raw[i - 1].isalnum()
        for i, char in enumerate(raw[1:-1], start=1)
    )


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf"


def did_you_mean(wrong: str, known: Sequence[str]) -> str | None:
    """The name in `known` that `wrong` (compared in lowercase) is probably a misspelling of."""
    close = difflib.get_close_matches(wrong.lower(), known, n=1)
    return close[0] if close else None


def _one_of(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _suggest_id(raw: str) -> str | None:
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
    candidate = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_").lstrip("0123456789_")
    return candidate if _ID.match(candidate) else None


# What to write for an id read as a number or a date, by what the value is: a new id gets an
# example name of its kind; a reference must name what it refers to, not a new name.
_ID_EXAMPLES: Final = {"screen id": "tela_", "contact id": "regiao_", "option id": "opcao_"}
_REFERENCE_FIXES: Final = {
    "start": "write the id of the screen it leads to",
    "next": "write the id of the screen it leads to",
    "screen": "write the id of the screen",
}


def _id_fix(what: str, raw: str) -> str:
    """The fix for `what` ("screen id", "next", ...) written as the number or date `raw`."""
    fix = _REFERENCE_FIXES.get(what)
    if fix is not None:
        return fix
    example = _suggest_id(_ID_EXAMPLES.get(what, "id_") + raw)
    return f"write a name, e.g. {example}" if example else "write a name"


def describe(node: Node) -> str:
    """What a node is, for "must be X, not Y" messages."""
    if type(node) is MappingNode:
        return "a mapping (key: value lines)"
    if type(node) is SequenceNode:
        return "a list"
    tag = node.tag
    if tag == NULL_TAG:
        return "empty" if not node.value else "null"
    if tag == BOOL_TAG:
        return "a yes/no value"
    if tag in (INT_TAG, FLOAT_TAG):
        return "a number"
    if tag == TIMESTAMP_TAG:
        return "a date"
    return "text"


# The longest plain number whose value is computed (for "the number 90", or `schema: 1`):
# a sexagesimal int ("1:30:30:...") takes time quadratic in its length (20 s for 900 KB).
_LONGEST_NUMBER_READ: Final = 40


def _reading(node: ScalarNode) -> str:
    """How YAML reads a plain scalar that is not a string: "the boolean false", ..."""
    tag, raw = node.tag, node.value
    if tag in (INT_TAG, FLOAT_TAG) and len(raw) > _LONGEST_NUMBER_READ:
        return "a number"  # not computed (see _LONGEST_NUMBER_READ)
    try:
        if tag == BOOL_TAG:
            value = SafeConstructor.bool_values.get(raw.lower())
            return "the boolean " + ("true" if value else "false")
        if tag == INT_TAG:
            return f"the number {_CONSTRUCTOR.construct_yaml_int(node)}"
        if tag == FLOAT_TAG:
            return f"the number {_CONSTRUCTOR.construct_yaml_float(node)!r}"
        if tag == TIMESTAMP_TAG:
            _CONSTRUCTOR.construct_yaml_timestamp(node)
            return "a date" if len(raw) <= 10 else "a date and time"
    except (ValueError, TypeError, ArithmeticError):
        return "a number" if tag in (INT_TAG, FLOAT_TAG) else "a date"
    if tag == NULL_TAG:
        return "null (no value)"
    return f"the special YAML value {_tag_text(tag)}"


def _tag_text(tag: str) -> str:
    """A tag as written in a file: "tag:yaml.org,2002:int" -> "!!int"."""
    return "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag


def _explicit(tag: str) -> bool:
    """True for a tag written in the file (`!!int 5`, `!foo`): resolved tags are our own
    objects (see `_LeanResolver`), tags written in the file never are."""
    return id(tag) not in _RESOLVED_TAG_IDS


# --- shapes -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shape:
    """The keys one kind of mapping may have; build it with `shape`."""

    where: str  # as in `unknown key "x" in screen`
    of: str  # as in "the keys of a screen are: ..."
    keys: tuple[str, ...]
    required: tuple[str, ...]
    keyset: frozenset[str]
    examples: Mapping[str, str]  # what to write for a missing required key: "id: <name>"
    aliases: Mapping[str, str]  # other names of keys, for "did you mean": "título" -> "title"


def shape(
    where: str,
    of: str,
    keys: tuple[str, ...],
    required: tuple[str, ...] = (),
    examples: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> Shape:
    """A `Shape`. `where` and `of` complete `unknown key "x" {where}` and `the keys of {of} are`;
    `examples` must say what to write for each of the `required` keys; `aliases` maps other
    names of keys (in lowercase; those of keys not in `keys` are left out) to the keys."""
    examples = examples or {}
    missing = [name for name in required if name not in keys or name not in examples]
    if missing:
        raise ValueError(f"required keys not in keys, or without an example: {missing}")
    own = {alias: key for alias, key in (aliases or {}).items() if key in keys}
    return Shape(where, of, keys, required, frozenset(keys), examples, own)


# A key written with no space (or a non-breaking one) after its ':' (`label:"Não"` inside
# {...}): YAML reads the key, the ':' and what follows as one key.
_GLUED_COLON = re.compile("([^:\\s]+):(?=[^ ])\u00a0*(.*)", re.DOTALL)


def meant_key(name: str, shape: Shape) -> str | None:
    """The key of `shape` that the unknown key `name` probably stands for: the key before a ':'
    with no space after it, a key's other name (`shape.aliases`), or a close spelling."""
    glued = _GLUED_COLON.match(name)
    if glued is not None and glued.group(1) in shape.keyset:
        return glued.group(1)
    alias = shape.aliases.get(name.lower())
    return alias if alias is not None else did_you_mean(name, shape.keys)


# --- the walker -------------------------------------------------------------------------------


class TooManyProblems(Exception):  # noqa: N818 - a signal that stops a walk, not an error
    """Raised by `NodeWalker.report` at MAX_PROBLEMS; `NodeWalker.walk` stops there."""


T = TypeVar("T")


class NodeWalker(Generic[T]):
    """Walks a composed node tree, reading values and collecting every problem.

    A subclass reads one kind of file: `document` builds its result from the root node,
    returning None if it cannot (having reported why). Readers (`text`, `ident`, `choice`,
    `integer`, `items`, `mapping`, `fields`, `require`) report what is wrong, in terms of `what`
    the value is, and return a stand-in so that the walk goes on and reports everything at once.
    `report` raises `TooManyProblems` at MAX_PROBLEMS; `walk` ends there with `stop_message`."""

    __slots__ = ("_in_text", "_lines", "data", "problems", "source", "values_only")

    stop_message: ClassVar[str] = (
        f"stopped after {MAX_PROBLEMS} problems; fix these and check again"
    )

    def __init__(self, source: str, text: str, problems: list[Problem]) -> None:
        self.source = source
        self.data = text  # the whole text, to look past the end of a plain scalar
        self.problems = problems
        # Whether every problem so far is in the value of a text (a YAML trap, an empty text):
        # the shape of what was read, ids and references included, is then as written.
        self.values_only = True
        self._in_text = False
        self._lines: _Lines | None = None  # line starts of `data`, when a position is needed

    def document(self, root: Node) -> T | None:
        """What the file holds, or None (after reporting why). Subclasses implement it."""
        raise NotImplementedError

    def walk(self, root: Node) -> T | None:
        """`document(root)`, or None once every problem (up to MAX_PROBLEMS) is reported."""
        try:
            return self.document(root)
        except TooManyProblems:
            last = self.problems[-1].mark
            self.problems.append(Problem.stop(last, self.stop_message))
            return None

    # reporting

    def mark(self, node: Node) -> Mark:
        start = node.start_mark
        return Mark(self.source, start.line + 1, start.column + 1)

    def report(self, node: Node, message: str) -> None:
        problems = self.problems
        problems.append(Problem(self.mark(node), message))
        if not self._in_text:
            self.values_only = False
        if len(problems) >= MAX_PROBLEMS:
            raise TooManyProblems

    # mappings and keys

    def fields(self, node: Node, shape: Shape, owner: str) -> dict[str, Pair]:
        """The key/value pairs of a mapping by key name; reports non-text, duplicate, unknown
        and missing keys. `owner` names the mapping in "missing key" messages."""
        found: dict[str, Pair] = {}
        keyset = shape.keyset
        open_quote = ""  # a quote opened after a key's glued ':', which the ',' cut short
        for pair in node.value:
            key = pair[0]
            if (key.tag is not STR_TAG or type(key) is not ScalarNode) and not self.key_is_text(
                key, shape
            ):
                continue
            name = key.value
            if name in found:
                first = found[name][0].start_mark.line + 1
                self.report(
                    key, f"duplicate key {quote(name)} (first at line {first}); remove one of them"
                )
                continue
            found[name] = pair
            if open_quote:  # a piece of that text: reported with it
                if open_quote in name or open_quote in str(pair[1].value):
                    open_quote = ""
            elif name not in keyset:
                open_quote = self.unknown_key(node, key, pair[1], name, shape)
        for name in shape.required:
            if name not in found:
                self.require(node, found, shape, owner)
                break
        return found

    def require(self, node: Node, found: Mapping[str, Pair], shape: Shape, owner: str) -> None:
        """Reports each `shape.required` key missing from `found` (read from `node`, perhaps
        with another shape), unless a misspelling of it is there: that one was reported with
        its "did you mean", and is not reported again."""
        for name in shape.required:
            if name in found:
                continue
            if any(meant_key(key, shape) == name for key in found if key not in shape.keyset):
                continue
            self.report(node, f'{owner} has no "{name}"; add {shape.examples[name]}')

    def key_is_text(self, key: Node, shape: Shape) -> bool:
        """Slow path of `fields` for a key that is not plain text: reports why, returns False."""
        tag = key.tag
        if tag is ALIAS_TAG:
            return False
        if type(key) is not ScalarNode:
            self.report(key, f"a key must be a name, not {describe(key)}")
        elif _explicit(tag):
            self.tag_problem(key)
        else:
            self.report(
                key,
                f"unknown key {quote(key.value)} {shape.where} (YAML reads it as "
                f"{_reading(key)}); the keys of {shape.of} are: {', '.join(shape.keys)}",
            )
        return False

    def unknown_key(self, node: Node, key: Node, value: Node, name: str, shape: Shape) -> str:
        """Reports an unknown key, with the key it probably meant. Returns the quote that opens
        a text after a ':' with no space after it, cut short by a ',' (`{label:"Sim, já"}`: the
        keys up to its closing quote are pieces of it, not to be reported), else ""."""
        glued = _GLUED_COLON.match(name)
        if glued is not None:
            self.glued_colon(key, name, shape)
            rest = glued.group(2)
            mark = rest[:1]
            return mark if mark and mark in "\"'" and rest.count(mark) == 1 else ""
        close = meant_key(name, shape)
        if close:
            hint = f'; did you mean "{close}"?'
        else:
            hint = f"; the keys of {shape.of} are: {', '.join(shape.keys)}"
        if getattr(node, "flow_style", False) and value.tag is NULL_TAG and not value.value:
            hint += " (inside {...} an unquoted ',' ends a text: put texts in quotes)"
        self.report(key, f"unknown key {quote(name)} {shape.where}{hint}")
        return ""

    def glued_colon(self, key: Node, name: str, shape: Shape) -> None:
        if ":\u00a0" in name:
            space = (
                "the space after ':' is a non-breaking space (U+00A0, invisible; usually "
                "pasted from Word or a web page)"
            )
        else:
            space = "there is no space after ':'"
        self.report(
            key,
            f"unknown key {quote(name)} {shape.where}: {space}, so YAML reads it all as one "
            f"key; put a normal space after ':'",
        )

    def tag_problem(self, node: Node) -> None:
        self.report(
            node,
            f"YAML tags ({_tag_text(node.tag)}) are not allowed; remove the tag "
            f"(and put the text in quotes if it is text)",
        )

    def mapping(self, node: Node, what: str) -> bool:
        """True if `node` is a mapping (its keys are for `fields`); reports it if not."""
        if type(node) is MappingNode and node.tag is MAP_TAG:
            return True
        return self.collection_slow(
            node, MappingNode, MAP_TAG, what, "a mapping (key: value lines)"
        )

    def items(self, node: Node, what: str) -> list[Node]:
        """The items of a list; [] after reporting that `node` is not one."""
        if type(node) is SequenceNode and node.tag is SEQ_TAG:
            items: list[Node] = node.value
            return items
        if self.collection_slow(node, SequenceNode, SEQ_TAG, what, 'a list (one "- " per item)'):
            explicit: list[Node] = node.value
            return explicit
        return []

    def collection_slow(
        self, node: Node, node_type: type[Node], tag: str, what: str, expected: str
    ) -> bool:
        if node.tag is ALIAS_TAG:
            return False
        if type(node) is not node_type:
            self.report(node, f"{what} must be {expected}, not {describe(node)}")
            return False
        self.tag_problem(node)  # the right type, so the tag is the only difference
        return True

    # scalars

    def text(self, node: Node, what: str) -> str:
        """A text value, stripped; reports empty texts, YAML coercions and ' #' cuts."""
        outer, self._in_text = self._in_text, True
        try:
            return self._text(node, what)
        finally:
            self._in_text = outer

    def _text(self, node: Node, what: str) -> str:
        if node.tag is STR_TAG and type(node) is ScalarNode:
            if not node.style:
                self.plain_text(node, what)
            value: str = node.value.strip()
            if not value:
                self.report(node, f"{what} is empty; write the text, in quotes")
            elif all(_invisible(c) or c.isspace() for c in value):
                self.report(
                    node,
                    f"{what} is only invisible characters ({quote(value)}); write the text",
                )
            elif (hidden := _HIDDEN.search(value)) is not None:
                self.hidden_characters(node, what, hidden.group())
            return value
        return self.not_text(node, what, is_id=False)

    def plain_text(self, node: ScalarNode, what: str) -> None:
        raw: str = node.value
        if raw[:1] in _TYPOGRAPHIC and raw:
            self.report(
                node,
                f"{what} starts with a typographic quote {raw[0]} (as Word writes it), which "
                f"YAML does not read as a quote, so it would be shown to the customer: put "
                f'the text in straight quotes "..."',
            )
            return
        if _stray_closing_quote(raw):
            self.report(
                node,
                f"{what} ends with a quote {raw[-1]} but does not start with one (the opening "
                f"quote is missing), so YAML keeps the {raw[-1]} in the text and it would be "
                f'shown to the customer: put the whole text in quotes "..."',
            )
            return
        if _LOOKS_NUMERIC.match(raw):
            self.report(
                node,
                f"{quote(raw)} looks like a number, and YAML tools may read it as one "
                f"(0800 as octal, 1_000 as 1000); write it in quotes: {quote(raw)}",
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
                f"leaving only {quote(raw)}; put the whole text in quotes",
            )

    def hidden_characters(self, node: Node, what: str, char: str) -> None:
        """Reports each zero-width space, soft hyphen or stray BOM in the text of `node`, at its
        position; `char`, the first, at the text if the file writes it as an escape ("\\u200b")."""
        if self._lines is None:
            self._lines = _Lines(self.data)
        problems = self.problems
        before = len(problems)

        def message(hidden: str) -> str:
            return f"invisible {_HIDDEN_NAMES[hidden]} in {what}; delete it"

        where = (node.start_mark.index, node.end_mark.index)
        lines, source, plural = self._lines, self.source, "invisible characters"
        _report_matches(_HIDDEN, self.data, lines, source, problems, message, plural, *where)
        if len(problems) == before:
            self.report(node, message(char))
        elif len(problems) >= MAX_PROBLEMS:
            raise TooManyProblems

    def ident(self, node: Node, what: str, *, answers: tuple[str, str] | None = None) -> str:
        """An id (or a reference to one): lowercase letters, digits and _. `answers`, if given,
        are the ids that stand for yes and no here (said for an unquoted `yes` or `no`)."""
        if node.tag is STR_TAG and type(node) is ScalarNode:
            value: str = node.value
            if _ID.match(value) is None:
                self.bad_id(node, value, what)
            return value
        if type(node) is ScalarNode and node.tag in _NOT_AN_ID and not _explicit(node.tag):
            self.value_as_id(node, what, answers)
            return str(node.value)
        return self.not_text(node, what, is_id=True)

    def value_as_id(
        self, node: ScalarNode, what: str, answers: tuple[str, str] | None
    ) -> None:
        """An id written as a number, a date or a yes/no word: quoting a number is no fix (an
        id starts with a letter), and `yes`/`no` are better written as the `answers` ids."""
        raw: str = node.value
        word = raw.lower()
        if node.tag is not BOOL_TAG:
            fix = f"an id starts with a letter: {_id_fix(what, raw)}"
        elif answers is not None and word in _YES_WORDS | _NO_WORDS:
            fix = f"write {answers[0] if word in _YES_WORDS else answers[1]}"
        else:
            fix = f"write it in quotes: {quote(word)}"
        self.report(node, f"{what} {quote(raw)} is read by YAML as {_reading(node)}; {fix}")

    def bad_id(self, node: Node, value: str, what: str) -> None:
        if not value.strip():
            self.report(node, f"{what} is empty; write an id (lowercase letters, digits and _)")
            return
        suggestion = _suggest_id(value)
        fix = f": write {quote(suggestion)}" if suggestion and suggestion != value else ""
        self.report(
            node,
            f"{what} {quote(value)} is not a valid id; an id uses only lowercase letters a-z, "
            f"digits and _, and starts with a letter{fix}",
        )

    def not_text(self, node: Node, what: str, *, is_id: bool) -> str:
        """Slow path of `text`/`ident`: explains why `node` is not text, returns its raw text."""
        tag = node.tag
        if tag is ALIAS_TAG:
            return ""
        if type(node) is not ScalarNode:
            expected = "an id" if is_id else "text"
            self.report(node, f"{what} must be {expected}, not {describe(node)}")
            return ""
        raw: str = node.value
        if _explicit(tag):
            self.tag_problem(node)
        elif tag is NULL_TAG and not raw:
            if is_id:
                self.report(node, f"{what} is empty; write an id (lowercase letters, digits and _)")
            else:
                self.report(node, f"{what} is empty; write the text, in quotes")
        else:
            reading = _reading(node)
            self.report(
                node,
                f"{quote(raw)} is read by YAML as {reading}; write it in quotes: {quote(raw)}",
            )
        return raw

    def choice(self, node: Node, what: str, names: Sequence[str]) -> str | None:
        """One of a fixed set of words (a kind, a channel), or None after reporting why not."""
        if node.tag is STR_TAG and type(node) is ScalarNode:
            value: str = node.value
            if value in names:
                return value
            close = did_you_mean(value, names)
            hint = f'; did you mean "{close}"?' if close else ""
            self.report(node, f"{what} must be {_one_of(names)}, not {quote(value)}{hint}")
            return None
        self.not_text(node, what, is_id=True)
        return None

    def integer(
        self, node: Node, what: str, *, expected: str = "a whole number", fix: str = ""
    ) -> int | None:
        """A whole number written as one (`1`, not `"1"`), or None after reporting what `node`
        is instead, as "{what} must be {expected}, not {what it is}{fix}"."""
        tag = node.tag
        if tag is INT_TAG and type(node) is ScalarNode:
            if len(node.value) > _LONGEST_NUMBER_READ:  # not computed (see there)
                found = quote(node.value)
            else:
                try:
                    value: int = _CONSTRUCTOR.construct_yaml_int(node)
                except ValueError:  # YAML's pattern for an int, but no digit in it: `0x_`
                    found = quote(node.value)
                else:
                    return value
        elif tag is ALIAS_TAG:
            return None
        elif _explicit(tag):
            self.tag_problem(node)
            return None
        else:
            found = f"text ({quote(node.value)})" if tag is STR_TAG else describe(node)
        self.report(node, f"{what} must be {expected}, not {found}{fix}")
        return None


# --- from bytes to nodes ----------------------------------------------------------------------


class Document(NamedTuple):
    """A composed YAML document: its root node, and the text it was composed from."""

    root: Node
    text: str


def compose_strict(
    data: str | bytes,
    source: str,
    problems: list[Problem],
    *,
    noun: str,
    starts_with: str = "",
    empty_starts_with: str | None = None,
) -> Document | None:
    """The node tree of `data` (UTF-8 bytes, or text), ready for a `NodeWalker`; None if there
    is none. Appends to `problems`, at `source:line:col`, what is wrong with the text as a whole:
    encoding, size, characters, tabs, anchors and aliases, YAML syntax, an empty file.

    `noun` names the kind of file ("a flows file is a single document"); `starts_with` is how
    one starts, said when the file is empty or only comments (`empty_starts_with`, if given,
    when it is empty). Aliased nodes are replaced by `ALIAS_TAG` placeholders after the first
    reference (they are reported already)."""
    start = len(problems)
    text = _decode(data, source, problems, noun, empty_starts_with or starts_with)
    if text is None or not _scan_characters(text, source, problems):
        return None
    text = _unusual_breaks(text, source, problems)
    aliased = _may_have_anchors(text) and _scan_anchors(text, source, problems)
    root = _compose(text, source, problems, noun)
    if root is None:
        if len(problems) == start:
            message = "the file has only comments and blank lines"
            if starts_with:
                message += f"; a {noun} starts with {starts_with}"
            problems.append(Problem(Mark(source, 1, 1), message))
        return None
    if aliased:
        _unshare(root)
    return Document(root, text)


# Syntax errors whose cause starts at the context mark, where YAML began to read what fails.
_AT_CONTEXT_MARK: Final = (
    "could not find expected ':'",
    "scanning an alias",
    "scanning a block scalar",
)

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
    (
        "scanning an alias",
        "a text cannot start with '*' (YAML reads *name as a reference to an anchor): put "
        "the whole text in quotes",
    ),
    (
        "sequence entries are not allowed",
        "a text cannot start with '- ' (YAML reads it as a list item): put the whole text in "
        "quotes",
    ),
    (
        "scanning a block scalar",
        "a text cannot start with '|' or '>' and go on on the same line ('|' and '>' start a "
        "text on the lines below): put the whole text in quotes",
    ),
    (
        "mapping keys are not allowed",
        "a text cannot start with '? ' (YAML reads it as a key): put the whole text in quotes",
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


def too_large(source: str, size: int | None, *, noun: str) -> Problem:
    """The problem of a file over MAX_BYTES (`size` in bytes, None if not known)."""
    written = f"{size:,} bytes" if size is not None else f"more than {MAX_BYTES:,} bytes"
    return Problem(
        Mark(source, 1, 1),
        f"the file is too large ({written}; the limit is 8 MiB): a {noun} is a few dozen "
        f"KB, check that this is the right file",
    )


def _decode(
    data: str | bytes, source: str, problems: list[Problem], noun: str, starts_with: str
) -> str | None:
    """The text of `data` without its BOM, or None after reporting why it cannot be read."""
    if isinstance(data, str):
        size = len(data)
        if size > MAX_BYTES // 4:  # only then can its UTF-8 form be over the cap
            size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            problems.append(too_large(source, size, noun=noun))
            return None
        text = data[1:] if data.startswith("\ufeff") else data
    else:
        raw = bytes(data)
        if len(raw) > MAX_BYTES:
            problems.append(too_large(source, len(raw), noun=noun))
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
        message = "the file is empty"
        if starts_with:
            message += f"; a {noun} starts with {starts_with}"
        problems.append(Problem(Mark(source, 1, 1), message))
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
        problems.append(Problem.more(found[MAX_LISTED][0], more, plural))


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
        _report_matches(_TAB, text, lines, source, problems, lambda _: message, "tab characters")
    if _BAD_CHAR.search(text) is None:
        return True
    _report_matches(
        _BAD_CHAR,
        text,
        lines or _Lines(text),
        source,
        problems,
        lambda char: f"invisible character U+{ord(char):04X} is not allowed in YAML; delete it",
        "characters that are not allowed",
    )
    return False


def _unusual_breaks(text: str, source: str, problems: list[Problem]) -> str:
    """Reports the line breaks YAML sees and an editor does not (U+2028 and the like, pasted
    invisibly from Word or a web page: YAML would count a line more after each, and keep it in
    a text), and returns `text` with each replaced by a space, so that YAML counts lines as an
    editor does; the file is refused anyway."""
    if _UNUSUAL_BREAK.search(text) is None:
        return text
    _report_matches(
        _UNUSUAL_BREAK,
        text,
        _Lines(text),
        source,
        problems,
        lambda char: f"invisible {_UNUSUAL_BREAK_NAMES[char]}, a line break for YAML; delete it",
        "invisible line breaks",
    )
    return _UNUSUAL_BREAK.sub(" ", text)


def _report_matches(
    pattern: re.Pattern[str],
    text: str,
    lines: _Lines,
    source: str,
    problems: list[Problem],
    message: Callable[[str], str],
    plural: str,
    start: int = 0,
    end: int | None = None,
) -> None:
    """Each match of `pattern` in `text` (from index `start` to `end`) as a problem,
    `message(the matched text)`, at its position: the first MAX_LISTED, then one "and N more
    {plural}" (only those are located)."""
    end = len(text) if end is None else end
    found: list[tuple[Mark, str]] = []
    for match in pattern.finditer(text, start, end):
        line, column = lines.position(match.start())
        found.append((Mark(source, line, column), message(match.group())))
        if len(found) > MAX_LISTED:
            break
    total = len(pattern.findall(text, start, end)) if len(found) > MAX_LISTED else len(found)
    _report_capped(found, total, problems, plural)


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
    return ScalarNode(ALIAS_TAG, "", node.start_mark, node.end_mark)


def _syntax_problem(
    exc: BaseException, text: str, source: str, loader: object, noun: str
) -> Problem:
    """A problem at the position of a YAML syntax error, with a hint for the usual traps."""
    if isinstance(exc, yaml.MarkedYAMLError):
        where = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark is not None and any(
            trap in problem or trap in (exc.context or "") for trap in _AT_CONTEXT_MARK
        ):
            # What to fix starts at the context mark (a key with no ':', a text that starts
            # with '*'); YAML only notices later, maybe lines further down.
            where = exc.context_mark
        line, column = (where.line + 1, where.column + 1) if where is not None else (1, 1)
        if exc.context == "expected a single document in the stream":
            message = (
                f"a second YAML document starts here; a {noun} is a single document: "
                f"remove this '---' line and merge what follows into the first, or delete it"
            )
            return Problem(Mark(source, line, column), message)
        context = ""
        started = exc.context_mark
        if exc.context and exc.problem and started is not None and started is not where:
            context = f" ({exc.context} at line {started.line + 1}, column {started.column + 1})"
        message = f"YAML syntax error: {problem}{context}"
        first = started.line + 1 if started is not None else max(line - 1, 1)
        pasted = _pasted_space(text, min(first, line), line)
        if pasted is not None:
            number, col = pasted
            return Problem(
                Mark(source, number, col),
                "non-breaking space (U+00A0, invisible; usually pasted from Word or a web "
                "page) where YAML needs a normal space: delete it and type a space "
                f"({message})",
            )
        lines = _BREAK.split(text)
        moved = _moved_problem(text, lines, exc, line, column, problem)
        if moved is not None:
            number, col, moved_message = moved
            return Problem(Mark(source, number, col), f"YAML syntax error: {moved_message}")
        hint = _syntax_hint(text, lines, line, column, problem, exc.context or "")
        if hint is not None:
            message += f"; {hint}"
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
    # Not an error of PyYAML's about the text: a bug, in PyYAML or here. The author still gets
    # a problem rather than a crash, and the log gets the traceback to report.
    logger.error("reading %s failed unexpectedly", source, exc_info=exc)
    return Problem(Mark(source, 1, 1), f"YAML cannot read the file: {exc!r}")


def _moved_problem(
    text: str, lines: list[str], exc: yaml.MarkedYAMLError, line: int, column: int, problem: str
) -> tuple[int, int, str] | None:
    """For a syntax error at `line`:`column` whose cause is elsewhere (a quote not closed lines
    above, a ' #' that cut a {...} short): the line, column and message of that cause."""
    opened = _unclosed_quote_line(text, line)
    if opened is not None and opened[0] != line:
        number, col, mark = opened
        return (
            number,
            col,
            f"this {mark}quoted text{mark} is not closed, so YAML reads on to line {line}, "
            f"column {column} ({problem}): add the closing {mark} at the end of the text",
        )
    this_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if (bracket := _collection_then_text(this_line)) is not None:
        kind = "a list" if this_line[bracket] == "[" else "a mapping"
        return (
            line,
            bracket + 1,
            f"a text cannot start with '{this_line[bracket]}' (YAML reads what follows as "
            f"{kind}, then finds more text after it): put the whole text in quotes",
        )
    started = exc.context_mark
    if started is not None and exc.context and "flow" in exc.context:
        cut = _comment_in_flow(lines, started.line, started.column, line)
        if cut is not None:
            number, col = cut
            opening = lines[started.line][started.column : started.column + 1]
            brackets = "[...]" if opening == "[" else "{...}"
            return (
                number,
                col,
                f"' #' starts a comment, so YAML ignores the rest of the line, the end of the "
                f"{brackets} too: put the text in quotes",
            )
    return None


def _syntax_hint(
    text: str, lines: list[str], line: int, column: int, problem: str, context: str
) -> str | None:
    """The likely cause of a syntax error at `line`:`column` (YAML's `problem`, in `context`),
    and its fix, or None."""
    this_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if (key := _missing_comma(this_line, column, problem)) is not None:
        return (
            f"a ',' is missing before {quote(key)}: inside {{...}} and [...], items are "
            f"separated by commas"
        )
    if (typographic := _typographic_quote(this_line)) is not None:
        return (
            f"this line has a typographic quote {typographic} (as Word writes it), which YAML "
            f'does not read as a quote: put the text in straight quotes "..."'
        )
    if (closed_early := _quote_closed_before(this_line, column)) is not None:
        if this_line[closed_early - 1] == "'":
            return (
                f"the quoted text on this line ends at the ' in column {closed_early}: inside "
                f"'single quotes' write '' for an apostrophe ('Caixa d''água'), or use double "
                f'quotes ("Caixa d\'água")'
            )
        return (
            f'the quoted text on this line ends at the " in column {closed_early}: a " inside '
            f'"double quotes" ends the text; write \\" for it, or use “ ” inside'
        )
    if (key_line := _key_above_a_deeper_line(text, line, problem)) is not None:
        return (
            f"this line is indented more than the key on line {key_line} above it, so YAML "
            f"reads it as more of that key's text: start it in the same column as that key "
            f"(or, if it is the text going on, put the whole text in quotes)"
        )
    return next(
        (hint for trap, hint in _SYNTAX_HINTS if trap in problem or trap in context), None
    )


def _collection_then_text(line: str) -> int | None:
    """The index of the first '[' or '{' that starts a value on `line` if its closing bracket
    is followed by more text (`title: [NOVO] confira`: a text that starts with '['), else
    None. One pass over the line: a line of 100,000 '[' is read in linear time."""
    start = next((i for i in _value_starts(line) if line[i] in "[{"), None)
    if start is None:
        return None
    depth = 0
    for i in range(start, len(line)):
        if line[i] in "[{":
            depth += 1
        elif line[i] in "]}":
            depth -= 1
            if depth == 0:
                rest = line[i + 1 :].lstrip()
                return start if rest and rest[0] not in ",]}#:" else None
    return None


# Inside [...] or {...}: what matters to find a ' #' that cuts it short (brackets, quotes, the
# ',' and ': ' after which a value starts, '#').
_FLOW_TOKEN = re.compile(r"[\[\]{}\"',#]|:(?= |$)")
# The rest of a quoted text, its closing quote included: in "double quotes" up to a '"' that
# no backslash escapes, in 'single quotes' up to a "'" that is not doubled. Possessive (*+): a
# '' is never taken back to close the text.
_QUOTED_REST: Final = {
    '"': re.compile(r'(?:[^"\\]|\\.)*+"'),
    "'": re.compile(r"(?:[^']|'')*+'"),
}


def _comment_in_flow(
    lines: list[str], first: int, start: int, last: int
) -> tuple[int, int] | None:
    """The line and column of a ' #' after an unquoted text inside the [...] or {...} opened at
    0-based line `first`, column `start`, up to line `last`: the comment takes the rest of its
    line, the closing bracket included. None if there is none before the brackets close (a
    comment after them cuts nothing). One pass over the lines, brackets counted and quoted texts
    skipped as YAML reads them: linear in their length."""
    if first >= len(lines):
        return None
    depth = 0 if lines[first][start : start + 1] in ("[", "{") else 1
    quote = ""  # the quote of a quoted text going on from the line above
    value_starts = True  # whether a quote here would open a quoted text
    for number in range(first, min(last, len(lines))):
        line = lines[number]
        i = start if number == first else 0
        while True:
            if quote:
                rest = _QUOTED_REST[quote].match(line, i)
                if rest is None:
                    break  # the quoted text goes on on the next line
                i, quote, value_starts = rest.end(), "", False
            token = _FLOW_TOKEN.search(line, i)
            end = len(line) if token is None else token.start()
            if line[i:end].strip(" "):
                value_starts = False  # some unquoted text
            if token is None:
                break
            char = line[end]
            if char == "#":
                before = end - 1
                while before >= 0 and line[before] == " ":
                    before -= 1
                if before < end - 1:  # a comment: the rest of the line
                    if depth > 0 and before >= 0 and line[before] not in ",[{:":
                        return number + 1, end + 1
                    break
                value_starts = False  # a '#' inside a text (`Menu#2`)
            elif char in "\"'":
                if value_starts:
                    quote = char
                value_starts = False
            elif char in "[{":
                depth += 1
                value_starts = True
            elif char in "]}":
                depth -= 1
                if depth <= 0:
                    return None  # closed: a comment after it cuts nothing
                value_starts = False
            else:  # ',' or ': '
                value_starts = True
            i = end + 1
    return None


# A non-breaking space in the indentation, or right after a ':' or '- ' indicator: YAML reads
# it as text, never as the space it looks like.
_PASTED_SPACE = re.compile("^ *(\u00a0)|(?:^ *-|:)(\u00a0)")
_TYPOGRAPHIC = "“”„‘’‚«»"
# Where a value starts: at the line start (after the indentation and any '- '), after ': ', or
# after '[', '{' or ',' (in a flow collection).
_VALUE_START = re.compile(r"(?:^ *(?:- +)*|: +|[\[{,] *)")


def _pasted_space(text: str, first: int, last: int) -> tuple[int, int] | None:
    """The line and column of a non-breaking space that stands for a YAML space, in lines
    `first`..`last` (the last one first), or None."""
    if "\u00a0" not in text:
        return None
    lines = _BREAK.split(text)
    for number in range(min(last, len(lines)), first - 1, -1):
        match = _PASTED_SPACE.search(lines[number - 1])
        if match is not None:
            group = 1 if match.group(1) is not None else 2
            return number, match.start(group) + 1
    return None


def _value_starts(line: str) -> Iterator[int]:
    """The index of each value start on `line` (see `_VALUE_START`) that is not inside a quoted
    text started on this line: in `label: "Sim, “confirmo”"`, `“` starts no value."""
    position = 0
    while (match := _VALUE_START.search(line, position)) is not None:
        start = match.end()
        if start >= len(line):
            return
        yield start
        if line[start] in "\"'":
            position = _closing_quote(line, start) + 1
        else:
            position = max(start, match.start() + 1)


def _closing_quote(line: str, opening: int) -> int:
    """The index of the quote that closes the quoted text opened at `opening` on `line`
    (`len(line)` if it is not closed there): see `_QUOTED_REST`."""
    rest = _QUOTED_REST[line[opening]].match(line, opening + 1)
    return len(line) if rest is None else rest.end() - 1


def _typographic_quote(line: str) -> str | None:
    """The typographic quote that starts a value on `line` (a text put in Word's quotes
    instead of YAML's), or None."""
    if not any(mark in line for mark in _TYPOGRAPHIC):
        return None
    for start in _value_starts(line):
        if line[start] in _TYPOGRAPHIC:
            return line[start]
    return None


def _quote_closed_before(line: str, column: int) -> int | None:
    """When a quoted text on `line` is closed early by a quote meant to be inside it (a '"' in
    "double quotes", an apostrophe in 'single quotes'), so that YAML fails at `column`, right
    after it: the column of that quote, else None. Not
    when a key follows the quote (`"Sim" next: x`): that text ends where it should, and a ','
    is missing after it (see `_missing_comma`)."""
    index = column - 2  # the character before the error, 0-based
    while index >= 0 and line[index] == " ":
        index -= 1
    if index <= 0 or line[index] not in "\"'" or column - 1 >= len(line):
        return None
    if _NEXT_KEY.match(line, column - 1):
        return None
    mark = line[index]
    for opening in _value_starts(line):
        if opening < index and line[opening] == mark and _closing_quote(line, opening) == index:
            return index + 1
    return None


# A key and its ':' (what follows a missing ',' inside {...}).
_NEXT_KEY = re.compile(r"[A-Za-z_][\w-]*:(?: |$)")


def _missing_comma(line: str, column: int, problem: str) -> str | None:
    """For an "expected ',' or '}'" error at a `key:` inside {...}: that key, else None."""
    if "expected ',' or" not in problem:
        return None
    key = _NEXT_KEY.match(line, column - 1)
    return key.group().rstrip(" :") if key is not None else None


def _unclosed_quote_line(text: str, before: int) -> tuple[int, int, str] | None:
    """Where a quoted text still open at line `before` (a syntax error's) was opened: its line,
    column and quote character, or None. A hint for syntax errors only.

    Only a quote that starts a value opens a quoted text (`key: "...`, `- '...`, or after `[`,
    `{` or `,`): in `label: Menu "2"` the quotes are part of the text. A double-quoted text
    ends at an unescaped `"`, a single-quoted one at a `'` that is not doubled, and either may
    go on over several lines; outside them, ` #` starts a comment. The lines of a block text
    (after `key: |` or `key: >-`) are text, not YAML: a quote in them opens nothing."""
    quote, opened, opened_at, depth = "", 0, 0, 0  # depth: inside how many [ or {
    block = -1  # in a block text: the column of its key (its lines are indented deeper)
    for number, line in enumerate(_BREAK.split(text)[: before - 1], start=1):
        if block >= 0:
            if not line.strip(" ") or len(line) - len(line.lstrip(" ")) > block:
                continue  # a line of the block text
            block = -1
        if not quote and not depth:
            block = _block_text_header(line)
        value_starts = True  # at the start of a line (after its indentation)
        i = 0
        while i < len(line):
            char = line[i]
            after = line[i + 1] if i + 1 < len(line) else " "
            if quote == '"':
                if char == "\\":
                    i += 1  # the escaped character
                elif char == '"':
                    quote = ""
            elif quote == "'":
                if char == "'" and after == "'":
                    i += 1  # '' is a quote inside the text
                elif char == "'":
                    quote = ""
            elif char == "#" and (i == 0 or line[i - 1] in " \t"):
                break  # a comment, to the end of the line
            elif char in "\"'" and value_starts:
                quote, opened, opened_at = char, number, i + 1
            elif char in "[{" and value_starts:
                depth += 1
            elif char in "]}" and depth:
                depth -= 1
                value_starts = False
            elif (char == "," and depth) or (char == ":" and after in " \t"):
                value_starts = True
            elif char == "-" and value_starts and after in " \t":
                pass  # a list item's "- ": its value starts after it
            elif char not in " \t":
                value_starts = False
            i += 1
    return (opened, opened_at, quote) if quote else None


# A line that starts a block text: `key: |`, `- key: >-`, `- |` (with its indicators, and
# perhaps a comment); the text is on the lines below, indented deeper than the key (or '-').
_BLOCK_HEADER = re.compile(r"( *)((?:- +)*)(?:[^\s#][^#]*?: +)?[|>][-+0-9]* *(?:#.*)?\Z")


def _block_text_header(line: str) -> int:
    """The column (0-based) that the lines of a block text started on `line` are indented
    deeper than: that of its key, or of the '-' of `- |`; -1 if `line` starts none."""
    header = _BLOCK_HEADER.match(line)
    if header is None:
        return -1
    indent, dashes = header.group(1, 2)
    if header.end(2) < header.end() and line[header.end(2)] not in "|>":
        return len(indent) + len(dashes)  # the key's column
    if dashes:
        return len(indent) + len(dashes.rstrip(" ")) - 1  # the last '-'
    return -1


_KEY_LINE = re.compile(r"^( *)(?:- +)?([A-Za-z_][\w-]*):(?: |$)")


def _key_above_a_deeper_line(text: str, line: int, problem: str) -> int | None:
    """For a "mapping values are not allowed" error on a `key: value` line: the line of the key
    above it when this line is indented further than that key (one space too many), else None.
    """
    if "mapping values are not allowed" not in problem:
        return None
    lines = _BREAK.split(text)
    here = _KEY_LINE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if here is None:
        return None
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        key = _KEY_LINE.match(above)
        if key is None:
            return None
        return number if key.start(2) < here.start(2) else None
    return None


def _compose(text: str, source: str, problems: list[Problem], noun: str) -> Node | None:
    """The node tree of `text`, or None after reporting a syntax error."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except Exception as exc:  # a YAML library error, whatever it is, becomes a Problem
        problem = _syntax_problem(exc, text, source, loader, noun)
        reported = {(p.mark.line, p.mark.column) for p in problems}
        # A tab, anchor or alias already reported at this very place says it better.
        if (problem.mark.line, problem.mark.column) not in reported:
            problems.append(problem)
        return None
    finally:
        loader.dispose()
