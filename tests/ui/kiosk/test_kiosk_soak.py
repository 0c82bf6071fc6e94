"""A kiosk left running: 10,000 random customers, random idle resets and injected errors.

Each session: a tap on the attract screen, 0 to 5 random answers (real button clicks, the
region question answered by the store's config), then one of: the idle expiry (the monitor's
`expired` signal, what its countdown emits at zero), an exception raised in a slot (through the
kiosk's excepthook), or Recomeçar followed by the idle expiry. Afterwards the kiosk must be
where it started -- attract screen, no answers, empty clipboard, one screen view, the same
number of widgets -- with RSS flat and sys.getrefcount(None) not fallen (shared/FACTS.md).

The flow is small (a region question, a yes/no question and two results, one with a QR code)
so 10,000 sessions take about a minute; the bundled flows are walked in test_kiosk_window.py.
"""

from __future__ import annotations

import os
import random
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from assistant.content.loaded import LoadedContent
from assistant.content.stamp import ContentStamp
from assistant.flows.loader import load_flow_text
from assistant.kiosk.config import KioskConfig
from assistant.ui.clipboard import MemoryClipboard
from assistant.ui.excepthook import install_excepthook
from assistant.ui.kiosk.window import KioskWindow
from assistant.ui.screens import ScreenView
from assistant.ui.widgets import WrapButton

SESSIONS = int(os.environ.get("ASSISTANT_KIOSK_SOAK_SESSIONS", "10000"))
MAX_RSS_GROWTH_KIB = 2048

FLOW = textwrap.dedent(
    """\
    schema: 1
    content_version: "soak"
    start: pagou
    contacts:
      whatsapp:
        - {id: sudeste, label: "Região Sudeste", number: "+55 11 99991-0621"}
        - {id: demais, label: "Demais regiões", number: "+55 32 99991-0621"}
    screens:
      - id: pagou
        kind: question
        title: "Você já pagou a fatura?"
        options:
          - {id: sim, label: "Sim", next: regiao}
          - {id: nao, label: "Não", next: aguarde}
      - id: regiao
        kind: choice
        title: "Em qual região você está?"
        options:
          - {id: sudeste, label: "Região Sudeste", next: whatsapp_sudeste}
          - {id: demais, label: "Demais regiões", next: whatsapp_demais}
      - id: whatsapp_sudeste
        kind: result
        channel: whatsapp
        title: "Fale pelo WhatsApp"
        steps: ["Adicione o número."]
        contacts: [sudeste]
      - id: whatsapp_demais
        kind: result
        channel: whatsapp
        title: "Fale pelo WhatsApp"
        steps: ["Adicione o número."]
        contacts: [demais]
      - id: aguarde
        kind: result
        channel: info
        title: "Aguarde"
        steps: ["Aguarde até 3 dias úteis."]
    """
)


def rss_kib() -> int:
    with Path("/proc/self/statm").open(encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def settle(app: QApplication) -> None:
    """What the event loop does between two taps, deferred deletes included."""
    app.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    app.processEvents()


class InjectedError(RuntimeError):
    pass


@pytest.fixture
def kiosk(qtbot: QtBot) -> Iterator[KioskWindow]:
    flow = load_flow_text(FLOW, "soak.yaml")
    content = LoadedContent(
        flow=flow, stamp=ContentStamp.of("soak", FLOW.encode()), source="bundled",
        path=Path("soak.yaml"),
    )
    config = KioskConfig(
        idle_seconds=3600, result_idle_seconds=3600, countdown_seconds=30, region="sudeste",
        hide_cursor=False,
    )
    window = KioskWindow(config, content, clipboard=MemoryClipboard())
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    uninstall = install_excepthook(window.recover_from_error)
    yield window
    uninstall()


def visible_option_buttons(window: KioskWindow) -> list[WrapButton]:
    assert window.assistant is not None
    return [b for b in window.assistant.current_view.findChildren(WrapButton) if b.isVisible()]


@pytest.mark.slow
def test_10000_random_sessions_leave_the_kiosk_as_it_started(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assistant = kiosk.assistant
    assert assistant is not None
    rng = random.Random(20261125)
    counts = {"idle": 0, "error": 0, "restart": 0, "answers": 0}

    def one_session() -> None:
        kiosk.attract.started.emit()  # what a tap on "Toque para começar" emits
        settle(app)
        assert kiosk.page == "assistant"
        for _ in range(rng.randint(0, 5)):
            buttons = visible_option_buttons(kiosk)
            if not buttons:
                break  # a result page
            rng.choice(buttons).click()
            counts["answers"] += 1
            settle(app)
        if rng.random() < 0.5:
            kiosk.clipboard.set_text("+55 11 99991-0621")
        ending = rng.random()
        if ending < 0.2:
            counts["error"] += 1

            def broken_slot() -> None:
                raise InjectedError("injected")

            QTimer.singleShot(0, broken_slot)
        elif ending < 0.4:
            counts["restart"] += 1
            assistant.restart_button.click()
            settle(app)
            kiosk.idle.expired.emit()
        else:
            counts["idle"] += 1
            kiosk.idle.expired.emit()
        settle(app)
        assert kiosk.page == "attract"

    for _ in range(200):  # warm-up: caches, first-time allocations
        one_session()
    widgets_before = len(kiosk.findChildren(QWidget))
    none_before = sys.getrefcount(None)
    rss_before = rss_kib()
    for _ in range(SESSIONS):
        one_session()
    rss_after = rss_kib()
    none_after = sys.getrefcount(None)

    # Shown with `pytest -s` (or -rP): the figures of the run.
    print(
        f"kiosk soak: {SESSIONS} sessions {counts}; RSS {rss_before} -> {rss_after} KiB "
        f"({rss_after - rss_before:+d}); refcount(None) {none_before} -> {none_after}"
    )
    assert min(counts.values()) > SESSIONS // 10, counts  # every ending happened, often
    # Where it started, with nothing of the earlier customers left.
    assert kiosk.page == "attract"
    session = assistant.session
    assert session.trail == () and session.current.id == "pagou"
    assert kiosk.clipboard.text() == ""
    assert not kiosk.overlay.isVisible() and not kiosk.pad.isVisible()
    assert len(assistant.findChildren(ScreenView)) == 1
    assert len(kiosk.findChildren(QWidget)) == widgets_before
    assert none_after >= none_before - 100, (none_before, none_after)
    assert rss_after - rss_before <= MAX_RSS_GROWTH_KIB, (rss_before, rss_after)
    # And it still serves the next customer: the store's region is not asked.
    kiosk.attract.started.emit()
    settle(app)
    visible_option_buttons(kiosk)[0].click()
    settle(app)
    assert session is assistant.session
    assert assistant.session.current.id == "whatsapp_sudeste"
