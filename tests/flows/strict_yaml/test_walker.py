"""`NodeWalker`: keys missing, unknown and misspelt, what a value is instead of a number, and
the stop at MAX_PROBLEMS."""

from __future__ import annotations

import pytest
from pet_file import OWNER, PET, PetWalker, read
from yaml.nodes import MappingNode

from assistant.flows.problems import Problem
from assistant.flows.strict_yaml import MAX_PROBLEMS, compose_strict


def test_keys_missing_unknown_and_misspelt() -> None:
    _, found = read('nmae: "Rex"\ncolour: brown\n')
    assert found == [
        'p.yaml:1:1: unknown key "nmae" in pet; did you mean "name"?',
        'p.yaml:1:1: the pet has no "kind"; add kind: cat or dog',  # "name": misspelt, said above
        'p.yaml:2:1: unknown key "colour" in pet; the keys of a pet are: name, kind, age',
    ]


def test_require_checks_keys_read_with_another_shape() -> None:
    problems: list[Problem] = []
    document = compose_strict('owner: "Ana"\nnaem: "Rex"\n', "p.yaml", problems, noun="pet file")
    assert document is not None and isinstance(document.root, MappingNode)
    walker = PetWalker("p.yaml", document.text, problems)
    fields = walker.fields(document.root, OWNER, "the file")
    walker.require(document.root, fields, PET, "this pet")
    assert [p.message for p in problems] == [
        'unknown key "naem" in owner; the keys of an owner are: owner, pet',
        'this pet has no "kind"; add kind: cat or dog',  # but not "name": "naem" is close
    ]


@pytest.mark.parametrize(
    ("age", "message"),
    [
        ('"3"', 'age must be a whole number, not text ("3")'),
        ("3.5", "age must be a whole number, not a number"),
        ("[3]", "age must be a whole number, not a list"),
        (
            "!!int 3",
            "YAML tags (!!int) are not allowed; remove the tag (and put the text in "
            "quotes if it is text)",
        ),
    ],
)
def test_integer_reports_what_the_value_is_instead(age: str, message: str) -> None:
    _, found = read(f'name: "Rex"\nkind: dog\nage: {age}\n')
    assert found == [f"p.yaml:3:6: {message}"]


def test_the_walk_stops_at_max_problems() -> None:
    text = 'name: "Rex"\nkind: dog\n' + "".join(f"k{i}: 1\n" for i in range(2 * MAX_PROBLEMS))
    result, found = read(text)
    assert result is None
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].endswith(f"stopped after {MAX_PROBLEMS} problems; fix these and check again")
