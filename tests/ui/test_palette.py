"""ScreenPalette: the author's "go to screen" list (Ctrl+K in author mode)."""

from __future__ import annotations

import textwrap

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget
from pytestqt.qtbot import QtBot

from assistant.flows.loader import load_flow_text
from assistant.flows.model import Flow
from assistant.ui.palette import ScreenPalette

FLOWS = textwrap.dedent(
    """\
    schema: 1
    content_version: "2026-11-24"
    start: inicio
    screens:
      - id: inicio
        kind: choice
        title: "O que você precisa?"
        options:
          - {id: negociar, label: "Negociar", next: negociar_app}
          - {id: segunda, label: "Segunda via", next: segunda_via}
      - id: negociar_app
        kind: result
        channel: app
        title: "Negociação pelo App Minha Claro"
        steps: ["Acesse o App Minha Claro."]
      - id: segunda_via
        kind: result
        channel: site
        title: "Segunda via da fatura"
        steps: ["Acesse o site."]
    """
)

ALL = [
    "inicio — O que você precisa?",
    "negociar_app — Negociação pelo App Minha Claro",
    "segunda_via — Segunda via da fatura",
]


@pytest.fixture
def flow() -> Flow:
    return load_flow_text(FLOWS, "t.yaml")


@pytest.fixture
def palette(qtbot: QtBot, flow: Flow) -> ScreenPalette:
    palette = ScreenPalette(flow)
    qtbot.addWidget(palette)
    palette.popup()
    qtbot.waitExposed(palette)
    return palette


def shown(palette: ScreenPalette) -> list[str]:
    items = map(palette.list.item, range(palette.list.count()))
    return [item.text() for item in items if not item.isHidden()]


def test_it_lists_every_screen_as_id_and_title(palette: ScreenPalette) -> None:
    assert shown(palette) == ALL
    assert palette.visible_ids() == ["inicio", "negociar_app", "segunda_via"]
    assert palette.current_id() == "inicio"
    assert palette.filter.hasFocus()


def test_its_parts_are_named(palette: ScreenPalette) -> None:
    assert palette.findChild(QLineEdit, "palette-filter") is palette.filter
    assert palette.findChild(QListWidget, "palette-list") is palette.list
    assert palette.objectName() == "screen-palette"
    assert palette.filter.accessibleName() == "Filtrar telas por id ou título"
    assert palette.list.accessibleName() == "Telas"
    assert palette.windowTitle() == "Ir para a tela"


@pytest.mark.parametrize(
    ("typed", "ids"),
    [
        ("via", ["segunda_via"]),  # id and title
        ("_app", ["negociar_app"]),  # id only
        ("FATURA", ["segunda_via"]),  # title, any case
        ("negociacao", ["negociar_app"]),  # title, without the accents
        ("precisa", ["inicio"]),
        ("a", ["inicio", "negociar_app", "segunda_via"]),
        ("nada disso", []),
    ],
)
def test_typing_filters_by_id_or_title(
    qtbot: QtBot, palette: ScreenPalette, typed: str, ids: list[str]
) -> None:
    qtbot.keyClicks(palette.filter, typed)
    assert palette.visible_ids() == ids
    assert palette.current_id() == (ids[0] if ids else None)


def test_enter_chooses_the_first_match(qtbot: QtBot, palette: ScreenPalette) -> None:
    qtbot.keyClicks(palette.filter, "via")
    with qtbot.waitSignal(palette.screen_chosen, timeout=1000) as blocker:
        qtbot.keyClick(palette.filter, Qt.Key.Key_Return)
    assert blocker.args == ["segunda_via"]
    assert not palette.isVisible()


def test_arrows_move_in_the_list_without_leaving_the_filter(
    qtbot: QtBot, palette: ScreenPalette
) -> None:
    qtbot.keyClick(palette.filter, Qt.Key.Key_Down)
    qtbot.keyClick(palette.filter, Qt.Key.Key_Down)
    qtbot.keyClick(palette.filter, Qt.Key.Key_Down)  # stays on the last one
    assert palette.current_id() == "segunda_via"
    qtbot.keyClick(palette.filter, Qt.Key.Key_Up)
    assert palette.current_id() == "negociar_app"
    assert palette.filter.hasFocus()
    with qtbot.waitSignal(palette.screen_chosen, timeout=1000) as blocker:
        qtbot.keyClick(palette.filter, Qt.Key.Key_Enter)
    assert blocker.args == ["negociar_app"]


def test_arrows_skip_the_screens_filtered_out(qtbot: QtBot, palette: ScreenPalette) -> None:
    qtbot.keyClicks(palette.filter, "ia")  # negoCIAr_app, segunda_VIA; not inicio
    assert palette.visible_ids() == ["negociar_app", "segunda_via"]
    assert palette.current_id() == "negociar_app"
    qtbot.keyClick(palette.filter, Qt.Key.Key_Down)
    assert palette.current_id() == "segunda_via"
    qtbot.keyClick(palette.filter, Qt.Key.Key_Up)
    qtbot.keyClick(palette.filter, Qt.Key.Key_Up)  # inicio is hidden: stays on the first shown
    assert palette.current_id() == "negociar_app"


def test_a_double_click_chooses(qtbot: QtBot, palette: ScreenPalette) -> None:
    item = palette.list.item(2)
    rect = palette.list.visualItemRect(item)
    viewport, left = palette.list.viewport(), Qt.MouseButton.LeftButton
    # A real double-click starts with a press (QTest's double-click event alone has none).
    qtbot.mouseClick(viewport, left, pos=rect.center())
    assert palette.current_id() == "segunda_via"
    assert palette.isVisible()  # one click only selects
    with qtbot.waitSignal(palette.screen_chosen, timeout=1000) as blocker:
        qtbot.mouseDClick(viewport, left, pos=rect.center())
    assert blocker.args == ["segunda_via"]


def test_enter_with_no_match_does_nothing(qtbot: QtBot, palette: ScreenPalette) -> None:
    qtbot.keyClicks(palette.filter, "zzz")
    with qtbot.assertNotEmitted(palette.screen_chosen):
        qtbot.keyClick(palette.filter, Qt.Key.Key_Return)
    assert palette.isVisible()


def test_escape_closes_without_choosing(qtbot: QtBot, palette: ScreenPalette) -> None:
    with qtbot.assertNotEmitted(palette.screen_chosen):
        qtbot.keyClick(palette.filter, Qt.Key.Key_Escape)
    assert not palette.isVisible()


def test_popup_again_starts_with_an_empty_filter(qtbot: QtBot, palette: ScreenPalette) -> None:
    qtbot.keyClicks(palette.filter, "via")
    qtbot.keyClick(palette.filter, Qt.Key.Key_Escape)
    palette.popup()
    assert palette.filter.text() == ""
    assert shown(palette) == ALL


def test_a_reloaded_flow_replaces_the_list_and_keeps_the_filter(
    qtbot: QtBot, palette: ScreenPalette
) -> None:
    qtbot.keyClicks(palette.filter, "via")
    newer = load_flow_text(FLOWS.replace("Segunda via da fatura", "2ª via"), "t.yaml")
    palette.set_flow(newer)
    assert shown(palette) == ["segunda_via — 2ª via"]
