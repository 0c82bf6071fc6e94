"""The kiosk window as a store runs it: attract screen, a customer's visit, the idle reset that
leaves nothing behind, updates only between customers, errors, lock-down and the admin exit.

Timeouts are a few hundred milliseconds (KioskConfig built in code skips the file's limits).
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from file_reads import HeldReads, count_reads
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QScroller,
    QWidget,
)
from pytestqt.qtbot import QtBot

from assistant.content import source
from assistant.content.loaded import LoadedContent, read_content
from assistant.content.source import ContentUpdater, load_content
from assistant.content.store import LastKnownGoodStore
from assistant.flows.paths import all_paths
from assistant.kiosk.config import KioskConfig
from assistant.kiosk.exit_codes import ADMIN_EXIT
from assistant.kiosk.pin import hash_pin
from assistant.resources import bundled_flows
from assistant.testing.pilot import Pilot
from assistant.testing.plugin import OpenPilot
from assistant.ui import theme
from assistant.ui.clipboard import MemoryClipboard
from assistant.ui.excepthook import install_excepthook
from assistant.ui.kiosk.keypad import NO_PIN
from assistant.ui.kiosk.lockdown import (
    DESKTOP_TARGET,
    KIOSK_TARGET,
    TARGET_GAP,
    check_touch_targets,
)
from assistant.ui.kiosk.window import KioskWindow
from assistant.ui.qr import QrCodeWidget
from assistant.ui.result import ResultView

from .support import corner_gesture, key, tap, type_pin

PIN = "2468"
PIN_HASH = hash_pin(PIN)
TICK_MS = 40
KIOSK_SIZES = [(1280, 800), (1920, 1080), (1366, 768), (1280, 720)]


def _new_version(text: str) -> str:
    """`text` (a flows file) as the next release of the content: content_version 2026-12-01."""
    new, count = re.subn(r'(?m)^content_version: ".*"$', 'content_version: "2026-12-01"', text)
    assert count == 1
    return new


def config(**overrides: object) -> KioskConfig:
    values: dict[str, object] = {
        "idle_seconds": 0.3,
        "result_idle_seconds": 0.6,
        "countdown_seconds": 0.2,
        "region": "sudeste",
        "pin_hash": PIN_HASH,
        "hide_cursor": False,
    }
    values.update(overrides)
    return KioskConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
def kiosk_app(qapp: QApplication) -> Iterator[QApplication]:
    """The application as run_kiosk sets it up: larger font, the kiosk stylesheet layer."""
    font, sheet, palette = qapp.font(), qapp.styleSheet(), qapp.palette()
    before_theme = qapp.property("assistant_theme")
    larger = qapp.font()
    larger.setPointSizeF(larger.pointSizeF() * theme.KIOSK_FONT_FACTOR)
    qapp.setFont(larger)
    theme.forget_fonts()
    theme.apply_theme(qapp, theme.ThemeName.DEFAULT, layers=theme.KIOSK_LAYERS)
    yield qapp
    qapp.setFont(font)
    theme.forget_fonts()
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setProperty("assistant_theme", before_theme)


@pytest.fixture
def bundled() -> LoadedContent:
    return read_content(bundled_flows(), "bundled")


def open_kiosk(
    qtbot: QtBot,
    content: LoadedContent | None,
    *,
    size: tuple[int, int] = (1280, 800),
    **kwargs: object,
) -> KioskWindow:
    settings = kwargs.pop("config", None) or config()
    window = KioskWindow(
        settings,  # type: ignore[arg-type]
        content,
        clipboard=MemoryClipboard(),
        tick_ms=TICK_MS,
        start_guard_ms=kwargs.pop("start_guard_ms", 0),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def kiosk(qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent) -> KioskWindow:
    return open_kiosk(qtbot, bundled)


def start(kiosk: KioskWindow, qtbot: QtBot) -> Pilot:
    """Touch the attract screen; the pilot of the assistant that appears."""
    assert kiosk.page == "attract"
    tap(kiosk, kiosk.rect().center())
    qtbot.waitUntil(lambda: kiosk.page == "assistant")
    assert kiosk.assistant is not None
    return Pilot(kiosk.assistant, qtbot)


def live(kind: type[QWidget]) -> list[QWidget]:
    """Widgets of `kind` still alive once deferred deletes have run."""
    QApplication.sendPostedEvents(None, 52)  # QEvent.DeferredDelete
    return [w for w in QApplication.allWidgets() if isinstance(w, kind)]


# --- a customer's visit ---------------------------------------------------------------------


def test_it_opens_on_the_attract_screen_and_a_touch_starts(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    assert kiosk.page == "attract"
    assert not kiosk.idle.is_warning
    pilot = start(kiosk, qtbot)
    assert pilot.screen_id == "inicio"
    assert pilot.trail == []


def test_no_answer_looks_chosen_when_a_customer_starts(kiosk: KioskWindow, qtbot: QtBot) -> None:
    """The focus goes to the first screen's title, as on every change of screen: left to the
    stack, it went from the attract screen to the first answer, which then looked chosen."""
    kiosk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is kiosk)
    for _ in range(2):  # the first customer, and the next one after a reset
        pilot = start(kiosk, qtbot)
        assert kiosk.assistant is not None
        focused = QApplication.focusWidget()
        assert focused is kiosk.assistant.header.title_label, focused
        assert not any(button.hasFocus() for button in pilot.window.findChildren(QPushButton))
        kiosk.reset()
        qtbot.waitUntil(lambda: kiosk.page == "attract")


def test_a_double_tap_on_the_attract_screen_does_not_choose_an_option(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    kiosk = open_kiosk(qtbot, bundled, start_guard_ms=300, config=config(idle_seconds=600.0))
    pilot = start(kiosk, qtbot)
    first = pilot.window.current_view.findChild(QPushButton, "option-contestar")
    assert first is not None
    target = first.mapTo(kiosk, first.rect().center())
    tap(kiosk, target)  # the second tap of a double tap, where an option now is
    assert pilot.screen_id == "inicio"
    transparent = Qt.WidgetAttribute.WA_TransparentForMouseEvents
    qtbot.waitUntil(lambda: not pilot.window.testAttribute(transparent))  # the guard is over
    tap(kiosk, target)  # a real answer
    qtbot.waitUntil(lambda: pilot.screen_id == "contestar_conferiu")


def test_the_store_region_is_not_asked_and_the_result_is_qr_first(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    pilot = start(kiosk, qtbot)
    pilot.walk("negociar", "sim", "whatsapp")
    assert pilot.screen_id == "negociar_whatsapp_sudeste"  # no "Em qual região você está?"
    page = pilot.result
    assert page.whatsapp == (("Região Sudeste", "+55 11 99991-0621"),)
    view = pilot.window.current_view
    assert view.findChild(QrCodeWidget, "qr-sudeste") is not None
    scan = view.findChild(QWidget, "scan-sudeste")
    assert scan is not None and scan.text() == "Aponte a câmera do celular"  # type: ignore[attr-defined]
    # A kiosk's clipboard never reaches a phone: nothing to copy.
    copy = [b.objectName() for b in view.findChildren(QPushButton) if "copy" in b.objectName()]
    assert copy == []
    assert pilot.back() == "negociar_canal"  # Voltar skips the region question too


def test_result_pages_wait_longer_before_asking(kiosk: KioskWindow, qtbot: QtBot) -> None:
    pilot = start(kiosk, qtbot)
    assert kiosk.idle.idle_ms == 300
    pilot.walk("negociar", "sim", "app")
    assert kiosk.idle.idle_ms == 600


# --- idle ------------------------------------------------------------------------------------


def test_idle_shows_still_there_and_a_touch_keeps_the_customer(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    pilot = start(kiosk, qtbot)
    pilot.walk("negociar", "sim")
    qtbot.waitUntil(kiosk.overlay.isVisible, timeout=3000)
    texts = " ".join(label.text() for label in kiosk.overlay.findChildren(QLabel))
    assert "Ainda está aí?" in texts
    tap(kiosk, kiosk.rect().center())
    assert not kiosk.overlay.isVisible()
    assert kiosk.page == "assistant"
    assert pilot.screen_id == "negociar_canal"
    assert pilot.trail == ["Negociar uma fatura em atraso", "Sim, até 45 dias"]


def test_idle_reset_leaves_nothing_of_the_customer(kiosk: KioskWindow, qtbot: QtBot) -> None:
    pilot = start(kiosk, qtbot)
    pilot.walk("negociar", "sim", "whatsapp")
    kiosk.clipboard.set_text("+55 11 99991-0621")  # as if something had been copied
    assert live(QrCodeWidget)
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000) as reset:
        pass
    assert reset.args == ["idle"]
    assert kiosk.page == "attract"
    assistant = kiosk.assistant
    assert assistant is not None
    session = assistant.session
    assert session.trail == () and session.answers == ()
    assert session.current.id == session.flow.start == "inicio"
    assert assistant.header.trail_buttons == ()
    assert kiosk.clipboard.text() == ""
    assert live(QrCodeWidget) == [] and live(ResultView) == []
    assert not kiosk.overlay.isVisible() and not kiosk.pad.isVisible()
    assert kiosk.idle.is_paused  # the attract screen waits for the next customer


@pytest.mark.parametrize(
    "size", [(1280, 800), (540, 960), (960, 540), (640, 400), (683, 384)],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
def test_toque_para_comecar_is_never_cut(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent, size: tuple[int, int]
) -> None:
    # 640x400 is a 1280x800 panel at 200 %: "Toque para começar" takes two lines there, and
    # was cut to the top of the first and the bottom of the second.
    kiosk = open_kiosk(qtbot, bundled, size=size)
    attract = kiosk.attract
    for label in attract.findChildren(QLabel):
        if label.isHidden():
            continue
        shown = QRect(label.mapTo(attract, QPoint(0, 0)), label.size())
        assert attract.rect().contains(shown), label.objectName()
        if label.text():
            assert label.height() >= label.heightForWidth(label.width()), label.objectName()


def small_screen_customer(
    qtbot: QtBot, bundled: LoadedContent
) -> tuple[KioskWindow, QScrollBar]:
    """A customer started on a 640x400 kiosk (a 1280x800 panel at 200 %, where the first screen
    scrolls): the kiosk, and the page's scroll bar."""
    kiosk = open_kiosk(qtbot, bundled, size=(640, 400))
    start(kiosk, qtbot)
    assert kiosk.assistant is not None
    scroll = kiosk.assistant.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    return kiosk, scroll.verticalScrollBar()


def test_the_next_customer_sees_the_first_screen_from_its_top(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    # The last customer scrolled the first screen and walked away without answering.
    kiosk, bar = small_screen_customer(qtbot, bundled)
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000):
        pass
    pilot = start(kiosk, qtbot)
    assert pilot.screen_id == "inicio"
    assert bar.value() == 0


def test_the_page_scroll_bar_is_one_a_finger_can_hold(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    """base.qss styles the page's bar by its name, which beat kiosk.qss's plain QScrollBar
    rule: on a screen where the page scrolls, the kiosk's bar was 18 px wide."""
    _kiosk, bar = small_screen_customer(qtbot, bundled)
    qtbot.waitUntil(bar.isVisible)
    assert bar.width() >= KIOSK_TARGET


def test_the_attract_screen_does_not_time_out(kiosk: KioskWindow, qtbot: QtBot) -> None:
    resets: list[str] = []
    kiosk.reset_done.connect(resets.append)
    qtbot.wait(800)  # longer than idle + countdown: nothing may happen on the attract screen
    assert resets == [] and kiosk.page == "attract" and not kiosk.overlay.isVisible()


# --- content updates (issue 7): only between customers ------------------------------------


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the last-known-good copy
    path = tmp_path / "flows.yaml"
    path.write_bytes(bundled_flows().read_bytes())
    return path


def updating_kiosk(
    qtbot: QtBot, configured: Path, tmp_path: Path, *, update_ms: int = 20
) -> tuple[KioskWindow, LastKnownGoodStore, ContentUpdater]:
    """A kiosk on the configured flows file that checks it every `update_ms`."""
    store = LastKnownGoodStore(tmp_path / "lkg")
    content = load_content(configured, store, bundled_flows())
    updater = ContentUpdater(configured, store, content)
    kiosk = open_kiosk(qtbot, content, updater=updater, update_ms=update_ms)
    return kiosk, store, updater


def save_new_version(configured: Path, old: str = "", new: str = "") -> None:
    """The next release of the flows file (content_version 2026-12-01), `old` replaced by `new`."""
    text = configured.read_text(encoding="utf-8")
    configured.write_text(_new_version(text).replace(old, new), encoding="utf-8")


def has_new_version(kiosk: KioskWindow) -> bool:
    return kiosk.assistant is not None and "2026-12-01" in kiosk.assistant.stamp_label.text()


def test_a_new_flows_file_is_applied_at_the_next_reset_never_during_a_customer(
    qtbot: QtBot, kiosk_app: QApplication, configured: Path, tmp_path: Path
) -> None:
    kiosk, store, updater = updating_kiosk(qtbot, configured, tmp_path)
    pilot = start(kiosk, qtbot)
    pilot.choose("negociar")
    save_new_version(
        configured, "A fatura está em atraso há até 45 dias?", "A fatura atrasou até 45 dias?"
    )
    # Found by a check during the customer's visit, and kept for later.
    qtbot.waitUntil(lambda: updater.current.flow.content_version == "2026-12-01")
    qtbot.wait(100)
    assert pilot.screen_title == "A fatura está em atraso há até 45 dias?"  # not mid-customer
    assert not has_new_version(kiosk)
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000):
        pass
    assert has_new_version(kiosk)  # applied by the reset itself
    assert store.load().flow.content_version == "2026-12-01"  # the new last-known-good
    pilot = start(kiosk, qtbot)
    assert pilot.choose("negociar") == "negociar_atraso"
    assert pilot.screen_title == "A fatura atrasou até 45 dias?"


def test_a_flows_file_saved_while_nobody_is_there_is_what_the_next_customer_gets(
    qtbot: QtBot, kiosk_app: QApplication, configured: Path, tmp_path: Path
) -> None:
    # The staff change the file in the evening; the kiosk waits on its attract screen, with no
    # reset to come before the first customer of the morning has left.
    kiosk, store, _ = updating_kiosk(qtbot, configured, tmp_path)
    save_new_version(
        configured, "A fatura está em atraso há até 45 dias?", "A fatura atrasou até 45 dias?"
    )
    qtbot.waitUntil(lambda: has_new_version(kiosk))
    assert kiosk.page == "attract"
    assert store.load().flow.content_version == "2026-12-01"
    pilot = start(kiosk, qtbot)
    assert pilot.choose("negociar") == "negociar_atraso"
    assert pilot.screen_title == "A fatura atrasou até 45 dias?"
    assert pilot.notice == ""


def test_the_next_customer_sees_no_notice_about_a_renamed_start_screen(
    qtbot: QtBot, kiosk_app: QApplication, configured: Path, tmp_path: Path
) -> None:
    kiosk, _, _ = updating_kiosk(qtbot, configured, tmp_path)
    start(kiosk, qtbot).walk("negociar", "sim")
    text = configured.read_text(encoding="utf-8")
    configured.write_text(
        _new_version(text)
        .replace("start: inicio", "start: menu")
        .replace("- id: inicio", "- id: menu")
        .replace("next: inicio", "next: menu"),
        encoding="utf-8",
    )
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000):
        pass
    qtbot.waitUntil(lambda: has_new_version(kiosk))
    assert kiosk.assistant is not None
    pilot = start(kiosk, qtbot)
    assert pilot.screen_id == "menu"
    assert pilot.notice == ""
    assert not kiosk.assistant.notice.isVisible()


def test_a_broken_flows_file_never_reaches_the_customers(
    qtbot: QtBot,
    kiosk_app: QApplication,
    configured: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    kiosk, store, updater = updating_kiosk(qtbot, configured, tmp_path)
    content = updater.current
    good = store.path.read_bytes()
    start(kiosk, qtbot)
    with caplog.at_level(logging.WARNING):
        configured.write_text("schema: 1\nstart: [", encoding="utf-8")  # half-written
        qtbot.waitUntil(lambda: any("cannot be used" in r.getMessage() for r in caplog.records))
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000):
        pass
    assert store.path.read_bytes() == good
    pilot = start(kiosk, qtbot)
    assert pilot.walk("negociar", "sim", "app") is not None  # still serving customers
    assert kiosk.assistant is not None
    assert str(content.stamp) in kiosk.assistant.stamp_label.text()


def test_an_unchanged_flows_file_is_not_read_again_and_again(
    qtbot: QtBot,
    kiosk_app: QApplication,
    configured: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Looked at every few seconds all day: a stat, not megabytes from the store's share.
    reads = count_reads(monkeypatch, source, "read_bytes")
    kiosk, _, _ = updating_kiosk(qtbot, configured, tmp_path, update_ms=10)
    qtbot.wait(300)  # some thirty looks
    assert len(reads) <= 1
    save_new_version(configured)
    qtbot.waitUntil(lambda: has_new_version(kiosk))  # a change is still read, and applied


def test_a_flows_file_that_stops_answering_never_freezes_the_kiosk(
    qtbot: QtBot,
    kiosk_app: QApplication,
    configured: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The store's share stops answering: reading the file waits (for hours, on a hard NFS
    # mount). The idle reset read it on the UI thread, and the kiosk froze on the last
    # customer's screen until the share came back.
    kiosk, _, _ = updating_kiosk(qtbot, configured, tmp_path, update_ms=60_000)
    share = HeldReads(monkeypatch, source, "read_bytes")
    save_new_version(
        configured, "A fatura está em atraso há até 45 dias?", "A fatura atrasou até 45 dias?"
    )
    start(kiosk, qtbot).walk("negociar", "sim")
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000):  # the idle reset reads the file
        pass
    assert share.started.wait(timeout=5)
    assert not share.ended.is_set()  # the kiosk did not wait for it
    assert kiosk.page == "attract"
    # The next customer is served with the flows the kiosk has, while the read is still out;
    # their reset does not start a second read behind the first.
    pilot = start(kiosk, qtbot)
    assert pilot.choose("negociar") == "negociar_atraso"
    assert pilot.screen_title == "A fatura está em atraso há até 45 dias?"
    share.started.clear()
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000):
        pass
    assert not share.ended.is_set() and not share.started.is_set()
    share.answer()  # the share is back: the new file is read, and applied (nobody is there)
    qtbot.waitUntil(lambda: has_new_version(kiosk))
    assert kiosk.page == "attract"


# --- never stuck ------------------------------------------------------------------------------


def test_an_unexpected_error_resets_to_the_attract_screen_and_is_logged(
    kiosk: KioskWindow, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    pilot = start(kiosk, qtbot)
    pilot.walk("negociar", "sim")
    uninstall = install_excepthook(kiosk.recover_from_error)
    try:

        def broken_slot() -> None:
            raise ZeroDivisionError("a bug")

        with caplog.at_level(logging.INFO), qtbot.waitSignal(kiosk.reset_done) as reset:
            QTimer.singleShot(0, broken_slot)
    finally:
        uninstall()
    assert reset.args == ["error"]
    assert kiosk.page == "attract"
    assert any("ZeroDivisionError: a bug" in (r.exc_text or "") for r in caplog.records) or any(
        r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records
    )


def test_no_usable_flows_shows_maintenance_and_stays_there(
    qtbot: QtBot, kiosk_app: QApplication
) -> None:
    kiosk = open_kiosk(qtbot, None)
    assert kiosk.page == "maintenance"
    assert kiosk.assistant is None
    tap(kiosk, kiosk.rect().center())
    qtbot.wait(400)
    assert kiosk.page == "maintenance"
    texts = " ".join(label.text() for label in kiosk.maintenance.findChildren(QLabel))
    assert "Em manutenção" in texts
    assert "Traceback" not in texts and "flows" not in texts


def test_maintenance_ends_when_usable_flows_appear(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    # The store fixed the configured file: the next customer finds the attract screen, with
    # no restart (recover() says whether a changed file gave usable flows).
    tries: list[LoadedContent | None] = [None, None, bundled]
    seen: list[LoadedContent] = []

    def recover() -> tuple[LoadedContent, None] | None:
        found = tries.pop(0)
        return None if found is None else (found, None)

    kiosk = open_kiosk(qtbot, None, recover=recover, recovery_ms=10, on_content=seen.append)
    assert kiosk.page == "maintenance"
    qtbot.waitUntil(lambda: kiosk.page == "attract")
    assert tries == [] and seen == [bundled]
    assert kiosk.assistant is not None
    qtbot.wait(50)  # no more tries once out of maintenance (tries.pop would raise IndexError)
    pilot = start(kiosk, qtbot)
    pilot.walk("negociar", "sim")
    assert kiosk.page == "assistant"


def test_a_failing_recovery_keeps_maintenance_and_tries_again(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    def recover() -> tuple[LoadedContent, None] | None:
        calls.append(1)
        if len(calls) == 1:
            raise PermissionError("the store's share is gone")
        return bundled, None

    with caplog.at_level(logging.ERROR):
        kiosk = open_kiosk(qtbot, None, recover=recover, recovery_ms=10)
        qtbot.waitUntil(lambda: kiosk.page == "attract")
    assert len(calls) == 2
    assert any("could not leave maintenance" in r.getMessage() for r in caplog.records)


def test_maintenance_answers_while_a_file_it_looks_at_does_not(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    # "Em manutenção" looks at the configured file (on the store's share) every few seconds:
    # a share that stopped answering froze it, and the admin could not even open the PIN pad.
    looking, done = threading.Event(), threading.Event()
    answered = threading.Event()

    def recover() -> tuple[LoadedContent, None] | None:
        looking.set()
        answered.wait(timeout=3)
        done.set()
        return bundled, None

    kiosk = open_kiosk(qtbot, None, recover=recover, recovery_ms=10)
    lock = kiosk.lock(exit_app=lambda _code: None)
    try:
        qtbot.waitUntil(looking.is_set)
        corner_gesture(kiosk)
        qtbot.waitUntil(kiosk.pad.isVisible)
        assert not done.is_set() and kiosk.page == "maintenance"
        kiosk.pad.cancel()
        answered.set()
        qtbot.waitUntil(lambda: kiosk.page == "attract")
    finally:
        lock.release()


def recovering_kiosk(
    qtbot: QtBot, bundled: LoadedContent, *, pad_open: bool = False
) -> KioskWindow:
    """A kiosk on "Em manutenção", active (it has the keyboard), whose flows come back once it
    is (with the PIN pad open first if `pad_open`)."""
    usable: list[bool] = []

    def recover() -> tuple[LoadedContent, None] | None:
        return (bundled, None) if usable else None

    kiosk = open_kiosk(qtbot, None, recover=recover, recovery_ms=10)
    kiosk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is kiosk)
    if pad_open:
        kiosk.pad.open()
        qtbot.waitUntil(kiosk.pad.isVisible)
    usable.append(True)
    qtbot.waitUntil(lambda: kiosk.page == "attract")
    return kiosk


def test_out_of_maintenance_enter_starts_as_on_a_kiosk_started_with_flows(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    # Nothing on "Em manutenção" takes the keyboard: the attract screen that replaced it had
    # no focus, so Enter/Space (a keyboard, an accessibility switch) did nothing and a screen
    # reader had nothing to read, where a kiosk started with flows starts on Enter.
    kiosk = recovering_kiosk(qtbot, bundled)
    key(kiosk, Qt.Key.Key_Return)
    assert kiosk.page == "assistant"


def test_an_admin_typing_the_pin_keeps_the_keyboard_when_the_flows_come_back(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    kiosk = recovering_kiosk(qtbot, bundled, pad_open=True)
    key(kiosk, Qt.Key.Key_2)
    assert kiosk.pad.isVisible() and kiosk.pad.entry_length == 1
    key(kiosk, Qt.Key.Key_Escape)
    assert not kiosk.pad.isVisible()
    key(kiosk, Qt.Key.Key_Return)  # the pad gone, the attract screen has the keyboard
    assert kiosk.page == "assistant"


def test_a_page_that_fails_to_build_keeps_maintenance_and_tries_again(
    qtbot: QtBot,
    kiosk_app: QApplication,
    bundled: LoadedContent,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before, the timer was stopped before the page was built: an error there left the kiosk
    # on "Em manutenção" for good, whatever was saved later.
    real_add = KioskWindow._add_assistant
    builds: list[int] = []

    def add_failing_once(self: KioskWindow, content: LoadedContent) -> None:
        builds.append(1)
        if len(builds) == 1:
            raise RuntimeError("a bug building the page")
        real_add(self, content)

    monkeypatch.setattr(KioskWindow, "_add_assistant", add_failing_once)
    with caplog.at_level(logging.ERROR):
        kiosk = open_kiosk(qtbot, None, recover=lambda: (bundled, None), recovery_ms=10)
        qtbot.waitUntil(lambda: kiosk.page == "attract")
    assert len(builds) == 2 and kiosk.assistant is not None
    assert any("could not leave maintenance" in r.getMessage() for r in caplog.records)


# --- lock-down and the admin exit ----------------------------------------------------------


@pytest.fixture
def locked(kiosk: KioskWindow, qtbot: QtBot) -> Iterator[tuple[KioskWindow, list[int]]]:
    codes: list[int] = []
    lock = kiosk.lock(exit_app=codes.append)
    qtbot.waitExposed(kiosk)
    yield kiosk, codes
    lock.release()


def test_closing_is_refused(locked: tuple[KioskWindow, list[int]], qtbot: QtBot) -> None:
    kiosk, codes = locked
    assert kiosk.close() is False
    qtbot.wait(50)
    assert kiosk.isVisible() and codes == []
    flags = kiosk.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint


def test_the_gesture_and_the_right_pin_exit_with_0(
    locked: tuple[KioskWindow, list[int]], qtbot: QtBot
) -> None:
    kiosk, codes = locked
    start(kiosk, qtbot)
    corner_gesture(kiosk)
    qtbot.waitUntil(kiosk.pad.isVisible)
    type_pin(kiosk, PIN)
    assert codes == [ADMIN_EXIT] == [0]


def test_a_wrong_pin_does_not_exit(locked: tuple[KioskWindow, list[int]], qtbot: QtBot) -> None:
    kiosk, codes = locked
    corner_gesture(kiosk)
    qtbot.waitUntil(kiosk.pad.isVisible)
    type_pin(kiosk, "1357")
    assert codes == []
    assert kiosk.isVisible()


def test_without_a_pin_hash_the_pad_says_the_exit_is_off(
    qtbot: QtBot,
    kiosk_app: QApplication,
    bundled: LoadedContent,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # No kiosk.yaml yet (a new install): whatever the staff type, no PIN can be right. The pad
    # said "PIN incorreto" to each, then locked for a minute, two, four...
    kiosk = open_kiosk(qtbot, bundled, config=config(pin_hash=None, idle_seconds=600.0))
    codes: list[int] = []
    lock = kiosk.lock(exit_app=codes.append)
    try:
        qtbot.waitExposed(kiosk)
        start(kiosk, qtbot)
        with caplog.at_level(logging.WARNING):
            corner_gesture(kiosk)
        qtbot.waitUntil(kiosk.pad.isVisible)
        assert kiosk.pad.message == NO_PIN
        assert any("no pin_hash" in record.getMessage() for record in caplog.records)
        assert not any(button.isEnabled() for button in kiosk.pad.digit_buttons)
        assert not kiosk.pad.enter_button.isEnabled() and kiosk.pad.cancel_button.isEnabled()
        for _ in range(6):
            type_pin(kiosk, "0000")
        assert kiosk.pad.failures == 0 and not kiosk.pad.is_locked
        assert kiosk.pad.message == NO_PIN and codes == []
        tap(kiosk, kiosk.pad.cancel_button.mapTo(kiosk, kiosk.pad.cancel_button.rect().center()))
        assert not kiosk.pad.isVisible()
    finally:
        lock.release()


@pytest.mark.parametrize(
    "size",
    [(1280, 800), (540, 960), (960, 540), (640, 400), (683, 384)],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
def test_the_admin_can_use_the_pin_pad_on_every_screen(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent, size: tuple[int, int]
) -> None:
    """960x540 is a 1920x1080 screen at QT_SCALE_FACTOR=2, 640x400 a 1280x800 panel, 540x960
    a portrait 1080x1920 one: the pad's keys overlapped and went off the screen ("0" and
    Cancelar out of reach), or were cut to "ncel"."""
    kiosk = open_kiosk(qtbot, bundled, size=size, config=config(idle_seconds=600.0))
    pad = kiosk.pad
    pad.open()
    qtbot.waitUntil(pad.isVisible)
    screen = kiosk.rect()
    for button in pad.findChildren(QPushButton):
        shown = QRect(button.mapTo(kiosk, QPoint(0, 0)), button.size())
        assert screen.contains(shown), (button.objectName(), shown, screen)
        assert button.width() >= button.sizeHint().width(), button.objectName()  # no word cut
    assert check_touch_targets(pad, KIOSK_TARGET, TARGET_GAP) == []
    with qtbot.waitSignal(pad.accepted, timeout=3000):
        for name in [f"kiosk-keypad-digit-{digit}" for digit in PIN] + ["kiosk-keypad-enter"]:
            button = pad.findChild(QPushButton, name)
            assert button is not None
            tap(kiosk, button.mapTo(kiosk, button.rect().center()))


# --- touch targets and fitting on screen ---------------------------------------------------


def walk_every_screen(kiosk: KioskWindow, qtbot: QtBot) -> Iterator[str]:
    """Every path of the bundled flows through the kiosk, yielding at each screen shown."""
    assert kiosk.assistant is not None
    flow = kiosk.assistant.flow
    for path in all_paths(flow):
        kiosk.reset("idle")
        pilot = start(kiosk, qtbot)
        yield pilot.screen_id
        for answer in path.answers:
            if kiosk.assistant.session.current.option(answer) is None:
                continue  # the region question, answered by the store's config
            pilot.choose(answer)
            yield pilot.screen_id


@pytest.mark.parametrize("size", KIOSK_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_kiosk_screen_has_64px_targets_8px_apart_and_needs_no_scrolling(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent, size: tuple[int, int]
) -> None:
    kiosk = open_kiosk(qtbot, bundled, size=size, config=config(idle_seconds=600.0))
    assert kiosk.assistant is not None
    scroll = kiosk.assistant.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    attract_problems = check_touch_targets(kiosk, KIOSK_TARGET, TARGET_GAP)
    assert attract_problems == []
    for screen_id in walk_every_screen(kiosk, qtbot):
        seen.add(screen_id)
        found = check_touch_targets(kiosk, KIOSK_TARGET, TARGET_GAP)
        if scroll.verticalScrollBar().maximum() > 0:
            found.append(f"needs scrolling ({scroll.verticalScrollBar().maximum()} px)")
        if found:
            problems.setdefault(screen_id, found)
    assert problems == {}
    # Every screen but the region question and the other regions' results.
    flow = kiosk.assistant.flow
    regional = [s for s in flow.screens if flow.is_region_question(s)]
    other_regions = {o.next for s in regional for o in s.options if o.id != "sudeste"}
    assert regional and other_regions
    assert seen == {s.id for s in flow.screens} - {s.id for s in regional} - other_regions


def test_a_kiosk_page_that_overflows_scrolls_with_a_finger(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    # Made to fit, but a smaller screen or a longer flows file can still overflow a page.
    start(kiosk, qtbot)
    assert kiosk.assistant is not None
    scroll = kiosk.assistant.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    qtbot.waitUntil(lambda: QScroller.hasScroller(scroll.viewport()))


def desktop_target_problems(window: QWidget) -> list[str]:
    """check_touch_targets at the desktop's size, but for the scroll bar: the desktop keeps the
    platform's mouse-sized one, and a finger scrolls by dragging the page (QScroller)."""
    found = check_touch_targets(window, DESKTOP_TARGET, TARGET_GAP)
    return [problem for problem in found if not problem.startswith("page-scroll-bar")]


def test_every_desktop_screen_has_48px_targets_8px_apart(
    open_pilot: OpenPilot, qtbot: QtBot
) -> None:
    pilot = open_pilot()
    problems: dict[str, list[str]] = {}
    for path in all_paths(pilot.window.flow):
        pilot.restart()
        for answer in path.answers:
            found = desktop_target_problems(pilot.window)
            if found:
                problems.setdefault(pilot.screen_id, found)
            pilot.choose(answer)
        found = desktop_target_problems(pilot.window)
        if found:
            problems.setdefault(pilot.screen_id, found)
    assert problems == {}


def test_the_desktop_page_scrolls_with_a_finger(pilot: Pilot, qtbot: QtBot) -> None:
    scroll = pilot.window.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    # Grabbed once the window has been painted (see MainWindow._build_content).
    qtbot.waitUntil(lambda: QScroller.hasScroller(scroll.viewport()))


def test_idle_reset_closes_an_open_pin_pad(kiosk: KioskWindow, qtbot: QtBot) -> None:
    # Someone opened the admin pad, typed a digit and walked away: the next customer must not
    # find the pad (nor the digit) on the screen. "Ainda está aí?" comes over the pad (here a
    # moment before the pad's own idle time, which is the kiosk's), and the reset at the end of
    # its countdown closes the pad: left to the race of the two timers, the pad mostly closed
    # itself first, and this test passed with a reset that left the pad open.
    start(kiosk, qtbot)
    kiosk.pad.open()
    kiosk.pad.press_digit("2")
    kiosk.overlay.open_with(20)
    with qtbot.waitSignal(kiosk.reset_done, timeout=5000) as reset:
        pass
    assert reset.args == ["idle"]
    assert kiosk.page == "attract"
    assert not kiosk.pad.isVisible()
    assert kiosk.pad.entry_length == 0


def test_a_pin_pad_under_still_there_is_back_with_the_keyboard_at_a_touch(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    # The admin stopped typing on a customer's screen: "Ainda está aí?" came over the pad and
    # the pad then closed itself under it (the same idle time), so a touch on the warning gave
    # the keyboard to the trail's first chip, ringed as if chosen, and the PIN typed was gone.
    kiosk = open_kiosk(qtbot, bundled, config=config(countdown_seconds=5.0))
    kiosk.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is kiosk)
    pilot = start(kiosk, qtbot)
    pilot.choose("negociar")
    kiosk.pad.open()
    kiosk.pad.press_digit("2")
    kiosk.overlay.open_with(20)  # the idle warning, a moment before the pad's own idle time
    with qtbot.assertNotEmitted(kiosk.pad.cancelled, wait=600):  # twice the pad's idle time
        pass
    tap(kiosk, kiosk.rect().center())
    qtbot.waitUntil(lambda: not kiosk.overlay.isVisible())
    assert kiosk.pad.isVisible() and kiosk.pad.entry_length == 1
    assert QApplication.focusWidget() is kiosk.pad

@pytest.mark.parametrize("page", ["attract", "maintenance"])
def test_a_pin_pad_left_open_where_no_idle_reset_runs_closes_itself(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent, page: str
) -> None:
    # The gesture made on the attract screen, a digit typed, nobody left: the pad stayed there,
    # over "Toque para começar", for the next customer (no idle reset runs on that screen).
    kiosk = open_kiosk(qtbot, bundled if page == "attract" else None)
    assert kiosk.page == page
    kiosk.pad.open()
    kiosk.pad.press_digit("2")
    with qtbot.waitSignal(kiosk.pad.cancelled, timeout=5000):
        pass
    assert not kiosk.pad.isVisible() and kiosk.pad.entry_length == 0
    assert kiosk.page == page


def test_every_change_of_screen_counts_as_input(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    # The Pilot clicks the buttons themselves, which the window's input filter never sees: only
    # the change of screen tells the kiosk that someone is there.
    kiosk = open_kiosk(qtbot, bundled, config=config(idle_seconds=1.2, result_idle_seconds=1.2))
    pilot = start(kiosk, qtbot)
    for answer in ("negociar", "sim"):
        with qtbot.assertNotEmitted(kiosk.idle.warning_started, wait=500):
            pass
        pilot.choose(answer)
    with qtbot.assertNotEmitted(kiosk.idle.warning_started, wait=500):
        pass
    assert not kiosk.overlay.isVisible()


def test_the_pilot_does_not_tap_through_the_still_there_overlay(
    kiosk: KioskWindow, qtbot: QtBot
) -> None:
    """The overlay covers the assistant from the KioskWindow (a sibling of the MainWindow):
    a finger on an answer under it touches the overlay, so the Pilot refuses the tap."""
    from assistant.testing import NotClickableError

    pilot = start(kiosk, qtbot)
    kiosk.overlay.open_with(20)
    qtbot.waitUntil(kiosk.overlay.isVisible)
    with pytest.raises(NotClickableError, match="covers its centre"):
        pilot.choose(pilot.options[0][0])
    assert pilot.screen_id == "inicio"


def test_locking_twice_gives_the_lock_it_has(
    qtbot: QtBot, kiosk_app: QApplication, bundled: LoadedContent
) -> None:
    """A second lock() added a second admin exit (the PIN pad's exit fired twice), input guard
    and cursor override."""
    from assistant.ui.kiosk.admin import AdminExit

    kiosk = open_kiosk(qtbot, bundled)
    lock = kiosk.lock(exit_app=lambda code: None)
    try:
        assert kiosk.lock(exit_app=lambda code: None) is lock
        assert len(kiosk.findChildren(AdminExit)) == 1
    finally:
        lock.release()

