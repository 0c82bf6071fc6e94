"""Themes: every colour declared, text contrast of at least 7:1, and how the theme is chosen
(high contrast, the dark colour scheme, `--theme`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QScrollBar, QWidget
from pytestqt.qtbot import QtBot

from assistant.resources import resource
from assistant.testing import Pilot
from assistant.ui import app as ui_app
from assistant.ui import theme
from assistant.ui.theme import ThemeName, contrast_ratio

THEMES = list(ThemeName)


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#DA291C"), QColor("#FFFFFF")) < 7  # why accent-strong exists


@pytest.mark.parametrize("name", THEMES)
def test_theme_files_are_resources(name: ThemeName) -> None:
    assert resource("themes", f"{name.value}.qss").is_file()
    assert resource("themes", "base.qss").is_file()


@pytest.mark.parametrize("name", THEMES)
def test_every_colour_is_declared_and_used_ones_resolve(name: ThemeName) -> None:
    loaded = theme.load_theme(name)
    assert set(theme.COLOR_NAMES) <= set(loaded.colors)
    assert "@" not in loaded.stylesheet


@pytest.mark.parametrize("name", THEMES)
def test_no_font_sizes_in_stylesheets(name: ThemeName) -> None:
    stylesheet = theme.load_theme(name).stylesheet
    assert not re.search(r"font-size|font:\s", stylesheet)


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize("pair", theme.TEXT_PAIRS, ids="/".join)
def test_text_contrast_is_at_least_7_to_1(name: ThemeName, pair: tuple[str, str]) -> None:
    loaded = theme.load_theme(name)
    foreground, background = (loaded.color(c) for c in pair)
    assert contrast_ratio(foreground, background) >= 7.0, (name, pair)


@pytest.mark.parametrize("name", THEMES)
def test_the_palette_has_the_same_contrast(name: ThemeName) -> None:
    palette = theme.palette_for(theme.load_theme(name))
    role = QPalette.ColorRole
    for foreground, background in [
        (role.WindowText, role.Window),
        (role.Text, role.Base),
        (role.ButtonText, role.Button),
        (role.HighlightedText, role.Highlight),
        (role.ToolTipText, role.ToolTipBase),
    ]:
        ratio = contrast_ratio(palette.color(foreground), palette.color(background))
        assert ratio >= 7.0, (name, foreground, background, ratio)


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    theme.apply_theme(qapp, ThemeName.DEFAULT)


def test_high_contrast_flag(restore_theme: QApplication) -> None:
    ui_app.use_theme(restore_theme, high_contrast=True)
    assert theme.current_theme_name(restore_theme) is ThemeName.HIGH_CONTRAST
    assert restore_theme.palette().color(QPalette.ColorRole.Window) == QColor("#000000")


def test_high_contrast_follows_the_platform_preference(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(theme, "prefers_high_contrast", lambda: True)
    ui_app.use_theme(restore_theme, high_contrast=False)
    assert theme.current_theme_name(restore_theme) is ThemeName.HIGH_CONTRAST
    monkeypatch.setattr(theme, "prefers_high_contrast", lambda: False)
    ui_app.use_theme(restore_theme, high_contrast=False)
    assert theme.current_theme_name(restore_theme) is ThemeName.DEFAULT


def test_the_platform_preference_is_readable(qapp: QApplication) -> None:
    assert theme.prefers_high_contrast() is False  # offscreen: no preference
    assert theme.prefers_dark() is False  # offscreen: the colour scheme is Unknown


def test_a_dark_desktop_gets_the_dark_theme_and_high_contrast_still_wins(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(theme, "prefers_dark", lambda: True)
    ui_app.use_theme(restore_theme, high_contrast=False)
    assert theme.current_theme_name(restore_theme) is ThemeName.DARK
    assert restore_theme.palette().color(QPalette.ColorRole.Window) == QColor("#121212")
    monkeypatch.setattr(theme, "prefers_high_contrast", lambda: True)
    ui_app.use_theme(restore_theme, high_contrast=False)
    assert theme.current_theme_name(restore_theme) is ThemeName.HIGH_CONTRAST


@pytest.mark.parametrize(("dark", "expected"), [(False, ThemeName.DEFAULT), (True, ThemeName.DARK)])
def test_the_theme_option_beats_the_colour_scheme(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch, dark: bool, expected: ThemeName
) -> None:
    monkeypatch.setattr(theme, "prefers_dark", lambda: not dark)
    ui_app.use_theme(restore_theme, high_contrast=False, dark=dark)
    assert theme.current_theme_name(restore_theme) is expected


def test_the_theme_follows_the_colour_scheme_while_the_app_runs(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    hints = restore_theme.styleHints()
    scheme = {"dark": False}
    monkeypatch.setattr(theme, "prefers_dark", lambda: scheme["dark"])
    ui_app.use_theme(restore_theme, high_contrast=False)
    assert theme.current_theme_name(restore_theme) is ThemeName.DEFAULT
    scheme["dark"] = True  # the desktop switches to dark: Qt says so with this signal
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.current_theme_name(restore_theme) is ThemeName.DARK
    scheme["dark"] = False
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.current_theme_name(restore_theme) is ThemeName.DEFAULT


def test_only_the_last_choice_of_theme_follows_the_platform(
    restore_theme: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each call connected one more closure to the platform's signals, which went on choosing
    with its own flags: a `--theme light` given later was undone by the next change."""
    monkeypatch.setattr(theme, "prefers_dark", lambda: False)
    ui_app.use_theme(restore_theme, high_contrast=False)  # follows the colour scheme
    ui_app.use_theme(restore_theme, high_contrast=False, dark=False)  # then: light, always
    monkeypatch.setattr(theme, "prefers_dark", lambda: True)
    restore_theme.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.current_theme_name(restore_theme) is ThemeName.DEFAULT



def test_the_dark_app_bar_is_a_dark_surface(restore_theme: QApplication, pilot: Pilot) -> None:
    """Filled with the dark theme's light red, the bar was the brightest thing on the screen."""
    theme.apply_theme(restore_theme, ThemeName.DARK)
    bar = pilot.window.findChild(QWidget, "app-bar")
    assert bar is not None
    image = bar.grab().toImage()
    fill = image.pixelColor(image.width() // 2, 2).name().upper()
    assert fill == theme.load_theme(ThemeName.DARK).colors["surface"]


def test_the_page_scroll_bar_is_the_flat_one_of_the_stylesheet(pilot: Pilot) -> None:
    """Fusion's own scroll bar, with its gradients, took longer to paint than the whole page;
    base.qss draws a flat one (a rule that once matched nothing: the bar had been styled
    before it got its name)."""
    pilot.walk("negociar", "sim", "whatsapp", "sudeste")  # taller than the window: it scrolls
    bar = pilot.window.findChild(QScrollBar, "page-scroll-bar")
    assert bar is not None and bar.isVisible() and bar.maximum() > 0
    image = bar.grab().toImage()
    colors = theme.load_theme(ThemeName.DEFAULT).colors
    middle = image.width() // 2
    handle = image.pixelColor(middle, image.height() // 8).name().upper()
    track = image.pixelColor(middle, image.height() - 3).name().upper()
    assert (handle, track) == (colors["text-muted"], colors["surface"])


@pytest.mark.parametrize("name", THEMES)
def test_a_disabled_primary_button_does_not_look_usable(
    restore_theme: QApplication, qtbot: QtBot, name: ThemeName
) -> None:
    """The kiosk's "Entrar" while the PIN pad is locked kept its filled colour: it looked as
    usable as ever while the digits beside it were dashed."""
    theme.apply_theme(restore_theme, name)
    colors = theme.load_theme(name).colors
    button = QPushButton("Entrar")
    button.setProperty("kind", "primary")
    qtbot.addWidget(button)
    button.resize(200, 80)

    def fill() -> str:
        image = button.grab().toImage()
        return str(image.pixelColor(image.width() // 8, image.height() // 2).name().upper())

    assert fill() == colors["accent-strong"]
    button.setEnabled(False)
    assert fill() == colors["surface"]


@pytest.mark.parametrize("name", THEMES)
def test_a_disabled_button_has_a_faint_solid_border_not_a_dashed_one(
    restore_theme: QApplication, qtbot: QtBot, name: ThemeName
) -> None:
    """The disabled "Voltar" on the first screen had a dashed border, which a reviewer read as
    a focus outline: its border is now solid, in the faint `disabled-border` colour."""
    theme.apply_theme(restore_theme, name)
    colors = theme.load_theme(name).colors
    button = QPushButton("← Voltar")
    qtbot.addWidget(button)
    button.resize(240, 80)
    button.setEnabled(False)
    image = button.grab().toImage()
    # The 2 px border lies inside the 2 px margin; its straight part, past the round corners.
    inset = 3
    top_edge = {
        image.pixelColor(x, inset).name().upper()
        for x in range(image.width() // 4, 3 * image.width() // 4)
    }
    assert top_edge == {colors["disabled-border"]}
    assert colors["disabled-border"] != colors["border"]  # unlike a usable button's


@pytest.mark.parametrize("name", THEMES)
def test_disabled_text_is_dimmed_yet_readable(name: ThemeName) -> None:
    # Inactive controls are exempt from WCAG's contrast minimum; "Voltar" stays legible (AA).
    loaded = theme.load_theme(name)
    assert contrast_ratio(loaded.color("disabled"), loaded.color("surface")) >= 4.5
    assert loaded.colors["disabled"] != loaded.colors["text"]


def test_contrast_ratio_of_dark_and_coloured_examples() -> None:
    # WebAIM's checker: navy on white is 16:1; a near-black whose channels are all 10/255 lies
    # on the linear part of the sRGB curve (at most 0.04045): (10/255)/12.92 -> 19.80:1.
    assert contrast_ratio(QColor("#000080"), QColor("#FFFFFF")) == pytest.approx(16.0, abs=0.02)
    assert contrast_ratio(QColor("#0A0A0A"), QColor("#FFFFFF")) == pytest.approx(19.80, abs=0.01)
    assert contrast_ratio(QColor("#FFFFFF"), QColor("#0A0A0A")) == pytest.approx(19.80, abs=0.01)


def test_the_focused_about_button_turns_over_its_colours(pilot: Pilot, qtbot: QtBot) -> None:
    """On the red bar, the focus only thickened Sobre's white border: hard to see."""
    about = pilot.widget(QPushButton, "about")
    colors = theme.load_theme(ThemeName.DEFAULT).colors

    def fill() -> str:
        image = about.grab().toImage()
        return str(image.pixelColor(image.width() // 2, image.height() - 8).name().upper())

    assert fill() == colors["accent-strong"]
    about.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: fill() == colors["on-accent"])


def test_a_widget_with_a_layer_of_its_own_follows_a_change_of_theme(
    restore_theme: QApplication, qtbot: QtBot
) -> None:
    """The author's problems banner, Ctrl+K list and About dialog got the author layer in the
    theme of the moment they were built: after the desktop went dark, the list's heading was
    light grey on the old white (review of the dark theme)."""
    theme.apply_theme(restore_theme, ThemeName.DEFAULT)
    banner = QWidget()
    qtbot.addWidget(banner)
    theme.set_layer(banner, "author")
    light = banner.styleSheet()
    theme.apply_theme(restore_theme, ThemeName.DARK)
    assert banner.styleSheet() == theme.layer_stylesheet("author", ThemeName.DARK) != light
