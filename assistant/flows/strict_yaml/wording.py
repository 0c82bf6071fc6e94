"""How messages write what they are about: a name or value (`quote`), a node ("a list",
`describe`), a probable misspelling (`did_you_mean`), and how YAML reads an unquoted value that
is not text ("the boolean false", `_reading`)."""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections.abc import Sequence
from typing import Final

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.flows.strict_yaml.tags import (
    _CONSTRUCTOR,
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    NULL_TAG,
    TIMESTAMP_TAG,
    _tag_text,
)


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


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf"


def did_you_mean(wrong: str, known: Sequence[str]) -> str | None:
    """The name in `known` that `wrong` (compared in lowercase) is probably a misspelling of."""
    close = difflib.get_close_matches(wrong.lower(), known, n=1)
    return close[0] if close else None


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
