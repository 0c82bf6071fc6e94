"""Question and choice screens (assistant.ui.screens)."""

from __future__ import annotations

import textwrap

import pytest

from assistant.flows.loader import load_flow_text
from assistant.flows.model import Flow
from assistant.testing.plugin import OpenPilot
from assistant.ui.widgets import WrapButton

# Two questions whose answers a content author may well write this way: a dash or a full stop
# after "Sim" / "Não" (flows-format.md allows "–" in a text), and an answer for "sim" that only
# begins with the letters of the word ("Simulei ...").
FLOWS = textwrap.dedent(
    """\
    schema: 1
    content_version: "2026-12-01"
    start: pergunta
    screens:
      - id: pergunta
        kind: question
        title: "A fatura está em atraso há até 45 dias?"
        options:
          - {id: sim, label: "Sim – até 45 dias", next: simulou}
          - {id: nao, label: "Não. Há mais de 45 dias", next: fim}
      - id: simulou
        kind: question
        title: "Você já simulou o parcelamento?"
        options:
          - {id: sim, label: "Simulei no App Minha Claro", next: fim}
          - {id: nao, label: "Não simulei", next: fim}
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """
)


@pytest.fixture
def answers_flow() -> Flow:
    return load_flow_text(FLOWS, "flows.yaml")


def test_a_question_answer_shows_sim_or_nao_once_whatever_punctuation_follows(
    open_pilot: OpenPilot, answers_flow: Flow
) -> None:
    """The big "Sim" / "Não" is taken off the front of the label; what separates it from the
    rest, a dash or a full stop as much as a comma, goes with it ("Sim" over "– até 45
    dias" read as a stray dash)."""
    pilot = open_pilot(answers_flow)
    assert pilot.widget(WrapButton, "option-sim").label_text == "Sim Até 45 dias"
    assert pilot.widget(WrapButton, "option-nao").label_text == "Não Há mais de 45 dias"


def test_an_answer_that_only_begins_with_the_letters_of_sim_keeps_its_words(
    open_pilot: OpenPilot, answers_flow: Flow
) -> None:
    """"Simulei ..." is not "Sim" followed by "ulei ...": the headline comes off a whole word
    only."""
    pilot = open_pilot(answers_flow)
    pilot.choose("sim")
    assert pilot.screen_id == "simulou"
    assert pilot.widget(WrapButton, "option-sim").label_text == "Sim Simulei no App Minha Claro"
    assert pilot.widget(WrapButton, "option-nao").label_text == "Não Simulei"
    # what a screen reader says is the label as written
    assert pilot.options == [("sim", "Simulei no App Minha Claro"), ("nao", "Não simulei")]
