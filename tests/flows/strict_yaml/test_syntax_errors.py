"""What a failure to read the text becomes (`syntax_errors`); the YAML syntax errors and their
hints are in tests/flows/test_loader.py, which runs them through the flows loader."""

from __future__ import annotations

import pytest

from assistant.flows.problems import Problem
from assistant.flows.strict_yaml import compose_strict, tags


def test_a_failure_that_is_not_about_the_text_is_a_problem_and_a_logged_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug of ours (or PyYAML's) while reading looked exactly like the author's mistake,
    and was logged nowhere."""

    def broken(self: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr(tags._Loader, "get_single_node", broken)
    problems: list[Problem] = []
    assert compose_strict('owner: "Ana"\n', "p.yaml", problems, noun="pet file") is None
    assert [str(p) for p in problems] == [
        "p.yaml:1:1: YAML cannot read the file: TypeError('a bug')"
    ]
    [record] = [r for r in caplog.records if r.name == "assistant.flows.strict_yaml.syntax_errors"]
    assert record.exc_info is not None and "p.yaml" in record.getMessage()
