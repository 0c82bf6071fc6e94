"""The strict YAML machinery on its own, through its public API: a tiny format of its own (a
"pet file") read with `compose_strict` and a `NodeWalker` subclass, so that what the flows loader
and the scenario reader rely on is pinned without either of them."""

from __future__ import annotations

import textwrap

import pytest
from yaml.nodes import MappingNode, Node

from assistant.flows.problems import Problem
from assistant.flows.strict_yaml import (
    ALIAS_TAG,
    MAX_PROBLEMS,
    NodeWalker,
    compose_strict,
    did_you_mean,
    quote,
    shape,
    too_large,
)
from assistant.flows.strict_yaml import walker as strict_yaml

_PET = shape(
    "in pet",
    "a pet",
    ("name", "kind", "age"),
    ("name", "kind"),
    {"name": 'name: "Rex"', "kind": "kind: cat or dog"},
)
_OWNER = shape("in owner", "an owner", ("owner", "pet"), ())


class _PetWalker(NodeWalker[dict[str, object]]):
    __slots__ = ()

    def document(self, root: Node) -> dict[str, object] | None:
        if not self.mapping(root, "the file"):
            return None
        get = self.fields(root, _PET, "the pet").get
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
    """What `_PetWalker` reads from `text` (dedented if a str), and the problems as strings."""
    data = textwrap.dedent(text) if isinstance(text, str) else text
    problems: list[Problem] = []
    document = compose_strict(
        data, "p.yaml", problems, noun="pet file", starts_with="name:", empty_starts_with="a name"
    )
    result = None
    if document is not None:
        result = _PetWalker("p.yaml", document.text, problems).walk(document.root)
    in_order = sorted(problems, key=lambda p: (p.mark.line, p.mark.column))  # as FlowError does
    return result, [str(p) for p in in_order]


def test_a_valid_file_is_read() -> None:
    assert read('name: "Rex"\nkind: dog\nage: 3\n') == (
        {"name": "Rex", "kind": "dog", "age": 3},
        [],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "", "p.yaml:1:1: the file is empty; a pet file starts with a name", id="empty"
        ),
        pytest.param(
            b"\xef\xbb\xbf \n",
            "p.yaml:1:1: the file is empty; a pet file starts with a name",
            id="only a BOM",
        ),
        pytest.param(
            "# nothing\n",
            "p.yaml:1:1: the file has only comments and blank lines; a pet file starts with name:",
            id="only comments",
        ),
        pytest.param(
            'name: "Rex"\nkind: dog\n---\nname: "Tom"\n',
            "p.yaml:3:1: a second YAML document starts here; a pet file is a single document: "
            "remove this '---' line and merge what follows into the first, or delete it",
            id="two documents",
        ),
    ],
)
def test_messages_about_the_whole_file_use_the_callers_noun(text: str, expected: str) -> None:
    assert read(text) == (None, [expected])


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
    walker = _PetWalker("p.yaml", document.text, problems)
    fields = walker.fields(document.root, _OWNER, "the file")
    walker.require(document.root, fields, _PET, "this pet")
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


def test_texts_choices_and_anchors() -> None:
    _, found = read("name: &n no\nkind: dgo\nage: *n\n")
    assert found == [
        "p.yaml:1:7: anchor &n is not allowed; remove it and write the content out in full "
        "wherever it is used",
        'p.yaml:1:7: "no" is read by YAML as the boolean false; write it in quotes: "no"',
        'p.yaml:2:7: kind must be cat or dog, not "dgo"; did you mean "dog"?',
        "p.yaml:3:6: alias *n is not allowed (it repeats content by reference); write the "
        "content out in full here",
    ]


def test_aliased_nodes_become_placeholders_after_the_first_reference() -> None:
    problems: list[Problem] = []
    document = compose_strict("a: &x [1]\nb: *x\n", "p.yaml", problems, noun="pet file")
    assert document is not None
    (_, first), (_, second) = document.root.value
    assert first.tag != ALIAS_TAG
    assert second.tag is ALIAS_TAG
    assert len(problems) == 2  # the anchor and the alias


def test_the_walk_stops_at_max_problems() -> None:
    text = 'name: "Rex"\nkind: dog\n' + "".join(f"k{i}: 1\n" for i in range(2 * MAX_PROBLEMS))
    result, found = read(text)
    assert result is None
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].endswith(f"stopped after {MAX_PROBLEMS} problems; fix these and check again")


def test_too_large_names_the_kind_of_file() -> None:
    assert too_large("p.yaml", 9_000_000, noun="pet file").message == (
        "the file is too large (9,000,000 bytes; the limit is 8 MiB): a pet file is a few dozen "
        "KB, check that this is the right file"
    )


def test_helpers() -> None:
    assert quote('say "hi"') == '"say \\"hi\\""'
    assert quote("x" * 100, limit=10) == '"xxxxxxx..."'
    assert did_you_mean("Titel", ("title", "text")) == "title"
    assert did_you_mean("zzz", ("title", "text")) is None


def test_a_shape_needs_an_example_for_each_required_key() -> None:
    with pytest.raises(ValueError, match="without an example"):
        shape("in pet", "a pet", ("name",), ("name",))


def test_a_failure_that_is_not_about_the_text_is_a_problem_and_a_logged_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug of ours (or PyYAML's) while reading looked exactly like the author's mistake,
    and was logged nowhere."""

    def broken(self: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr(strict_yaml._Loader, "get_single_node", broken)
    problems: list[Problem] = []
    assert compose_strict('owner: "Ana"\n', "p.yaml", problems, noun="pet file") is None
    assert [str(p) for p in problems] == [
        "p.yaml:1:1: YAML cannot read the file: TypeError('a bug')"
    ]
    [record] = [r for r in caplog.records if r.name == "assistant.flows.strict_yaml.walker"]
    assert record.exc_info is not None and "p.yaml" in record.getMessage()
