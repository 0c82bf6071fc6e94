"""The rotating log file in the per-user data folder."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QApplication

from assistant import APP_NAME
from assistant.content.stamp import ContentStamp
from assistant.logging_setup import (
    BACKUP_COUNT,
    LOG_FILE_NAME,
    MAX_BYTES,
    configure_logging,
    content_stamp_text,
    log_dir,
    remove_logging,
    set_content_stamp,
)
from assistant.user_dirs import user_data_dir


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


# --- the content stamp on every line ------------------------------------------------------

STAMP = ContentStamp("2026-11-24", "3fa1c2d9")
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) "
    r"\[content (?P<content>[^\]]+)\] (?P<name>[a-z_.]+): (?P<message>.*)$"
)


def logged_lines(path: Path) -> list[dict[str, str]]:
    for handler in file_handlers():
        handler.flush()
    lines = path.read_text(encoding="utf-8").splitlines()
    matches = [LINE.match(line) for line in lines]
    assert all(matches), f"lines not in the log format: {lines}"
    return [m.groupdict() for m in matches if m]


def test_every_line_carries_the_content_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path))
    path = configure_logging()
    assert path is not None
    logging.getLogger("assistant.ui.app").info("started")
    set_content_stamp(STAMP)
    assert content_stamp_text() == "2026-11-24 · 3fa1c2d9"
    logging.getLogger("assistant").warning("top level")
    logging.getLogger("assistant.ui.window").info("screen %s", "inicio")
    logging.getLogger("assistant.content.source").error("a problem")
    set_content_stamp(ContentStamp("2026-12-01", "00aa11bb"))
    logging.getLogger("assistant.ui.kiosk").info("idle reset")
    assert [(line["content"], line["name"], line["message"]) for line in logged_lines(path)] == [
        ("-", "assistant.ui.app", "started"),
        ("2026-11-24 · 3fa1c2d9", "assistant", "top level"),
        ("2026-11-24 · 3fa1c2d9", "assistant.ui.window", "screen inicio"),
        ("2026-11-24 · 3fa1c2d9", "assistant.content.source", "a problem"),
        ("2026-12-01 · 00aa11bb", "assistant.ui.kiosk", "idle reset"),
    ]


def test_the_console_copy_carries_the_stamp_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path))
    configure_logging(verbose=True)
    set_content_stamp(STAMP)
    logging.getLogger("assistant.flows.session").debug("chose %s", "sim")
    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(
        " DEBUG [content 2026-11-24 · 3fa1c2d9] assistant.flows.session: chose sim"
    )


def test_the_stamp_is_forgotten_with_the_handlers() -> None:
    set_content_stamp(STAMP)
    remove_logging()
    assert content_stamp_text() == "-"
    set_content_stamp(STAMP)
    set_content_stamp(None)
    assert content_stamp_text() == "-"
