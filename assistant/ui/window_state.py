"""Where the customer left the window: its size, place and maximized state, kept between runs.

`run_gui` restores it before the window is first shown and saves it when the app ends, in
`window.ini` in the per-user config folder (assistant.user_dirs). Only the desktop app does: a
kiosk is always full screen, and the smoke test and QA's windows start from the default size.
Nothing here may stop the app: a missing, unreadable or corrupt file means the default size, and
a file that cannot be written is logged and forgotten. The geometry is saved with its CRC-32:
QWidget.restoreGeometry accepts a blob cut short (a disk that filled up mid-write) and makes the
window 1x1 pixel. A place on a screen that is no longer connected is moved onto one that is
(restoreGeometry does that).
"""

from __future__ import annotations

import logging
import zlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from assistant.user_dirs import user_config_dir

logger = logging.getLogger(__name__)

STATE_FILE_NAME = "window.ini"
_GEOMETRY_KEY = "window/geometry"
_CHECK_KEY = "window/geometry-crc32"


def state_file() -> Path:
    return user_config_dir() / STATE_FILE_NAME


def _settings(path: Path) -> QSettings:
    return QSettings(str(path), QSettings.Format.IniFormat)


def _check(geometry: QByteArray) -> str:
    return f"{zlib.crc32(geometry.data()):08x}"


def restore_window_geometry(window: QWidget, path: Path | None = None) -> bool:
    """Put `window` where it was when `save_window_geometry` last saw it; False (and the window
    as it is) when nothing usable was saved."""
    path = state_file() if path is None else path
    if not path.is_file():
        return False
    settings = _settings(path)
    value = settings.value(_GEOMETRY_KEY)
    if not isinstance(value, QByteArray) or settings.value(_CHECK_KEY) != _check(value):
        logger.info("no usable window geometry in %s; default size", path)
        return False
    if not window.restoreGeometry(value):
        logger.info("the window geometry saved in %s is not usable; default size", path)
        return False
    return True


def save_window_geometry(window: QWidget, path: Path | None = None) -> bool:
    """Remember where `window` is (its normal geometry, and whether it is maximized or full
    screen); False, with a warning in the log, when it cannot be written."""
    path = state_file() if path is None else path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        logger.warning("cannot keep the window's place: %s", error)
        return False
    settings = _settings(path)
    geometry = window.saveGeometry()
    settings.setValue(_GEOMETRY_KEY, geometry)
    settings.setValue(_CHECK_KEY, _check(geometry))
    settings.sync()
    if settings.status() is not QSettings.Status.NoError:
        logger.warning("cannot keep the window's place: %s is not writable", path)
        return False
    return True
