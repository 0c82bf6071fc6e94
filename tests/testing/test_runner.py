"""Playing scenarios on the real window, and the bug report a failing one produces."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from assistant.flows.model import Mark
from assistant.testing import Pilot
from assistant.testing.runner import (
    Mismatch,
    ScenarioFailedError,
    run_scenario,
    screenshot_name,
)
from assistant.testing.scenarios import Action, Scenario, parse_scenarios


def scenario(text: str) -> Scenario:
    return parse_scenarios(textwrap.dedent(text), "s.yaml").scenarios[0]


def failure(pilot: Pilot, text: str) -> ScenarioFailedError:
    with pytest.raises(ScenarioFailedError) as caught:
        run_scenario(pilot, scenario(text))
    return caught.value


def test_a_scenario_that_goes_as_written_passes(pilot: Pilot) -> None:
    run_scenario(
        pilot,
        scenario(
            """\
            name: "negociar pelo WhatsApp, voltando uma vez"
            answers:
              - negociar
              - "Sim, até 45 dias"
              - app
              - back
              - expect: {screen: negociar_canal, options: [app, site, whatsapp]}
              - whatsapp
              - "Região Sudeste"
            expect:
              screen: negociar_whatsapp_sudeste
              channel: whatsapp
              steps: ["Adicione o número", "Envie uma mensagem"]
              text: "Região Sudeste: +55 11 99991-0621"
              whatsapp: "+55 11 99991-0621"
              copy_whatsapp: "Região Sudeste"
              clipboard: "+55 11 99991-0621"
            """
        ),
    )
    assert pilot.clipboard == "+55 11 99991-0621"


def test_a_wrong_menu_path_is_reported_with_what_was_found(pilot: Pilot, tmp_path: Path) -> None:
    shots: list[Path] = []

    def screenshot(p: Pilot) -> str:
        shots.append(p.screenshot(tmp_path / "shot.png"))
        return str(shots[-1])

    with pytest.raises(ScenarioFailedError) as caught:
        run_scenario(
            pilot,
            scenario(
                """\
                name: "negociar pelo App"
                answers: [negociar, sim, app]
                expect:
                  screen: negociar_app
                  menu: "App Minha Claro > Faturas > Parcelar dívidas"
                  steps: ["Acesse o App Minha Claro.", "Parcelar"]
                """
            ),
            screenshot=screenshot,
        )
    error = caught.value
    assert error.step == 4
    assert [m.what for m in error.mismatches] == ["menu path"]
    assert error.mismatches[0] == Mismatch(
        "menu path",
        "App Minha Claro › Faturas › Parcelar dívidas",
        "App Minha Claro › Faturas › Parcelar dívida",
    )
    assert shots and shots[0].is_file()
    lines = str(error).splitlines()
    assert lines[0] == 'Scenario "negociar pelo App" failed (s.yaml:1:1)'
    assert lines[1].split() == ["step", "4", "of", "4:", "check", "the", "screen", "(expect)",
                                "(s.yaml:3:1)"]
    assert lines[2].split(None, 2) == [
        "on", "screen:", 'negociar_app  "Negocie pelo App Minha Claro"  (result, channel app)'
    ]
    assert lines[-1].split(None, 1) == ["screenshot:", str(shots[0])]


def test_a_wrong_screen_is_reported_alone(pilot: Pilot) -> None:
    error = failure(
        pilot,
        """\
        name: "x"
        answers: [negociar, nao]
        expect: {screen: negociar_canal, menu: "x > y", title: "z"}
        """,
    )
    assert error.mismatches == (Mismatch("screen", "negociar_canal", "negociar_negocia_facil"),)


def test_an_answer_that_is_not_offered_lists_the_options(pilot: Pilot) -> None:
    error = failure(
        pilot,
        """\
        name: "x"
        answers: [negociar, talvez]
        expect: {screen: negociar_canal}
        """,
    )
    assert error.step == 2
    assert error.screen.startswith("negociar_atraso ")
    assert error.options == (("sim", "Sim, até 45 dias"), ("nao", "Não, há mais de 45 dias"))
    assert error.trail == ("Negociar uma fatura em atraso",)
    assert error.mismatches[0].what == "answer"
    assert 'options seen:    sim  "Sim, até 45 dias"' in str(error)


def test_back_on_the_first_screen_fails(pilot: Pilot) -> None:
    error = failure(pilot, 'name: "x"\nanswers: [back]\nexpect: {screen: inicio}\n')
    assert error.mismatches == (
        Mismatch("", '"Voltar" enabled', '"Voltar" disabled: this is the first screen'),
    )


def test_result_checks_on_a_question_say_it_is_not_a_result(pilot: Pilot) -> None:
    error = failure(pilot, 'name: "x"\nanswers: [negociar]\nexpect: {menu: "a > b"}\n')
    assert error.mismatches == (
        Mismatch("page", "a result page (expect has menu)", "a question screen"),
    )


def test_texts_notes_trail_and_clipboard_are_checked(pilot: Pilot) -> None:
    error = failure(
        pilot,
        """\
        name: "x"
        answers: [duplicado, nao]
        expect:
          notes: "nunca escrito"
          text: ["estornado", "também não escrito"]
          trail: ["Paguei a fatura em duplicidade"]
          options: [sim]
        """,
    )
    assert [m.what for m in error.mismatches] == ["options", "answers so far", "notes", "text"]
    assert error.mismatches[3].expected == "também não escrito\n(somewhere on the page)"
    pilot.restart()
    error = failure(
        pilot,
        """\
        name: "x"
        answers: [negociar, sim, whatsapp, demais]
        expect: {copy_whatsapp: demais, clipboard: "+55 11 99991-0621"}
        """,
    )
    assert error.mismatches == (Mismatch("clipboard", "+55 11 99991-0621", "+55 32 99991-0621"),)


def test_copying_a_number_the_page_does_not_show(pilot: Pilot) -> None:
    error = failure(
        pilot,
        'name: "x"\nanswers: [negociar, sim, whatsapp, demais]\nexpect: {copy_whatsapp: sudeste}\n',
    )
    assert error.mismatches == (
        Mismatch(
            "WhatsApp number",
            'a "Copiar número" button for "sudeste"',
            "Demais regiões: +55 32 99991-0621",
        ),
    )


def test_a_disabled_answer_is_reported_as_disabled_not_as_missing(pilot: Pilot) -> None:
    pilot.widget(QPushButton, "option-negociar").setEnabled(False)
    error = failure(pilot, 'name: "x"\nanswers: [negociar]\nexpect: {screen: negociar_atraso}\n')
    assert error.mismatches == (
        Mismatch("click", "option 'negociar' a customer can click", "it is disabled"),
    )
    assert "  found click:    it is disabled" in str(error)


def test_a_click_without_its_outcome_is_reported_as_a_timeout(
    pilot: Pilot, qtbot: QtBot
) -> None:
    """A copy that never shows "Número copiado" is not reported as a missing button."""
    slow = Pilot(pilot.window, qtbot, timeout=50)
    slow.walk("negociar", "sim", "whatsapp", "sudeste")
    pilot.widget(QPushButton, "copy-number-sudeste").blockSignals(True)  # the click does nothing
    error = failure(slow, 'name: "x"\nanswers: []\nexpect: {copy_whatsapp: sudeste}\n')
    assert error.mismatches == (
        Mismatch(
            "after the click",
            "'✓ Número copiado' within 50 ms of clicking 'Copiar número' of 'sudeste'",
            "not shown after 50 ms",
        ),
    )
    pilot.restart()
    pilot.widget(QPushButton, "option-negociar").blockSignals(True)
    error = failure(slow, 'name: "y"\nanswers: [negociar]\nexpect: {screen: negociar_atraso}\n')
    assert error.mismatches == (
        Mismatch(
            "after the click",
            "a new screen within 50 ms of clicking option 'negociar'",
            "not shown after 50 ms",
        ),
    )


def test_the_report_layout() -> None:
    story = Scenario(
        "Negociar pelo App",
        (Action("choose", "negociar", mark=Mark("s.yaml", 2, 12)),),
        Mark("s.yaml", 1, 1),
    )
    error = ScenarioFailedError(
        story,
        step=1,
        action=story.actions[0],
        screen='inicio  "Sobre a sua fatura"  (choice)',
        options=[("a", "Primeira"), ("bb", "Segunda")],
        trail=[],
        mismatches=[Mismatch("answer", "an option", "none\nat all")],
    )
    error.screenshot = "/tmp/shot.png"
    assert error.report() == textwrap.dedent(
        """\
        Scenario "Negociar pelo App" failed (s.yaml:1:1)
          step 1 of 1:     choose "negociar"  (s.yaml:2:12)
          on screen:       inicio  "Sobre a sua fatura"  (choice)
          answers so far:  none
          options seen:    a   "Primeira"
                           bb  "Segunda"
          expected answer: an option
          found answer:    none
                           at all
          screenshot:      /tmp/shot.png"""
    )


def test_screenshot_names_are_file_and_scenario() -> None:
    story = Scenario("Negociar pelo WhatsApp: Região Sudeste!", ())
    assert screenshot_name(Path("t/negociar.yaml"), story) == (
        "negociar--negociar-pelo-whatsapp-regiao-sudeste.png"
    )
    assert screenshot_name(Path("x.yaml"), Scenario("???", ())) == "x--scenario.png"


def test_long_names_that_share_their_first_80_characters_get_screenshots_of_their_own() -> None:
    start = "Cliente com fatura em atraso há menos de 45 dias quer negociar pelo WhatsApp e "
    sudeste = screenshot_name(Path("s.yaml"), Scenario(start + "está na Região Sudeste", ()))
    demais = screenshot_name(Path("s.yaml"), Scenario(start + "está nas demais regiões", ()))
    assert sudeste != demais
    assert sudeste.startswith("s--cliente-com-fatura-em-atraso-ha-menos-de-45-dias-")
    assert len(sudeste) == len("s--") + 80 + len(".png")
    same_slug = [screenshot_name(Path("s.yaml"), Scenario(n, ()), unique=True)
                 for n in ("Negociar: app", "Negociar (app)")]
    assert same_slug[0] != same_slug[1]


def test_empty_notes_and_steps_mean_none_on_the_page(pilot: Pilot) -> None:
    """`notes: []` is "no notes", as `menu: []` and `whatsapp: []` are: never a check skipped."""
    error = failure(
        pilot,
        """\
        name: "x"
        answers: [duplicado, sim, app]
        expect: {screen: duplicado_app, notes: [], steps: []}
        """,
    )
    assert [(m.what, m.expected) for m in error.mismatches] == [
        ("steps", "nothing"),
        ("notes", "nothing"),
    ]
    assert error.mismatches[1].found.startswith("O valor pago em duplicidade")
    pilot.restart()
    run_scenario(
        pilot, scenario('name: "y"\nanswers: [negociar, sim, app]\nexpect: {notes: []}\n')
    )
    pilot.restart()
    error = failure(pilot, 'name: "z"\nanswers: [negociar]\nexpect: {steps: []}\n')
    assert [m.what for m in error.mismatches] == ["page"]


def test_a_screen_or_answer_the_flows_file_lacks_says_so_with_a_did_you_mean(
    pilot: Pilot,
) -> None:
    """Without flows: a scenario is not checked against the flows file before it runs: a typo
    read like the app going to the wrong screen ("expected negociar_ap, found negociar_site")."""
    error = failure(
        pilot, 'name: "x"\nanswers: [negociar, sim, site]\nexpect: {screen: negociar_ap}\n'
    )
    assert error.mismatches == (
        Mismatch(
            "screen",
            'negociar_ap\n(the flows file has no screen of this id; did you mean "negociar_app"?)',
            "negociar_site",
        ),
    )
    pilot.restart()
    error = failure(pilot, 'name: "x"\nanswers: [negociar, sim, whatsap]\nexpect: {screen: x}\n')
    assert error.mismatches[0].found == 'no such option on this screen; did you mean "whatsapp"?'
