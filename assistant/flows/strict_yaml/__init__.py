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

The modules, each importing only those listed before it:

- `tags`: the tag constants, and the lean PyYAML loader that resolves nodes to them;
- `text_checks`: the text before YAML reads it (decoding, size, characters, tabs, unusual line
  breaks, anchors and aliases), and positions as an editor shows them;
- `wording`: how messages write names, values and nodes (`quote`, `describe`, `did_you_mean`);
- `shapes`: the keys a kind of mapping may have (`Shape`, `shape`, `meant_key`);
- `walker`: `NodeWalker`, which reads the node tree and reports every problem of its values;
- `syntax_errors`: a YAML syntax error as a problem at what to fix, with a hint;
- `compose`: `compose_strict` and `Document`, the way in, which ties the others together.

This module re-exports the public names; code outside the package imports from here. A name with
a leading underscore is the package's own: its modules share it, nothing outside should use it.
"""

from __future__ import annotations

from assistant.flows.strict_yaml.compose import Document, compose_strict
from assistant.flows.strict_yaml.shapes import Shape, meant_key, shape
from assistant.flows.strict_yaml.tags import (
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
)
from assistant.flows.strict_yaml.text_checks import MAX_BYTES, MAX_LISTED, too_large
from assistant.flows.strict_yaml.walker import MAX_PROBLEMS, NodeWalker, TooManyProblems
from assistant.flows.strict_yaml.wording import describe, did_you_mean, quote

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
