"""The log file and stderr going wrong while the app runs: never a traceback, never a crash.

- the log folder deleted while the app runs: the next record makes it again;
- another process rotating the same log: each keeps writing to assistant.log;
- a full disk: one line on stderr, once, not logging's traceback for every record;
- stderr itself failing (a full disk, a broken pipe): the exit codes stay what they say.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_process import REPO, assistant_command, child_env

from assistant.kiosk.exit_codes import BAD_CONFIG, BAD_FLOWS
from assistant.logging_setup import LOG_FILE_NAME, configure_logging, remove_logging


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    remove_logging()
    yield
    remove_logging()


def test_a_log_folder_deleted_while_running_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data" / "logs"
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(folder))
    path = configure_logging()
    assert path is not None
    log = logging.getLogger("assistant.test")
    log.info("antes")
    (folder / LOG_FILE_NAME).unlink()
    folder.rmdir()
    log.info("depois")
    assert "depois" in path.read_text(encoding="utf-8")


def test_a_log_rotated_by_another_process_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path))
    path = configure_logging()
    assert path is not None
    log = logging.getLogger("assistant.test")
    log.info("um")
    path.rename(path.with_name(LOG_FILE_NAME + ".1"))  # what the other instance's rollover does
    log.info("dois")
    assert "dois" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_says_so_once_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path))
    (tmp_path / LOG_FILE_NAME).symlink_to("/dev/full")  # every write: ENOSPC
    assert configure_logging() is not None
    log = logging.getLogger("assistant.test")
    for number in range(3):
        log.warning("linha %d", number)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "Logging error" not in err
    assert err.count("cannot write the log file") == 1, err


def run_with_failing_stderr(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    with Path("/dev/full").open("wb") as full:  # every write to stderr fails: ENOSPC
        return subprocess.run(
            assistant_command(*args),
            cwd=REPO, env=child_env(tmp_path), stdout=subprocess.DEVNULL, stderr=full,
            timeout=120,
        )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_failing_stderr_keeps_the_bad_flows_window_and_exit_code(tmp_path: Path) -> None:
    done = run_with_failing_stderr(
        tmp_path, "--flows", str(tmp_path / "missing.yaml"), "--exit-after-first-paint"
    )
    assert done.returncode == BAD_FLOWS
    log = (tmp_path / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "missing.yaml: cannot read the flows file: there is no such file" in log


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_failing_stderr_keeps_the_bad_config_exit_code(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("idle_seconds: 5\n", encoding="utf-8")
    done = run_with_failing_stderr(tmp_path, "--kiosk-config", str(config))
    assert done.returncode == BAD_CONFIG  # not 1, which the launchers restart in a loop
    log = (tmp_path / "logs" / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "idle_seconds must be 15 to 3600 seconds" in log
