"""The strict YAML machinery on its own, through its public API, where a behaviour spans its
modules (reading a whole file, messages about the file as a whole, problems of the text and of
its values together). A test of one module's job is in `strict_yaml/test_<module>.py`."""

from __future__ import annotations

import pytest
from pet_file import read


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
