"""The rotating log file in the per-user data folder."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QApplication

from assistant import APP_NAME
from assistant.logging_setup import (
    BACKUP_COUNT,
    LOG_FILE_NAME,
    MAX_BYTES,
    configure_logging,
    log_dir,
    remove_logging,
    user_data_dir,
)


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    remove_logging()
    yield
    remove_logging()


def file_handlers() -> list[RotatingFileHandler]:
    return [
        h for h in logging.getLogger("assistant").handlers if isinstance(h, RotatingFileHandler)
    ]


def test_the_log_dir_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path / "logs"))
    path = configure_logging()
    assert path == tmp_path / "logs" / LOG_FILE_NAME
    logging.getLogger("assistant.test").info("olá, registro")
    [handler] = file_handlers()
    handler.flush()
    assert "olá, registro" in path.read_text(encoding="utf-8")
    assert handler.maxBytes == MAX_BYTES
    assert handler.backupCount == BACKUP_COUNT


def test_configuring_twice_adds_one_handler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path))
    assert configure_logging() == configure_logging(verbose=True)
    assert len(file_handlers()) == 1
    assert logging.getLogger("assistant").level == logging.DEBUG


def test_an_unwritable_folder_does_not_stop_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(blocker / "logs"))
    assert configure_logging() is None
    assert file_handlers() == []


@pytest.mark.skipif(sys.platform != "linux", reason="XDG layout")
def test_the_default_folder_is_qts_app_data_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.delenv("ASSISTANT_LOG_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    names = (QCoreApplication.applicationName(), QCoreApplication.organizationName())
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName("")
    try:
        qt = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    finally:
        QCoreApplication.setApplicationName(names[0])
        QCoreApplication.setOrganizationName(names[1])
    assert user_data_dir() == Path(qt) == tmp_path / APP_NAME
    assert log_dir() == tmp_path / APP_NAME / "logs"
