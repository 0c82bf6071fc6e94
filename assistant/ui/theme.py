"""Colours, fonts and spacing: the look of the app, kept out of the widgets.

A theme is two files under resources/themes/: `base.qss` holds every rule, and a theme file
(`default.qss`, `dark.qss`, `high-contrast.qss`) declares the colours as `@name: #rrggbb;`
lines (and may add rules of its own). Rules use the colours as `@name`. The same colours fill
the application palette, so what Qt draws natively matches the stylesheet, and `TEXT_PAIRS`
lists every foreground/background pair that carries text so a test can check their WCAG
contrast.

Fonts are never fixed in pixels: every size is a factor of the system font (`ROLE_SCALES`), so
the app follows the user's font-size setting and scales with QT_SCALE_FACTOR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from assistant.resources import resource


class ThemeName(StrEnum):
    DEFAULT = "default"
    DARK = "dark"
    HIGH_CONTRAST = "high-contrast"


# Every variable a theme file must declare.
COLOR_NAMES = (
    "background",  # the page
    "surface",  # cards and boxes on the page
    "text",  # body text
    "text-muted",  # secondary text (captions, "Suas respostas")
    "accent",  # decoration only (borders, stripes): never carries text
    "accent-strong",  # filled buttons and the app bar: carries `on-accent` text
    "accent-hover",  # filled buttons under the pointer
    "accent-soft",  # tinted backgrounds: menu chips, hovered options
    "on-accent",  # text on accent-strong / accent-hover
    "border",  # neutral borders
    "disabled",  # text of a control that cannot be used now (dimmed, still readable)
    "disabled-border",  # border of such a control (faint, solid: dashes read as focus)
    "focus",  # the keyboard focus ring
    "success",  # "Número copiado" text
    "success-soft",  # background of the confirmation
)

# (foreground, background) pairs that carry text somewhere in base.qss.
TEXT_PAIRS = (
    ("text", "background"),
    ("text-muted", "background"),
    ("text", "surface"),
    ("text-muted", "surface"),
    ("text", "accent-soft"),
    ("accent-strong", "background"),
    ("accent-strong", "surface"),
    ("accent-strong", "accent-soft"),
    ("on-accent", "accent-strong"),
    ("on-accent", "accent-hover"),
    ("success", "success-soft"),
    ("success", "background"),
)

# Font size of each text role, as a factor of the system font size.
ROLE_SCALES = {
    "body": 1.35,
    "small": 1.15,
    "app-name": 1.25,
    "title": 2.1,
    "heading": 1.5,
    "option": 1.5,
    "option-headline": 1.9,
    "badge": 1.35,
    "menu": 1.7,
    "number": 2.0,
    "nav": 1.3,
    "trail": 1.15,
}
BOLD_ROLES = frozenset(
    {"app-name", "title", "heading", "option-headline", "badge", "menu", "number"}
)

_VARIABLE = re.compile(r"^\s*@([a-z][a-z0-9-]*)\s*:\s*(#[0-9A-Fa-f]{6})\s*;[^\n]*$", re.M)
_USE = re.compile(r"@([a-z][a-z0-9-]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


# The same metrics everywhere; the stylesheet does the rest. An application created with
# STYLE_ARGUMENTS (QApplication's own -style option) has it from the start and says so in
# STYLE_PROPERTY, so apply_theme need not ask: the first Python handle on a QStyle makes PySide
# create the QStyle class and its large enums, ~5 ms of a cold start.
STYLE = "Fusion"
STYLE_ARGUMENTS = ("-style", STYLE)
STYLE_PROPERTY = "assistant_style"
LAYER_PROPERTY = "assistant_layer"  # set_layer: the layer a widget carries

KIOSK_LAYERS = ("kiosk",)  # resources/themes/kiosk.qss: the touch screen's sizes
KIOSK_FONT_FACTOR = 1.25  # the kiosk's text, read standing at arm's length


class ThemeError(ValueError):
    """A theme file that declares too little or uses an undeclared colour."""


@dataclass(frozen=True, slots=True)
class Theme:
    """A loaded theme: its colours by name and the finished stylesheet."""

    name: ThemeName
    colors: dict[str, str]
    stylesheet: str

    def color(self, name: str) -> QColor:
        return QColor(self.colors[name])


@cache
def load_theme(name: ThemeName, layers: tuple[str, ...] = ()) -> Theme:
    """Read base.qss, the theme file and any `layers` (e.g. "kiosk": resources/themes/kiosk.qss,
    rules added after base.qss), and put the theme's colours into the rules."""
    own = resource("themes", f"{name.value}.qss").read_text(encoding="utf-8")
    base = resource("themes", "base.qss").read_text(encoding="utf-8")
    for layer in layers:
        base += "\n" + resource("themes", f"{layer}.qss").read_text(encoding="utf-8")
    colors = {m.group(1): m.group(2).upper() for m in _VARIABLE.finditer(own)}
    missing = [c for c in COLOR_NAMES if c not in colors]
    if missing:
        raise ThemeError(f"theme {name.value!r} does not declare: {', '.join(missing)}")
    rules = _COMMENT.sub("", base + "\n" + _VARIABLE.sub("", own))

    def substitute(match: re.Match[str]) -> str:
        try:
            return colors[match.group(1)]
        except KeyError:
            raise ThemeError(
                f"theme {name.value!r}: unknown colour @{match.group(1)}"
            ) from None

    return Theme(name, colors, _USE.sub(substitute, rules))


def prefers_high_contrast() -> bool:
    """Whether the platform asks for high contrast (Qt 6.10+: QAccessibilityHints)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    preference = getattr(accessibility(), "contrastPreference", None)
    return preference is not None and preference() == Qt.ContrastPreference.HighContrast


def prefers_dark() -> bool:
    """Whether the platform's colour scheme is dark (Qt 6.5+: QStyleHints.colorScheme)."""
    scheme = getattr(QGuiApplication.styleHints(), "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


def palette_for(theme: Theme) -> QPalette:
    """The application palette matching the theme's colours."""
    c = theme.color
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, c("background"))
        palette.setColor(group, QPalette.ColorRole.WindowText, c("text"))
        palette.setColor(group, QPalette.ColorRole.Base, c("background"))
        palette.setColor(group, QPalette.ColorRole.AlternateBase, c("surface"))
        palette.setColor(group, QPalette.ColorRole.Text, c("text"))
        palette.setColor(group, QPalette.ColorRole.Button, c("background"))
        palette.setColor(group, QPalette.ColorRole.ButtonText, c("text"))
        palette.setColor(group, QPalette.ColorRole.Highlight, c("accent-strong"))
        palette.setColor(group, QPalette.ColorRole.HighlightedText, c("on-accent"))
        palette.setColor(group, QPalette.ColorRole.ToolTipBase, c("background"))
        palette.setColor(group, QPalette.ColorRole.ToolTipText, c("text"))
        palette.setColor(group, QPalette.ColorRole.PlaceholderText, c("text-muted"))
        palette.setColor(group, QPalette.ColorRole.Link, c("accent-strong"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, c("disabled"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, c("disabled"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, c("disabled"))
    return palette


def apply_theme(app: QApplication, name: ThemeName, *, layers: tuple[str, ...] = ()) -> Theme:
    """Give the whole application the theme's palette and stylesheet (with `layers`)."""
    theme = load_theme(name, layers)
    if current_theme_name(app) is name and app.styleSheet() == theme.stylesheet:
        return theme  # already on: re-applying would re-polish every widget for nothing
    if app.property(STYLE_PROPERTY) != STYLE:
        if app.style().name().lower() != STYLE.lower():
            app.setStyle(STYLE)
        app.setProperty(STYLE_PROPERTY, STYLE)
    app.setPalette(palette_for(theme))
    app.setStyleSheet(theme.stylesheet)
    app.setProperty("assistant_theme", name.value)
    for widget in app.allWidgets():  # the widgets that carry a layer of their own (set_layer)
        layer = widget.property(LAYER_PROPERTY)
        if layer:
            widget.setStyleSheet(_layer_stylesheet(str(layer), name))
    return theme


def set_layer(widget: QWidget, layer: str) -> None:
    """Give `widget` the rules of resources/themes/<layer>.qss in the application's theme, and
    again whenever the theme changes (a dark desktop switching back to light, say)."""
    widget.setProperty(LAYER_PROPERTY, layer)
    widget.setStyleSheet(layer_stylesheet(layer))


def layer_stylesheet(layer: str, name: ThemeName | None = None) -> str:
    """The rules of resources/themes/<layer>.qss in the colours of theme `name` (the one the
    application has, by default): for widgets that only some windows have, which set it on
    themselves rather than make every widget of the app match more rules."""
    if name is None:
        app = QApplication.instance()
        current = current_theme_name(app) if isinstance(app, QApplication) else None
        name = current or ThemeName.DEFAULT
    return _layer_stylesheet(layer, name)


@cache
def _layer_stylesheet(layer: str, name: ThemeName) -> str:
    colors = load_theme(name).colors
    text = _COMMENT.sub("", resource("themes", f"{layer}.qss").read_text(encoding="utf-8"))
    return _USE.sub(lambda m: colors.get(m.group(1), m.group(0)), text)


def current_theme_name(app: QApplication) -> ThemeName | None:
    """The theme `apply_theme` gave `app` last (None before any)."""
    value = app.property("assistant_theme")
    return ThemeName(value) if value else None


def role_font(role: str) -> QFont:
    """The system font scaled for a text role (see ROLE_SCALES)."""
    font = _ROLE_FONTS.get(role)
    if font is None:
        font = QFont(QApplication.font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * ROLE_SCALES[role])
        if role in BOLD_ROLES:
            font.setWeight(QFont.Weight.Bold)
        _ROLE_FONTS[role] = font
    return QFont(font)


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget the font of `role` and expose the role to the stylesheet as a property."""
    widget.setFont(role_font(role))
    widget.setProperty("role", role)


def em(factor: float = 1.0) -> int:
    """`factor` times the line height of the system font, in device-independent pixels:
    spacing and padding that follow the user's font size."""
    global _EM
    if _EM is None:
        _EM = QFontMetrics(QApplication.font()).height()
    return max(1, round(_EM * factor))


def forget_fonts() -> None:
    """Drop the cached fonts and line height (call when the system font changes)."""
    global _EM
    _ROLE_FONTS.clear()
    _EM = None


_ROLE_FONTS: dict[str, QFont] = {}
_EM: int | None = None


# --- WCAG 2 contrast ----------------------------------------------------------------------------


def relative_luminance(color: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2.x contrast ratio, from 1.0 (same) to 21.0 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)
