"""The main window: one screen at a time, Voltar/Recomeçar, the trail, and no routing in widgets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea, QScroller, QWidget
from pytestqt.qtbot import QtBot

from assistant import resources
from assistant.flows.loader import parse_flow
from assistant.flows.model import Flow
from assistant.testing import Pilot, PilotError
from assistant.testing.plugin import OpenPilot
from assistant.ui.clipboard import MemoryClipboard
from assistant.ui.screens import OptionsView
from assistant.ui.window import DEFAULT_SIZE, MINIMUM_SIZE, MainWindow, app_icon


def test_start_screen(pilot: Pilot) -> None:
    assert pilot.screen_id == "inicio"
    assert pilot.screen_kind == "choice"
    assert pilot.screen_title == "Sobre a sua fatura Claro móvel, do que você precisa?"
    assert [oid for oid, _ in pilot.options] == [
        "contestar", "duplicado", "negociar", "informar", "promessa", "duvidas",
    ]
    assert pilot.trail == []
    assert not pilot.can_go_back
    assert pilot.window.restart_button.isEnabled()
    assert pilot.window.windowTitle().startswith(pilot.screen_title)


def test_a_question_shows_sim_and_nao(pilot: Pilot) -> None:
    pilot.choose("negociar")
    assert pilot.screen_kind == "question"
    assert pilot.options == [("sim", "Sim, até 45 dias"), ("nao", "Não, há mais de 45 dias")]
    assert pilot.screen_text.startswith("Com atraso de até 45 dias, a negociação pode ser")
    assert pilot.can_go_back


def test_choose_by_visible_label(pilot: Pilot) -> None:
    assert pilot.choose("Negociar uma fatura em atraso") == "negociar_atraso"


def test_choosing_what_is_not_there_says_what_is(pilot: Pilot) -> None:
    with pytest.raises(PilotError, match=r"has no option 'sim'.*contestar"):
        pilot.choose("sim")


def test_back_and_restart(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "whatsapp")
    assert pilot.screen_id == "negociar_whatsapp_regiao"
    assert pilot.back() == "negociar_canal"
    assert pilot.trail == ["Negociar uma fatura em atraso", "Sim, até 45 dias"]
    assert pilot.back() == "negociar_atraso"
    assert pilot.restart() == "inicio"
    assert pilot.trail == []
    assert not pilot.can_go_back
    with pytest.raises(PilotError, match="disabled"):
        pilot.back()


def test_restart_on_the_start_screen_stays_there(pilot: Pilot) -> None:
    assert pilot.restart() == "inicio"


def test_the_trail_goes_back_to_an_earlier_answer(pilot: Pilot) -> None:
    pilot.walk("informar", "sim", "sim", "app")
    assert pilot.trail == [
        "Informar o pagamento da fatura", "Sim, já paguei", "Sim, preciso informar",
        "Pelo App Minha Claro",
    ]
    assert pilot.go_to_trail(1) == "informar_ja_pagou"
    assert pilot.trail == ["Informar o pagamento da fatura"]
    # Answer differently this time: what came after the changed answer is gone.
    assert pilot.choose("nao") == "informar_nao_pagou"
    assert pilot.trail == ["Informar o pagamento da fatura", "Não, ainda não paguei"]
    assert pilot.go_to_trail(0) == "inicio"
    assert pilot.trail == []


def test_revisiting_a_screen_is_allowed(pilot: Pilot) -> None:
    # informar > nao leads to a choice that can send the customer into the negotiation branch.
    pilot.walk("informar", "nao", "negociar")
    assert pilot.screen_id == "negociar_atraso"
    pilot.restart()
    pilot.walk("negociar")
    assert pilot.screen_id == "negociar_atraso"


def test_replaced_screens_are_deleted(pilot: Pilot) -> None:
    for _ in range(5):
        pilot.walk("negociar", "sim", "whatsapp", "sudeste")
        pilot.back()
        pilot.restart()
    assert pilot.live_screens() == 1


def test_window_size_fits_the_screen(qtbot: QtBot, bundled_flow: Flow) -> None:
    window = MainWindow(bundled_flow)
    qtbot.addWidget(window)
    available = window.screen().availableGeometry()
    assert window.minimumWidth() == min(MINIMUM_SIZE[0], available.width())
    assert window.minimumHeight() == min(MINIMUM_SIZE[1], available.height())
    assert window.width() <= max(available.width(), window.minimumWidth())
    assert window.height() <= max(available.height(), window.minimumHeight())


def test_the_clipboard_seam(qtbot: QtBot, bundled_flow: Flow) -> None:
    clipboard = MemoryClipboard()
    pilot = Pilot.start(bundled_flow, qtbot, clipboard=clipboard)
    pilot.walk("negociar", "sim", "whatsapp", "demais")
    assert pilot.copy_whatsapp("demais") == "+55 32 99991-0621"
    assert clipboard.text() == "+55 32 99991-0621"


TWINS = textwrap.dedent(
    """\
    schema: 1
    content_version: "test"
    start: inicio
    screens:
      - id: inicio
        kind: choice
        title: "Dois botões com o mesmo texto"
        options:
          - {id: primeiro, label: "Igual", next: fim_a}
          - {id: segundo, label: "Igual", next: fim_b}
      - id: fim_a
        kind: result
        channel: info
        title: "Fim A"
        steps: ["A."]
      - id: fim_b
        kind: result
        channel: info
        title: "Fim B"
        steps: ["B."]
    """
)


def test_widgets_forward_ids_and_the_session_routes(qtbot: QtBot) -> None:
    """Two buttons with the same label: only the option id can tell them apart."""
    pilot = Pilot.start(parse_flow(TWINS), qtbot)
    assert pilot.choose("segundo") == "fim_b"
    assert pilot.window.session.answers == ("segundo",)
    pilot.restart()
    assert pilot.choose("primeiro") == "fim_a"
    pilot.restart()
    with pytest.raises(PilotError, match=r"has 2 options labelled 'Igual' \(.+, .+\); choose"):
        pilot.choose("Igual")  # an ambiguous label is refused, saying why


def test_the_page_keeps_its_width_when_the_next_one_scrolls(
    qtbot: QtBot, bundled_flow: Flow
) -> None:
    # A short question, then a result page taller than the window: the scroll bar's place is
    # kept (empty and disabled) on the short page, so the column does not move or re-wrap.
    from PySide6.QtWidgets import QScrollArea

    pilot = Pilot.start(bundled_flow, qtbot, size=(760, 560))
    scroll = pilot.window.findChild(QScrollArea, "content-scroll")
    assert scroll is not None
    pilot.walk("negociar")
    bar = scroll.verticalScrollBar()
    assert bar.maximum() == 0 and not bar.isEnabled()
    width = scroll.viewport().width()
    column = pilot.window.findChild(QWidget, "column")
    assert column is not None
    x = column.mapTo(pilot.window, column.rect().topLeft()).x()
    pilot.walk("sim", "whatsapp", "sudeste")
    assert bar.maximum() > 0 and bar.isEnabled()
    assert scroll.viewport().width() == width
    assert column.mapTo(pilot.window, column.rect().topLeft()).x() == x


def test_a_new_row_of_the_trail_repaints_only_what_changed(
    qtbot: QtBot, bundled_flow: Flow
) -> None:
    # The trail grows a row and the title moves down: the chips that stayed are not painted
    # again (every chip was, on every such click).
    from PySide6.QtCore import QEvent, QObject

    pilot = Pilot.start(bundled_flow, qtbot, size=(760, 720))
    pilot.walk("contestar", "sim")
    header = pilot.window.header
    height = header.height()
    stayed = list(header.trail_buttons)

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                Paints.count += 1
            return False

    paints = Paints()
    for chip in stayed:
        chip.installEventFilter(paints)
    pilot.choose("app")
    assert header.height() > height  # a new row: the case this is about
    assert pilot.trail[-1] == "Pelo App Minha Claro"
    assert Paints.count == 0


def test_the_app_icon_is_drawn_from_a_bundle_s_pngs(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each size in its own colour, so the pixmap tells which file QIcon took.
    icons = tmp_path / "resources" / "icons"
    icons.mkdir(parents=True)
    colours = {16: "#ff0000", 32: "#00ff00", 64: "#0000ff"}
    for size, colour in colours.items():
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(QColor(colour))
        assert image.save(str(icons / f"app-{size}.png"))
    monkeypatch.setattr(resources, "data_root", lambda: tmp_path)
    icon = app_icon()
    for side, colour in ((16, "#ff0000"), (30, "#00ff00"), (60, "#0000ff")):
        pixmap = icon.pixmap(side, side)
        assert pixmap.width() == side
        assert pixmap.toImage().pixelColor(side // 2, side // 2).name() == colour


def test_a_double_click_answers_once(pilot: Pilot) -> None:
    pilot.choose("contestar")
    # The second press of the pair lands where the next screen has "Pelo App Minha Claro".
    assert pilot.double_click(pilot.widget(QPushButton, "option-sim")) == "contestar_canal"
    assert pilot.trail == ["Contestar o valor da fatura", "Sim, conferi e o valor está incorreto"]


def test_a_double_click_on_voltar_goes_back_once(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "app")
    assert pilot.double_click(pilot.window.back_button) == "negociar_canal"
    assert pilot.double_click(pilot.window.header.trail_buttons[0]) == "inicio"


def test_copying_on_a_kiosk_page_says_there_is_nothing_to_copy(open_pilot: OpenPilot) -> None:
    pilot = open_pilot(kiosk=True, region="sudeste")
    pilot.walk("negociar", "sim", "whatsapp")
    for region in ("sudeste", "Região Sudeste"):
        with pytest.raises(PilotError, match=r"with no 'Copiar número' button \(a kiosk page"):
            pilot.copy_whatsapp(region)


def test_a_reload_that_renames_an_answer_renames_its_chip(pilot: Pilot) -> None:
    # Same answers, same number of chips: the chip must still show the new label.
    pilot.walk("negociar", "sim")
    text = resources.bundled_flows().read_text(encoding="utf-8")
    renamed = text.replace('label: "Sim, até 45 dias"', 'label: "Sim, em até 45 dias"')
    assert renamed != text
    pilot.window.replace_flow(parse_flow(renamed, "flows.yaml"))
    assert pilot.screen_id == "negociar_canal"
    assert pilot.trail == ["Negociar uma fatura em atraso", "Sim, em até 45 dias"]


def test_a_trail_chip_says_which_question_it_returns_to(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim")
    chips = pilot.window.header.trail_buttons
    assert [chip.toolTip() for chip in chips] == [
        "Voltar para: Sobre a sua fatura Claro móvel, do que você precisa?",
        "Voltar para: A fatura está em atraso há até 45 dias?",
    ]


LOOP = textwrap.dedent(
    """\
    schema: 1
    content_version: "test"
    start: menu
    screens:
      - id: menu
        kind: choice
        title: "Menu"
        options:
          - {id: ajuda, label: "Ajuda", next: ajuda}
          - {id: fim, label: "Fim", next: fim}
      - id: ajuda
        kind: choice
        title: "Ajuda"
        options:
          - {id: voltar, label: "Voltar ao menu", next: menu}
          - {id: fim, label: "Fim", next: fim}
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """
)


def test_a_screen_can_be_visited_twice_in_one_walk(qtbot: QtBot) -> None:
    # "Voltar ao menu" is an answer, not Voltar: the menu is shown again and both visits are
    # in the trail; Voltar then unwinds each visit in turn.
    pilot = Pilot.start(parse_flow(LOOP), qtbot)
    assert pilot.walk("ajuda", "voltar", "ajuda") is None
    assert pilot.screen_id == "ajuda"
    assert pilot.trail == ["Ajuda", "Voltar ao menu", "Ajuda"]
    assert pilot.back() == "menu"
    assert pilot.back() == "ajuda"
    assert pilot.back() == "menu"
    assert not pilot.can_go_back


def _option_rows(pilot: Pilot) -> list[list[str]]:
    """The option buttons as the eye reads them: rows top to bottom, left to right in each."""
    rows: dict[int, list[str]] = {}
    for name in pilot.visual_order():
        if name.startswith("option-"):
            rows.setdefault(pilot.widget(QPushButton, name).y(), []).append(name[len("option-"):])
    return [rows[y] for y in sorted(rows)]


def test_a_choice_takes_two_columns_when_one_would_not_fit_the_window(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """At 800x600 (as on a 1024x600 netbook, or a 1366x768 laptop at 125 %) the start's sixth
    option was below the fold. Two columns, read row by row, in the order of the file."""
    pilot = open_pilot(bundled_flow, size=(800, 600))
    bar = pilot.widget(QScrollArea, "content-scroll").verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0)
    ids = [option_id for option_id, _ in pilot.options]
    assert _option_rows(pilot) == [ids[i : i + 2] for i in range(0, len(ids), 2)]
    assert pilot.tab_chain() == pilot.visual_order()
    assert pilot.clipped_widgets() == []
    pilot.press_key(Qt.Key.Key_6)  # the number keys still follow the file
    assert pilot.screen_id == bundled_flow.screen(bundled_flow.start).options[5].next


def test_the_options_go_back_to_one_column_when_the_window_grows(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    pilot = open_pilot(bundled_flow, size=(800, 600))
    qtbot.waitUntil(lambda: len(_option_rows(pilot)) == 3)
    pilot.window.resize(*DEFAULT_SIZE)
    qtbot.waitUntil(lambda: len(_option_rows(pilot)) == 6)
    pilot.window.resize(800, 600)
    qtbot.waitUntil(lambda: len(_option_rows(pilot)) == 3)
    assert pilot.restart() == bundled_flow.start  # a new view of the start: two columns too
    assert len(_option_rows(pilot)) == 3


def test_a_choice_that_fits_stays_in_one_column(open_pilot: OpenPilot, bundled_flow: Flow) -> None:
    pilot = open_pilot(bundled_flow, size=DEFAULT_SIZE)
    assert all(len(row) == 1 for row in _option_rows(pilot))
    pilot.walk("negociar", "sim")  # three options, even in a short window
    assert all(len(row) == 1 for row in _option_rows(pilot))


def test_a_short_window_keeps_less_air_in_its_bars(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """On a 1366x768 laptop at 125 % or a 1024x600 netbook the bars and margins took a quarter
    of the height, and result pages hid their steps below the fold."""
    tall = open_pilot(bundled_flow, size=DEFAULT_SIZE)
    short = open_pilot(bundled_flow, size=(1024, 600))
    bar_height = {p: p.widget(QWidget, "app-bar").height() for p in (tall, short)}
    nav_height = {p: p.widget(QWidget, "nav-bar").height() for p in (tall, short)}
    assert bar_height[short] < bar_height[tall] and nav_height[short] < nav_height[tall]
    short.window.resize(*DEFAULT_SIZE)  # and back when it grows
    qtbot.waitUntil(lambda: short.widget(QWidget, "app-bar").height() == bar_height[tall])
    assert short.clipped_widgets() == []


def test_two_options_go_side_by_side_when_one_column_would_not_fit(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    pilot = open_pilot(bundled_flow, size=MINIMUM_SIZE)
    pilot.walk("contestar", "sim")
    assert pilot.screen_kind == "choice" and len(pilot.options) == 2
    bar = pilot.widget(QScrollArea, "content-scroll").verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0)
    assert _option_rows(pilot) == [[option_id for option_id, _ in pilot.options]]


def test_the_focus_brings_what_it_lands_on_into_sight(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """Tab from the bars into the page put the focus on a trail chip scrolled out of sight."""
    pilot = open_pilot(bundled_flow, size=(1024, 600))
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")  # taller than the window
    bar = pilot.widget(QScrollArea, "content-scroll").verticalScrollBar()
    bar.setValue(bar.maximum())
    chip = pilot.window.header.trail_buttons[0]
    assert chip.visibleRegion().isEmpty()
    chip.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: not chip.visibleRegion().isEmpty())


def test_a_drag_that_scrolls_the_page_leaves_no_answer_pressed(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """A mouse drag from an answer (or a finger's, which Qt turns into one) scrolls the page
    and chooses nothing; the answer was left pressed under the page: with no press delay Qt
    gave the press to the answer and never its release."""
    pilot = open_pilot(bundled_flow, size=(640, 360))  # a short window: the start scrolls
    window = pilot.window
    handle = window.windowHandle()
    assert handle is not None
    scroll = pilot.widget(QScrollArea, "content-scroll")
    bar, viewport = scroll.verticalScrollBar(), scroll.viewport()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and QScroller.hasScroller(viewport))
    answer = pilot.widget(QPushButton, "option-contestar")
    here = answer.mapTo(window, answer.rect().center())
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(handle, left, none, here)
    qtbot.waitUntil(answer.isDown)  # the pressed look, at once
    for step in range(1, 11):
        qtbot.wait(16)
        QTest.mouseMove(handle, here - QPoint(0, 10 * step))
    QTest.mouseRelease(handle, left, none, here - QPoint(0, 100))
    scroller = QScroller.scroller(viewport)
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive)
    assert bar.value() > 0
    assert pilot.screen_id == "inicio"
    assert not answer.isDown()


def test_a_notice_that_pushes_the_options_down_puts_them_in_two_columns(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """The apology after an error made the start screen taller, and its sixth option went
    below the fold until the window was resized (review of the columns)."""
    fitting = []
    for height in range(720, 560, -8):  # the shortest window where one column still fits
        pilot = open_pilot(bundled_flow, size=(800, height))
        if len(_option_rows(pilot)) == 3:
            break
        fitting.append(pilot)
    pilot = fitting[-1]
    assert len(_option_rows(pilot)) == 6
    pilot.window.recover_from_error()  # "Desculpe, algo deu errado..." above the question
    bar = pilot.widget(QScrollArea, "content-scroll").verticalScrollBar()
    qtbot.waitUntil(lambda: len(_option_rows(pilot)) == 3)
    qtbot.waitUntil(lambda: bar.maximum() == 0)


def test_the_apology_on_a_start_screen_built_ahead_puts_the_options_in_two_columns(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """The same when the error comes while the next screen is being put up, with the start
    screen built ahead: the page was measured with the old layout's figures (a page far too
    short), and the sixth option stayed half under the fold, in one column (desktop review,
    1920x1080 at 150 %)."""
    pilot = open_pilot(bundled_flow, size=(1024, 630))
    assert len(_option_rows(pilot)) == 6  # one column fits, without the apology
    bar = pilot.widget(QScrollArea, "content-scroll").verticalScrollBar()
    window = pilot.window
    window.choose("contestar")
    QApplication.processEvents()  # the new screen is up; its work goes on from the event loop
    window.finish_building_ahead()  # ... the start screen built ahead among it
    window.recover_from_error()  # and an error there: back to the start, with the apology
    for _ in range(3):  # what the event loop does next: the layouts asked for (the bug hid
        QApplication.processEvents()  # when the page was measured before them)
    assert pilot.screen_id == "inicio"
    qtbot.waitUntil(lambda: len(_option_rows(pilot)) == 3)
    qtbot.waitUntil(lambda: bar.maximum() == 0)


def test_a_choice_built_ahead_for_a_short_window_is_already_in_two_columns(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot
) -> None:
    """Built ahead in one column, Recomeçar's start screen was laid out again on the click."""
    pilot = open_pilot(bundled_flow, size=(800, 600))
    pilot.walk("contestar")
    pilot.window.finish_building_ahead()
    start = next(v for v in pilot.window.views_ahead if v.screen_model.id == "inicio")
    assert isinstance(start, OptionsView) and start.columns == 2
