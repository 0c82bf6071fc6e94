"""`NodeWalker`: reads a composed node tree and reports every problem of what it holds.

A subclass reads one kind of file, given the `Shape` of each kind of mapping in it. Refused,
each at the `line:col` of what to fix, with the fix: duplicate keys, unknown keys ("did you mean
...?"), missing keys, wrong types, YAML tags, empty texts, ids that are not
`lowercase_with_digits`, zero-width spaces and soft hyphens in texts; and YAML 1.1 surprises
where text is meant: unquoted `no`, `on`, `+5511999910621`, `1:30`, `1.10`, `2026-11-24`, an
empty value (null), `0800`, and an unquoted text that a ` #` cuts short (the rest of the line
becomes a comment). A walk stops after `MAX_PROBLEMS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import ClassVar, Final, Generic, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.flows.model import Mark
from assistant.flows.problems import Problem
from assistant.flows.strict_yaml.shapes import _GLUED_COLON, Shape, meant_key
from assistant.flows.strict_yaml.tags import (
    _CONSTRUCTOR,
    ALIAS_TAG,
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    MAP_TAG,
    NULL_TAG,
    SEQ_TAG,
    STR_TAG,
    TIMESTAMP_TAG,
    Pair,
    _explicit,
    _tag_text,
)
from assistant.flows.strict_yaml.text_checks import _TYPOGRAPHIC, _Lines, _report_matches
from assistant.flows.strict_yaml.wording import (
    _LONGEST_NUMBER_READ,
    _invisible,
    _reading,
    describe,
    did_you_mean,
    quote,
)

MAX_PROBLEMS: Final = 500
"""A walk stops after this many problems (a file of the wrong kind would otherwise list a
problem per line, and take minutes to)."""

_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
# An id written as one of these is not text: what to say instead of "write it in quotes".
_NOT_AN_ID = frozenset((BOOL_TAG, INT_TAG, FLOAT_TAG, TIMESTAMP_TAG))
_YES_WORDS: Final = frozenset(("yes", "y", "true"))
_NO_WORDS: Final = frozenset(("no", "n", "false"))
_LOOKS_NUMERIC = re.compile(r"[-+]?[0-9][0-9_]*\Z")

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
            key = None if is_id else self.colon_text(node)
            if key is not None:
                self.text_read_as_a_pair(node, key, what)
                return ""
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

    def colon_text(self, node: Node) -> ScalarNode | None:
        """The key of `node` if it is an unquoted text that a ': ' in it turned into a key and
        its value (`- Atenção: ligue antes`, `[Faturas, Pagar: agora]`): a mapping of one pair
        whose key is text and whose value is text (or nothing) starting on the key's line.
        None for anything else."""
        if type(node) is not MappingNode or node.tag is not MAP_TAG or len(node.value) != 1:
            return None
        key, value = node.value[0]
        if type(key) is not ScalarNode or key.tag is not STR_TAG or type(value) is not ScalarNode:
            return None
        if value.tag is ALIAS_TAG or _explicit(value.tag):
            return None
        if value.start_mark.line != key.start_mark.line:
            return None
        return key

    def text_read_as_a_pair(self, node: Node, key: ScalarNode, what: str) -> None:
        """Reports a text that YAML read as a key and its value (see `colon_text`), at its
        start, with the text in quotes to write instead."""
        start, end = key.start_mark.index, node.value[0][1].end_mark.index
        written = " ".join(self.data[start:end].split())
        self.report(
            key,
            f"{what} has ': ' after {quote(key.value)}, so YAML reads it as a key and its "
            f"value, not as text: put the whole {what} in quotes: {quote(written, limit=80)}",
        )

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
