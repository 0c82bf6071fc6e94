"""The graph and content rules of `check_flow`, each at the exact position of what to fix."""

from __future__ import annotations

import difflib
import textwrap
import time
from collections.abc import Sequence

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.flows.check import (
    BRAZILIAN_DDDS,
    MAX_SUGGESTIONS,
    check_flow,
    whatsapp_number_problem,
)
from assistant.flows.loader import MAX_PROBLEMS, parse_flow
from assistant.flows.model import Channel, Contact, Flow, Mark, Option, Screen, ScreenKind, Step
from assistant.flows.problems import Problem
from assistant.resources import bundled_flows


def flow_from(text: str) -> Flow:
    return parse_flow(textwrap.dedent(text), "t.yaml")


def problems_of(text: str) -> list[str]:
    return [str(p) for p in check_flow(flow_from(text))]


def assert_problems(text: str, *expected: str) -> None:
    """Exactly these problems, in this order; each expected string is the start of one."""
    found = problems_of(text)
    assert len(found) == len(expected), "\n".join(found)
    for got, want in zip(found, expected, strict=True):
        assert got.startswith(want), f"\n got: {got}\nwant: {want}..."


HEADER = """\
    schema: 1
    content_version: "2026-11-24"
    start: inicio
    contacts:
      whatsapp:
        - {id: sudeste, label: "Região Sudeste", number: "+55 11 99991-0621"}
        - {id: demais, label: "Demais regiões", number: "+55 32 99991-0621"}
    screens:
"""
# HEADER is 8 lines: the first screen written after it starts on line 9.

FIM = """\
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
"""


# --- a clean flow, and the shipped one -------------------------------------------------------


def test_a_good_flow_has_no_problems() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: question
        title: "Já pagou?"
        options:
          - {id: sim, label: "Sim", next: fim}
          - {id: nao, label: "Não", next: whats}
      - id: whats
        kind: result
        channel: whatsapp
        title: "WhatsApp"
        steps: ["Adicione o número."]
        contacts: [sudeste, demais]
"""
        + FIM
    )
    assert problems_of(text) == []


def test_the_bundled_flows_file_checks_clean() -> None:
    path = bundled_flows()
    flow = parse_flow(path.read_text(encoding="utf-8"), str(path))
    assert len(flow.screens) > 20
    assert [str(p) for p in check_flow(flow)] == []


# --- start and next --------------------------------------------------------------------------


def test_an_unknown_start_is_reported_with_a_suggestion() -> None:
    text = HEADER.replace("start: inicio", "start: inicoi") + FIM.replace("id: fim", "id: inicio")
    # The mark is the value of "start:" when the model carries it (Flow.start_mark); until then
    # the top of the file.
    where = "t.yaml:3:8" if "start_mark" in Flow.__dataclass_fields__ else "t.yaml:1:1"
    assert_problems(
        text, f'{where}: start screen "inicoi" is not a screen id; did you mean "inicio"?'
    )


def test_an_option_to_an_unknown_screen_is_reported_at_its_next_with_a_suggestion() -> None:
    """At the misspelled name (column 35), where the author fixes it, not at the "{" (9)."""
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
          - {id: x, label: "X", next: fmi}
"""
        + FIM
    )
    assert_problems(
        text, 't.yaml:14:35: option "x" leads to unknown screen "fmi"; did you mean "fim"?'
    )


def test_an_unknown_screen_with_nothing_close_gets_no_suggestion() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
          - {id: x, label: "X", next: zzzzzzzz}
"""
        + FIM
    )
    [problem] = problems_of(text)
    assert problem == 't.yaml:14:35: option "x" leads to unknown screen "zzzzzzzz"'


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The words "did you mean" looks up, in order."""
    words: list[str] = []
    real = difflib.get_close_matches

    def recording(word: str, possibilities: Sequence[str], n: int = 3) -> list[str]:
        words.append(word)
        return real(word, possibilities, n)

    monkeypatch.setattr(difflib, "get_close_matches", recording)
    return words


def test_did_you_mean_is_bounded_so_many_broken_links_stay_linear(lookups: list[str]) -> None:
    broken = [
        Screen(
            f"s{i}",
            ScreenKind.CHOICE,
            "T",
            options=(
                Option("ok", "Ok", "fim", Mark("m", i + 1, 1)),
                Option("x", "X", f"nowhere{i}", Mark("m", i + 1, 5)),
            ),
            mark=Mark("m", i + 1, 1),
        )
        for i in range(MAX_SUGGESTIONS + 50)
    ]
    fim = Screen("fim", ScreenKind.RESULT, "Fim", channel=Channel.INFO, steps=(Step("x"),))
    flow = Flow(start="s0", screens=(*broken, fim), source="m")
    problems = check_flow(flow)
    assert len(lookups) == MAX_SUGGESTIONS
    assert sum("leads to unknown screen" in p.message for p in problems) == MAX_SUGGESTIONS + 50


def test_the_same_wrong_name_is_looked_up_once(lookups: list[str]) -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: a, label: "A", next: fmi}
          - {id: b, label: "B", next: fmi}
          - {id: c, label: "C", next: fim}
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:13:35: option "a" leads to unknown screen "fmi"; did you mean "fim"?',
        't.yaml:14:35: option "b" leads to unknown screen "fmi"; did you mean "fim"?',
    )
    assert lookups == ["fmi"]


def test_did_you_mean_never_suggests_the_screen_the_option_is_in() -> None:
    """`contestar_app` was given the id of the screen that leads to it: the option's own screen
    is the closest name, and the wrong one to suggest."""
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: contestar, label: "Contestar", next: contestar_canal}
      - id: contestar_canal
        kind: choice
        title: "Canal"
        options:
          - {id: app, label: "App", next: contestar_app}
          - {id: fim, label: "Fim", next: fim}
      - id: contestar_canal
        kind: result
        channel: app
        title: "App"
        steps: ["Pelo app."]
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:18:39: option "app" leads to unknown screen "contestar_app"',  # no suggestion
        't.yaml:20:5: duplicate screen id "contestar_canal" (first defined at line 14)',
    )
    assert "did you mean" not in problems_of(text)[0]


def test_the_same_wrong_name_in_two_screens_suggests_the_other_screen_in_each(
    lookups: list[str],
) -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: a, label: "A", next: ajuda_fatura}
          - {id: b, label: "B", next: ajuda_faturas}
      - id: ajuda_fatura
        kind: choice
        title: "Ajuda"
        options:
          - {id: mais, label: "Mais", next: ajuda_fatur}
          - {id: fim, label: "Fim", next: fim}
      - id: ajuda_faturas
        kind: choice
        title: "Ajuda"
        options:
          - {id: mais, label: "Mais", next: ajuda_fatur}
          - {id: fim, label: "Fim", next: fim}
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:19:41: option "mais" leads to unknown screen "ajuda_fatur"; '
        'did you mean "ajuda_faturas"?',
        't.yaml:25:41: option "mais" leads to unknown screen "ajuda_fatur"; '
        'did you mean "ajuda_fatura"?',
    )
    assert lookups == ["ajuda_fatur"]


# --- unique ids ------------------------------------------------------------------------------


def test_a_duplicate_screen_id_is_reported_at_the_second_naming_the_first() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
"""
        + FIM
        + FIM
    )
    assert_problems(text, 't.yaml:19:5: duplicate screen id "fim" (first defined at line 14)')


def test_the_same_screen_object_listed_twice_is_a_duplicate() -> None:
    fim = Screen(
        "fim",
        ScreenKind.RESULT,
        "Fim",
        channel=Channel.INFO,
        steps=(Step("x"),),
        mark=Mark("m", 4, 3),
    )
    problems = check_flow(Flow(start="fim", screens=(fim, fim), source="m"))
    assert [str(p) for p in problems] == [
        'm:4:3: duplicate screen id "fim" (first defined at line 4)'
    ]


def test_a_duplicate_option_id_is_reported_at_the_second_option() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
          - {id: outro, label: "Outro", next: fim}
          - {id: ok, label: "Ok de novo", next: fim}
"""
        + FIM
    )
    assert_problems(
        text, 't.yaml:15:9: duplicate option id "ok" in screen "inicio" (first at line 13)'
    )


def test_the_same_option_id_on_two_screens_is_fine() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: meio}
      - id: meio
        kind: choice
        title: "Meio"
        options:
          - {id: ok, label: "Ok", next: fim}
"""
        + FIM
    )
    assert problems_of(text) == []


def test_a_duplicate_contact_id_is_reported_at_the_second_contact() -> None:
    text = (
        HEADER.replace("id: demais", "id: sudeste")
        + """\
      - id: inicio
        kind: result
        channel: whatsapp
        title: "WhatsApp"
        steps: ["Adicione o número."]
        contacts: [sudeste]
"""
    )
    assert_problems(text, 't.yaml:7:7: duplicate contact id "sudeste" (first defined at line 6)')


# --- question and dead ends ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "found"),
    [
        ("[{id: sim, label: S, next: fim}]", '"sim"'),
        ("[{id: s, label: S, next: fim}, {id: n, label: N, next: fim}]", '"s", "n"'),
        ("[{id: sim, label: S, next: fim}, {id: talvez, label: T, next: fim}]", '"sim", "talvez"'),
        (
            "[{id: sim, label: S, next: fim}, {id: nao, label: N, next: fim},"
            " {id: talvez, label: T, next: fim}]",
            '"sim", "nao", "talvez"',
        ),
    ],
)
def test_a_question_must_have_exactly_sim_and_nao(options: str, found: str) -> None:
    text = (
        HEADER
        + f"""\
      - id: inicio
        kind: question
        title: "Pergunta?"
        options: {options}
"""
        + FIM
    )
    assert_problems(
        text,
        f't.yaml:9:5: question screen "inicio" must have exactly the options "sim", "nao", '
        f"not {found} (use kind: choice for other answers)",
    )


def test_a_question_with_sim_nao_and_a_repeated_nao_is_reported_twice() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: question
        title: "Pergunta?"
        options:
          - {id: sim, label: "Sim", next: fim}
          - {id: nao, label: "Não", next: fim}
          - {id: nao, label: "Não mesmo", next: fim}
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:9:5: question screen "inicio" must have exactly the options "sim", "nao", '
        'not "sim", "nao", "nao"',
        't.yaml:15:9: duplicate option id "nao" in screen "inicio" (first at line 14)',
    )


def test_a_question_may_list_nao_before_sim() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: question
        title: "Pergunta?"
        options:
          - {id: nao, label: "Não", next: fim}
          - {id: sim, label: "Sim", next: fim}
"""
        + FIM
    )
    assert problems_of(text) == []


@pytest.mark.parametrize("no_options", ["options: []", ""])
def test_a_choice_screen_without_options_is_a_dead_end(no_options: str) -> None:
    text = (
        HEADER
        + f"""\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {{id: vazio, label: "Vazio", next: vazio}}
          - {{id: ok, label: "Ok", next: fim}}
      - id: vazio
        kind: choice
        title: "Vazio"
        {no_options}
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:15:5: screen "vazio" has no options: a dead end (give it options, or make it '
        "kind: result)",
    )


def test_a_screen_leading_only_to_a_dead_end_cannot_reach_a_result() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: meio, label: "Meio", next: meio}
          - {id: ok, label: "Ok", next: fim}
      - id: meio
        kind: choice
        title: "Meio"
        options:
          - {id: vazio, label: "Vazio", next: vazio}
      - id: vazio
        kind: question
        title: "Vazio?"
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:15:5: no result can be reached from screen "meio": every way on from it loops '
        "or ends without a result",
        't.yaml:20:5: screen "vazio" has no options: a dead end',
    )


@pytest.mark.parametrize("no_steps", ["steps: []", ""])
def test_a_result_without_steps_is_reported(no_steps: str) -> None:
    text = HEADER + FIM.replace('steps: ["Pronto."]', no_steps).replace("id: fim", "id: inicio")
    assert_problems(text, 't.yaml:9:5: result "inicio" has no steps')


def test_a_result_without_steps_is_reported_whatever_built_the_flow() -> None:
    flow = Flow(
        start="fim",
        screens=(
            Screen("fim", ScreenKind.RESULT, "Fim", channel=Channel.INFO, mark=Mark("m", 3, 5)),
        ),
        source="m",
    )
    assert [str(p) for p in check_flow(flow)] == ['m:3:5: result "fim" has no steps']


# --- reachability ----------------------------------------------------------------------------


def test_a_screen_not_reachable_from_the_start_is_reported() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
      - id: esquecida
        kind: choice
        title: "Ninguém chega aqui"
        options:
          - {id: ok, label: "Ok", next: orfao}
      - id: orfao
        kind: result
        channel: info
        title: "Órfão"
        steps: ["Nada."]
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:14:5: screen "esquecida" cannot be reached from the start screen "inicio" '
        "(and 1 screen only reachable through it)",
    )


def test_only_the_first_of_an_unreachable_part_is_reported_with_its_followers() -> None:
    """One option removed from the start screen: one problem, not one per screen behind it."""
    text = (
        HEADER
        + """      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
      - id: esquecida
        kind: question
        title: "Esquecida?"
        options:
          - {id: sim, label: "Sim", next: canal}
          - {id: nao, label: "Não", next: fim}
      - id: canal
        kind: choice
        title: "Canal"
        options:
          - {id: app, label: "App", next: app}
          - {id: site, label: "Site", next: site}
      - id: app
        kind: result
        channel: app
        title: "App"
        steps: ["Pelo app."]
      - id: site
        kind: result
        channel: site
        title: "Site"
        steps: ["Pelo site."]
"""
        + FIM
    )
    [problem] = problems_of(text)
    assert problem == (
        't.yaml:14:5: screen "esquecida" cannot be reached from the start screen "inicio" '
        "(and 3 screens only reachable through it)"
    )


def test_an_unreachable_loop_is_reported_once_at_its_first_screen() -> None:
    text = (
        HEADER
        + """      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
      - id: a
        kind: choice
        title: "A"
        options:
          - {id: b, label: "B", next: b}
          - {id: fim, label: "Fim", next: fim}
      - id: b
        kind: choice
        title: "B"
        options:
          - {id: a, label: "A", next: a}
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:14:5: screen "a" cannot be reached from the start screen "inicio" '
        "(and 1 screen only reachable through it)",
    )


def test_a_screen_two_unreachable_screens_lead_to_is_counted_under_neither() -> None:
    text = (
        HEADER
        + """      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
      - id: um
        kind: choice
        title: "Um"
        options:
          - {id: ok, label: "Ok", next: comum}
      - id: dois
        kind: choice
        title: "Dois"
        options:
          - {id: ok, label: "Ok", next: comum}
      - id: comum
        kind: choice
        title: "Comum"
        options:
          - {id: ok, label: "Ok", next: fim}
"""
        + FIM
    )
    assert problems_of(text) == [
        't.yaml:14:5: screen "um" cannot be reached from the start screen "inicio"',
        't.yaml:19:5: screen "dois" cannot be reached from the start screen "inicio"',
    ]


def test_a_screen_a_did_you_mean_names_is_not_also_reported_as_unreachable() -> None:
    """A typo in a `next`: the screen it meant is unreachable only because of the typo."""
    text = (
        HEADER
        + """      - id: inicio
        kind: question
        title: "Já conferiu?"
        options:
          - {id: sim, label: "Sim", next: fim}
          - {id: nao, label: "Não", next: conferir_primero}
      - id: conferir_primeiro
        kind: choice
        title: "Confira primeiro"
        options:
          - {id: ok, label: "Ok", next: detalhe}
      - id: detalhe
        kind: result
        channel: info
        title: "Detalhe"
        steps: ["Veja."]
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:14:39: option "nao" leads to unknown screen "conferir_primero"; '
        'did you mean "conferir_primeiro"?',
    )


def test_a_loop_with_no_way_out_is_reported_once_at_its_first_screen() -> None:
    """Once, with how many screens it leads to: a loop of 10,000 screens gave 500 lines."""
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
          - {id: laco, label: "Laço", next: a}
      - id: a
        kind: choice
        title: "A"
        options:
          - {id: b, label: "B", next: b}
      - id: b
        kind: choice
        title: "B"
        options:
          - {id: a, label: "A", next: a}
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:15:5: no result can be reached from screen "a": every way on from it loops '
        "or ends without a result (nor from 1 screen it leads to)",
    )


def test_a_loop_back_to_the_menu_with_a_way_out_is_fine() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ajuda, label: "Ajuda", next: ajuda}
      - id: ajuda
        kind: choice
        title: "Ajuda"
        options:
          - {id: voltar, label: "Voltar ao menu", next: inicio}
          - {id: fim, label: "Fim", next: fim}
"""
        + FIM
    )
    assert problems_of(text) == []


def test_a_screen_whose_only_way_on_is_an_unknown_screen_cannot_reach_a_result() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
          - {id: x, label: "X", next: meio}
      - id: meio
        kind: choice
        title: "Meio"
        options:
          - {id: x, label: "X", next: sumiu}
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:15:5: no result can be reached from screen "meio"',
        't.yaml:19:35: option "x" leads to unknown screen "sumiu"',
    )


def test_with_an_unknown_start_unreachability_is_not_reported() -> None:
    text = HEADER.replace("start: inicio", "start: nada") + FIM
    [problem] = problems_of(text)
    assert 'start screen "nada" is not a screen id' in problem


# --- contacts and numbers --------------------------------------------------------------------


def whatsapp_result(contacts: str) -> str:
    return (
        HEADER
        + f"""\
      - id: inicio
        kind: result
        channel: whatsapp
        title: "WhatsApp"
        steps: ["Adicione o número."]
        {contacts}
"""
    )


def test_an_unknown_contact_is_reported_at_its_id_with_a_suggestion() -> None:
    assert_problems(
        whatsapp_result("contacts: [sudeste, demias]"),
        't.yaml:14:25: result "inicio" names unknown contact "demias"; did you mean "demais"?',
    )


def test_a_whatsapp_result_without_contacts_is_reported() -> None:
    assert_problems(
        whatsapp_result(""),
        't.yaml:9:5: WhatsApp result "inicio" names no contacts',
    )


def test_a_contact_named_twice_by_a_result_is_reported() -> None:
    assert_problems(
        whatsapp_result("contacts: [sudeste, sudeste]"),
        't.yaml:14:25: result "inicio" names contact "sudeste" twice'  # the second,
    )


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("11 99991-0621", "it must start with the country code +55"),
        ("5511999910621", "it must start with the country code +55"),
        ("+1 11 99991-0621", "it must start with the country code +55"),
        ("+55 20 99991-0621", "20 is not a Brazilian area code (DDD)"),
        ("+55 11 89991-0621", "a mobile number starts with 9 after the DDD"),
        ("+55 11 9999-0621", "after +55 it must have 11 digits"),
        ("+55 11 99991-06210", "after +55 it must have 11 digits"),
        ("+55.11.99991.0621", 'it contains "."; only digits, spaces, dashes, parentheses'),
        ("+55 11 99991-O621", 'it contains "O", the letter O, not the digit 0; only digits'),
        # Look-alikes, pasted from a web page or typed by Word: named with what they look like.
        (
            "+55 11 99991\u20130621",
            'it contains "\u2013", the character en dash (U+2013), not the "-" of the keyboard',
        ),
        ("+55 11 99991\u20110621", 'it contains "\u2011", the character non-breaking hyphen'),
        ("+55 11 99991\u22120621", 'it contains "\u2212", the character minus sign (U+2212)'),
        ("\uff0b55 11 99991-0621", 'it contains "\uff0b", the character fullwidth plus sign'),
        ("+55 11 9\uff19991-0621", 'it contains "\uff19", the character fullwidth digit nine'),
        ("+55 11 99991/0621", 'it contains "/"'),
        ("55+ 11 99991-0621", '"+" may only come first'),
        ("+55\u00a011 99991-0621", "it contains a non-breaking space (U+00A0); only digits"),
        ("+55 11\u202f99991-0621", "it contains a narrow non-breaking space (U+202F)"),
        ("+55 11 99991\u200e-0621", "it contains the character left-to-right mark (U+200E)"),
        ("+55 11 99991-0621\u00ad", "it contains the character soft hyphen (U+00AD)"),
        ("+55 (11 99991-0621", "its parentheses do not match"),
        ("+55 11) 99991-0621", "its parentheses do not match"),
        ("", "it is empty"),
    ],
)
def test_a_bad_whatsapp_number_says_what_is_wrong(number: str, reason: str) -> None:
    problem = whatsapp_number_problem(number)
    assert problem is not None
    assert problem.startswith(reason)


@pytest.mark.parametrize(
    "number",
    [
        "+55 11 99991-0621",
        "+55 32 99991-0621",
        "+55 (11) 99991-0621",
        "+5511999910621",
        "+55-98-98765-4321",
        " +55 61 91234 5678 ",
    ],
)
def test_good_whatsapp_numbers_pass(number: str) -> None:
    assert whatsapp_number_problem(number) is None


def test_a_bad_number_is_reported_at_the_number_with_the_expected_form() -> None:
    text = HEADER.replace('"+55 32 99991-0621"', '"(32) 99991-0621"') + FIM.replace(
        "id: fim", "id: inicio"
    )
    assert_problems(
        text,
        't.yaml:7:53: WhatsApp number "(32) 99991-0621" of contact "demais" is not a Brazilian '
        'mobile number: it must start with the country code +55; write "+55 32 99991-0621"',
    )


def test_a_pasted_non_breaking_space_in_a_number_is_named_not_escaped() -> None:
    text = HEADER.replace('"+55 32 99991-0621"', '"+55\u00a032 99991-0621"') + FIM.replace(
        "id: fim", "id: inicio"
    )
    assert_problems(
        text,
        't.yaml:7:53: WhatsApp number "+55\\u00a032 99991-0621" of contact "demais" is not a '
        "Brazilian mobile number: it contains a non-breaking space (U+00A0); only digits, "
        'spaces, dashes, parentheses and a leading "+" are allowed; write "+55 32 99991-0621"',
    )


@pytest.mark.parametrize(
    ("number", "fix"),
    [
        # Its own digits, as the assistant writes them: the author's number, never the example.
        ("(32) 98765-4321", 'write "+55 32 98765-4321"'),
        ("32 98765 4321", 'write "+55 32 98765-4321"'),
        ("32.98765.4321", 'write "+55 32 98765-4321"'),
        ("032 98765-4321", 'write "+55 32 98765-4321"'),
        ("55 32 98765-4321", 'write "+55 32 98765-4321"'),
        ("0055 32 98765-4321", 'write "+55 32 98765-4321"'),
        ("+55 (032) 98765-4321", 'write "+55 32 98765-4321"'),
        ("+55 32 98765\u20134321", 'write "+55 32 98765-4321"'),
        # Digits that make no mobile number, or another country's: the example's form.
        ("(32) 8765-4321", 'write it like "+55 11 99991-0621"'),
        ("+1 415 555 0100", 'write it like "+55 11 99991-0621"'),
        ("+55 20 98765-4321", 'write it like "+55 11 99991-0621"'),
        ("+55 32 98765-4321 (WhatsApp)", 'write it like "+55 11 99991-0621"'),
    ],
)
def test_a_bad_number_says_how_to_write_the_authors_own_digits(number: str, fix: str) -> None:
    """`write it like "+55 11 99991-0621"` for `(32) 98765-4321` left the author to work out the
    fix, next to an example that is the real number of another region, easy to paste by
    mistake."""
    text = HEADER.replace('"+55 32 99991-0621"', f'"{number}"') + FIM.replace(
        "id: fim", "id: inicio"
    )
    [problem] = problems_of(text)
    assert problem.endswith(f"; {fix}")


SEPARATORS = st.sampled_from(["", " ", "-", "  ", " - "])


@settings(max_examples=200, deadline=None)
@given(
    ddd=st.sampled_from(sorted(BRAZILIAN_DDDS)),
    subscriber=st.from_regex(r"9[0-9]{8}", fullmatch=True),
    seps=st.tuples(SEPARATORS, SEPARATORS, SEPARATORS),
    parens=st.booleans(),
)
def test_any_mobile_number_in_any_allowed_form_passes(
    ddd: str, subscriber: str, seps: tuple[str, str, str], parens: bool
) -> None:
    area = f"({ddd})" if parens else ddd
    number = f"+55{seps[0]}{area}{seps[1]}{subscriber[:5]}{seps[2]}{subscriber[5:]}"
    assert whatsapp_number_problem(number) is None
    contact = Contact("c", "C", number)
    assert contact.international == f"+55 {ddd} {subscriber[:5]}-{subscriber[5:]}"


@settings(max_examples=300, deadline=None)
@given(number=st.text(alphabet="+0123456789 ()-.x", max_size=22))
def test_a_number_that_passes_is_always_55_a_ddd_and_nine_digits_starting_with_9(
    number: str,
) -> None:
    if whatsapp_number_problem(number) is None:
        digits = "".join(c for c in number if c.isdigit())
        assert number.strip().startswith("+")
        assert len(digits) == 13
        assert digits[:2] == "55"
        assert digits[2:4] in BRAZILIAN_DDDS
        assert digits[4] == "9"


def test_the_area_codes_are_exactly_the_67_anatel_ddds() -> None:
    not_in_use = {20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56, 57, 58, 59, 60, 70, 72, 76, 78}
    not_in_use |= {80, 90}
    expected = {f"{n}" for n in range(11, 100) if n not in not_in_use}
    assert len(BRAZILIAN_DDDS) == 67
    assert expected == BRAZILIAN_DDDS
    for ddd in ("11", "21", "32", "47", "55", "61", "79", "89", "99"):
        assert whatsapp_number_problem(f"+55 {ddd} 99991-0621") is None
    for ddd in ("10", "20", "36", "56", "60", "70", "80", "90"):
        assert whatsapp_number_problem(f"+55 {ddd} 99991-0621") == (
            f"{ddd} is not a Brazilian area code (DDD)"
        )


# --- all at once, in order -------------------------------------------------------------------


def test_every_problem_is_reported_at_once_sorted_by_position() -> None:
    text = (
        HEADER.replace("+55 11 99991-0621", "+55 11 89991-0621")
        + """\
      - id: inicio
        kind: question
        title: "Pergunta?"
        options:
          - {id: sim, label: "Sim", next: fimm}
          - {id: talvez, label: "Talvez", next: fim}
      - id: solta
        kind: result
        channel: whatsapp
        title: "Solta"
        steps: ["Nada."]
"""
        + FIM
    )
    assert_problems(
        text,
        't.yaml:6:54: WhatsApp number "+55 11 89991-0621" of contact "sudeste"',
        't.yaml:9:5: question screen "inicio" must have exactly the options "sim", "nao"',
        't.yaml:13:39: option "sim" leads to unknown screen "fimm"; did you mean "fim"?',
        't.yaml:15:5: WhatsApp result "solta" names no contacts',
        't.yaml:15:5: screen "solta" cannot be reached from the start screen "inicio"',
    )


# --- the reachability rules agree with a brute-force reference on random graphs --------------


@st.composite
def random_flows(draw: st.DrawFn) -> Flow:
    n = draw(st.integers(1, 12))
    ids = [f"s{i}" for i in range(n)]
    results = draw(st.sets(st.sampled_from(ids)))
    screens = []
    for i, sid in enumerate(ids):
        mark = Mark("r", i + 1, 1)
        if sid in results:
            screens.append(
                Screen(
                    sid, ScreenKind.RESULT, sid, channel=Channel.INFO, steps=(Step("x"),), mark=mark
                )
            )
            continue
        targets = draw(st.lists(st.sampled_from([*ids, "ghost"]), max_size=3))
        options = tuple(Option(f"o{j}", "o", t, mark) for j, t in enumerate(targets))
        screens.append(Screen(sid, ScreenKind.CHOICE, sid, options=options, mark=mark))
    return Flow(start=draw(st.sampled_from(ids)), screens=tuple(screens), source="r")


def _reaches(flow: Flow, source: str) -> set[str]:
    seen, todo = {source}, [source]
    while todo:
        for option in flow.screen(todo.pop()).options:
            if flow.has_screen(option.next) and option.next not in seen:
                seen.add(option.next)
                todo.append(option.next)
    return seen


@settings(max_examples=200, deadline=None)
@given(flow=random_flows())
def test_reachability_matches_a_brute_force_reference(flow: Flow) -> None:
    problems = check_flow(flow)
    reported = {
        p.message.split('"')[1]: p.message for p in problems if "cannot be reached" in p.message
    }
    stuck = {
        p.message.split('"')[1]: p.message
        for p in problems
        if "no result can be reached" in p.message
    }
    from_start = _reaches(flow, flow.start)
    _assert_unreachable_parts(flow, set(flow.screen_ids) - from_start, reported)
    doomed = {
        s.id
        for s in flow.screens
        if s.options and not any(flow.screen(t).is_result for t in _reaches(flow, s.id))
    }
    _assert_unreachable_parts(flow, doomed, stuck, suffix=("(nor from {}", " it leads to)"))
    positions = [(p.mark.file, p.mark.line, p.mark.column, p.message) for p in problems]
    assert positions == sorted(positions)


def _assert_unreachable_parts(
    flow: Flow,
    unreachable: set[str],
    reported: dict[str, str],
    suffix: tuple[str, str] = ("(and {}", " only reachable through it)"),
) -> None:
    """`reported` (screen id -> message) holds one screen of each part of `unreachable` that no
    other screen of it leads to, each counting the screens reachable from it alone (`suffix`:
    the words around that count)."""
    reaches = {sid: _reaches(flow, sid) & unreachable for sid in unreachable}
    assert set(reported) <= unreachable
    assert set().union(*(reaches[r] for r in reported)) == unreachable  # every one is covered
    for root, message in reported.items():
        # Nothing unreachable leads to it but the screens of its own loop, if any; it is the
        # first of them.
        loop = {sid for sid in unreachable if root in reaches[sid]}
        assert loop <= reaches[root]
        assert root == min(loop, key=flow.screen_ids.index)
        assert not any(root in reaches[other] for other in reported if other != root)
        alone = {
            sid
            for sid in reaches[root] - {root}
            if not any(sid in reaches[other] for other in reported if other != root)
        }
        count = f"{len(alone)} screen{'' if len(alone) == 1 else 's'}"
        ending = " " + suffix[0].format(count) + suffix[1]
        assert message.endswith(ending) if alone else not message.endswith(")"), message


# --- stays linear on a big flow --------------------------------------------------------------


def big_flow_text(n: int) -> str:
    lines = ["schema: 1", 'content_version: "2026-11-24"', "start: s0", "screens:"]
    for i in range(n - 1):
        lines += [
            f"  - id: s{i}",
            "    kind: question",
            f'    title: "Tela {i}?"',
            "    options:",
            f'      - {{id: sim, label: "Sim", next: {f"s{i + 1}" if i + 2 < n else "fim"}}}',
            '      - {id: nao, label: "Não", next: fim}',
        ]
    lines += [
        "  - id: fim",
        "    kind: result",
        "    channel: info",
        '    title: "Fim"',
        '    steps: ["Pronto."]',
    ]
    return "\n".join(lines) + "\n"


def test_checking_a_big_flow_is_cheap_next_to_parsing_it() -> None:
    # Linear, so a few thousand screens show the same ratio as the 10,000-screen benchmark.
    text = big_flow_text(3_000)
    flow = parse_flow(text, "big.yaml")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    yaml.load(text, Loader=loader)
    parse_time = time.perf_counter() - started
    check_times = []
    for _ in range(3):
        started = time.perf_counter()
        problems = check_flow(flow)
        check_times.append(time.perf_counter() - started)
    assert problems == []
    # The whole load + check must stay within 1.5x of a plain yaml.load: leave the check a
    # small share of that (it measures at a few percent).
    assert min(check_times) < 0.25 * parse_time, (check_times, parse_time)


def test_graph_problems_stop_after_max_problems_as_the_yaml_walker_does() -> None:
    forgotten = "".join(
        f"""\
      - id: solta{i}
        kind: result
        channel: info
        title: "Solta"
        steps: ["Nada."]
"""
        for i in range(MAX_PROBLEMS + 20)
    )
    problems = problems_of(HEADER + FIM.replace("id: fim", "id: inicio") + forgotten)
    assert len(problems) == MAX_PROBLEMS + 1
    last_line = 14 + 5 * (MAX_PROBLEMS - 1)  # the 500th forgotten screen
    assert problems[-2] == (
        f't.yaml:{last_line}:5: screen "solta{MAX_PROBLEMS - 1}" cannot be reached from the '
        f'start screen "inicio"'
    )
    assert problems[-1] == (
        f"t.yaml:{last_line}:5: stopped after {MAX_PROBLEMS} problems; fix these and check again"
    )


def test_problems_are_problem_objects() -> None:
    problems = check_flow(flow_from(HEADER.replace("start: inicio", "start: x") + FIM))
    assert all(isinstance(p, Problem) for p in problems)
    assert problems[0].mark.file == "t.yaml"


def test_a_forgotten_reference_to_a_renamed_screen_suggests_the_renamed_one() -> None:
    """'negociar_canal' renamed 'negociar_onde' with one `next` left behind: the suggestion is
    the screen nothing leads to any more, not the one whose name is merely closer."""
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: a, label: "A", next: negociar_canal}
          - {id: b, label: "B", next: negociar_app}
          - {id: c, label: "C", next: fim}
      - id: negociar_app
        kind: result
        channel: info
        title: "App"
        steps: ["Pelo app."]
      - id: negociar_onde
        kind: choice
        title: "Onde?"
        options:
          - {id: ok, label: "Ok", next: fim}
"""
        + FIM
    )
    assert difflib.get_close_matches("negociar_canal", ["negociar_app", "negociar_onde"], 1) == [
        "negociar_app"  # what the suggestion used to be
    ]
    assert problems_of(text) == [
        't.yaml:13:35: option "a" leads to unknown screen "negociar_canal"; '
        'did you mean "negociar_onde"?'
    ]  # and not also 'screen "negociar_onde" cannot be reached': the fix reaches it


@pytest.mark.parametrize(
    ("deleted", "linked"),
    [
        ("duplicado_estorno", "duplicado_site"),
        ("informar_ja_pagou", "informar_nao_pagou"),
        ("negociar_whatsapp_sudeste", "negociar_whatsapp_demais"),
    ],
)
def test_a_link_to_a_deleted_screen_suggests_no_other_screen_that_is_only_alike(
    deleted: str, linked: str
) -> None:
    """Ids of one part of the flow share a long start: the id of a deleted screen is, on the
    whole, as close to a sibling's as a typo is. Suggested, the sibling would send the customer
    to the other answer (the Sudeste customer to the number of the other regions)."""
    text = (
        HEADER
        + f"""\
      - id: inicio
        kind: question
        title: "Início"
        options:
          - {{id: sim, label: "Sim", next: {linked}}}
          - {{id: nao, label: "Não", next: {deleted}}}
      - id: {linked}
        kind: result
        channel: info
        title: "Outra resposta"
        steps: ["Pronto."]
"""
    )
    assert difflib.get_close_matches(deleted, [linked], 1) == [linked]  # what it used to say
    assert problems_of(text) == [
        f't.yaml:14:39: option "nao" leads to unknown screen "{deleted}"'
    ]


def test_a_misspelt_id_still_gets_its_suggestion_among_screens_alike() -> None:
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: a, label: "A", next: duplicado_stie}
          - {id: b, label: "B", next: duplicado_estorno}
          - {id: c, label: "C", next: duplicado_site}
      - id: duplicado_estorno
        kind: result
        channel: info
        title: "Estorno"
        steps: ["Pronto."]
      - id: duplicado_site
        kind: result
        channel: site
        title: "Site"
        steps: ["Pelo site."]
"""
    )
    assert problems_of(text) == [
        't.yaml:13:35: option "a" leads to unknown screen "duplicado_stie"; '
        'did you mean "duplicado_site"?'
    ]


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        # Renamed: the contact nothing names any more is suggested.
        ("[regiao_norte, regiao_sp]", '; did you mean "regiao_sao_paulo"?'),
        # Deleted: the other region, named by the result already, is not.
        ("[regiao_norte, regiao_sao_paulo, regiao_nordeste]", ""),
    ],
)
def test_an_unknown_contact_suggests_a_renamed_one_but_not_another_region(
    named: str, expected: str
) -> None:
    text = f"""\
    schema: 1
    content_version: "2026-11-24"
    start: inicio
    contacts:
      whatsapp:
        - {{id: regiao_sao_paulo, label: "São Paulo", number: "+55 11 99991-0621"}}
        - {{id: regiao_norte, label: "Norte", number: "+55 91 99991-0621"}}
    screens:
      - id: inicio
        kind: result
        channel: whatsapp
        title: "WhatsApp"
        steps: ["Adicione o número."]
        contacts: {named}
"""
    wrong = named.strip("[]").split(", ")[-1]
    column = 15 + named.index(wrong)
    assert problems_of(text) == [
        f't.yaml:14:{column}: result "inicio" names unknown contact "{wrong}"{expected}'
    ]


def test_a_link_to_a_deleted_screen_does_not_suggest_a_screen_it_led_to() -> None:
    """`informar_canal` deleted: the two screens it led to have nothing leading to them any
    more, as a renamed screen would, but two of them for one lost name is no rename."""
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: informar, label: "Informar", next: informar_canal}
      - id: informar_app
        kind: result
        channel: app
        title: "App"
        steps: ["Pelo app."]
      - id: informar_site
        kind: result
        channel: site
        title: "Site"
        steps: ["Pelo site."]
"""
    )
    assert difflib.get_close_matches("informar_canal", ["informar_app", "informar_site"], 1) == [
        "informar_app"  # what the suggestion used to be
    ]
    found = problems_of(text)
    assert 't.yaml:13:49: option "informar" leads to unknown screen "informar_canal"' in found
    assert not [line for line in found if "did you mean" in line]


def test_the_screens_a_copy_with_the_same_id_leads_to_are_not_also_unreachable() -> None:
    """A screen copied to make a new one, its id left unchanged: the new one (first) hides
    the old, whose answers alone led on. "Cannot be reached" sent the author adding links."""
    text = (
        HEADER
        + """\
      - id: inicio
        kind: question
        title: "Recebeu a fatura?"
        options:
          - {id: sim, label: "Sim", next: fim}
          - {id: nao, label: "Não", next: fim}
      - id: inicio
        kind: question
        title: "Já conferiu?"
        options:
          - {id: sim, label: "Sim", next: canal}
          - {id: nao, label: "Não", next: fim}
      - id: canal
        kind: result
        channel: app
        title: "Pelo app"
        steps: ["Pelo app."]
"""
        + FIM
    )
    assert problems_of(text) == [
        't.yaml:15:5: duplicate screen id "inicio" (first defined at line 9)'
    ]


def test_two_options_of_a_screen_with_one_label_are_reported_at_the_second() -> None:
    """An option line copied for a new answer, its id and next changed, its label not: the
    customer saw two buttons alike that lead to different places."""
    text = (
        HEADER
        + """\
      - id: inicio
        kind: choice
        title: "Por onde?"
        options:
          - {id: app, label: "Pelo App Minha Claro", next: fim}
          - {id: site, label: "pelo app  Minha Claro", next: fim}
          - {id: outro, label: "Outro canal", next: fim}
"""
        + FIM
    )
    assert problems_of(text) == [
        't.yaml:14:9: option "site" of screen "inicio" has the label of option "app" (line 13), '
        '"pelo app  Minha Claro": the customer could not tell them apart; write its own label'
    ]
