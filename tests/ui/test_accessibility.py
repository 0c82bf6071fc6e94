"""Screen readers, fonts that follow the system, and a layout that holds at any scale."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QFont
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

import assistant
from assistant.content.loaded import read_content
from assistant.flows.loader import load_flow
from assistant.flows.model import Flow
from assistant.flows.paths import all_paths
from assistant.resources import bundled_flows
from assistant.testing import Pilot
from assistant.testing.plugin import OpenPilot
from assistant.ui import theme
from assistant.ui import window as window_module

PATHS = all_paths(load_flow(bundled_flows()))
REPO = Path(assistant.__file__).resolve().parent.parent


def every_screen(pilot: Pilot) -> Iterator[str]:
    """Walk every path; yield at each screen on the way (each screen at least once)."""
    seen: set[str] = set()
    for path in PATHS:
        pilot.restart()
        for answer in (None, *path.answers):
            if answer is not None:
                pilot.choose(answer)
            if pilot.screen_id not in seen:
                seen.add(pilot.screen_id)
                yield pilot.screen_id


def test_every_interactive_widget_has_an_accessible_name(pilot: Pilot) -> None:
    for screen_id in every_screen(pilot):
        for widget in pilot.interactive_widgets():
            assert widget.accessibleName().strip(), (screen_id, widget.objectName())


def test_the_new_title_gets_focus_and_is_announced(pilot: Pilot) -> None:
    for screen_id in every_screen(pilot):
        title = pilot.window.header.title_label
        assert pilot.focused == "screen-title", screen_id
        assert title.accessibleName() == pilot.screen_title
        interface = QAccessible.queryAccessibleInterface(title)
        assert interface is not None
        assert interface.text(QAccessible.Text.Name) == pilot.screen_title


def _role_and_name(widget: QWidget) -> tuple[QAccessible.Role, str]:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.role(), interface.text(QAccessible.Text.Name)


def test_titles_and_section_titles_are_headings_to_a_screen_reader(pilot: Pilot) -> None:
    """A screen reader moves from heading to heading (NVDA's and Orca's H key): the title and
    the result page's sections must be headings, not plain text (QLabel's StaticText)."""
    sections: set[str] = set()
    for screen_id in every_screen(pilot):
        title = pilot.window.header.title_label
        assert _role_and_name(title) == (QAccessible.Role.Heading, pilot.screen_title), screen_id
        for label in pilot.window.current_view.findChildren(QLabel):
            if label.property("kind") == "heading":
                assert _role_and_name(label) == (QAccessible.Role.Heading, label.text())
                sections.add(label.text())
            elif label.isVisible() and label.text():
                assert _role_and_name(label)[0] != QAccessible.Role.Heading, label.text()
        for button in pilot.interactive_widgets():
            assert _role_and_name(button)[0] == QAccessible.Role.Button, button.objectName()
    assert {"Caminho a seguir", "Passo a passo"} <= sections


def test_a_screen_reader_skips_the_separators_of_the_menu_path_and_trail(pilot: Pilot) -> None:
    """A breadcrumb's "›" says nothing the items do not: read between every two items it is
    noise, so it is marked invisible to assistive technologies (the items and the path's name
    say it all)."""
    separators = 0
    for path in PATHS:
        pilot.restart()
        pilot.walk(*path.answers)
        for label in pilot.window.findChildren(QLabel):
            if label.property("kind") == "separator" and label.isVisible():
                interface = QAccessible.queryAccessibleInterface(label)
                assert interface is not None
                assert interface.state().invisible, label.parent().objectName()
                separators += 1
    assert separators > 0


def test_a_step_is_read_with_its_number_and_its_badge_is_not(pilot: Pilot) -> None:
    """The badge "2" beside a step was read as a line of its own before the step's text."""
    pilot.walk("negociar", "sim", "app")
    view = pilot.window.current_view
    step = view.findChild(QLabel, "step-2")
    assert step is not None
    assert step.accessibleName() == "Passo 2: Vá nos menus: Faturas, Parcelar dívida"
    badges = [w for w in view.findChildren(QLabel) if w.property("kind") == "step-number"]
    assert [badge.text() for badge in badges] == ["1", "2", "3"]
    for badge in badges:
        interface = QAccessible.queryAccessibleInterface(badge)
        assert interface is not None and interface.state().invisible, badge.text()


def test_a_screen_reader_can_follow_many_sessions(pilot: Pilot) -> None:
    """Qt owns (and deletes with the label) each heading's interface, made in Python: with a
    screen reader listening, every title and section is asked for while pages come and go, and
    stays a heading named by its text."""
    QAccessible.setActive(True)
    headings = 0
    try:
        for _round in range(3):
            for screen_id in every_screen(pilot):
                title = pilot.window.header.title_label
                assert _role_and_name(title) == (QAccessible.Role.Heading, pilot.screen_title)
                for label in pilot.window.current_view.findChildren(QLabel):
                    role, name = _role_and_name(label)
                    if label.property("kind") == "heading":
                        assert (role, name) == (QAccessible.Role.Heading, label.text()), screen_id
                        headings += 1
                    else:
                        assert role != QAccessible.Role.Heading, (screen_id, label.text())
    finally:
        QAccessible.setActive(False)
    assert headings > 0


def test_every_new_title_reaches_a_screen_reader_by_mouse_and_by_keyboard(
    pilot: Pilot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A screen reader reads the title on a focus event; where the title keeps the focus (a
    # number key, Alt+Left), the new title has to be announced.
    said: list[str] = []
    monkeypatch.setattr(window_module, "announce", lambda _widget, text: said.append(text))
    title = pilot.window.header.title_label
    focus_events: list[str] = []

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FocusIn:
                focus_events.append(pilot.screen_title)
            return False

    watch = Watch()
    title.installEventFilter(watch)
    steps = [
        lambda: pilot.press_key("3"),
        lambda: pilot.choose("sim"),
        lambda: pilot.press_key("1"),
        lambda: pilot.press_key(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),
        lambda: pilot.back(),
        lambda: pilot.press_key(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier),
    ]
    for step in steps:
        said.clear()
        focus_events.clear()
        step()
        assert pilot.screen_title in said + focus_events, (pilot.screen_id, said, focus_events)
    title.removeEventFilter(watch)


def test_announcements_do_not_fail_when_a_screen_reader_listens(pilot: Pilot) -> None:
    QAccessible.setActive(True)
    try:
        pilot.walk("negociar", "sim", "whatsapp", "sudeste")
        assert pilot.copy_whatsapp("sudeste") == "+55 11 99991-0621"
    finally:
        QAccessible.setActive(False)


def test_qr_codes_and_the_menu_path_have_names(pilot: Pilot) -> None:
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")
    qr = pilot.window.findChild(QWidget, "qr-sudeste")
    assert "WhatsApp" in qr.accessibleName()
    pilot.restart()
    pilot.walk("negociar", "sim", "app")
    box = pilot.window.findChild(QWidget, "menu-path-box")
    assert box.accessibleName() == "Caminho a seguir: App Minha Claro, Faturas, Parcelar dívida"


def test_fonts_are_relative_to_the_system_font(pilot: Pilot) -> None:
    base = QApplication.font().pointSizeF()
    for _ in every_screen(pilot):
        for widget in pilot.window.findChildren(QWidget):
            if widget.isVisible():
                assert widget.font().pixelSize() == -1, widget.objectName()  # points, not px
    pilot.restart()
    assert pilot.window.header.title_label.font().pointSizeF() >= 1.6 * base
    option = pilot.window.findChild(QPushButton, "option-contestar")
    assert option.font().pointSizeF() >= 1.25 * base


@pytest.fixture
def bigger_system_font(qapp: QApplication) -> Iterator[float]:
    original = QFont(qapp.font())
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 1.5)
    qapp.setFont(bigger)
    theme.forget_fonts()
    yield bigger.pointSizeF()
    qapp.setFont(original)
    theme.forget_fonts()


def test_text_follows_the_system_font_size(
    qtbot: QtBot, bundled_flow: Flow, bigger_system_font: float
) -> None:
    pilot = Pilot.start(bundled_flow, qtbot)
    title = pilot.window.header.title_label.font().pointSizeF()
    assert title == pytest.approx(bigger_system_font * theme.ROLE_SCALES["title"])
    assert pilot.clipped_widgets() == []


def test_a_font_change_while_running_is_followed(
    pilot: Pilot, qtbot: QtBot, qapp: QApplication
) -> None:
    original = QFont(qapp.font())
    try:
        bigger = QFont(original)
        bigger.setPointSizeF(original.pointSizeF() * 2)
        qapp.setFont(bigger)
        title = pilot.window.header.title_label
        expected = bigger.pointSizeF() * theme.ROLE_SCALES["title"]
        qtbot.waitUntil(lambda: title.font().pointSizeF() == pytest.approx(expected))
        pilot.choose("negociar")
        option = pilot.window.findChild(QPushButton, "option-sim")
        assert option.font().pointSizeF() == pytest.approx(
            bigger.pointSizeF() * theme.ROLE_SCALES["option"]
        )
        name = pilot.window.findChild(QLabel, "app-name")
        assert name.font().pointSizeF() == pytest.approx(
            bigger.pointSizeF() * theme.ROLE_SCALES["app-name"]
        )
    finally:
        qapp.setFont(original)
        theme.forget_fonts()


def test_the_trail_follows_a_font_change_too(
    pilot: Pilot, qtbot: QtBot, qapp: QApplication
) -> None:
    pilot.walk("negociar", "sim", "whatsapp")
    before = [chip.height() for chip in pilot.window.header.trail_buttons]
    original = QFont(qapp.font())
    try:
        bigger = QFont(original)
        bigger.setPointSizeF(original.pointSizeF() * 1.6)
        qapp.setFont(bigger)
        expected = bigger.pointSizeF() * theme.ROLE_SCALES["trail"]
        chips = pilot.window.header.trail_buttons
        qtbot.waitUntil(
            lambda: all(c.font().pointSizeF() == pytest.approx(expected) for c in chips)
        )
        pilot.choose("sudeste")  # and a change of screen after it keeps them right
        chips = pilot.window.header.trail_buttons
        assert all(chip.height() > old for chip, old in zip(chips, before, strict=False))
        assert pilot.clipped_widgets() == []
    finally:
        qapp.setFont(original)
        theme.forget_fonts()


@pytest.mark.parametrize("size", [(1024, 720), (640, 400)], ids=["1024x720", "640x400"])
def test_nothing_is_cut_off(qtbot: QtBot, bundled_flow: Flow, size: tuple[int, int]) -> None:
    """At QT_SCALE_FACTOR=2 a 1280x800 screen is 640x400 logical pixels: the same layout.
    test_layout_holds_at_scale_factor_2 runs this test again at that scale."""
    expected_ratio = float(os.environ.get("ASSISTANT_EXPECT_PIXEL_RATIO", "1"))
    pilot = Pilot.start(bundled_flow, qtbot, size=size)
    assert pilot.window.devicePixelRatioF() == expected_ratio
    scroll = pilot.window.findChild(QScrollArea, "content-scroll")
    for screen_id in every_screen(pilot):
        assert pilot.clipped_widgets() == [], screen_id
        content = scroll.widget()
        assert content.width() <= scroll.viewport().width(), screen_id  # no sideways scroll


def test_nothing_is_cut_off_in_high_contrast_at_the_smallest_size(
    qtbot: QtBot, bundled_flow: Flow, qapp: QApplication
) -> None:
    # Its thicker borders make buttons wider: at 640 px the WhatsApp card's "Copiar número"
    # lost 4 px beside the room kept for "Número copiado".
    theme.apply_theme(qapp, theme.ThemeName.HIGH_CONTRAST)
    try:
        pilot = Pilot.start(bundled_flow, qtbot, size=(640, 480))
        for screen_id in every_screen(pilot):
            assert pilot.clipped_widgets() == [], screen_id
    finally:
        theme.apply_theme(qapp, theme.ThemeName.DEFAULT)


def test_layout_holds_at_scale_factor_2() -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "ASSISTANT_EXPECT_PIXEL_RATIO": "2",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"{Path(__file__).resolve()}::test_nothing_is_cut_off",
        ],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "2 passed" in done.stdout


def test_a_narrow_window_with_a_big_font_cuts_nothing_in_the_bars(
    qtbot: QtBot, bundled_flow: Flow, qapp: QApplication
) -> None:
    """A big font (or QT_SCALE_FACTOR=3) in a narrow window: the footer's content stamp and the
    app's name wrap; on one line the stamp squeezed "Voltar" and "Recomeçar" until their text
    was cut, and the name lost its last letter."""
    original = QFont(qapp.font())
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 1.6)  # in 760 px: 3x in a 1366 px screen
    qapp.setFont(bigger)
    theme.forget_fonts()
    theme.apply_theme(qapp, theme.ThemeName.DEFAULT)
    try:
        pilot = Pilot.start(bundled_flow, qtbot, size=(760, 600))  # the narrowest window
        pilot.window.set_content(read_content(bundled_flows(), "bundled"))
        qtbot.waitUntil(lambda: pilot.window.stamp_label.isVisible())
        assert pilot.clipped_widgets() == []  # the app's name wraps too
    finally:
        qapp.setFont(original)
        theme.forget_fonts()


@pytest.mark.parametrize("size", [(1024, 720), (1280, 800)])
def test_the_content_stamp_stays_on_one_line_when_there_is_room(
    open_pilot: OpenPilot, bundled_flow: Flow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    """Wrapping (for narrow windows) made it a column of four short lines in a wide footer."""
    pilot = open_pilot(bundled_flow, size=size)
    pilot.window.set_content(read_content(bundled_flows(), "bundled"))
    stamp = pilot.window.stamp_label
    qtbot.waitUntil(stamp.isVisible)
    lines = stamp.heightForWidth(stamp.width()) / stamp.fontMetrics().lineSpacing()
    assert lines < 2, (stamp.width(), lines)
