"""BackgroundJob: one call at a time in a daemon thread, its result back on the UI thread."""

from __future__ import annotations

import logging
import threading

import pytest
from pytestqt.qtbot import QtBot

from assistant.ui.background import BackgroundJob


@pytest.fixture
def job(qtbot: QtBot) -> BackgroundJob:
    return BackgroundJob("read the test file", slow_after_s=10.0)


def test_the_call_runs_in_a_daemon_thread_and_its_result_arrives_on_the_ui_thread(
    job: BackgroundJob, qtbot: QtBot
) -> None:
    ran_in: list[threading.Thread] = []
    delivered_in: list[threading.Thread] = []
    job.finished.connect(lambda _result: delivered_in.append(threading.current_thread()))

    def call() -> str:
        ran_in.append(threading.current_thread())
        return "the bytes"

    with qtbot.waitSignal(job.finished) as result:
        assert job.run(call)
        assert job.busy
    assert result.args == ["the bytes"]
    assert not job.busy
    assert ran_in[0] is not threading.main_thread() and ran_in[0].daemon
    assert delivered_in == [threading.main_thread()]


def test_a_second_run_is_refused_while_the_first_call_is_out(
    job: BackgroundJob, qtbot: QtBot
) -> None:
    release = threading.Event()
    calls: list[str] = []

    def slow() -> str:
        calls.append("slow")
        release.wait(timeout=5)
        return "first"

    assert job.run(slow)
    assert not job.run(lambda: calls.append("second"))  # no thread piles up behind it
    with qtbot.waitSignal(job.finished) as result:
        release.set()
    assert result.args == ["first"] and calls == ["slow"]
    with qtbot.waitSignal(job.finished):
        assert job.run(lambda: calls.append("third"))  # free again once it answered
    assert calls == ["slow", "third"]


def test_a_call_that_raises_is_logged_and_gives_none(
    job: BackgroundJob, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> str:
        raise PermissionError("the share refused us")

    with caplog.at_level(logging.ERROR), qtbot.waitSignal(job.finished) as result:
        job.run(broken)
    assert result.args == [None] and not job.busy
    [record] = [r for r in caplog.records if r.name == "assistant.ui.background"]
    assert record.getMessage() == "could not read the test file"
    assert record.exc_info is not None and record.exc_info[0] is PermissionError


def test_a_call_out_for_long_is_logged_once_and_its_answer_too(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    now = [100.0]
    job = BackgroundJob("read the test file", slow_after_s=30.0, clock=lambda: now[0])
    release = threading.Event()
    job.run(lambda: release.wait(timeout=5))
    with caplog.at_level(logging.INFO, logger="assistant.ui.background"):
        now[0] = 110.0
        assert not job.run(lambda: None)  # out 10 s: not slow yet
        now[0] = 131.0
        assert not job.run(lambda: None)
        now[0] = 140.0
        assert not job.run(lambda: None)  # said once already
        now[0] = 150.0
        with qtbot.waitSignal(job.finished):
            release.set()
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "read the test file: no answer for 31 s (a network share that stopped answering?); "
        "trying again once it answers",
        "read the test file: answered after 50 s",
    ]
    assert caplog.records[0].levelno == logging.WARNING


def test_a_job_deleted_while_its_call_is_out_lets_the_thread_end_quietly(qtbot: QtBot) -> None:
    job = BackgroundJob("read the test file")
    release, ended = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def call() -> str:
        release.wait(timeout=5)
        return "late"

    previous_hook = threading.excepthook
    threading.excepthook = lambda args: errors.append(args.exc_value)  # type: ignore[assignment]
    try:
        job.run(lambda: (call(), ended.set())[0])
        import shiboken6

        shiboken6.delete(job)
        release.set()
        assert ended.wait(timeout=5)
        worker = [t for t in threading.enumerate() if t.name == "background: read the test file"]
        for thread in worker:
            thread.join(timeout=5)
    finally:
        threading.excepthook = previous_hook
    assert errors == []
