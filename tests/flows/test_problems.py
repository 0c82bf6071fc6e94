"""FlowError: how many problems it stands for, whether the list stopped, and whether the graph
rules ran (what `assistant check` says in its summary line)."""

from __future__ import annotations

import textwrap

import pytest

from assistant.flows.loader import MAX_PROBLEMS, load_flow_text
from assistant.flows.model import Mark
from assistant.flows.problems import FlowError, Problem

AT = Mark("t.yaml", 3, 1)


def test_the_count_includes_what_an_and_more_line_stands_for() -> None:
    error = FlowError([Problem(AT, "a tab"), Problem.more(AT, 41, "tab characters")])
    assert str(error.problems[1]) == "t.yaml:3:1: and 41 more tab characters from here on"
    assert error.count == 42
    assert not error.stopped


def test_the_stop_line_counts_for_nothing_and_says_the_list_stopped() -> None:
    error = FlowError([Problem(AT, "one"), Problem(AT, "two"), Problem.stop(AT, "stopped")])
    assert error.count == 2
    assert error.stopped


def test_a_problem_s_count_is_not_part_of_its_identity() -> None:
    assert Problem(AT, "x", 5) == Problem(AT, "x")


def load_problems(text: str) -> FlowError:
    with pytest.raises(FlowError) as info:
        load_flow_text(textwrap.dedent(text), "t.yaml")
    return info.value


def test_a_structure_problem_leaves_the_links_unchecked() -> None:
    error = load_problems(
        """\
        schema: 1
        content_version: "1"
        start: fim
        screens:
          - id: fim
            kind: result
            channel: info
            titel: "Fim"
            steps: ["Pronto."]
        """
    )
    assert not error.links_checked


def test_a_link_problem_means_the_links_were_checked() -> None:
    error = load_problems(
        """\
        schema: 1
        content_version: "1"
        start: fin
        screens:
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
        """
    )
    assert error.links_checked
    assert "is not a screen id" in error.problems[0].message


def test_text_and_graph_problems_stop_once_at_the_limit_with_one_stop_line_last() -> None:
    """Each list stopped at 500 on its own; merged in file order, a text problem past the
    graph list's stop line came after it, and 501 were counted."""
    options = "\n".join(
        f"          - {{id: o{n}, label: \"O\", next: nada{n}}}" for n in range(600)
    )
    text = (
        'schema: 1\ncontent_version: "1"\nstart: inicio\nscreens:\n'
        "  - id: inicio\n    kind: choice\n    title: \"Início\"\n    options:\n"
        + textwrap.indent(textwrap.dedent(options), "      ")
        + "\n  - id: fim\n    kind: result\n    channel: info\n    title: Fim #1\n"
        '    steps: ["Pronto."]\n'
    )
    error = load_problems(text)
    assert error.count == MAX_PROBLEMS
    assert error.stopped
    assert [p.stands_for for p in error.problems].index(0) == len(error.problems) - 1
    assert all("is cut at" not in p.message for p in error.problems)  # past the limit
