"""The keys one kind of mapping may have (a `Shape`, built with `shape`), which
`NodeWalker.fields` checks a mapping against, and the key an unknown one probably stands for
(`meant_key`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.flows.strict_yaml.wording import did_you_mean


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
