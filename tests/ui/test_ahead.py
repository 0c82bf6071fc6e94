"""Widgets built ahead: the next screens and trail chips made while idle, shown on the click."""

from __future__ import annotations

import logging
import textwrap

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QStackedWidget, QWidget
from pytestqt.qtbot import QtBot

from assistant.flows.loader import parse_flow
from assistant.flows.model import Flow
from assistant.testing import Pilot, PilotError
from assistant.ui.ahead import FIRST_BUILD_DELAY_MS, BuiltAhead
from assistant.ui.clipboard import MemoryClipboard
from assistant.ui.screens import ScreenView
from assistant.ui.window import MainWindow

# --- BuiltAhead on its own --------------------------------------------------------------------


class Recorder:
    def __init__(self, fail: set[str] | None = None) -> None:
        self.built: list[str] = []
        self.discarded: list[str] = []
        self.fail = fail or set()

    def build(self, key: str) -> str:
        if key in self.fail:
            raise RuntimeError(f"cannot build {key}")
        self.built.append(key)
        return f"widget {key}"

    def discard(self, thing: str) -> None:
        self.discarded.append(thing)


@pytest.fixture
def owner(qtbot: QtBot) -> QObject:
    return QObject()


def test_nothing_is_built_inside_plan_only_later_while_idle(qtbot: QtBot, owner: QObject) -> None:
    recorder = Recorder()
    ahead: BuiltAhead[str, str] = BuiltAhead(recorder.build, recorder.discard, owner)
    ahead.plan(["a", "b", "c"])
    assert recorder.built == []  # the click that planned them is not kept waiting
    assert ahead.busy
    qtbot.waitUntil(lambda: not ahead.busy, timeout=2000)
    assert recorder.built == ["a", "b", "c"]  # likeliest first
    assert ahead.ready == ("widget a", "widget b", "widget c")


def test_one_is_built_per_pass_of_the_event_loop(qtbot: QtBot, owner: QObject) -> None:
    events: list[str] = []

    def build(key: str) -> str:
        events.append(key)
        # Runs on the next pass of the event loop: before the next build if they are apart.
        QTimer.singleShot(0, lambda: events.append(f"pass after {key}"))
        return key

    ahead: BuiltAhead[str, str] = BuiltAhead(build, lambda _: None, owner)
    ahead.plan(["a", "b", "c"])
    qtbot.waitUntil(lambda: not ahead.busy and len(events) == 6, timeout=2000)
    # A click arriving while these are built waits behind one build at most.
    assert events == ["a", "pass after a", "b", "pass after b", "c", "pass after c"]


def test_take_hands_over_what_was_built_once(qtbot: QtBot, owner: QObject) -> None:
    recorder = Recorder()
    ahead: BuiltAhead[str, str] = BuiltAhead(recorder.build, recorder.discard, owner)
    ahead.plan(["a"])
    ahead.finish()
    assert ahead.take("a") == "widget a"
    assert ahead.take("a") is None
    assert ahead.take("never planned") is None
    assert recorder.discarded == []


def test_a_new_plan_discards_what_is_no_longer_wanted_and_keeps_the_rest(
    owner: QObject,
) -> None:
    recorder = Recorder()
    ahead: BuiltAhead[str, str] = BuiltAhead(recorder.build, recorder.discard, owner)
    ahead.plan(["a", "b"])
    ahead.finish()
    ahead.plan(["b", "c"])
    assert recorder.discarded == ["widget a"]
    ahead.finish()
    assert recorder.built == ["a", "b", "c"]  # b was not built twice
    ahead.clear()
    assert sorted(recorder.discarded) == ["widget a", "widget b", "widget c"]
    assert ahead.ready == ()
    assert not ahead.busy


def test_a_build_that_fails_is_logged_and_skipped(
    owner: QObject, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(fail={"b"})
    ahead: BuiltAhead[str, str] = BuiltAhead(recorder.build, recorder.discard, owner)
    ahead.plan(["a", "b", "c"])
    with caplog.at_level(logging.ERROR, logger="assistant.ui.ahead"):
        ahead.finish()
    assert recorder.built == ["a", "c"]
    assert ahead.take("b") is None
    assert "could not build 'b' ahead" in caplog.text


# --- In the window ------------------------------------------------------------------------------


def stack_of(pilot: Pilot) -> QStackedWidget:
    stack = pilot.window.findChild(QStackedWidget, "screens")
    assert stack is not None
    return stack


def test_the_screens_one_action_away_are_built_hidden_beside_the_page(pilot: Pilot) -> None:
    pilot.choose("negociar")
    window = pilot.window
    expected = [screen.id for screen in window.session.ahead()]
    assert expected == ["negociar_canal", "negociar_negocia_facil", "inicio"]
    views = window.views_ahead
    assert sorted(view.screen_model.id for view in views) == sorted(expected)
    stack = stack_of(pilot)
    assert stack.count() == 1  # only the page on show is one of the stack's pages
    for view in views:
        assert view.parentWidget() is stack  # same ancestors: no re-polish when shown
        assert view.isHidden()
        assert view is not window.current_view
    assert pilot.live_screens() == 1


def test_choosing_shows_the_view_built_ahead_and_deletes_the_unused_ones(pilot: Pilot) -> None:
    pilot.choose("negociar")
    by_id = {view.screen_model.id: view for view in pilot.window.views_ahead}
    unused = by_id["negociar_negocia_facil"]
    pilot.choose("sim")
    assert pilot.window.current_view is by_id["negociar_canal"]
    assert pilot.screen_id == "negociar_canal"
    assert not shiboken6.isValid(unused)  # no longer one action away: deleted
    assert shiboken6.isValid(by_id["inicio"])  # Recomeçar still goes there: kept
    assert pilot.live_screens() == 1


class GeometryEvents(QObject):
    """Counts the Move and Resize events of the widgets it watches."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self.seen.append(f"{watched.objectName() or type(watched).__name__} {event.type()}")
        return False


def test_a_page_built_ahead_is_not_laid_out_again_when_shown(pilot: Pilot) -> None:
    # A result page, much taller than the question before it: the stack must not squeeze it
    # into the old page's height first (every widget on it moved twice on each click).
    pilot.walk("negociar", "sim")
    view = next(v for v in pilot.window.views_ahead if v.screen_model.id == "negociar_app")
    size = view.size()
    events = GeometryEvents(view.findChildren(QWidget))  # the view itself moves into place
    pilot.choose("app")
    assert pilot.window.current_view is view
    assert view.size() == size
    assert view.pos().isNull()
    assert events.seen == []


def test_the_chip_of_the_answer_is_the_one_built_ahead(pilot: Pilot) -> None:
    pilot.choose("negociar")
    chips = [w for w in pilot.window.findChildren(QPushButton, "trail-1") if w.isHidden()]
    assert len(chips) == 2  # one per option of the question on show: sim, não
    pilot.choose("nao")
    shown = pilot.window.header.trail_buttons[1]
    assert shown in chips
    assert shown.isVisible()
    assert shown.accessibleName() == (
        "Mudar a resposta 2: Não, há mais de 45 dias (pergunta: "
        f"{pilot.window.session.trail[1].screen.title})"
    )
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sum(shiboken6.isValid(chip) for chip in chips) == 1  # the other one is gone
    assert pilot.trail == ["Negociar uma fatura em atraso", "Não, há mais de 45 dias"]


def test_a_chip_built_ahead_is_glued_to_its_separator(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim")
    separators = [
        w
        for w in pilot.window.header.findChildren(QLabel)
        if w.property("kind") == "separator" and w.isVisible()
    ]
    assert [s.text() for s in separators] == ["›"]
    assert pilot.clipped_widgets() == []


def test_the_new_screen_is_painted_before_anything_is_built_ahead(
    pilot: Pilot, qtbot: QtBot
) -> None:
    window = pilot.window
    button = window.current_view.findChild(QPushButton, "option-negociar")
    assert button is not None
    seen: list[tuple[str, bool]] = []
    clicked = False

    class PaintSpy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if clicked and event.type() == QEvent.Type.Paint and watched is window.current_view:
                ready = {view.screen_model.id for view in window.views_ahead}
                seen.append((window.current_view.screen_model.id, "negociar_canal" in ready))
            return False

    spy = PaintSpy()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # (the press repaints the old page)
        clicked = True
        assert window.building_ahead  # planned, not built, when the click returns
        qtbot.waitUntil(lambda: bool(seen), timeout=2000)
        qtbot.waitUntil(lambda: not window.building_ahead, timeout=2000)
    finally:
        app.removeEventFilter(spy)
    assert seen[0] == ("negociar_atraso", False)
    assert "negociar_canal" in {view.screen_model.id for view in window.views_ahead}


def test_a_click_before_anything_is_built_builds_the_screen_then(
    pilot: Pilot, qtbot: QtBot
) -> None:
    window = pilot.window
    for option, expected in (("negociar", "negociar_atraso"), ("sim", "negociar_canal")):
        button = window.current_view.findChild(QPushButton, f"option-{option}")
        assert button is not None
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # no pause in between
        assert window.session.current.id == expected
        assert window.current_view.screen_model.id == expected
        assert window.current_view.isVisible()
    assert [b.label_text for b in window.header.trail_buttons] == [
        "Negociar uma fatura em atraso",
        "Sim, até 45 dias",
    ]
    qtbot.waitUntil(lambda: not window.building_ahead, timeout=2000)
    assert pilot.live_screens() == 1


def test_voltar_and_recomecar_use_views_built_ahead(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim")
    by_id = {view.screen_model.id: view for view in pilot.window.views_ahead}
    assert {"negociar_atraso", "inicio"} <= set(by_id)
    pilot.back()
    assert pilot.window.current_view is by_id["negociar_atraso"]
    by_id = {view.screen_model.id: view for view in pilot.window.views_ahead}
    pilot.restart()
    assert pilot.window.current_view is by_id["inicio"]


REPLACED = textwrap.dedent(
    """\
    schema: 1
    content_version: "2"
    start: pergunta
    screens:
      - id: pergunta
        kind: question
        title: "Você já conferiu a fatura?"
        options:
          - {id: sim, label: "Sim", next: fim}
          - {id: nao, label: "Não", next: fim}
      - id: fim
        kind: result
        channel: info
        title: "Tudo certo"
        steps: ["Pronto."]
    """
)


def test_another_flow_drops_everything_built_for_the_old_one(pilot: Pilot) -> None:
    old_views = pilot.window.views_ahead
    assert old_views
    pilot.window.replace_flow(parse_flow(REPLACED))
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not any(shiboken6.isValid(view) for view in old_views)
    pilot.window.finish_building_ahead()
    assert sorted(view.screen_model.id for view in pilot.window.views_ahead) == ["fim"]
    assert pilot.choose("sim") == "fim"


def test_a_new_system_font_drops_views_built_with_the_old_one(pilot: Pilot) -> None:
    pilot.choose("negociar")
    old_views = pilot.window.views_ahead
    old_chips = [w for w in pilot.window.findChildren(QPushButton, "trail-1") if w.isHidden()]
    assert old_views and old_chips
    font = QFont(QGuiApplication.font())
    original = QFont(font)
    font.setPointSizeF(font.pointSizeF() + 2)
    try:
        QApplication.setFont(font)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert not any(shiboken6.isValid(view) for view in old_views)
        assert not any(shiboken6.isValid(chip) for chip in old_chips)
    finally:
        QApplication.setFont(original)


def test_widgets_built_ahead_are_not_on_screen_for_the_pilot(pilot: Pilot) -> None:
    # Several screens ahead have an option "sim"; only the one on show counts.
    pilot.choose("negociar")
    hidden_sims = [
        w
        for view in pilot.window.views_ahead
        for w in view.findChildren(QWidget, "option-sim")
    ]
    assert pilot.options == [("sim", "Sim, até 45 dias"), ("nao", "Não, há mais de 45 dias")]
    assert pilot.choose("sim") == "negociar_canal"
    assert all(not w.isVisible() for w in hidden_sims if shiboken6.isValid(w))
    assert isinstance(pilot.window.current_view, ScreenView)


def test_nothing_is_built_ahead_before_the_window_is_first_painted(
    qtbot: QtBot, bundled_flow: Flow
) -> None:
    window = MainWindow(bundled_flow, clipboard=MemoryClipboard())
    qtbot.addWidget(window)
    qtbot.wait(FIRST_BUILD_DELAY_MS * 3)  # the start-up's event loop, before the window shows
    assert window.views_ahead == ()
    assert not window.building_ahead
    window.show()
    qtbot.waitUntil(lambda: len(window.views_ahead) == len(window.session.ahead()), timeout=3000)
    assert {view.screen_model.id for view in window.views_ahead} == {
        screen.id for screen in window.session.ahead()
    }


def test_the_pilot_finds_the_widget_on_show_not_one_built_ahead(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim")  # negociar_canal: app, site, whatsapp; ahead: their results
    ahead = [
        w for view in pilot.window.views_ahead for w in view.findChildren(QWidget, "copy-steps")
    ]
    assert ahead  # the results one click away each have a "Copiar passos"
    with pytest.raises(PilotError, match="no QPushButton 'copy-steps' on screen"):
        pilot.widget(QPushButton, "copy-steps")
    shown = pilot.widget(QPushButton, "option-app")
    assert shown.isVisible() and pilot.window.current_view.isAncestorOf(shown)
    pilot.choose("app")
    button = pilot.widget(QPushButton, "copy-steps")
    assert button.isVisible() and pilot.window.current_view.isAncestorOf(button)
