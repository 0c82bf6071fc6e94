"""The scenario file format: what it reads, and every problem it refuses at file:line:col."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from assistant.testing.scenarios import (
    Action,
    Expectation,
    ScenarioFile,
    ScenarioFileError,
    parse_scenarios,
    read_scenarios,
)

HERE = Path("scenarios/s.yaml")


def parse(text: str, path: Path = HERE) -> ScenarioFile:
    return parse_scenarios(textwrap.dedent(text), path)


def problems(text: str, path: Path = HERE) -> list[str]:
    with pytest.raises(ScenarioFileError) as caught:
        parse(text, path)
    return caught.value.report().splitlines()


def test_one_scenario_at_the_top_level() -> None:
    parsed = parse(
        """\
        name: "Negociar pelo App"
        answers: [negociar, "Sim, até 45 dias", app]
        expect:
          screen: negociar_app
          menu: "App Minha Claro > Faturas › Parcelar dívida"
          steps: "Acesse o App Minha Claro."
        """
    )
    assert parsed.flows is None
    (scenario,) = parsed.scenarios
    assert scenario.name == "Negociar pelo App"
    assert scenario.mark.line == 1
    assert [(a.kind, a.value) for a in scenario.actions] == [
        ("choose", "negociar"),
        ("choose", "Sim, até 45 dias"),
        ("choose", "app"),
        ("expect", ""),
    ]
    expect = scenario.actions[-1].expect
    assert expect == Expectation(
        screen="negociar_app",
        menu=("App Minha Claro", "Faturas", "Parcelar dívida"),
        steps=("Acesse o App Minha Claro.",),
    )
    assert (expect.mark.line, expect.mark.column) == (3, 1)


def test_several_scenarios_with_back_restart_and_checks_on_the_way(tmp_path: Path) -> None:
    (tmp_path / "flows.yaml").write_text("schema: 1\n", encoding="utf-8")
    parsed = parse(
        """\
        flows: flows.yaml
        scenarios:
          - name: "primeiro"
            answers:
              - negociar
              - back
              - restart
              - {choose: back}
              - expect: {screen: inicio, trail: [], options: [a, b], whatsapp: []}
            expect: {screen: fim, menu: ["A", "B"], text: ["x", "y"], copy_whatsapp: sudeste,
                     clipboard: "+55 11 99991-0621"}
          - name: "segundo"
            answers: []
            expect: {screen: inicio}
        """,
        tmp_path / "s.yaml",
    )
    assert parsed.flows == (tmp_path / "flows.yaml").resolve()
    assert parsed.flows_mark is not None and parsed.flows_mark.line == 1
    first, second = parsed.scenarios
    assert [a.kind for a in first.actions] == ["choose", "back", "restart", "choose", "expect",
                                                "expect"]
    assert first.actions[3] == Action("choose", "back")  # an option whose id is "back"
    midway = first.actions[4].expect
    assert midway == Expectation(screen="inicio", trail=(), options=("a", "b"), whatsapp=())
    assert first.actions[4].mark.line == 9
    final = first.actions[5].expect
    assert final is not None
    assert (final.menu, final.text, final.copy_whatsapp, final.clipboard) == (
        ("A", "B"),
        ("x", "y"),
        "sudeste",
        "+55 11 99991-0621",
    )
    assert [a.kind for a in second.actions] == ["expect"]


def test_read_scenarios_names_the_file_as_asked(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text('name: "x"\nanswers: []\nexpect: {screen: "inicio"}\n', encoding="utf-8")
    assert read_scenarios(path, source="shown.yaml").scenarios[0].mark.file == "shown.yaml"
    with pytest.raises(ScenarioFileError, match=r"^gone.yaml:1:1: cannot read"):
        read_scenarios(tmp_path / "missing.yaml", source="gone.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            'name: "x"\nanswers: []\nexpcet: {screen: a}\n',
            ['scenarios/s.yaml:3:1: unknown key "expcet" at the top level of a scenario file; '
             'did you mean "expect"?'],
            id="misspelt key",
        ),
        pytest.param(
            'name: "x"\nanswers: [contestar, no]\nexpect: {screen: a}\n',
            ['scenarios/s.yaml:2:22: "no" is read by YAML as the boolean false; write it in '
             'quotes: "no"'],
            id="unquoted no",
        ),
        pytest.param(
            'name: "x"\nname: "y"\nanswers: []\nexpect: {screen: a}\n',
            ['scenarios/s.yaml:2:1: duplicate key "name" (first at line 1); remove one of them'],
            id="duplicate key",
        ),
        pytest.param(
            'name: "x"\nanswers: &a [sim]\nexpect: {screen: a}\n',
            ["scenarios/s.yaml:2:10: anchor &a is not allowed; remove it and write the content "
             "out in full wherever it is used"],
            id="anchor",
        ),
        pytest.param(
            'name: "x"\nanswers: []\nexpect: {channel: whatsap}\n',
            ['scenarios/s.yaml:3:19: channel must be app, site, whatsapp or info, not "whatsap"; '
             'did you mean "whatsapp"?'],
            id="wrong channel",
        ),
        pytest.param(
            'name: "x"\nanswers: []\nexpect: {screen: "Negociar App"}\n',
            ['scenarios/s.yaml:3:18: screen "Negociar App" is not a valid id; an id uses only '
             'lowercase letters a-z, digits and _, and starts with a letter: write '
             '"negociar_app"'],
            id="screen is not an id",
        ),
        pytest.param(
            'name: "x"\nanswers:\n\t- sim\nexpect: {screen: a}\n',
            ["scenarios/s.yaml:3:1: tab character; use spaces (YAML does not allow tabs for "
             "indentation, and a tab in a text is invisible)"],
            id="tab",
        ),
        pytest.param(
            'name: "x\nanswers: []\n',
            ["scenarios/s.yaml:1:7: YAML syntax error: this \"quoted text\" is not closed, so "
             "YAML reads on to line 3, column 1 (found unexpected end of stream): add the "
             "closing \" at the end of the text"],
            id="unclosed quote",
        ),
        pytest.param(
            'name: "x"\nanswers: [{choose: a, expect: {screen: b}}]\nexpect: {screen: a}\n',
            ["scenarios/s.yaml:2:11: an answer written as a mapping has exactly one key: "
             "{choose: ...} or {expect: {...}}"],
            id="two keys in one answer",
        ),
        pytest.param(
            'name: "x"\nanswers: [sim]\nexpect: {}\n',
            ["scenarios/s.yaml:3:9: expect is empty; add at least screen: <screen id>"],
            id="empty expect",
        ),
        pytest.param(
            '# nothing here\n',
            ["scenarios/s.yaml:1:1: the file has only comments and blank lines; a scenario "
             "file starts with name: or scenarios:"],
            id="only comments",
        ),
        pytest.param(
            "  \n",
            ["scenarios/s.yaml:1:1: the file is empty; a scenario file starts with name:"],
            id="empty",
        ),
        pytest.param(
            '- name: "x"\n',
            ["scenarios/s.yaml:1:1: a scenario file must be a mapping of keys (flows:, "
             "scenarios:), or one scenario's name:, answers: and expect:"],
            id="a list at the top",
        ),
        pytest.param(
            'flows: "nowhere.yaml"\nscenarios: []\n',
            ['scenarios/s.yaml:1:8: flows file "nowhere.yaml" not found (looked for *',
             "scenarios/s.yaml:2:12: scenarios is empty; add at least one scenario"],
            id="missing flows file and no scenario",
        ),
        pytest.param(
            'scenarios:\n  - name: "x"\n    answers: []\n    expect: {screen: a}\n'
            '  - name: "x"\n    answers: []\n    expect: {screen: b}\n',
            ['scenarios/s.yaml:5:5: two scenarios are named "x" (first at line 2); give each a '
             "name of its own"],
            id="same name twice",
        ),
        pytest.param(
            'scenarios:\n  - name: "a::b"\n    answers: []\n    expect: {screen: a}\n'
            '  - answers: []\n    name: "a:b"\n    expect: {screen: b}\n',
            ['scenarios/s.yaml:6:5: scenarios "a:b" and "a::b" (line 2) would have the same test '
             'id "a:b" (pytest writes "::" in a name as ":"); give each a name of its own'],
            id="names that make one test id",
        ),
        pytest.param(
            'name: "x"\nscenarios: []\n',
            ['scenarios/s.yaml:1:1: "name" belongs inside an item of scenarios:, not next to '
             "it; move it into the scenario it is for",
             "scenarios/s.yaml:2:12: scenarios is empty; add at least one scenario"],
            id="name next to scenarios",
        ),
    ],
)
def test_malformed_files_are_reported_at_file_line_col(text: str, expected: list[str]) -> None:
    found = problems(text)
    assert len(found) == len(expected), found
    for line, pattern in zip(found, expected, strict=True):
        if pattern.endswith("*"):
            assert line.startswith(pattern[:-1])
        else:
            assert line == pattern


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        """\
        scenarios:
          - answers: [sim]
            expect: {screen: a, titel: "x"}
          - name: "y"
            answers: yes
        """
    )
    assert [line.split(": ")[0] for line in found] == [
        "scenarios/s.yaml:2:5",  # no name
        "scenarios/s.yaml:3:25",  # titel
        "scenarios/s.yaml:4:5",  # no expect
        "scenarios/s.yaml:5:14",  # answers is a boolean
    ]
    assert 'did you mean "title"?' in found[1]
    assert found[3].endswith("answers must be a list (one \"- \" per item), not a yes/no value")


def test_the_example_of_docs_qa_md_reads_as_written() -> None:
    """The first YAML example of docs/qa.md, as QA copy it: comments after unquoted ids."""
    docs = (Path(__file__).parents[2] / "docs" / "qa.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    first, second = parse_scenarios(example, HERE).scenarios
    assert [a.value for a in first.actions if a.kind == "choose"] == [
        "negociar", "Sim, até 45 dias", "whatsapp", "sudeste"
    ]
    assert first.actions[-1].expect is not None
    assert first.actions[-1].expect.copy_whatsapp == "sudeste"
    assert [a.kind for a in second.actions][:5] == ["choose", "choose", "choose", "back", "choose"]


def test_a_comment_after_an_unquoted_id_is_a_comment_but_a_cut_label_is_refused() -> None:
    parsed = parse(
        """\
        name: "x"
        answers:
          - negociar        # an id
          - {choose: sim}   # also
        expect:
          copy_whatsapp: sudeste   # the region's id
        """
    )
    actions = parsed.scenarios[0].actions
    assert [a.value for a in actions[:2]] == ["negociar", "sim"]
    assert actions[-1].expect is not None and actions[-1].expect.copy_whatsapp == "sudeste"
    assert problems('name: "x"\nanswers:\n  - Menu #2\nexpect: {screen: a}\n') == [
        "scenarios/s.yaml:3:5: answer is cut at ' #' (YAML reads the rest of the line as a "
        'comment), leaving only "Menu"; put the whole text in quotes'
    ]


def test_an_empty_text_list_is_refused_as_it_would_check_nothing() -> None:
    assert problems('name: "x"\nanswers: []\nexpect: {text: []}\n') == [
        "scenarios/s.yaml:3:16: text is empty; write the texts to look for, or remove text:"
    ]
    notes = parse('name: "x"\nanswers: []\nexpect: {notes: [], steps: "a"}\n').scenarios[0]
    assert notes.actions[-1].expect == Expectation(notes=(), steps=("a",))
