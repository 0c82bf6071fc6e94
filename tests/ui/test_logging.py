"""The rotating log file in the per-user data folder."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from collections.abc import Iterator
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
    LogFile,
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


def file_handlers() -> list[LogFile]:
    return [h for h in logging.getLogger("assistant").handlers if isinstance(h, LogFile)]


def test_the_log_dir_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path / "logs"))
    path = configure_logging()
    assert path == tmp_path / "logs" / LOG_FILE_NAME
    logging.getLogger("assistant.test").info("olá, registro")
    [handler] = file_handlers()
    handler.flush()
    assert "olá, registro" in path.read_text(encoding="utf-8")
    assert handler.max_bytes == MAX_BYTES
    assert handler.backups == BACKUP_COUNT


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


def log_lines(handler: LogFile, count: int, *, start: int = 0) -> None:
    logger = logging.getLogger("assistant.test.rotation")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for number in range(start, start + count):
            logger.warning("linha %04d %s", number, "é" * 20)  # two bytes each in UTF-8
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


def test_the_log_rolls_over_into_numbered_copies_and_drops_the_oldest(tmp_path: Path) -> None:
    path = tmp_path / "logs" / LOG_FILE_NAME
    handler = LogFile(path, max_bytes=1000, backups=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    try:
        log_lines(handler, 100)  # 100 lines of 51 bytes: five files' worth
    finally:
        handler.close()
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == [LOG_FILE_NAME, f"{LOG_FILE_NAME}.1", f"{LOG_FILE_NAME}.2"]
    sizes = [(path.parent / name).stat().st_size for name in files]
    assert all(0 < size <= 1000 for size in sizes), sizes
    newest, older, oldest = (
        (path.parent / name).read_text(encoding="utf-8").splitlines() for name in files
    )
    assert newest[-1].startswith("linha 0099")
    # Contiguous, newest last: the copies are the lines just before, the rest was dropped.
    numbers = [int(line.split()[1]) for line in oldest + older + newest]
    assert numbers == list(range(numbers[0], 100)) and numbers[0] > 0


def test_a_log_moved_away_is_started_again_at_its_path(tmp_path: Path) -> None:
    path = tmp_path / "logs" / LOG_FILE_NAME
    handler = LogFile(path, max_bytes=10_000, backups=1)
    handler.setFormatter(logging.Formatter("%(message)s"))
    try:
        log_lines(handler, 1)
        path.rename(tmp_path / "kept.log")
        log_lines(handler, 1, start=1)
    finally:
        handler.close()
    assert path.read_text(encoding="utf-8").startswith("linha 0001")
    assert (tmp_path / "kept.log").read_text(encoding="utf-8").startswith("linha 0000")


def test_logging_to_a_file_imports_neither_logging_handlers_nor_socket(tmp_path: Path) -> None:
    # logging.handlers imports socket and queue: about 7 ms of every start (before the kiosk's
    # first screen), for a rotation LogFile does in a few lines.
    code = (
        "import sys\n"
        "from assistant.logging_setup import configure_logging\n"
        "import logging\n"
        "configure_logging()\n"
        "logging.getLogger('assistant').info('olá')\n"
        "print(sorted({'logging.handlers', 'socket', 'queue'} & set(sys.modules)))\n"
    )
    env = {**__import__("os").environ, "ASSISTANT_LOG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]"
    assert "olá" in (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
