"""`compose_strict`: the node tree it hands to a walker."""

from __future__ import annotations

from assistant.flows.problems import Problem
from assistant.flows.strict_yaml import ALIAS_TAG, compose_strict


def test_aliased_nodes_become_placeholders_after_the_first_reference() -> None:
    problems: list[Problem] = []
    document = compose_strict("a: &x [1]\nb: *x\n", "p.yaml", problems, noun="pet file")
    assert document is not None
    (_, first), (_, second) = document.root.value
    assert first.tag != ALIAS_TAG
    assert second.tag is ALIAS_TAG
    assert len(problems) == 2  # the anchor and the alias
