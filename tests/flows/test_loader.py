"""The strict loader: every refusal at its exact line:col with a message that says the fix, the
model it builds, reading files, and the graph checks run after the structure is sound.

Every test runs twice: with libyaml (the shipped path) and with PyYAML's pure-Python composer
(the fallback when libyaml is missing); both must give the same problems at the same places.
"""

from __future__ import annotations

import re
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, NoReturn

import pytest
from yaml.nodes import ScalarNode

from assistant.flows import loader
from assistant.flows.loader import (
    MAX_BYTES,
    FlowFileError,
    load_flow,
    load_flow_text,
    parse_flow,
    read_flow,
)
from assistant.flows.model import Channel, Flow, ScreenKind
from assistant.flows.problems import FlowError, Problem
from assistant.flows.strict_yaml import syntax_errors, tags, wording

BUNDLED = Path(__file__).resolve().parents[2] / "flows.yaml"

# The smallest valid flow; tests below spell out their own variants so line numbers are visible.
VALID = """\
schema: 1
content_version: "1"
start: fim
screens:
  - id: fim
    kind: result
    channel: info
    title: "Fim"
    steps: ["Pronto."]
"""


# VALID as a choice screen with one option (line 10).
OPTION = '{id: fim, label: "Fim", next: fim}'
WITH_OPTION = (
    VALID.replace("kind: result", "kind: choice")
    .replace("    channel: info\n", "    text: \"Texto\"\n")
    .replace('    steps: ["Pronto."]', f"    options:\n      - {OPTION}")
)


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def composer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "python":
        monkeypatch.setattr(tags, "_Loader", tags._PyLoader)
    else:
        if not hasattr(tags, "_CLoader"):
            pytest.skip("libyaml is not installed")
        monkeypatch.setattr(tags, "_Loader", tags._CLoader)
    yield request.param


def problems(text: str | bytes) -> list[Problem]:
    """The problems parse_flow reports for `text` (dedented if it is a str)."""
    data = textwrap.dedent(text) if isinstance(text, str) else text
    with pytest.raises(FlowError) as info:
        parse_flow(data, "t.yaml")
    assert info.value.problems, "a FlowError must carry at least one problem"
    return list(info.value.problems)


def only(text: str | bytes) -> Problem:
    """The single problem reported for `text` (no cascade of follow-up errors)."""
    found = problems(text)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


def at(problem: Problem) -> tuple[int, int]:
    return problem.mark.line, problem.mark.column


# --- what is accepted, and the model built ---------------------------------------------------


def test_bundled_flows_yaml_parses_into_every_screen() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    expected = len(re.findall(r"^  - id: ", text, flags=re.MULTILINE))
    flow = parse_flow(text, str(BUNDLED))
    assert expected >= 20
    assert len(flow.screens) == expected
    assert flow.start == "inicio"
    assert [c.id for c in flow.contacts] == ["sudeste", "demais"]
    assert flow.source == str(BUNDLED)


def test_bundled_flows_yaml_passes_the_graph_checks_too() -> None:
    flow = load_flow(BUNDLED)
    assert flow.start_screen.kind is ScreenKind.CHOICE


def test_the_model_keeps_texts_ids_and_marks() -> None:
    flow = parse_flow(
        textwrap.dedent(
            """\
            schema: 1
            content_version: "2026-11-24"
            start: inicio
            contacts:
              whatsapp:
                - id: sudeste
                  label: "  Região Sudeste  "
                  number: "+55 11 99991-0621"
            screens:
              - id: inicio
                kind: question
                title: "Pagou?"
                text: >-
                  Uma linha
                  dobrada.
                options:
                  - {id: sim, label: "Sim", next: fim}
                  - id: nao
                    label: 'Não'
                    next: fim
              - id: fim
                kind: result
                channel: whatsapp
                title: "Fale conosco"
                steps:
                  - "Abra o app."
                  - menu: ["Faturas", "Parcelar dívida"]
                notes: ["Uma nota."]
                contacts: [sudeste]
            """
        ),
        "m.yaml",
    )
    assert flow.schema == 1
    assert flow.content_version == "2026-11-24"
    assert (flow.start, flow.start_mark.line, flow.start_mark.column) == ("inicio", 3, 8)
    contact = flow.contact("sudeste")
    assert (contact.label, contact.number) == ("Região Sudeste", "+55 11 99991-0621")
    assert (contact.mark.file, contact.mark.line, contact.mark.column) == ("m.yaml", 6, 7)
    first = flow.screen("inicio")
    assert first.kind is ScreenKind.QUESTION
    assert first.text == "Uma linha dobrada."
    assert (first.mark.line, first.mark.column) == (10, 5)
    assert [(o.id, o.label, o.next) for o in first.options] == [
        ("sim", "Sim", "fim"),
        ("nao", "Não", "fim"),
    ]
    assert [(o.mark.line, o.mark.column) for o in first.options] == [(17, 9), (18, 9)]
    end = flow.screen("fim")
    assert end.channel is Channel.WHATSAPP
    assert end.steps[0].text == "Abra o app."
    assert end.steps[1].menu == ("Faturas", "Parcelar dívida")
    assert [(s.mark.line, s.mark.column) for s in end.steps] == [(26, 9), (27, 9)]
    assert end.notes == ("Uma nota.",)
    assert end.contacts == ("sudeste",)


def test_a_utf8_bom_and_crlf_line_ends_are_fine() -> None:
    data = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8")
    flow = parse_flow(data, "bom.yaml")
    assert flow.screen("fim").mark.line == 5


# --- duplicate keys, anchors, aliases, tabs ------------------------------------------------


def test_duplicate_key_points_at_the_second_and_names_the_first() -> None:
    problem = only(
        """\
        schema: 1
        content_version: "1"
        start: fim
        screens:
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
            title: "Outro"
        """
    )
    assert at(problem) == (10, 5)
    assert 'duplicate key "title" (first at line 8)' in problem.message


def test_anchor_and_alias_are_refused_where_written() -> None:
    found = problems(
        """\
        schema: 1
        content_version: "1"
        start: fim
        screens:
          - id: fim
            kind: result
            channel: info
            title: &t "Fim"
            steps: [*t]
        """
    )
    assert [(at(p), p.message.split(" is ")[0]) for p in found] == [
        ((8, 12), "anchor &t"),
        ((9, 13), "alias *t"),
    ]
    assert "write the content out in full" in found[1].message


def test_an_alias_bomb_is_refused_quickly_and_never_walked() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    # 9**10 leaves if walked; the screen's notes point into the bomb.
    text = "\n".join(lines) + "\n" + VALID + "    notes: *a9\n"
    start = time.perf_counter()
    found = problems(text)
    assert time.perf_counter() - start < 5
    assert any(at(p) == (2, 10) and p.message.startswith("alias *a0") for p in found)
    anchors = [p for p in found if "anchor" in p.message or "alias" in p.message]
    unknown = [p for p in found if p.message.startswith("unknown key")]
    assert len(anchors) == 21  # 20 listed, then "and 72 more anchors and aliases"
    assert anchors[-1].message == "and 72 more anchors and aliases from here on"
    assert len(unknown) == 10  # a0 ... a9 at the top level
    assert len(found) == len(anchors) + len(unknown)  # nothing from walking the aliases


def test_an_aliased_screen_is_reported_once_without_follow_up_errors() -> None:
    found = problems(
        """\
        schema: 1
        content_version: "1"
        start: fim
        screens:
          - &fim {id: fim, kind: result, channel: info, title: "Fim", steps: ["Pronto."]}
          - *fim
        """
    )
    assert [(at(p), p.message.split(" is ")[0]) for p in found] == [
        ((5, 5), "anchor &fim"),
        ((6, 5), "alias *fim"),
    ]


def test_an_undefined_alias_is_reported_once_as_an_alias() -> None:
    problem = only(VALID.replace('title: "Fim"', "title: *nada"))
    assert at(problem) == (8, 12)
    assert problem.message.startswith("alias *nada is not allowed")


def test_ampersand_and_asterisk_inside_texts_are_fine() -> None:
    flow = parse_flow(VALID.replace('"Fim"', '"Perguntas & respostas *importante*"'))
    assert flow.screen("fim").title == "Perguntas & respostas *importante*"


def test_every_tab_is_reported_where_it_is() -> None:
    found = problems(VALID.replace('title: "Fim"', 'title:\t"F\tim"'))
    assert [at(p) for p in found] == [(8, 11), (8, 14)]
    assert all("tab character; use spaces" in p.message for p in found)


def test_tabs_are_listed_up_to_a_cap_then_counted() -> None:
    text = VALID + "".join(f"# comment\t{i}\n" for i in range(loader.MAX_LISTED + 5))
    found = problems(text)
    assert len(found) == loader.MAX_LISTED + 1
    last = found[-1]
    assert at(last) == (10 + loader.MAX_LISTED, 10)
    assert last.message == "and 5 more tab characters from here on"


def test_a_tab_used_as_indentation_is_one_problem_not_also_a_syntax_error() -> None:
    problem = only(VALID.replace("    steps:", "\tsteps:"))
    assert at(problem) == (9, 1)
    assert "tab character" in problem.message


# --- YAML 1.1 coercions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "reading"),
    [
        ("no", "the boolean false"),
        ("Yes", "the boolean true"),
        ("off", "the boolean false"),
        ("+5511999910621", "the number 5511999910621"),
        ("01234567", "the number 342391"),
        ("1:30", "the number 90"),
        ("1.10", "the number 1.1"),
        ("2026-11-24", "a date"),
        ("null", "null (no value)"),
        ("~", "null (no value)"),
    ],
)
def test_an_unquoted_value_that_yaml_turns_into_a_non_text(written: str, reading: str) -> None:
    problem = only(VALID.replace('title: "Fim"', f"title: {written}"))
    assert at(problem) == (8, 12)
    assert problem.message == (
        f'"{written}" is read by YAML as {reading}; write it in quotes: "{written}"'
    )


def test_a_long_unquoted_number_is_refused_without_computing_its_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sexagesimal int takes time quadratic in its length to compute (20 s for 900 KB, half
    an hour at the size cap): the message says "a number" without computing which."""
    constructor = tags._CONSTRUCTOR
    longest = wording._LONGEST_NUMBER_READ
    for name in ("construct_yaml_int", "construct_yaml_float"):
        construct = getattr(constructor, name)

        def short_only(node: ScalarNode, construct: Callable[[ScalarNode], object] = construct):
            assert len(node.value) <= longest, "the value of a long number was computed"
            return construct(node)

        monkeypatch.setattr(constructor, name, short_only)
    sexagesimal = ":".join(["1"] + ["30"] * 5000)
    for written in (sexagesimal, "1" * (longest + 1), "1" * longest + ".5"):
        problem = only(VALID.replace('title: "Fim"', f"title: {written}"))
        assert at(problem) == (8, 12)
        assert "is read by YAML as a number; write it in quotes" in problem.message
    # The one key that must be a number.
    problem = only(VALID.replace("schema: 1", f"schema: {sexagesimal}"))
    assert at(problem) == (1, 9)
    assert problem.message.startswith('schema must be the number 1, not "1:30:30:')
    assert problem.message.endswith('..."; write schema: 1')


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u2028", "line separator U+2028"),
        ("\u2029", "paragraph separator U+2029"),
        ("\x85", "next-line character U+0085"),
    ],
)
def test_an_invisible_line_break_is_reported_and_later_lines_keep_an_editors_numbers(
    char: str, name: str
) -> None:
    """YAML breaks lines at U+2028 (pasted from Word or a web page); an editor shows it on the
    line it is on. Every line number after one was one too many."""
    text = VALID.replace('title: "Fim"', f'title: "Fim{char}de tudo"') + "    extra: 1\n"
    found = problems(text)
    assert [(at(p), p.message.split(",")[0]) for p in found] == [
        ((8, 16), f"invisible {name}"),
        ((10, 5), 'unknown key "extra" in screen; did you mean "text"?'),
    ]
    assert found[0].message.endswith("a line break for YAML; delete it")


def test_0800_is_refused_although_pyyaml_keeps_it_as_text() -> None:
    problem = only(VALID.replace('title: "Fim"', "title: 0800"))
    assert at(problem) == (8, 12)
    assert problem.message.startswith('"0800" looks like a number')
    assert 'write it in quotes: "0800"' in problem.message


def test_a_whatsapp_number_written_without_quotes() -> None:
    problem = only(
        """\
        schema: 1
        content_version: "1"
        start: fim
        contacts:
          whatsapp:
            - {id: sudeste, label: "Sudeste", number: +5511999910621}
        screens:
          - {id: fim, kind: result, channel: info, title: "Fim", steps: ["Pronto."]}
        """
    )
    assert at(problem) == (6, 47)
    assert problem.message.startswith('"+5511999910621" is read by YAML as the number')


def test_an_unquoted_date_as_content_version() -> None:
    problem = only(VALID.replace('content_version: "1"', "content_version: 2026-11-24"))
    assert at(problem) == (2, 18)
    assert '"2026-11-24" is read by YAML as a date; write it in quotes' in problem.message


def test_an_empty_next_is_null_and_refused() -> None:
    problem = only(
        """\
        schema: 1
        content_version: "1"
        start: inicio
        screens:
          - id: inicio
            kind: choice
            title: "Início"
            options:
              - id: a
                label: "A"
                next:
          - {id: fim, kind: result, channel: info, title: "Fim", steps: ["Pronto."]}
        """
    )
    assert at(problem) == (11, 14)
    assert problem.message == "next is empty; write an id (lowercase letters, digits and _)"


@pytest.mark.parametrize("key", ["yes", "no", "on", "off"])
def test_yes_no_on_off_keys_are_booleans_to_yaml(key: str) -> None:
    problem = only(VALID + f"    {key}: 1\n")
    assert at(problem) == (10, 5)
    assert problem.message.startswith(
        f'unknown key "{key}" in screen (YAML reads it as the boolean'
    )


def test_a_mapping_key_must_be_a_name() -> None:
    problem = only(VALID + "    [a, b]: 1\n")
    assert at(problem) == (10, 5)
    assert problem.message == "a key must be a name, not a list"


def test_schema_must_be_the_number_1() -> None:
    problem = only(VALID.replace("schema: 1", 'schema: "1"'))
    assert at(problem) == (1, 9)
    assert problem.message == 'schema must be the number 1, not text ("1"); write schema: 1'
    problem = only(VALID.replace("schema: 1", "schema: 2"))
    assert problem.message == "schema 2 is not supported; this assistant reads schema: 1"


def test_yaml_tags_are_refused() -> None:
    problem = only(VALID.replace('title: "Fim"', "title: !!str 0800"))
    assert at(problem) == (8, 12)
    assert problem.message.startswith("YAML tags (!!str) are not allowed; remove the tag")


# --- texts cut by a comment, empty texts, ids ------------------------------------------------


def test_an_unquoted_text_cut_short_by_a_comment() -> None:
    problem = only(
        """\
        schema: 1
        content_version: "1"
        start: inicio
        screens:
          - id: inicio
            kind: choice
            title: "Início"
            options:
              - id: a
                label: Menu #2 Faturas
                next: fim
          - {id: fim, kind: result, channel: info, title: "Fim", steps: ["Pronto."]}
        """
    )
    assert at(problem) == (10, 16)
    assert problem.message == (
        "label is cut at ' #' (YAML reads the rest of the line as a comment), leaving only "
        '"Menu"; put the whole text in quotes'
    )


def test_a_comment_after_an_id_is_fine() -> None:
    flow = parse_flow(VALID.replace("start: fim", "start: fim  # the only screen"))
    assert flow.start == "fim"


@pytest.mark.parametrize(("field", "line", "col"), [("title", 8, 12), ("steps", 9, 13)])
def test_an_empty_text_is_refused(field: str, line: int, col: int) -> None:
    text = VALID.replace('"Fim"', '"   "') if field == "title" else VALID.replace("Pronto.", "")
    problem = only(text)
    assert at(problem) == (line, col)
    assert problem.message.endswith("is empty; write the text, in quotes")


def test_an_invalid_id_says_what_an_id_is_and_suggests_one() -> None:
    problem = only(VALID.replace("id: fim", "id: Fim Da Linha").replace("start: fim", "start: x"))
    assert at(problem) == (5, 9)
    assert problem.message == (
        'screen id "Fim Da Linha" is not a valid id; an id uses only lowercase letters a-z, '
        'digits and _, and starts with a letter: write "fim_da_linha"'
    )


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (
            "id: fim,",
            "id: 1,",
            14,
            'option id "1" is read by YAML as the number 1; an id starts with a letter: write '
            "a name, e.g. opcao_1",
        ),
        (
            "next: fim}",
            "next: 2026-11-24}",
            39,
            'next "2026-11-24" is read by YAML as a date; an id starts with a letter: write the '
            "id of the screen it leads to",
        ),
        (
            "next: fim}",
            "next: 2}",
            39,
            'next "2" is read by YAML as the number 2; an id starts with a letter: write the id '
            "of the screen it leads to",
        ),
        (
            "id: fim,",
            "id: yes,",
            14,
            'option id "yes" is read by YAML as the boolean true; write sim',
        ),
        (
            "id: fim,",
            "id: No,",
            14,
            'option id "No" is read by YAML as the boolean false; write nao',
        ),
        (
            "id: fim,",
            "id: Off,",
            14,
            'option id "Off" is read by YAML as the boolean false; write it in quotes: "off"',
        ),
    ],
)
def test_an_id_read_as_a_number_or_yes_no_gets_a_fix_that_is_an_id(
    old: str, new: str, column: int, message: str
) -> None:
    problem = only(WITH_OPTION.replace(old, new))
    assert at(problem) == (10, column)
    assert problem.message == message


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "start: fim",
            "start: 404",
            (3, 8),
            'start "404" is read by YAML as the number 404; an id starts with a letter: write '
            "the id of the screen it leads to",
        ),
        (
            "  - id: fim",
            "  - id: 2024",
            (5, 9),
            'screen id "2024" is read by YAML as the number 2024; an id starts with a letter: '
            "write a name, e.g. tela_2024",
        ),
        (
            "screens:",
            'contacts:\n  whatsapp:\n    - {id: 11, label: "SP", number: "+55 11 9999-0000"}'
            "\nscreens:",
            (6, 12),
            'contact id "11" is read by YAML as the number 11; an id starts with a letter: '
            "write a name, e.g. regiao_11",
        ),
    ],
)
def test_a_numeric_id_gets_a_fix_for_what_it_is(
    old: str, new: str, where: tuple[int, int], message: str
) -> None:
    problem = only(VALID.replace(old, new))
    assert at(problem) == where
    assert problem.message == message


# --- unknown, missing and mistyped keys ------------------------------------------------------


def test_an_unknown_key_with_did_you_mean_and_no_missing_key_cascade() -> None:
    problem = only(VALID.replace('title: "Fim"', 'titel: "Fim"'))
    assert at(problem) == (8, 5)
    assert problem.message == 'unknown key "titel" in screen; did you mean "title"?'


def test_keys_in_portuguese_get_a_did_you_mean_and_no_missing_key() -> None:
    problem = only(VALID.replace('title: "Fim"', 'título: "Fim"'))
    assert at(problem) == (8, 5)
    assert problem.message == 'unknown key "título" in screen; did you mean "title"?'
    found = problems(WITH_OPTION.replace('label: "Fim", next:', 'rotulo: "Fim", próximo:'))
    assert [(at(p), p.message) for p in found] == [
        ((10, 19), 'unknown key "rotulo" in option; did you mean "label"?'),
        ((10, 34), 'unknown key "próximo" in option; did you mean "next"?'),
    ]
    problem = only(VALID.replace("start: fim", "inicio: fim"))
    assert problem.message == 'unknown key "inicio" at the top level; did you mean "start"?'


def test_a_portuguese_key_where_its_key_is_not_one_gets_no_did_you_mean() -> None:
    problem = only(VALID + "    início: fim\n")
    assert problem.message.startswith('unknown key "início" in screen; the keys of a screen are:')


def test_an_unknown_key_with_nothing_close_lists_the_keys() -> None:
    problem = only(VALID + "    cor: azul\n")
    assert at(problem) == (10, 5)
    assert problem.message.startswith('unknown key "cor" in screen; the keys of a screen are: id,')


def test_an_unquoted_comma_inside_braces_gets_a_hint() -> None:
    problem = only(
        """\
        schema: 1
        content_version: "1"
        start: inicio
        screens:
          - id: inicio
            kind: choice
            title: "Início"
            options:
              - {id: a, label: Pague, e volte, next: fim}
          - {id: fim, kind: result, channel: info, title: "Fim", steps: ["Pronto."]}
        """
    )
    assert at(problem) == (9, 31)
    assert problem.message.startswith('unknown key "e volte" in option')
    assert "an unquoted ',' ends a text" in problem.message


@pytest.mark.parametrize(
    ("label", "space"),
    [
        ('label:"Não, ainda"', "there is no space after ':'"),
        ('label:"Não"', "there is no space after ':'"),
        (
            'label:\u00a0"Não, ainda"',
            "the space after ':' is a non-breaking space (U+00A0, invisible; usually pasted "
            "from Word or a web page)",
        ),
    ],
)
def test_a_key_glued_to_its_value_inside_braces_is_one_problem(label: str, space: str) -> None:
    problem = only(WITH_OPTION.replace('label: "Fim"', label))
    assert at(problem) == (10, 19)
    key = label.split(",")[0].replace('"', '\\"').replace("\u00a0", "\\u00a0")
    assert problem.message == (
        f'unknown key "{key}" in option: {space}, so YAML reads it all as one key; put a '
        f"normal space after ':'"
    )


def test_a_missing_required_key_is_reported_at_its_mapping() -> None:
    problem = only(VALID.replace("    kind: result\n", ""))
    assert at(problem) == (5, 5)
    assert problem.message == 'this screen has no "kind"; add kind: question, choice or result'


def test_a_missing_top_level_key() -> None:
    problem = only(VALID.replace("start: fim\n", ""))
    assert at(problem) == (1, 1)
    assert problem.message == 'the file has no "start"; add start: <id of the first screen>'


def test_a_result_needs_a_channel() -> None:
    problem = only(VALID.replace("    channel: info\n", ""))
    assert at(problem) == (5, 5)
    assert problem.message.startswith('result screen "fim" has no "channel"; add channel:')


def test_options_as_a_mapping_instead_of_a_list() -> None:
    problem = only(
        """\
        schema: 1
        content_version: "1"
        start: inicio
        screens:
          - id: inicio
            kind: choice
            title: "Início"
            options:
              a: {label: "A", next: fim}
          - {id: fim, kind: result, channel: info, title: "Fim", steps: ["Pronto."]}
        """
    )
    assert at(problem) == (9, 7)
    assert (
        problem.message
        == 'options must be a list (one "- " per item), not a mapping (key: value lines)'
    )


def test_screens_must_be_a_non_empty_list() -> None:
    head = VALID.split("screens:")[0]
    problem = only(head + "screens: []\n")
    assert at(problem) == (4, 10)
    assert problem.message == "screens is empty; add at least one screen"
    problem = only(head + "screens:\n")
    assert problem.message == 'screens must be a list (one "- " per item), not empty'


def test_an_empty_menu_and_a_step_that_is_a_list() -> None:
    found = problems(VALID.replace('steps: ["Pronto."]', 'steps: [["Pronto."], {menu: []}]'))
    assert [at(p) for p in found] == [(9, 13), (9, 33)]
    assert found[0].message.startswith("a step must be a text in quotes or a menu:")
    assert found[1].message.startswith("menu is empty; list the menu items")


def test_result_only_keys_on_a_choice_and_options_on_a_result() -> None:
    found = problems(
        """\
        schema: 1
        content_version: "1"
        start: inicio
        screens:
          - id: inicio
            kind: choice
            channel: app
            title: "Início"
            options: [{id: a, label: "A", next: fim}]
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
            options: []
        """
    )
    assert [at(p) for p in found] == [(7, 5), (15, 5)]
    assert found[0].message == (
        '"channel" is only for result screens; remove it, or make this screen kind: result'
    )
    assert found[1].message.startswith("a result screen has no options")


def test_an_unknown_kind_or_channel_with_did_you_mean() -> None:
    found = problems(VALID.replace("kind: result", "kind: resultado"))
    assert [at(p) for p in found] == [(6, 11)]
    assert found[0].message == (
        'kind must be question, choice or result, not "resultado"; did you mean "result"?'
    )
    problem = only(VALID.replace("channel: info", "channel: whats"))
    assert at(problem) == (7, 14)
    assert problem.message.endswith('not "whats"; did you mean "whatsapp"?')


def test_a_wrong_kind_does_not_hide_the_problems_of_the_rest_of_the_screen() -> None:
    # Fixing the kind must not bring new problems to light: they are all listed at once.
    found = problems(
        """\
        schema: 1
        content_version: "1"
        start: inicio
        screens:
          - id: inicio
            kind: resultado
            channel: zap
            title: "Fim"
            steps:
              - no
              - menu: [on]
            notes:
              - Ligue #gratis
        """
    )
    assert [at(p) for p in found] == [(6, 11), (7, 14), (10, 9), (11, 16), (13, 9)]
    assert found[0].message.startswith("kind must be question, choice or result")
    assert found[1].message.startswith("channel must be")
    missing_kind = problems(VALID.replace("    kind: result\n", ""))
    assert [p.message for p in missing_kind] == [
        'this screen has no "kind"; add kind: question, choice or result'
    ]


def test_a_file_that_is_not_a_flow_at_all_stops_after_max_problems() -> None:
    text = VALID + "".join(f"k{i}: 1\n" for i in range(2 * loader.MAX_PROBLEMS))
    found = problems(text)
    assert len(found) == loader.MAX_PROBLEMS + 1
    assert found[-1].message == (
        f"stopped after {loader.MAX_PROBLEMS} problems; fix these and check again"
    )


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    found = problems(
        """\
        schema: 1
        content_version: 2026-11-24
        start: fim
        screens:
          - id: fim
            kind: result
            channel: info
            titel: "Fim"
            steps: [no]
        """
    )
    assert [at(p) for p in found] == [(2, 18), (8, 5), (9, 13)]


def test_problems_on_one_line_are_listed_by_column() -> None:
    # The walker meets the id (column 25) before the label (column 17): the report is still in
    # file order, column by column, as an editor walks it.
    found = problems(
        """\
        schema: 1
        content_version: "v"
        start: menu
        screens:
          - id: menu
            kind: choice
            title: "Menu"
            options:
              - {label: no, id: Fim, next: fim}
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
        """
    )
    assert [at(p) for p in found] == [(9, 17), (9, 25)]
    assert found[0].message.startswith('"no" is read by YAML as the boolean false')
    assert found[1].message.startswith('option id "Fim" is not a valid id')


# --- syntax errors and whole-file refusals ---------------------------------------------------


def test_a_colon_in_an_unquoted_text_gets_the_quote_hint() -> None:
    problem = only(VALID.replace('title: "Fim"', "title: Atenção: ligue"))
    assert at(problem) == (8, 19)
    assert problem.message.startswith("YAML syntax error: mapping values are not allowed")
    assert "put the whole text in quotes" in problem.message


@pytest.mark.parametrize(
    ("steps", "what", "where", "written"),
    [
        (
            '    steps: ["Pronto."]\n    notes:\n      - Atenção: ligue antes.',
            "note",
            (11, 9),
            '"Atenção: ligue antes."',
        ),
        (
            '    steps:\n      - Importante: abra o app.\n      - "Pronto."',
            "step",
            (10, 9),
            '"Importante: abra o app."',
        ),
        (
            '    steps:\n      - menu: [Faturas, Pagar: agora]',
            "menu item",
            (10, 25),
            '"Pagar: agora"',
        ),
    ],
)
def test_a_text_in_a_list_that_a_colon_turned_into_a_key_is_told_to_be_quoted(
    steps: str, what: str, where: tuple[int, int], written: str
) -> None:
    # `- Atenção: ligue antes.` is valid YAML: a key and its value. Said as "must be text, not a
    # mapping" (or, for a step, as a menu step with no `menu`), the author did not know why.
    problem = only(VALID.replace('    steps: ["Pronto."]', steps))
    assert at(problem) == where
    assert problem.message == (
        f"{what} has ': ' after {written.split(':')[0]}\", so YAML reads it as a key and its "
        f"value, not as text: put the whole {what} in quotes: {written}"
    )


def test_a_misspelt_menu_step_is_still_a_menu_step() -> None:
    problem = only(VALID.replace('steps: ["Pronto."]', 'steps: [{Menu: ["Faturas"]}]'))
    assert problem.message == 'unknown key "Menu" in menu step; did you mean "menu"?'
    problem = only(VALID.replace('steps: ["Pronto."]', 'steps: [{manu: "Faturas"}]'))
    assert problem.message == 'unknown key "manu" in menu step; did you mean "menu"?'


def test_the_flow_with_an_option_is_sound() -> None:
    assert parse_flow(WITH_OPTION).screens[0].options[0].label == "Fim"


def test_an_unclosed_quote_is_reported_where_it_opens() -> None:
    problem = only(VALID.replace('steps: ["Pronto."]', 'steps: ["Pronto.]'))
    assert at(problem) == (9, 13)
    assert problem.message == (
        'YAML syntax error: this "quoted text" is not closed, so YAML reads on to line 10, '
        'column 1 (found unexpected end of stream): add the closing " at the end of the text'
    )


def test_an_unclosed_quote_in_the_middle_is_reported_where_it_opens() -> None:
    problem = only(VALID.replace('title: "Fim"', 'title: "Fim'))
    assert at(problem) == (8, 12)
    assert problem.message.startswith(
        'YAML syntax error: this "quoted text" is not closed, so YAML reads on to line 9, '
        "column 14 ("
    )
    assert problem.message.endswith('): add the closing " at the end of the text')


@pytest.mark.parametrize(
    "above",
    [
        'content_version: "1"   # versão "rascunho',  # a quote in a comment
        "content_version: 'O''Neil'",  # a quote doubled inside a single-quoted text
        'content_version: "Uma frase\n  em duas linhas."',  # a quoted text over two lines
        'content_version: Menu "2',  # quotes inside an unquoted text are part of it
    ],
)
def test_quotes_that_are_closed_or_not_quotes_do_not_get_the_unclosed_hint(above: str) -> None:
    problem = only(
        VALID.replace('content_version: "1"', above).replace(
            'title: "Fim"', "title: Atenção: ligue"
        )
    )
    assert problem.message.startswith("YAML syntax error: mapping values are not allowed")
    assert "opens a" not in problem.message
    assert "put the whole text in quotes" in problem.message


def test_an_unclosed_single_quote_is_reported_where_it_opens() -> None:
    problem = only(VALID.replace('title: "Fim"', "title: 'Você já conferiu a fatura detalhada?"))
    assert at(problem) == (8, 12)
    assert problem.message == (
        "YAML syntax error: this 'quoted text' is not closed, so YAML reads on to line 10, "
        "column 1 (found unexpected end of stream): add the closing ' at the end of the text"
    )


@pytest.mark.parametrize("indicator", [">-", "|", ">", "|-", "|+", ">+"])
def test_a_quote_inside_a_block_text_opens_nothing(indicator: str) -> None:
    # The block text is text, not YAML: its apostrophe does not take the blame for the
    # missing ',' further down.
    block = f"text: {indicator}\n      O cliente pergunta: 'já paguei\n\n      a fatura?"
    problem = only(WITH_OPTION.replace('text: "Texto"', block).replace('"Fim", next', '"Fim" next'))
    assert at(problem) == (13, 32)
    assert problem.message.endswith(
        "(while parsing a flow mapping at line 13, column 9); a ',' is missing before \"next\": "
        "inside {...} and [...], items are separated by commas"
    )


def test_an_unclosed_quote_after_a_block_text_is_reported_where_it_opens() -> None:
    steps = '    steps:\n      - |\n        Diga: "ok\n      - "Pronto.'
    problem = only(VALID.replace('    steps: ["Pronto."]', steps))
    assert at(problem) == (12, 9)
    assert problem.message == (
        'YAML syntax error: this "quoted text" is not closed, so YAML reads on to line 13, '
        'column 1 (found unexpected end of stream): add the closing " at the end of the text'
    )


@pytest.mark.parametrize(
    ("old", "new", "where", "brackets"),
    [
        (OPTION, "{id: fim, label: Menu #2 Faturas, next: fim}", (10, 31), "{...}"),
        ('steps: ["Pronto."]', 'steps: [Menu #2, "Pronto."]', (9, 18), "[...]"),
    ],
)
def test_a_comment_that_cuts_braces_short_is_reported_where_it_starts(
    old: str, new: str, where: tuple[int, int], brackets: str
) -> None:
    text = WITH_OPTION if old == OPTION else VALID
    problem = only(text.replace(old, new))
    assert at(problem) == where
    assert problem.message == (
        "YAML syntax error: ' #' starts a comment, so YAML ignores the rest of the line, the "
        f"end of the {brackets} too: put the text in quotes"
    )


@pytest.mark.parametrize(
    ("label", "column", "hint"),
    [
        ('"Sim" next: fim}', 32, "a ',' is missing before \"next\""),
        ('"Sim "já" paguei", next: fim}', 32, 'ends at the " in column 31'),
        ("'Caixa d'água', next: fim}", 35, "ends at the ' in column 34"),
    ],
)
def test_a_comment_after_the_braces_close_does_not_hide_the_error_inside_them(
    label: str, column: int, hint: str
) -> None:
    # The ' #' is a comment after the closing '}': it cuts nothing, the error is elsewhere.
    without = WITH_OPTION.replace('"Fim", next: fim}', label)
    problem = only(without)
    commented = only(without.replace(label, f"{label}  # primeira opção"))
    assert at(problem) == at(commented) == (10, column)
    assert commented.message == problem.message
    assert hint in commented.message
    assert "starts a comment" not in commented.message


def test_a_comment_is_found_inside_brackets_after_an_inner_pair_closed() -> None:
    # The inner [a] closes before the ' #'; the outer [...] does not: the comment cuts it short.
    steps = 'steps: [[a], Menu #2 Faturas, "Pronto."]  # primeira opção'
    problem = only(VALID.replace('steps: ["Pronto."]', steps))
    assert at(problem) == (9, 23)
    assert problem.message == (
        "YAML syntax error: ' #' starts a comment, so YAML ignores the rest of the line, the "
        "end of the [...] too: put the text in quotes"
    )


def test_a_long_line_of_quoted_texts_with_a_hash_is_read_in_linear_time() -> None:
    """Each ' #' inside a quoted text was checked against every quoted text of the line:
    quadratic (5.5 s for 112 KB, the cap is 8 MiB). The work is counted as the lines of
    strict_yaml.syntax_errors run (no timing): eight times the texts must take about eight
    times the work."""
    module = syntax_errors.__file__

    def work(count: int) -> int:
        text = "schema: 1\noptions: [" + '"a #", ' * count + "x: y: z\n"
        lines_run = 0

        def trace(frame: FrameType, event: str, arg: object) -> Any:
            nonlocal lines_run
            if frame.f_code.co_filename != module:
                return None
            lines_run += event == "line"
            return trace

        previous = sys.gettrace()
        sys.settrace(trace)
        try:
            problem = only(text)
        finally:
            sys.settrace(previous)
        assert at(problem) == (2, 10 + 7 * count + 5)  # the second ': '
        assert problem.message.endswith(
            "(while parsing a flow sequence at line 2, column 10); inside [...] or {...}, put "
            "texts with ',', ':' or '#' in quotes, and close every bracket"
        )
        return lines_run

    small, large = work(200), work(1600)
    assert large < 10 * small, (small, large)


def test_a_comment_after_an_item_of_braces_over_several_lines_is_fine() -> None:
    steps = 'steps: [\n      "Pronto.",  # ok\n    ]'
    flow = parse_flow(VALID.replace('steps: ["Pronto."]', steps))
    assert flow.screens[0].steps[0].text == "Pronto."


def test_a_key_indented_one_space_too_far_gets_the_indentation_hint() -> None:
    problem = only(VALID.replace("    channel: info", "     channel: info"))
    assert at(problem) == (7, 13)
    assert problem.message.startswith("YAML syntax error: mapping values are not allowed")
    assert "indented more than the key on line 6 above it" in problem.message
    assert "quotes" not in problem.message.split(";")[1].split("(")[0]


@pytest.mark.parametrize(
    ("old", "new", "where", "hint"),
    [
        # A key one space too few: YAML's words were about list items.
        (
            '    title: "Fim"',
            '   title: "Fim"',
            (8, 4),
            'this line starts in column 4, the key "channel" on line 7 above it in column 5',
        ),
        (
            '    steps: ["Pronto."]',
            '    steps:\n      - "Um."\n     - "Dois."',
            (11, 6),
            "this '- ' is in column 6, the '- ' on line 10 above it in column 7",
        ),
        (
            '    steps: ["Pronto."]',
            '    steps:\n      - "Um."\n        - "Dois."',
            (11, 9),
            "this '- ' is in column 9, the '- ' on line 10 above it in column 7",
        ),
        # Past a block text, whose lines start anywhere deeper than their key.
        (
            '    title: "Fim"',
            '    title: >-\n      Fim\n        da fatura\n   text: "Texto"',
            (11, 4),
            'this line starts in column 4, the key "title" on line 8 above it in column 5',
        ),
    ],
)
def test_a_line_indented_off_by_a_space_names_the_line_it_goes_with(
    old: str, new: str, where: tuple[int, int], hint: str
) -> None:
    # "did not find expected '-' indicator ...; check the indentation: the items of one list
    # start with '- ' in the same column" for a `title:` one space left of `channel:`.
    problem = only(VALID.replace(old, new))
    assert at(problem) == where
    assert problem.message.startswith("YAML syntax error: ")
    assert f"; check the indentation: {hint}; " in problem.message


def test_invisible_characters_are_shown_in_messages_and_are_no_text() -> None:
    problem = only(VALID.replace('title: "Fim"', 'title\u200b: "Fim"'))
    assert problem.message == 'unknown key "title\\u200b" in screen; did you mean "title"?'
    problem = only(VALID.replace('title: "Fim"', 'title: "\u200b\ufeff "'))
    assert at(problem) == (8, 12)
    assert problem.message == (
        'title is only invisible characters ("\\u200b\\ufeff"); write the text'
    )


def test_invisible_characters_inside_a_text_are_reported_where_they_are() -> None:
    found = problems(
        WITH_OPTION.replace('"Fim"', '"Iní\u200bcio da fatu\u00adra"', 1).replace(
            'label: "Fim"', 'label: "Sim\ufeff"'
        )
    )
    assert [(at(p), p.message) for p in found] == [
        ((8, 16), "invisible zero-width space U+200B in title; delete it"),
        (
            (8, 28),
            "invisible soft hyphen U+00AD (shown as '-' only where a line breaks) in title; "
            "delete it",
        ),
        (
            (10, 30),
            "invisible zero-width no-break space U+FEFF (a stray byte order mark) in label; "
            "delete it",
        ),
    ]


def test_an_invisible_character_written_as_an_escape_is_reported_at_its_text() -> None:
    problem = only(VALID.replace('"Fim"', '"Fim\\u200b"'))
    assert at(problem) == (8, 12)
    assert problem.message == "invisible zero-width space U+200B in title; delete it"


def test_a_zero_width_joiner_inside_an_emoji_is_fine() -> None:
    title = "\U0001f468\u200d\U0001f469\u200d\U0001f467 Família"
    assert parse_flow(VALID.replace("Fim", title)).screens[0].title == title


def test_a_key_with_no_colon_is_reported_on_its_own_line() -> None:
    # YAML notices only at the ': ' inside the second step, two lines further down.
    problem = only(
        VALID.replace(
            '    steps: ["Pronto."]', '    steps\n      - "Pronto."\n      - "Atenção: fim."'
        )
    )
    assert at(problem) == (9, 5)
    assert "could not find expected ':'" in problem.message
    assert "line 9" not in problem.message  # the context is the position itself
    problem = only(VALID.replace('title: "Fim"', 'title "Fim"'))
    assert at(problem) == (8, 5)


def test_a_text_in_typographic_quotes_is_refused_not_shown_with_them() -> None:
    problem = only(VALID.replace('title: "Fim"', "title: \u201cFim\u201d"))
    assert at(problem) == (8, 12)
    assert problem.message.startswith("title starts with a typographic quote \u201c")
    assert 'straight quotes "..."' in problem.message
    # Inside straight quotes they are text like any other.
    parse_flow(VALID.replace('title: "Fim"', 'title: "\u201cFim\u201d"'), "t.yaml")


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ('title: "Fim"', 'title: Você já conferiu a fatura detalhada?"', 12),
        ('steps: ["Pronto."]', 'steps: [{menu: [Sim conferi"]}]', 21),
        ('title: "Fim"', "title: Caixa d'água'", 12),
        ('title: "Fim"', "title: Confira a fatura\u201d", 12),
    ],
)
def test_an_unquoted_text_ending_with_a_quote_it_does_not_start_with_is_refused(
    old: str, new: str, column: int
) -> None:
    problem = only(VALID.replace(old, new))
    assert at(problem) == (8 if old.startswith("title") else 9, column)
    mark = new.rstrip("]}")[-1]
    what = "title" if old.startswith("title") else "menu item"
    assert problem.message == (
        f"{what} ends with a quote {mark} but does not start with one (the opening quote is "
        f"missing), so YAML keeps the {mark} in the text and it would be shown to the "
        f'customer: put the whole text in quotes "..."'
    )


def test_quotes_around_a_word_of_an_unquoted_text_are_fine() -> None:
    for title in ('Toque em "Faturas"', "Toque em 'Faturas'", "Toque em \u201cFaturas\u201d"):
        assert parse_flow(VALID.replace('"Fim"', title)).screens[0].title == title


@pytest.mark.parametrize(
    "title", ['Tela de 6"', "Digite 5'", 'Clique em Menu/"Pagar"', "Clique em Menu/'Pagar'"]
)
def test_an_inch_mark_or_a_quote_after_a_slash_is_no_missing_opening_quote(title: str) -> None:
    assert parse_flow(VALID.replace('"Fim"', title)).screens[0].title == title


def test_a_label_inside_braces_ending_with_a_quote_it_does_not_start_with_is_refused() -> None:
    problem = only(WITH_OPTION.replace('label: "Fim"', 'label: Sim conferi"'))
    assert at(problem) == (10, 26)
    assert problem.message == (
        'label ends with a quote " but does not start with one (the opening quote is missing), '
        'so YAML keeps the " in the text and it would be shown to the customer: put the whole '
        'text in quotes "..."'
    )


def test_a_syntax_error_on_a_line_with_typographic_quotes_says_so() -> None:
    problem = only(VALID.replace('title: "Fim"', "title: \u201cAtenção: fim\u201d"))
    assert problem.mark.line == 8
    assert "typographic quote \u201c" in problem.message


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ('    title:\u00a0"Fim"', 11),  # after the colon
        ('\u00a0   title: "Fim"', 1),  # in the indentation
    ],
)
def test_a_non_breaking_space_where_yaml_needs_a_space_is_pointed_at(
    line: str, column: int
) -> None:
    problem = only(VALID.replace('    title: "Fim"', line))
    assert at(problem) == (8, column)
    assert problem.message.startswith("non-breaking space (U+00A0")


def test_a_non_breaking_space_inside_a_text_is_fine() -> None:
    parse_flow(VALID.replace('title: "Fim"', 'title: "Fim:\u00a0já"'), "t.yaml")


@pytest.mark.parametrize(
    ("title", "quote_column"),
    [('"Diga "Sim" e pronto"', 18), ('["Diga "Sim" e pronto"]', 19)],
)
def test_a_straight_quote_inside_a_double_quoted_text_gets_its_own_hint(
    title: str, quote_column: int
) -> None:
    problem = only(VALID.replace('"Fim"', title))
    assert problem.mark.line == 8
    assert f'ends at the " in column {quote_column}' in problem.message
    assert "indentation" not in problem.message


@pytest.mark.parametrize(
    ("old", "new", "where", "start", "end"),
    [
        # Not closed on its line: YAML failed on the next item, lines below.
        (
            OPTION,
            '{id: fim, label: "Fim", next: fim\n\n      - {id: b, label: "B", next: fim}',
            (10, 9),
            'this "{" is not closed on its line, so YAML reads on to line 12, column ',
            '): add "}" at the end of line 10',
        ),
        (
            'steps: ["Pronto."]',
            'steps:\n      - menu: ["Faturas", "Pagar"\n      - "Pronto."',
            (10, 15),
            'this "[" is not closed on its line, so YAML reads on to line 11, column 7 (',
            '): add "]" at the end of line 10',
        ),
        # A ' #' cut it short: that is what is said.
        (
            'steps: ["Pronto."]',
            'steps:\n      - menu: [Faturas #2, "Pagar"]\n      - "Pronto."',
            (10, 24),
            "' #' starts a comment, so YAML ignores the rest of the line, the end of the [...] ",
            "too: put the text in quotes",
        ),
    ],
)
def test_a_bracket_not_closed_on_its_line_is_reported_where_it_opens(
    old: str, new: str, where: tuple[int, int], start: str, end: str
) -> None:
    # It was reported at the next item, lines below: "did not find expected ',' or '}'".
    text = WITH_OPTION if old == OPTION else VALID
    problem = only(text.replace(old, new))
    assert at(problem) == where
    assert problem.message.startswith(f"YAML syntax error: {start}")
    assert problem.message.endswith(end)


def test_brackets_over_several_lines_are_fine_and_a_comma_missing_there_is_no_bracket() -> None:
    steps = 'steps: [\n      "Um",\n      "Dois"\n    ]'
    assert len(parse_flow(VALID.replace('steps: ["Pronto."]', steps)).screens[0].steps) == 2
    problem = only(VALID.replace('steps: ["Pronto."]', steps.replace('"Um",', '"Um"')))
    assert "not closed" not in problem.message


@pytest.mark.parametrize(
    ("old", "new", "where", "hint"),
    [
        (
            'steps: ["Pronto."]',
            'steps: ["Pronto.")',
            (9, 22),
            'this ")" should be "]", which closes the "[" in column 12',
        ),
        (
            OPTION,
            '{id: fim, label: "Fim", next: fim}}',
            (10, 43),
            'this "}" closes nothing (what it closes is closed already): remove it',
        ),
        (
            OPTION,
            'id: fim, label: "Fim", next: fim}',
            (10, 23),
            'this line has a "}" that no "{" opens: put the "{" before the first key, as in '
            '- {id: ..., label: "...", next: ...}',
        ),
    ],
)
def test_a_wrong_or_stray_bracket_is_named(
    old: str, new: str, where: tuple[int, int], hint: str
) -> None:
    text = WITH_OPTION if old == OPTION else VALID
    problem = only(text.replace(old, new))
    assert at(problem) == where
    assert problem.message.endswith(f"; {hint}")


@pytest.mark.parametrize(
    ("steps", "column", "ends"),
    [
        ('steps: [menu: ["Faturas" "Pagar"]]', 30, 28),
        ('steps: ["Abra o app."  "Pronto."]', 28, 25),
        ("steps: ['Abra o app.' Pronto.]", 27, 25),
    ],
)
def test_a_missing_comma_between_two_texts_inside_brackets_is_named(
    steps: str, column: int, ends: int
) -> None:
    # It was read as a quote inside the first text: 'write \" for it', which fixes nothing.
    problem = only(VALID.replace('steps: ["Pronto."]', steps))
    assert at(problem) == (9, column)
    assert problem.message.endswith(
        f"; a ',' is missing after the text that ends in column {ends}: inside [...] and "
        f"{{...}}, items are separated by commas"
    )


@pytest.mark.parametrize(
    "label", ['"Não, ainda não conferi"', '"Sim, \u201cconfirmo\u201d o valor"', "'Não, ainda'"]
)
def test_a_missing_comma_before_a_key_inside_braces_is_named(label: str) -> None:
    problem = only(WITH_OPTION.replace('label: "Fim",', f"label: {label}"))
    column = len(f"      - {{id: fim, label: {label} ") + 1
    assert at(problem) == (10, column)
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.message.endswith(
        "(while parsing a flow mapping at line 10, column 9); a ',' is missing before \"next\": "
        "inside {...} and [...], items are separated by commas"
    )


@pytest.mark.parametrize(
    ("old", "new", "quote_column"),
    [
        ('"Fim"', '"Responda, \u201cSim\u201d ou "Não""', 32),
        ('label: "Fim"', 'label: "Responda, \u201cSim\u201d ou "Não""', 46),
    ],
)
def test_typographic_quotes_inside_a_quoted_text_start_no_value(
    old: str, new: str, quote_column: int
) -> None:
    text = WITH_OPTION.replace(old, new, 1)
    problem = only(text)
    assert problem.message.endswith(
        f'the quoted text on this line ends at the " in column {quote_column}: a " inside '
        f'"double quotes" ends the text; write \\" for it, or use \u201c \u201d inside'
    )


@pytest.mark.parametrize(
    ("title", "column", "hint"),
    [
        (
            "*Importante* confira",
            12,
            "a text cannot start with '*' (YAML reads *name as a reference to an anchor): put "
            "the whole text in quotes",
        ),
        (
            "[NOVO] confira",
            12,
            "a text cannot start with '[' (YAML reads what follows as a list, then finds more "
            "text after it): put the whole text in quotes",
        ),
        (
            "{NOVO} confira",
            12,
            "a text cannot start with '{' (YAML reads what follows as a mapping, then finds more "
            "text after it): put the whole text in quotes",
        ),
        (
            "- opção",
            12,
            "a text cannot start with '- ' (YAML reads it as a list item): put the whole text "
            "in quotes",
        ),
        (
            "| opção",
            12,
            "a text cannot start with '|' or '>' and go on on the same line ('|' and '>' start "
            "a text on the lines below): put the whole text in quotes",
        ),
        (
            ">- opção",
            12,
            "a text cannot start with '|' or '>' and go on on the same line ('|' and '>' start "
            "a text on the lines below): put the whole text in quotes",
        ),
        (
            "? opção",
            12,
            "a text cannot start with '? ' (YAML reads it as a key): put the whole text in quotes",
        ),
        (
            "'Caixa d'água'",
            21,
            "the quoted text on this line ends at the ' in column 20: inside 'single quotes' "
            "write '' for an apostrophe ('Caixa d''água'), or use double quotes (\"Caixa "
            "d'água\")",
        ),
    ],
)
def test_a_text_that_starts_like_yaml_syntax_says_so_at_its_start(
    title: str, column: int, hint: str
) -> None:
    problem = only(VALID.replace('"Fim"', title))
    assert at(problem) == (8, column)
    assert problem.message.startswith("YAML syntax error: ")
    assert problem.message.endswith(hint)
    assert "indentation" not in problem.message


def test_a_list_item_that_starts_with_an_asterisk_says_so_at_its_start() -> None:
    steps = "    steps:\n      - *Importante*: acesse"
    problem = only(VALID.replace('    steps: ["Pronto."]', steps))
    assert at(problem) == (10, 9)
    assert problem.message.endswith(
        "a text cannot start with '*' (YAML reads *name as a reference to an anchor): put the "
        "whole text in quotes"
    )


def test_more_than_one_document() -> None:
    problem = only(VALID + "---\nschema: 1\n")
    assert at(problem) == (10, 1)
    assert problem.message.startswith("a second YAML document starts here")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("  \n\n", "the file is empty"),
        ("# only a comment\n", "the file has only comments and blank lines"),
        ("- a\n- b\n", "the file must be a mapping of keys (schema:, content_version:"),
        ('"just text"\n', "the file must be a mapping of keys"),
    ],
)
def test_files_that_are_not_a_flow_at_all(text: str, message: str) -> None:
    problem = only(text)
    assert at(problem) == (1, 1)
    assert problem.message.startswith(message)


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    problem = only("screens: " + "[" * 100_000)
    assert problem.mark.line == 1
    assert problem.mark.column > 1
    assert "nested far too deeply" in problem.message


def test_control_characters_are_refused() -> None:
    problem = only(VALID.replace("Fim", "F\x07im"))
    assert at(problem) == (8, 14)
    assert problem.message == "invisible character U+0007 is not allowed in YAML; delete it"


def test_bytes_that_are_not_utf8_point_at_the_first_bad_byte() -> None:
    data = VALID.replace("Fim", "Início").encode("latin-1")
    problem = only(data)
    assert at(problem) == (8, 15)
    assert problem.message.startswith(
        "the file is not valid UTF-8 (byte 0xED here); save it as UTF-8"
    )


def test_utf16_is_named() -> None:
    problem = only(VALID.encode("utf-16"))
    assert problem.message == "the file is saved as UTF-16; save it as UTF-8"


def test_text_over_the_size_cap() -> None:
    problem = only(VALID + "#" * MAX_BYTES)
    assert at(problem) == (1, 1)
    assert "the file is too large" in problem.message
    assert "the limit is 8 MiB" in problem.message


def test_bytes_over_the_size_cap() -> None:
    problem = only(VALID.encode() + b"#" * MAX_BYTES)
    assert "the file is too large" in problem.message


# --- reading files ---------------------------------------------------------------------------


def test_read_flow_reads_utf8_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "flows.yaml"
    path.write_bytes(VALID.replace("Fim", "Início").encode("utf-8"))
    flow = read_flow(path)
    assert flow.screen("fim").title == "Início"
    assert flow.screen("fim").mark.file == str(path)


def test_read_flow_of_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FlowFileError, match="there is no such file") as info:
        read_flow(tmp_path / "nope.yaml")
    assert info.value.path == str(tmp_path / "nope.yaml")


def test_read_flow_of_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FlowFileError, match="it is a folder"):
        read_flow(tmp_path)


def test_read_flow_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Simulated: CI runs as root, which reads any file whatever its mode.
    path = tmp_path / "flows.yaml"
    path.write_text(VALID, encoding="utf-8")

    def refuse(name: Path) -> NoReturn:
        raise PermissionError(13, "Permission denied", str(name))

    monkeypatch.setattr(loader, "open_for_reading", refuse)
    with pytest.raises(FlowFileError, match="permission denied"):
        read_flow(path)


class _SpyStream:
    """Wraps an open binary file and records every read size."""

    def __init__(self, stream: BinaryIO, reads: list[int]) -> None:
        self._stream = stream
        self._reads = reads

    def __enter__(self) -> _SpyStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stream.close()

    def fileno(self) -> int:
        return self._stream.fileno()

    def read(self, size: int = -1) -> bytes:
        self._reads.append(size)
        return self._stream.read(size)


def test_read_flow_refuses_a_huge_file_before_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(4 * 1024**3)  # sparse: 4 GiB that take no disk
    small = tmp_path / "small.yaml"
    small.write_text(VALID, encoding="utf-8")
    reads: list[int] = []
    from assistant.files import open_for_reading as real_open

    def spying_open(name: Path) -> Any:
        return _SpyStream(real_open(name), reads)

    monkeypatch.setattr(loader, "open_for_reading", spying_open)
    with pytest.raises(FlowError) as info:
        read_flow(huge)
    assert reads == []  # refused from its size alone
    (problem,) = info.value.problems
    assert at(problem) == (1, 1)
    assert "the file is too large (4,294,967,296 bytes" in problem.message
    read_flow(small)
    assert reads == [MAX_BYTES + 1]  # the spy works; a file is read with a bounded read


def test_read_flow_of_a_file_with_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b'schema: 1\ncontent_version: "Vers\xe3o"\n')
    with pytest.raises(FlowError) as info:
        read_flow(path)
    (problem,) = info.value.problems
    assert str(problem).startswith(f"{path}:2:23: the file is not valid UTF-8")


# --- graph checks after the structure --------------------------------------------------------


def test_load_flow_text_runs_the_graph_checks() -> None:
    text = VALID.replace("start: fim", "start: fin")
    assert parse_flow(text).start == "fin"  # structurally fine
    with pytest.raises(FlowError) as info:
        load_flow_text(text, "g.yaml")
    assert any("fin" in p.message and "fim" in p.message for p in info.value.problems)


def test_wrong_texts_do_not_hide_the_graph_problems() -> None:
    # A YAML trap in a text leaves the screens and references as written: every problem at
    # once, in file order, not the graph's only once the text is fixed.
    text = VALID.replace("start: fim", "start: fin").replace('title: "Fim"', "title: no")
    with pytest.raises(FlowError) as info:
        load_flow_text(text)
    assert [(p.mark.line, p.message.split(";")[0]) for p in info.value.problems] == [
        (3, 'start screen "fin" is not a screen id'),
        (8, '"no" is read by YAML as the boolean false'),
    ]


def test_graph_checks_do_not_run_on_a_broken_structure() -> None:
    # A wrong key or id changes what the graph is: its rules would only add echoes.
    text = VALID.replace("start: fim", "start: fin").replace("    kind: result", "    knd: result")
    with pytest.raises(FlowError) as info:
        load_flow_text(text)
    assert all("fin" not in p.message for p in info.value.problems)
    assert any(p.message.startswith('unknown key "knd"') for p in info.value.problems)


def test_load_flow_reads_and_checks_a_file(tmp_path: Path) -> None:
    path = tmp_path / "flows.yaml"
    path.write_text(VALID, encoding="utf-8")
    flow = load_flow(path)
    assert isinstance(flow, Flow)
    assert flow.results[0].id == "fim"


def test_a_text_problem_and_a_graph_problem_at_one_place_are_reported_once() -> None:
    """An unquoted number that is also no mobile number: YAML's reading of it is the mistake
    to fix first, and the graph rules' "not a Brazilian mobile number" at the same place would
    only repeat it (both land on the number now that it is reported where it is written)."""
    text = """\
        schema: 1
        content_version: "1"
        start: fim
        contacts:
          whatsapp:
            - {id: sudeste, label: "Região Sudeste", number: 5511899910621}
        screens:
          - id: fim
            kind: result
            channel: whatsapp
            title: "Fim"
            steps: ["Pronto."]
            contacts: [sudeste]
        """
    with pytest.raises(FlowError) as info:
        load_flow_text(textwrap.dedent(text), "t.yaml")  # with the graph rules
    [problem] = info.value.problems
    assert at(problem) == (6, 54)
    assert "is read by YAML as the number 5511899910621" in problem.message
