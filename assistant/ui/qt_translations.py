"""Qt's own text in Brazilian Portuguese: the words Qt writes itself, not the app's.

The app's text is its own and in pt-BR, but Qt still writes some: the context menu of a
selectable text (the WhatsApp number on the result page: "Copy", "Select All"), of a text field
and of a scroll bar ("Scroll here", "Top", ...). Without a translator they are in English.
`install_qt_translations` loads Qt's catalog for pt-BR (qtbase_pt_BR.qm, which ships with
PySide6 and is kept in the frozen bundle by packaging/bundle.py) whatever the system's locale:
the whole interface speaks pt-BR, so Qt's part of it does too.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

logger = logging.getLogger(__name__)

CATALOG = "qtbase_pt_BR"
_TRANSLATOR_NAME = "qt-translations-pt-BR"


def qt_translations_dir() -> Path:
    """Where this Qt keeps its .qm catalogs (inside the bundle when frozen)."""
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def load_qt_catalog(folder: Path | None = None) -> QTranslator | None:
    """Qt's pt-BR catalog from `folder` (Qt's own by default), or None, with a warning in the
    log, when it cannot be loaded: Qt's few words then stay in English."""
    folder = qt_translations_dir() if folder is None else folder
    translator = QTranslator()
    if not translator.load(CATALOG, str(folder)):
        logger.warning("Qt's text stays in English: cannot load %s.qm from %s", CATALOG, folder)
        return None
    return translator


def install_qt_translations(app: QCoreApplication) -> bool:
    """Install Qt's pt-BR catalog on `app`, once (a later call finds it). False when the
    catalog cannot be loaded (see `load_qt_catalog`)."""
    if app.findChild(QTranslator, _TRANSLATOR_NAME) is not None:
        return True
    translator = load_qt_catalog()
    if translator is None:
        return False
    translator.setObjectName(_TRANSLATOR_NAME)
    translator.setParent(app)  # lives as long as the application
    app.installTranslator(translator)
    return True


def qt_text_is_portuguese() -> bool:
    """Whether Qt's own words come out in pt-BR (what `--smoke-test` checks in the bundle)."""
    return QCoreApplication.translate("QWidgetTextControl", "Select All") != "Select All"
