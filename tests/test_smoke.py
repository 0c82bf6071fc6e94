"""The smoke-test walker (assistant.smoke), in-process and offscreen: the same walk the frozen app
runs with --smoke-test in CI (tests/packaging), here in a few seconds on the source tree."""

from __future__ import annotations

import logging
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from assistant import smoke
from assistant.flows.model import Flow
from assistant.flows.paths import Path as FlowPath
from assistant.flows.paths import all_paths
from assistant.logging_setup import LOG_DIR_ENV, remove_logging
from assistant.ui import theme


@pytest.fixture(autouse=True)
def _log_to_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    yield
    remove_logging()


def test_the_walk_covers_every_path_of_the_bundled_flows(
    qapp: QApplication, flow: Flow, capsys: pytest.CaptureFixture[str]
) -> None:
    result = smoke.SmokeResult()

    assert smoke.smoke_walk(qapp, flow, result=result) == smoke.EXIT_OK, result.problems

    paths = all_paths(flow)
    assert result.paths_walked == len(paths)
    assert result.results_reached == {p.result for p in paths}
    # every answer, plus Voltar and the answer again on each result, plus Recomeçar between paths
    answers = sum(len(p.answers) for p in paths)
    assert result.clicks == answers + 2 * sum(1 for p in paths if p.answers) + len(paths) - 1
    assert "smoke test: OK - " in capsys.readouterr().err


def test_run_smoke_test_creates_the_app_and_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert smoke.run_smoke_test() == smoke.EXIT_OK
    err = capsys.readouterr().err
    assert "smoke test: OK - " in err
    assert "platform offscreen" in err


def test_a_button_that_is_not_there_fails_with_the_reason(
    qapp: QApplication, flow: Flow, capsys: pytest.CaptureFixture[str]
) -> None:
    first = all_paths(flow)[0]
    bogus = FlowPath(("no-such-answer",), (flow.start, first.result), first.result)

    assert smoke.smoke_walk(qapp, flow, paths=[bogus]) == smoke.EXIT_FAILED

    err = capsys.readouterr().err
    assert "smoke test: FAILED" in err
    assert "no button named 'option-no-such-answer'" in err


def test_landing_on_the_wrong_screen_fails_with_the_reason(
    qapp: QApplication, flow: Flow, capsys: pytest.CaptureFixture[str]
) -> None:
    path = next(p for p in all_paths(flow) if len(p.answers) >= 2)
    wrong = FlowPath(path.answers, (path.screens[0], "elsewhere", *path.screens[2:]), path.result)

    assert smoke.smoke_walk(qapp, flow, paths=[wrong]) == smoke.EXIT_FAILED

    assert "expected 'elsewhere'" in capsys.readouterr().err


def test_an_exception_in_a_slot_fails_the_walk(
    qapp: QApplication, flow: Flow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.ui.window import MainWindow

    original = MainWindow.restart

    def broken_restart(self: MainWindow) -> None:
        original(self)
        raise RuntimeError("boom in a slot")

    monkeypatch.setattr(MainWindow, "restart", broken_restart)
    result = smoke.SmokeResult()

    assert smoke.smoke_walk(qapp, flow, paths=all_paths(flow)[:2], result=result) == 1
    assert any("boom in a slot" in p for p in result.problems)


def test_a_broken_flows_file_fails_with_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "flows.yaml"
    broken.write_text(
        textwrap.dedent(
            """\
            schema: 1
            content_version: "2026-11-24"
            start: inicio
            screens:
              - id: inicio
                kind: choice
                title: "Início"
                options:
                  - {id: a, label: "A", next: nowhere}
            """
        ),
        encoding="utf-8",
    )

    assert smoke.run_smoke_test(broken) == smoke.EXIT_FAILED

    err = capsys.readouterr().err
    assert f"smoke test: FAILED - {broken} cannot be used" in err
    assert "nowhere" in err


def test_say_writes_nothing_when_there_is_no_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """A windowed frozen app on Windows has sys.stderr = None: reporting must not crash."""
    monkeypatch.setattr(sys, "stderr", None)

    smoke.say("no console here")
    smoke.say("nor here", error=True)


def test_a_machine_without_fonts_fails_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No fonts: the window opens and every click works, but each text is an empty box."""

    class NoFonts:
        @staticmethod
        def families() -> list[str]:
            return []

    monkeypatch.setattr(smoke, "QFontDatabase", NoFonts)
    assert smoke.run_smoke_test() == smoke.EXIT_FAILED
    assert "no fonts found" in capsys.readouterr().err


def test_a_bundle_without_qt_s_portuguese_fails_with_the_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """qtbase_pt_BR.qm left out of the bundle: the context menus would speak English."""
    from assistant.ui import qt_translations

    monkeypatch.setattr(qt_translations, "qt_text_is_portuguese", lambda: False)
    assert smoke.run_smoke_test() == smoke.EXIT_FAILED
    assert "Qt's own text (context menus) is in English: qtbase_pt_BR.qm" in capsys.readouterr().err


def test_qt_switching_a_non_utf8_locale_to_c_utf8_is_no_failure(qapp: QApplication) -> None:
    """LANG=C: Qt warns that it uses C.UTF-8 instead, and works; other warnings still count."""
    result = smoke.SmokeResult()
    uninstall = smoke._install_warning_collector(result)
    try:
        qWarning(
            'Detected locale "C" with character encoding "ANSI_X3.4-1968", which is not UTF-8.\n'
            'Qt depends on a UTF-8 locale, and has switched to "C.UTF-8" instead.'
        )
        qWarning("QFont::setPointSizeF: Point size <= 0 (0.000000), must be greater than 0")
    finally:
        uninstall()
    assert result.qt_warnings == [
        "QFont::setPointSizeF: Point size <= 0 (0.000000), must be greater than 0"
    ]


def test_a_result_below_the_fold_is_scrolled_to_and_painted(
    qapp: QApplication, flow: Flow
) -> None:
    """QT_SCALE_FACTOR=3 on a laptop screen: the trail and the title fill the window and the
    result's body is below the fold. The walk waited for a paint that never came."""
    original = QFont(qapp.font())
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 3)
    qapp.setFont(bigger)
    theme.forget_fonts()
    try:
        path = next(p for p in all_paths(flow) if len(p.answers) >= 3)
        assert smoke.smoke_walk(qapp, flow, paths=[path]) == smoke.EXIT_OK
    finally:
        qapp.setFont(original)
        theme.forget_fonts()


def test_say_without_stderr_still_logs_and_prints_nowhere_else(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    with caplog.at_level(logging.INFO, logger=smoke.logger.name):
        smoke.say("no console here")
        smoke.say("nor here", error=True)
    assert capsys.readouterr().out == ""  # print(file=None) would have gone to stdout
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.INFO, "no console here"),
        (logging.ERROR, "nor here"),
    ]
