"""The kiosk soak, run by test_kiosk_soak.py in a child process (not collected: no test_ prefix).

In a process of its own, as a store runs it: pytest keeps every log record of a test (tracebacks
and all) for its report, which over 10,000 sessions with injected errors would be the test's
memory growth, not the kiosk's. The kiosk logs to its rotating file here, as in a store.

    python tests/ui/kiosk/kiosk_soak_child.py SESSIONS     (QT_QPA_PLATFORM=offscreen)

Prints one JSON line with the figures; the test asserts on them.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import textwrap
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from assistant.content.loaded import LoadedContent
from assistant.content.source import ContentUpdater, load_content
from assistant.content.store import LastKnownGoodStore
from assistant.kiosk.config import KioskConfig
from assistant.logging_setup import configure_logging
from assistant.ui import theme
from assistant.ui.clipboard import MemoryClipboard
from assistant.ui.excepthook import install_excepthook
from assistant.ui.kiosk.window import KioskWindow
from assistant.ui.screens import ScreenView
from assistant.ui.widgets import WrapButton
from assistant.ui.window import MainWindow

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


class InjectedError(RuntimeError):
    pass


class CountingUpdater(ContentUpdater):
    """The kiosk's updater, counting the reads of the file (each in a background thread)."""

    checks = 0

    def poll(self) -> LoadedContent | None:
        self.checks += 1
        return super().poll()


def rss_kib() -> int:
    with Path("/proc/self/statm").open(encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def settle(app: QApplication, window: MainWindow) -> None:
    """What the event loop does between two taps, deferred deletes included, and what the
    window builds ahead while a customer reads (done at once)."""
    app.processEvents()
    window.finish_building_ahead()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    app.processEvents()


def main(sessions: int) -> dict[str, object]:
    app = QApplication.instance() or QApplication(["kiosk-soak"])
    assert isinstance(app, QApplication)
    theme.apply_theme(app, theme.ThemeName.DEFAULT, layers=theme.KIOSK_LAYERS)
    log = configure_logging()
    # The store's flows file, read at each reset (in the background), replaced halfway.
    folder = Path(tempfile.mkdtemp(prefix="kiosk-soak-"))
    configured = folder / "flows.yaml"
    configured.write_text(FLOW, encoding="utf-8")
    store = LastKnownGoodStore(folder / "last-known-good")
    content = load_content(configured, store, configured)
    updater = CountingUpdater(configured, store, content)
    config = KioskConfig(
        idle_seconds=3600, result_idle_seconds=3600, countdown_seconds=30, region="sudeste",
        hide_cursor=False,
    )
    kiosk = KioskWindow(
        config, content, clipboard=MemoryClipboard(), start_guard_ms=0, updater=updater
    )
    kiosk.resize(1280, 800)
    kiosk.show()
    install_excepthook(kiosk.recover_from_error)
    assistant = kiosk.assistant
    assert assistant is not None
    rng = random.Random(20261125)
    counts = {"idle": 0, "error": 0, "restart": 0, "answers": 0}
    resets = {"idle": 0, "error": 0}  # counted, not kept: the process's memory is measured

    def count_reset(why: str) -> None:
        resets[why] += 1

    kiosk.reset_done.connect(count_reset)

    def buttons() -> list[WrapButton]:
        view = assistant.current_view
        return [b for b in view.findChildren(WrapButton) if b.isVisible()]

    def one_session() -> None:
        kiosk.attract.started.emit()  # what a tap on "Toque para começar" emits
        settle(app, assistant)
        assert kiosk.page == "assistant", kiosk.page
        for _ in range(rng.randint(0, 5)):
            shown = buttons()
            if not shown:
                break  # a result page
            rng.choice(shown).click()
            counts["answers"] += 1
            settle(app, assistant)
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
            settle(app, assistant)
            kiosk.idle.expired.emit()
        else:
            counts["idle"] += 1
            kiosk.idle.expired.emit()
        settle(app, assistant)
        assert kiosk.page == "attract", kiosk.page

    for _ in range(200):  # warm-up: caches, first-time allocations
        one_session()
    counts = dict.fromkeys(counts, 0)
    warmup_errors = resets["error"]
    widgets_before = len(kiosk.findChildren(QWidget))
    none_before = sys.getrefcount(None)
    rss_before = rss_kib()
    checks_before = updater.checks
    for done in range(sessions):
        if done == sessions // 2:
            new = FLOW.replace('content_version: "soak"', 'content_version: "soak-2"')
            configured.write_text(new, encoding="utf-8")
        one_session()
    rss_after = rss_kib()
    none_after = sys.getrefcount(None)
    end = {
        "page": kiosk.page,
        "trail": len(assistant.session.trail),
        "screen": assistant.session.current.id,
        "clipboard": kiosk.clipboard.text(),
        "overlay": kiosk.overlay.isVisible(),
        "pad": kiosk.pad.isVisible(),
        # Besides the hidden views of the next screens, built ahead (see MainWindow.views_ahead).
        "screen_views": len(assistant.findChildren(ScreenView)) - len(assistant.views_ahead),
        "widgets_before": widgets_before,
        "widgets_after": len(kiosk.findChildren(QWidget)),
        "content_version": assistant.session.flow.content_version,
    }
    # And it still serves the next customer: the store's region is not asked.
    kiosk.attract.started.emit()
    settle(app, assistant)
    buttons()[0].click()
    settle(app, assistant)
    return {
        "sessions": sessions,
        "counts": counts,
        "errors_recovered": resets["error"] - warmup_errors,
        "file_checks": updater.checks - checks_before,
        "rss_before_kib": rss_before,
        "rss_after_kib": rss_after,
        "none_before": none_before,
        "none_after": none_after,
        "end": end,
        "next_customer_screen": assistant.session.current.id,
        "log": str(log),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))), flush=True)
