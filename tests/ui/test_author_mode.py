"""Author mode (`assistant --watch`): reload on save, the problems banner, Ctrl+K, the stamp.

The window is wired the way run_gui wires it (`app._watch`), on a flows file in tmp_path that
the tests rewrite as an author's editor would.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from assistant.content.loaded import read_content
from assistant.testing.pilot import Pilot
from assistant.testing.plugin import OpenPilot
from assistant.ui import app as app_module
from assistant.ui.errors import ProblemsWindow
from assistant.ui.window import SCREEN_GONE, MainWindow

FLOWS = textwrap.dedent(
    """\
    schema: 1
    content_version: "{version}"
    start: menu
    screens:
      - id: menu
        kind: choice
        title: "O que você precisa?"
        options:
          - {{id: pagar, label: "Pagar", next: pagou}}
          - {{id: ajuda, label: "Ajuda", next: ajuda}}
      - id: pagou
        kind: question
        title: "{question}"
        options:
          - {{id: sim, label: "Sim", next: ajuda}}
          - {{id: nao, label: "Não", next: ajuda}}
      - id: ajuda
        kind: result
        channel: info
        title: "Ajuda"
        steps: ["Leia a ajuda."]
    """
)


def save(path: Path, text: str) -> None:
    """As editors do: a new file renamed over the old one."""
    temporary = path.with_suffix(".swp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


@pytest.fixture
def authoring(tmp_path: Path, open_pilot: OpenPilot) -> tuple[Pilot, Path]:
    path = tmp_path / "flows.yaml"
    path.write_text(FLOWS.format(version="v1", question="Já pagou?"), encoding="utf-8")
    content = read_content(path, "configured")
    pilot = open_pilot(content.flow, author=True)
    pilot.window.set_content(content)
    app_module._watch(pilot.window, content)
    return pilot, path


def test_a_save_before_the_watch_starts_is_picked_up(
    tmp_path: Path, open_pilot: OpenPilot, qtbot
) -> None:
    # The app reads the file, paints, then starts watching: a save in between is not missed.
    path = tmp_path / "flows.yaml"
    path.write_text(FLOWS.format(version="v1", question="Já pagou?"), encoding="utf-8")
    content = read_content(path, "configured")
    pilot = open_pilot(content.flow, author=True)
    pilot.window.set_content(content)
    save(path, FLOWS.format(version="v2", question="Pagou?"))
    app_module._watch(pilot.window, content)
    qtbot.waitUntil(lambda: "v2 · " in pilot.window.stamp_label.text(), timeout=5000)


def test_a_clean_save_reloads_and_stays_on_the_same_screen(
    authoring: tuple[Pilot, Path], qtbot
) -> None:
    pilot, path = authoring
    pilot.choose("pagar")
    save(path, FLOWS.format(version="v2", question="Você já pagou a fatura?"))
    qtbot.waitUntil(lambda: pilot.screen_title == "Você já pagou a fatura?", timeout=5000)
    assert pilot.screen_id == "pagou"
    assert pilot.trail == ["Pagar"]  # the answers that still lead here are kept
    assert "v2 · " in pilot.window.stamp_label.text()
    assert pilot.window.content is not None and pilot.window.content.flow.content_version == "v2"


def test_a_broken_save_is_listed_and_the_window_keeps_the_old_content(
    authoring: tuple[Pilot, Path], qtbot
) -> None:
    pilot, path = authoring
    pilot.choose("pagar")
    save(path, FLOWS.format(version="v2", question="X").replace("next: ajuda}", "next: ajudaa}"))
    qtbot.waitUntil(
        lambda: pilot.window.problems_banner is not None
        and pilot.window.problems_banner.isVisible(),
        timeout=5000,
    )
    lines = pilot.window.problems_banner.lines  # type: ignore[union-attr]
    assert lines and all(line.startswith(f"{path}:") for line in lines)
    assert any("ajudaa" in line for line in lines)
    assert pilot.screen_title == "Já pagou?"  # still the old content
    assert "v1 · " in pilot.window.stamp_label.text()
    assert pilot.choose("sim") == "ajuda"  # and it still works
    # Fixed again: the banner goes away and the new content is on show.
    save(path, FLOWS.format(version="v3", question="Pagou?"))
    qtbot.waitUntil(lambda: not pilot.window.problems_banner.isVisible(), timeout=5000)
    assert "v3 · " in pilot.window.stamp_label.text()


def test_tab_reaches_the_problems_banner_where_it_stands(
    authoring: tuple[Pilot, Path], qtbot
) -> None:
    pilot, _path = authoring
    pilot.choose("pagar")
    pilot.window.show_problems(["flows.yaml:1:1: um problema"], "flows.yaml")
    qtbot.waitUntil(lambda: pilot.window.problems_banner.isVisible())  # type: ignore[union-attr]
    chain = pilot.tab_chain()
    assert chain == pilot.visual_order()
    assert chain[:3] == ["about", "banner-close", "banner-problems"]
    pilot.choose("sim")  # and after a change of screen
    assert pilot.tab_chain() == pilot.visual_order()


def test_a_save_without_the_current_screen_returns_to_the_start_and_says_why(
    authoring: tuple[Pilot, Path], qtbot
) -> None:
    pilot, path = authoring
    pilot.choose("pagar")
    text = FLOWS.format(version="v2", question="Já pagou?")
    text = text.replace("next: pagou}", "next: ajuda}")
    text = text[: text.index("  - id: pagou")] + text[text.index("  - id: ajuda") :]
    save(path, text)
    qtbot.waitUntil(lambda: pilot.screen_id == "menu", timeout=5000)
    assert pilot.notice == SCREEN_GONE.format(title="Já pagou?", id="pagou")
    assert pilot.trail == []
    # Put back: the note about the content before goes with the next reload.
    save(path, FLOWS.format(version="v3", question="Já pagou?"))
    qtbot.waitUntil(lambda: "v3 · " in pilot.window.stamp_label.text(), timeout=5000)
    assert pilot.notice == ""


def test_ctrl_k_lists_every_screen_and_jumps_to_the_one_chosen(
    authoring: tuple[Pilot, Path], qtbot
) -> None:
    pilot, _ = authoring
    QTest.keyClick(pilot.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = pilot.window.screen_palette
    assert palette is not None
    qtbot.waitUntil(palette.isVisible)
    assert palette.visible_ids() == ["menu", "pagou", "ajuda"]  # type: ignore[attr-defined]
    search = palette.findChild(QLineEdit)
    assert search is not None
    QTest.keyClicks(search, "ajud")
    QTest.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pilot.screen_id == "ajuda")
    assert pilot.is_result
    assert not palette.isVisible()


def test_ctrl_k_does_nothing_for_customers(pilot: Pilot) -> None:
    QTest.keyClick(pilot.window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert pilot.window.screen_palette is None


def test_started_on_a_broken_file_it_opens_at_the_first_clean_save(
    tmp_path: Path, qtbot: QtBot
) -> None:
    """`--watch` on a file with mistakes: the problems window follows each save, and the
    assistant opens (still watching) once the file is correct. It used to stay on the
    problems of the first read: the author had to start it again after every fix."""
    path = tmp_path / "flows.yaml"
    clean = FLOWS.format(version="v1", question="Já pagou?")
    path.write_text(clean.replace("next: pagou", "next: pagamento"), encoding="utf-8")
    lines = app_module._load(path)
    assert isinstance(lines, list) and len(lines) == 2  # the unknown screen, the unreachable one
    problems = ProblemsWindow(path, lines, watching=True)
    problems.show()
    uninstalls: list[Callable[[], None]] = []
    app_module._open_on_a_clean_save(problems, path, uninstalls)
    assert "tem 2 problemas" in problems.explanation.text()
    assert "o assistente abre assim que o arquivo estiver correto" in problems.explanation.text()

    save(path, clean.replace("next: pagou", "next: pagamento").replace("next: ajuda", "next: x"))
    qtbot.waitUntil(lambda: "tem 8 problemas" in problems.explanation.text(), timeout=5000)
    assert "pagamento" in problems.problems.toPlainText()

    save(path, clean)

    def assistant_window() -> MainWindow | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found and found[0].isVisible() else None

    qtbot.waitUntil(lambda: assistant_window() is not None, timeout=5000)
    window = assistant_window()
    assert window is not None
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: not isValid(problems) or not problems.isVisible())
        # the safety net is on for the new window, and its place will be saved
        assert len(uninstalls) == 2
        pilot = Pilot(window, qtbot)
        assert pilot.screen_id == "menu"
        assert "v1 · " in window.stamp_label.text()
        save(path, FLOWS.format(version="v2", question="Pagou?"))  # and it goes on watching
        qtbot.waitUntil(lambda: "v2 · " in window.stamp_label.text(), timeout=5000)
    finally:
        for uninstall in uninstalls:
            uninstall()
