"""resources/themes/kiosk.qss: a layer over either theme that uses only the theme's colours, in
pairs whose contrast test_theme.py checks, and that Qt parses (a warning would fail here)."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from assistant.resources import resource
from assistant.ui import theme
from assistant.ui.kiosk.attract import AttractScreen
from assistant.ui.kiosk.keypad import PinPad
from assistant.ui.kiosk.maintenance import MaintenanceScreen
from assistant.ui.kiosk.overlay import StillThereOverlay

KIOSK_QSS = resource("themes", "kiosk.qss").read_text(encoding="utf-8")
RULES = re.sub(r"/\*.*?\*/", "", KIOSK_QSS, flags=re.S)
BLOCK = re.compile(r"([^{}]+)\{([^}]*)\}")
DECLARATION = re.compile(r"(?<![-\w])(color|background)\s*:\s*@([a-z-]+)\s*;")


def test_it_declares_no_colours_and_uses_only_the_themes() -> None:
    assert not re.search(r"^\s*@[a-z-]+\s*:", RULES, re.M)  # no `@name: #rrggbb;` lines
    used = set(re.findall(r"@([a-z][a-z0-9-]*)", RULES))
    assert used
    assert used <= set(theme.COLOR_NAMES)
    assert not re.search(r"#[0-9A-Fa-f]{3,6}\b", RULES)  # no literal colours either


def test_text_colours_come_in_checked_pairs() -> None:
    pairs = set()
    for _selector, body in BLOCK.findall(RULES):
        found = dict(DECLARATION.findall(body))
        if "color" in found and "background" in found:
            pairs.add((found["color"], found["background"]))
    # The attract screen's labels (on-accent) sit on its accent-strong background.
    assert "color: @on-accent" in RULES and "background: @accent-strong" in RULES
    pairs.add(("on-accent", "accent-strong"))
    assert pairs <= set(theme.TEXT_PAIRS), pairs - set(theme.TEXT_PAIRS)


def test_the_kiosk_widgets_are_styled_in_both_themes(
    window: QWidget, kiosk_style: theme.ThemeName, qtbot: QtBot
) -> None:
    attract = AttractScreen(window)
    QVBoxLayout(window).addWidget(attract)
    MaintenanceScreen(window).hide()
    StillThereOverlay(window).open_with(25)
    pad = PinPad(lambda pin: False, window)
    pad.open()
    qtbot.waitUntil(lambda: attract.width() > 0)
    pad.hide()
    # The attract screen is the theme's accent colour, edge to edge; in the dark theme it is
    # the page's dark inside a frame of the brand red (dark.qss).
    fill = "background" if kiosk_style is theme.ThemeName.DARK else "accent-strong"
    expected = QColor(theme.load_theme(kiosk_style).colors[fill])
    image = attract.grab().toImage()
    for x, y in ((12, 12), (image.width() - 12, image.height() - 12)):
        assert QColor(image.pixel(x, y)) == expected
