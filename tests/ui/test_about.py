"""AboutDialog and the footer's ContentStampLabel: what support needs to identify content."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QImage
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

import assistant
from assistant.content.loaded import ContentSource, LoadedContent, content_from_bytes
from assistant.content.stamp import ContentStamp
from assistant.testing.plugin import OpenPilot
from assistant.ui.about import AboutDialog, ContentStampLabel

FLOWS = textwrap.dedent(
    """\
    schema: 1
    content_version: "2026-11-24"
    start: fim
    screens:
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """
).encode("utf-8")


@pytest.fixture
def content(tmp_path: Path) -> LoadedContent:
    return content_from_bytes(FLOWS, tmp_path / "flows.yaml", "last-known-good")


def label(dialog: AboutDialog, name: str) -> QLabel:
    found = dialog.findChild(QLabel, name)
    assert found is not None, name
    return found


def value(dialog: AboutDialog, name: str) -> str:
    return label(dialog, name).text()


def test_it_shows_app_version_stamp_source_and_path(
    qtbot: QtBot, content: LoadedContent, tmp_path: Path
) -> None:
    dialog = AboutDialog(content)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Sobre o Assistente de Faturas"
    assert value(dialog, "about-app") == "Assistente de Faturas"
    # what the app is, for a customer who opened "Sobre" to find out
    assert value(dialog, "about-description") == (
        "Respostas guiadas para dúvidas da fatura Claro móvel."
    )
    assert value(dialog, "about-version") == assistant.__version__ == "0.1.0"
    assert value(dialog, "about-content") == f"2026-11-24 · {content.stamp.short_hash}"
    assert content.stamp == ContentStamp.of("2026-11-24", FLOWS)
    assert value(dialog, "about-source") == (
        "última versão boa guardada (o arquivo configurado não pôde ser usado)"
    )
    assert value(dialog, "about-path") == str(tmp_path / "flows.yaml")


@pytest.mark.parametrize(
    ("source", "shown"),
    [("configured", "arquivo configurado"), ("bundled", "incluídas no aplicativo")],
)
def test_each_source_has_a_name(
    qtbot: QtBot, tmp_path: Path, source: ContentSource, shown: str
) -> None:
    content = content_from_bytes(FLOWS, tmp_path / "flows.yaml", source)
    dialog = AboutDialog(content)
    qtbot.addWidget(dialog)
    assert value(dialog, "about-source") == shown


def test_before_any_content_every_value_is_a_dash(qtbot: QtBot, content: LoadedContent) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    names = ("about-content", "about-source", "about-path")
    assert [value(dialog, name) for name in names] == ["-", "-", "-"]
    dialog.set_content(content)
    assert value(dialog, "about-content") == str(content.stamp)


def test_the_values_can_be_copied_and_are_named(qtbot: QtBot, content: LoadedContent) -> None:
    dialog = AboutDialog(content)
    qtbot.addWidget(dialog)
    shown = label(dialog, "about-content")
    assert shown.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert shown.accessibleName() == "Versão do conteúdo"  # the footer's words
    assert label(dialog, "about-path").accessibleName() == "Arquivo de telas"


def test_the_app_name_is_a_heading_to_a_screen_reader(
    qtbot: QtBot, content: LoadedContent
) -> None:
    dialog = AboutDialog(content)
    qtbot.addWidget(dialog)
    interface = QAccessible.queryAccessibleInterface(label(dialog, "about-app"))
    assert interface is not None
    assert interface.role() == QAccessible.Role.Heading
    assert interface.text(QAccessible.Text.Name) == assistant.APP_NAME


def test_fechar_closes_it(qtbot: QtBot, content: LoadedContent) -> None:
    dialog = AboutDialog(content)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    close = dialog.findChild(QPushButton, "about-close")
    assert close is not None
    assert close.accessibleName() == "Fechar"
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_footer_label_shows_the_stamp(qtbot: QtBot) -> None:
    label = ContentStampLabel()
    qtbot.addWidget(label)
    assert label.objectName() == "content-stamp"
    assert label.text() == "Versão do conteúdo -"
    label.set_stamp(ContentStamp("2026-11-24", "3fa1c2d9"))
    assert label.text() == "Versão do conteúdo 2026-11-24 · 3fa1c2d9"
    assert label.accessibleName() == "Versão do conteúdo: 2026-11-24 · 3fa1c2d9"
    assert label.property("kind") == "caption"
    assert label.property("role") == "small"


def test_an_open_dialog_follows_a_reload(
    open_pilot: OpenPilot, content: LoadedContent, tmp_path: Path, qtbot: QtBot
) -> None:
    pilot = open_pilot(content.flow, author=True)
    pilot.window.set_content(content)
    pilot.window.open_about()
    dialog = pilot.window.findChild(AboutDialog)
    assert dialog is not None and value(dialog, "about-content").startswith("2026-11-24 · ")
    newer = content_from_bytes(
        FLOWS.replace(b'"2026-11-24"', b'"2026-12-01"'), tmp_path / "flows.yaml", "configured"
    )
    pilot.window.set_content(newer)  # what an author's save does while it is open
    assert value(dialog, "about-content") == str(newer.stamp)
    dialog.reject()
    qtbot.waitUntil(lambda: pilot.window.findChild(AboutDialog) is None)
    pilot.window.set_content(content)  # closed and gone: nothing to follow


def _first_inked_row(image: QImage, rect: QRect) -> int:
    """The top row of `rect` in `image` where anything but the background is painted."""
    background = image.pixel(rect.right(), rect.bottom())
    for y in range(rect.top(), rect.bottom() + 1):
        if any(image.pixel(x, y) != background for x in range(rect.left(), rect.right() + 1)):
            return y
    raise AssertionError(f"nothing painted in {rect}")


def test_each_caption_is_level_with_the_first_line_of_its_value(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A path too long for one line wraps; its caption stays on its first line, as on every
    other row (it sat half-way down the two lines, level with neither)."""
    deep = tmp_path.joinpath(*(["pasta-compartilhada-da-loja"] * 4), "flows.yaml")
    dialog = AboutDialog(content_from_bytes(FLOWS, deep, "configured"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    path = label(dialog, "about-path")
    assert path.height() > 1.5 * path.fontMetrics().lineSpacing()  # it did wrap
    image = dialog.grab().toImage()
    captions = {
        caption.buddy().objectName(): caption
        for caption in dialog.findChildren(QLabel)
        if caption.buddy() is not None
    }
    assert set(captions) == {"about-version", "about-content", "about-source", "about-path"}
    for name, caption in captions.items():
        # the same font on both sides: the same top of the letters ("V", "2", "i", "/")
        ink = _first_inked_row(image, caption.geometry())
        value_ink = _first_inked_row(image, label(dialog, name).geometry())
        assert abs(ink - value_ink) <= 2, (name, ink, value_ink)
