"""The tags of composed nodes, and the lean PyYAML loader that gives them.

A resolved node's tag is one of the constants here, the very object (see `_LeanResolver`), so a
walker compares tags by identity on the happy path; `_explicit` tells a tag written in the file
(`!!int 5`, `!foo`) from a resolved one, and `_tag_text` writes it as the file does. `_Loader`
composes every text this package reads: libyaml's composer when it is installed, else PyYAML's
pure-Python one. Its users look it up on this module at each use (`tags._Loader`), so that the
tests can run everything with either composer.
"""

from __future__ import annotations

import re
from typing import Final

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

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


def _tag_text(tag: str) -> str:
    """A tag as written in a file: "tag:yaml.org,2002:int" -> "!!int"."""
    return "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag


def _explicit(tag: str) -> bool:
    """True for a tag written in the file (`!!int 5`, `!foo`): resolved tags are our own
    objects (see `_LeanResolver`), tags written in the file never are."""
    return id(tag) not in _RESOLVED_TAG_IDS
