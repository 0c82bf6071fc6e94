"""A broken flows file at start, and unexpected exceptions while running."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

import assistant
from assistant.logging_setup import configure_logging, remove_logging
from assistant.testing import Pilot
from assistant.ui.errors import ProblemsWindow
from assistant.ui.excepthook import install_excepthook, problem_lines
from assistant.ui.window import APOLOGY

REPO = Path(assistant.__file__).resolve().parent.parent
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: .+$")

BROKEN = textwrap.dedent(
    """\
    schema: 1
    content_version: "x"
    start: inicio
    screens:
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: a, label: "A", next: fim}
          - {id: b, label: "B", next: fin}
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """
)


def run_gui_in_child(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """run_gui(...) in a fresh process that quits after its first paint."""
    code = (
        "import sys; from pathlib import Path; from assistant.ui.app import run_gui; "
        "a = sys.argv[1:]; "
        "sys.exit(run_gui(Path(a[0]) if a else None, high_contrast='HC' in os.environ, "
        "exit_after_first_paint=True))"
    )
    with tempfile.TemporaryDirectory() as config:
        child_env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
            ),
            "XDG_CONFIG_HOME": config,  # the window's place (window.ini): not the developer's
            "XDG_RUNTIME_DIR": config,  # nor the single-instance lock
            **(env or {}),
        }
        return subprocess.run(
            [sys.executable, "-c", "import os; " + code, *args],
            cwd=REPO, env=child_env, capture_output=True, text=True, timeout=120,
        )


def test_run_gui_opens_the_bundled_flows_and_exits_0(tmp_path: Path) -> None:
    done = run_gui_in_child(env={"ASSISTANT_LOG_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "started on" in (tmp_path / "assistant.log").read_text(encoding="utf-8")


def test_run_gui_starts_without_a_qt_warning_in_either_theme(tmp_path: Path) -> None:
    # run_gui sends Qt's messages to the log (assistant.qt), where pytest-qt cannot see them: a
    # stylesheet Qt cannot parse, say, would pass every in-process test that skips run_gui.
    for extra in ({}, {"HC": "1"}):  # the default theme, then high contrast
        done = run_gui_in_child(env={"ASSISTANT_LOG_DIR": str(tmp_path), **extra})
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    log = (tmp_path / "assistant.log").read_text(encoding="utf-8")
    assert log.count("started on") == 2
    assert "assistant.qt" not in log


def test_run_gui_opens_another_flows_file(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(BROKEN.replace("next: fin", "next: fim"), encoding="utf-8")
    done = run_gui_in_child(str(other), env={"ASSISTANT_LOG_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert f"started on {other}" in (tmp_path / "assistant.log").read_text(encoding="utf-8")


def test_a_broken_flows_file_lists_its_problems_and_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "flows.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    done = run_gui_in_child(str(broken), env={"ASSISTANT_LOG_DIR": str(tmp_path)})
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines, done.stderr
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    assert any(line.startswith(f"{broken}:10:") and "fin" in line for line in lines), lines
    assert "Traceback" not in done.stderr
    # Started from a menu, stderr is lost: the log holds every line too.
    log = (tmp_path / "assistant.log").read_text(encoding="utf-8")
    assert all(line in log for line in lines), log


def test_an_unreadable_flows_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    done = run_gui_in_child(str(missing), env={"ASSISTANT_LOG_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.startswith(f"{missing}: ")
    assert "Traceback" not in done.stderr


def test_the_problems_window(qtbot: QtBot, tmp_path: Path) -> None:
    lines = [f"{tmp_path}/flows.yaml:10:42: option 'b' leads to unknown screen 'fin'"]
    window = ProblemsWindow(tmp_path / "flows.yaml", lines)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.problems.toPlainText() == lines[0]
    assert window.problems.isReadOnly()
    close = window.findChild(QPushButton, "close")
    assert close.accessibleName() == "Fechar"
    close.click()
    qtbot.waitUntil(lambda: not window.isVisible())


def test_the_problems_window_opens_within_its_screen(qtbot: QtBot, tmp_path: Path) -> None:
    # At 200 % (or with a large system font) a 1280x800 screen has 640x400 to give: the
    # window opened at 900x520 and "Fechar" was off the screen. (Offscreen: an 800x600 one.)
    lines = [f"{tmp_path}/flows.yaml:{n}:5: unknown key" for n in range(1, 30)]
    window = ProblemsWindow(tmp_path / "flows.yaml", lines)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    available = window.screen().availableGeometry()
    assert window.width() <= available.width() and window.height() <= available.height()
    close = window.findChild(QPushButton, "close")
    assert available.contains(close.mapToGlobal(close.rect().bottomRight()))


def test_a_small_problems_window_keeps_a_few_problems_in_sight(
    qtbot: QtBot, tmp_path: Path
) -> None:
    lines = [f"{tmp_path}/flows.yaml:{n}:5: unknown key" for n in range(1, 30)]
    window = ProblemsWindow(tmp_path / "flows.yaml", lines)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.resize(420, 260)  # the explanation wraps on four lines
    qtbot.waitUntil(lambda: window.width() <= 440)
    line = window.problems.fontMetrics().lineSpacing()
    assert window.problems.viewport().height() >= 3 * line


def test_problem_lines_of_other_errors() -> None:
    assert problem_lines(ValueError("boom")) == ["boom"]


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ASSISTANT_LOG_DIR", str(tmp_path))
    remove_logging()
    configure_logging()
    yield tmp_path
    remove_logging()


def test_an_unexpected_error_apologises_and_restarts(
    pilot: Pilot, qtbot: QtBot, log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pilot.walk("negociar", "sim")
    uninstall = install_excepthook(pilot.window.recover_from_error)
    try:

        def broken_slot() -> None:
            raise ZeroDivisionError("a bug")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: pilot.notice != "")
    finally:
        uninstall()
    assert pilot.notice == APOLOGY
    assert pilot.screen_id == "inicio"
    assert pilot.trail == []
    log = (log_dir / "assistant.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug" in log
    assert "Traceback" in log
    assert "Traceback" not in capsys.readouterr().err
    # The apology goes away with the next answer.
    pilot.choose("negociar")
    assert pilot.notice == ""


def test_the_hook_keeps_keyboard_interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: seen.append(t))
    calls: list[int] = []
    uninstall = install_excepthook(lambda: calls.append(1))
    try:
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        uninstall()
    assert seen == [KeyboardInterrupt]
    assert calls == []


def test_a_failing_recovery_is_logged_too(log_dir: Path) -> None:
    def recover() -> None:
        raise RuntimeError("recovery broke")

    uninstall = install_excepthook(recover)
    try:
        sys.excepthook(ValueError, ValueError("first"), None)
    finally:
        uninstall()
    for handler in logging.getLogger("assistant").handlers:
        handler.flush()
    log = (log_dir / "assistant.log").read_text(encoding="utf-8")
    assert "ValueError: first" in log
    assert "RuntimeError: recovery broke" in log
