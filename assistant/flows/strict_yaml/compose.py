"""`compose_strict`, the way in: from bytes (or text) to the node tree a `NodeWalker` reads,
with every problem of the text as a whole reported on the way.

It ties the other modules together: the checks of `text_checks` first, then the tree composed
with the loader of `tags` (a syntax error explained by `syntax_errors`), then every second and
later reference to an aliased node replaced by an `ALIAS_TAG` placeholder.
"""

from __future__ import annotations

from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assistant.flows.model import Mark
from assistant.flows.problems import Problem
from assistant.flows.strict_yaml import tags
from assistant.flows.strict_yaml.syntax_errors import _syntax_problem
from assistant.flows.strict_yaml.tags import ALIAS_TAG
from assistant.flows.strict_yaml.text_checks import (
    _decode,
    _may_have_anchors,
    _scan_anchors,
    _scan_characters,
    _unusual_breaks,
)


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


def _compose(text: str, source: str, problems: list[Problem], noun: str) -> Node | None:
    """The node tree of `text`, or None after reporting a syntax error."""
    loader = tags._Loader(text)  # looked up at each call: the tests switch composers
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
