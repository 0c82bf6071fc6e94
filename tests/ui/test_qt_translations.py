"""Qt's own words (context menus) come out in pt-BR, whatever the system's locale. The menu
itself, a popup, is opened on a real X server: tests/ui/xvfb_screens.py."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QLineEdit

from assistant.ui.qt_translations import (
    CATALOG,
    install_qt_translations,
    load_qt_catalog,
    qt_text_is_portuguese,
)


def test_the_catalog_translates_qt_s_words() -> None:
    translator = load_qt_catalog()
    assert translator is not None
    assert translator.translate("QWidgetTextControl", "Select All") == "Selecionar tudo"
    assert translator.translate("QScrollBar", "Scroll here") == "Rolar aqui"


def test_the_app_installs_the_catalog_once(qapp: QApplication) -> None:
    assert install_qt_translations(qapp)
    assert install_qt_translations(qapp)
    ours = [t for t in qapp.findChildren(QTranslator) if t.objectName()]
    assert len(ours) == 1
    assert qt_text_is_portuguese()
    assert QCoreApplication.translate("QLineEdit", "&Paste") == "C&olar"


def test_a_missing_catalog_is_logged_and_not_fatal(tmp_path: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="assistant.ui.qt_translations"):
        assert load_qt_catalog(tmp_path) is None
    assert f"cannot load {CATALOG}.qm from {tmp_path}" in caplog.text


def test_a_text_field_s_own_menu_is_in_portuguese(qapp: QApplication) -> None:
    """What the catalog is for: the menus Qt builds itself (here a text field's, as in the
    author's Ctrl+K palette; a scroll bar's too)."""
    install_qt_translations(qapp)
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    try:
        entries = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
        assert "C&olar" in entries and "Selecionar tudo" in entries
        assert not {"&Paste", "Select All"} & set(entries)
    finally:
        menu.deleteLater()
        field.deleteLater()


def test_the_application_comes_with_the_catalog(qapp: QApplication) -> None:
    """create_application installs it, whatever an earlier test left: every translator is
    taken off first (the application outlives the tests)."""
    from assistant.ui.app import create_application

    for translator in qapp.findChildren(QTranslator):
        qapp.removeTranslator(translator)
        translator.setParent(None)
    assert not qt_text_is_portuguese()
    create_application()
    assert qt_text_is_portuguese()
