"""Fuzzing the strict loader: whatever the input, `parse_flow` returns a Flow or raises a
FlowError whose problems all have a real position (line and column from 1). Nothing else escapes:
no yaml.YAMLError, UnicodeDecodeError, RecursionError, KeyError, ...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.flows.loader import load_flow_text, parse_flow
from assistant.flows.model import Flow, Mark
from assistant.flows.problems import FlowError, Problem
from assistant.flows.strict_yaml import tags

BUNDLED_TEXT = (Path(__file__).resolve().parents[2] / "flows.yaml").read_text(encoding="utf-8")
BUNDLED_LINES = BUNDLED_TEXT.splitlines(keepends=True)

# Characters that matter to YAML, so that random text reaches the parser's corners quickly.
YAML_ALPHABET = st.sampled_from(
    [
        *"abcxyz09 :-?[]{},#&*!|>'\"\n\r\t\\%@`.~+_=<",
        *("yes", "no", "id: ", "kind: ", "result", "screens:", "  - ", "next: ", "\ufeff", "é"),
    ]
)

COMPOSERS = ["libyaml", "python"] if hasattr(tags, "_CLoader") else ["python"]

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def composer(name: str) -> Iterator[None]:
    saved = tags._Loader
    tags._Loader = tags._CLoader if name == "libyaml" else tags._PyLoader
    try:
        yield
    finally:
        tags._Loader = saved


def assert_flow_or_positioned_problems(data: str | bytes, *, checked: bool = False) -> None:
    try:
        flow = load_flow_text(data, "fuzz.yaml") if checked else parse_flow(data, "fuzz.yaml")
    except FlowError as error:
        assert error.problems, "a FlowError without problems"
        for problem in error.problems:
            assert problem.mark.file == "fuzz.yaml"
            assert problem.mark.line >= 1, problem
            assert problem.mark.column >= 1, problem
            assert problem.message.strip(), problem
            assert "internal error" not in problem.message, problem
        return
    assert isinstance(flow, Flow)
    assert flow.screens


@st.composite
def mutated_bundled_text(draw: st.DrawFn) -> str:
    """The bundled flows.yaml after one to three random edits."""
    lines = list(BUNDLED_LINES)
    for _ in range(draw(st.integers(1, 3))):
        edit = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if edit == "delete" and len(lines) > 1:
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "insert":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            extra = "".join(draw(st.lists(YAML_ALPHABET, min_size=1, max_size=4)))
            lines[i] = line[:at] + extra + line[at:]
        else:
            text = "".join(lines)
            lines = [text[: draw(st.integers(0, len(text)))]]
    return "".join(lines)


@pytest.mark.parametrize("name", COMPOSERS)
@FUZZ
@given(text=st.text())
def test_arbitrary_text(name: str, text: str) -> None:
    with composer(name):
        assert_flow_or_positioned_problems(text)


@pytest.mark.parametrize("name", COMPOSERS)
@FUZZ
@given(text=st.lists(YAML_ALPHABET, max_size=60).map("".join))
def test_arbitrary_yaml_like_text(name: str, text: str) -> None:
    with composer(name):
        assert_flow_or_positioned_problems(text)


@FUZZ
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    assert_flow_or_positioned_problems(data)


@FUZZ
@given(prefix=st.binary(max_size=8), cut=st.integers(0, len(BUNDLED_TEXT.encode())))
def test_bundled_bytes_with_garbage_and_truncated(prefix: bytes, cut: int) -> None:
    """Truncating inside a multi-byte character, or prefixing stray bytes, is a positioned
    problem too."""
    assert_flow_or_positioned_problems(prefix + BUNDLED_TEXT.encode("utf-8")[:cut])


@FUZZ
@given(text=mutated_bundled_text())
def test_mutated_bundled_file(text: str) -> None:
    assert_flow_or_positioned_problems(text)


@FUZZ
@given(text=mutated_bundled_text())
def test_mutated_bundled_file_through_the_graph_checks(text: str) -> None:
    assert_flow_or_positioned_problems(text, checked=True)


def test_the_fuzz_oracle_can_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """The oracle above really rejects a problem without a position, and lets any other
    exception through (so the tests above would fail on it)."""

    def unpositioned(data: str | bytes, source: str) -> Flow:
        raise FlowError([Problem(Mark(source, 0, 0), "somewhere")])

    def crashing(data: str | bytes, source: str) -> Flow:
        raise ValueError("boom")

    monkeypatch.setattr(sys.modules[__name__], "parse_flow", unpositioned)
    with pytest.raises(AssertionError):
        assert_flow_or_positioned_problems("x")
    monkeypatch.setattr(sys.modules[__name__], "parse_flow", crashing)
    with pytest.raises(ValueError, match="boom"):
        assert_flow_or_positioned_problems("x")
