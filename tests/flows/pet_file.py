"""A tiny format of its own (a "pet file") read with `compose_strict` and a `NodeWalker`
subclass: what the tests of `assistant.flows.strict_yaml` read, so that what the flows loader
and the scenario reader rely on is pinned without either of them."""

from __future__ import annotations

import textwrap

from yaml.nodes import Node

from assistant.flows.problems import Problem
from assistant.flows.strict_yaml import NodeWalker, compose_strict, shape

PET = shape(
    "in pet",
    "a pet",
    ("name", "kind", "age"),
    ("name", "kind"),
    {"name": 'name: "Rex"', "kind": "kind: cat or dog"},
)
OWNER = shape("in owner", "an owner", ("owner", "pet"), ())


class PetWalker(NodeWalker[dict[str, object]]):
    __slots__ = ()

    def document(self, root: Node) -> dict[str, object] | None:
        if not self.mapping(root, "the file"):
            return None
        get = self.fields(root, PET, "the pet").get
        pair = get("name")
        name = self.text(pair[1], "name") if pair else ""
        pair = get("kind")
        kind = self.choice(pair[1], "kind", ("cat", "dog")) if pair else None
        pair = get("age")
        age = self.integer(pair[1], "age") if pair else None
        if self.problems:
            return None
        return {"name": name, "kind": kind, "age": age}


def read(text: str | bytes) -> tuple[dict[str, object] | None, list[str]]:
    """What `PetWalker` reads from `text` (dedented if a str), and the problems as strings."""
    data = textwrap.dedent(text) if isinstance(text, str) else text
    problems: list[Problem] = []
    document = compose_strict(
        data, "p.yaml", problems, noun="pet file", starts_with="name:", empty_starts_with="a name"
    )
    result = None
    if document is not None:
        result = PetWalker("p.yaml", document.text, problems).walk(document.root)
    in_order = sorted(problems, key=lambda p: (p.mark.line, p.mark.column))  # as FlowError does
    return result, [str(p) for p in in_order]
