"""Stability: tens of thousands of clicks on the real window's buttons, whole sessions.

PySide6 6.12.0 on CPython 3.11 drops a reference to None on every signal delivered to a Python
slot and aborts after about 5,200 clicks (shared/FACTS.md); replaced screens that are not
deleted make memory grow. This drives at least 30,000 real clicks (QTest mouse events, through
the Pilot, the event loop run after each) as whole sessions, and checks that the app still runs,
that sys.getrefcount(None) has not fallen, that one screen is alive and that no widget piles up.

A session: answer "sim", "Copiar passos" x8, Voltar, answer "não", "Copiar passos" x8,
Recomeçar -- 20 clicks, 4 of them changing the screen. Every click delivers signals to Python
slots (what leaked in 6.12.0); a change of screen costs several times a copy, so copies make up
most of the count and 6,000 screen changes still show any growth. The flow is small on purpose;
the bundled flows are walked path by path in test_walk.py.
"""

from __future__ import annotations

import os
import sys
import textwrap

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from assistant.flows.loader import parse_flow
from assistant.testing import Pilot
from assistant.ui.clipboard import MemoryClipboard

CLICKS = int(os.environ.get("ASSISTANT_SOAK_CLICKS", "30000"))
COPIES = 8  # "Copiar passos" clicks on each result page of a session

SMALL = textwrap.dedent(
    """\
    schema: 1
    content_version: "soak"
    start: pergunta
    screens:
      - id: pergunta
        kind: question
        title: "Você já conferiu a fatura?"
        options:
          - {id: sim, label: "Sim", next: fim_sim}
          - {id: nao, label: "Não", next: fim_nao}
      - id: fim_sim
        kind: result
        channel: info
        title: "Tudo certo"
        steps: ["Pronto."]
      - id: fim_nao
        kind: result
        channel: info
        title: "Confira a fatura"
        steps: ["Confira a fatura detalhada."]
    """
)


@pytest.mark.slow
def test_30000_clicks_keep_the_app_alive_and_none_referenced(qtbot: QtBot) -> None:
    pilot = Pilot.start(parse_flow(SMALL), qtbot, clipboard=MemoryClipboard(), size=(640, 480))
    # Warm up (first-time allocations, caches), then measure.
    for _ in range(20):
        pilot.choose("sim")
        pilot.restart()
    assert pilot.live_screens() == 1
    widgets_before = len(pilot.window.findChildren(QWidget))
    none_before = sys.getrefcount(None)
    clicks = 0
    while clicks < CLICKS:
        pilot.choose("sim")
        for _ in range(COPIES):
            pilot.copy_steps()
        pilot.back()
        pilot.choose("nao")
        for _ in range(COPIES):
            assert pilot.copy_steps().startswith("Confira a fatura")
        pilot.restart()
        clicks += 4 + 2 * COPIES
        if clicks % 2000 == 0:
            assert pilot.live_screens() == 1
    none_after = sys.getrefcount(None)
    # A leak of one reference a click would show as -30,000; allow ordinary noise.
    assert none_after >= none_before - 100, (none_before, none_after)
    assert pilot.live_screens() == 1
    assert len(pilot.window.findChildren(QWidget)) == widgets_before  # nothing piles up
    # Still running and still answering.
    assert pilot.screen_id == "pergunta"
    assert pilot.choose("nao") == "fim_nao"
    assert pilot.result.steps == ("Confira a fatura detalhada.",)
