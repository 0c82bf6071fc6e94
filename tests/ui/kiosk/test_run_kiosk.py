"""`assistant --kiosk` from the command line: exit codes, and which flows a kiosk starts on."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_process import REPO, assistant_command, child_env
from file_reads import HeldReads
from PySide6.QtWidgets import QApplication

from assistant.content import loaded, source
from assistant.flows.loader import read_flow
from assistant.kiosk.config import KioskConfig
from assistant.kiosk.exit_codes import ADMIN_EXIT, BAD_CONFIG
from assistant.kiosk.pin import hash_pin
from assistant.resources import bundled_flows
from assistant.testing.plugin import QT_LOG_IGNORE
from assistant.ui.kiosk.run import (
    START_WAIT_S,
    content_listener,
    first_content,
    kiosk_recovery,
    load_kiosk_content,
)

from ..test_signals import start, wait_for_line


def run_assistant(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        assistant_command(*args),
        cwd=REPO, env=child_env(home), capture_output=True, text=True, timeout=120,
    )


def test_a_kiosk_starts_paints_and_leaves_with_the_admin_code(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text(f'pin_hash: "{hash_pin("2468")}"\nregion: sudeste\n', encoding="utf-8")
    done = run_assistant("--kiosk-config", str(config), "--exit-after-first-paint", home=tmp_path)
    assert done.returncode == ADMIN_EXIT, done.stderr
    assert "Traceback" not in done.stderr
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    version = read_flow(bundled_flows()).content_version
    assert f"kiosk content {version} · " in log
    assert "(bundled)" in log


def test_a_wrong_kiosk_config_exits_3_with_every_problem(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("idle_seconds: 5\nhide_cursor: yes\n", encoding="utf-8")
    done = run_assistant("--kiosk-config", str(config), "--exit-after-first-paint", home=tmp_path)
    assert done.returncode == BAD_CONFIG == 3
    lines = done.stderr.strip().splitlines()
    assert any(line.startswith(f"{config}:1:") for line in lines), lines
    assert any(line.startswith(f"{config}:2:") for line in lines), lines
    assert "Traceback" not in done.stderr


def test_without_a_configured_file_the_bundled_flows_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    content, updater = load_kiosk_content(KioskConfig(), None)
    assert content is not None and content.source == "bundled"
    assert content.path == bundled_flows()
    assert updater is None


def test_a_broken_configured_file_falls_back_and_still_gets_an_updater(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    broken = tmp_path / "flows.yaml"
    broken.write_text("schema: 1\nstart: [", encoding="utf-8")
    content, updater = load_kiosk_content(KioskConfig(flows=broken), None)
    assert content is not None and content.source == "bundled"
    assert any(reason.startswith("configured: ") for reason in content.reasons)
    assert updater is not None  # a fixed file is picked up at the next idle reset
    bundled = bundled_flows().read_text(encoding="utf-8")
    fixed = bundled.replace("content_version:", 'content_version: "2026-12-01"  #', 1)
    broken.write_text(fixed, encoding="utf-8")
    new = updater.poll()
    assert new is not None and new.source == "configured"
    assert new.flow.content_version == "2026-12-01"


def test_a_configured_file_missing_at_the_start_is_picked_up_once_it_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    missing = tmp_path / "share" / "flows.yaml"  # a share not mounted yet
    content, updater = load_kiosk_content(KioskConfig(flows=missing), None)
    assert content is not None and content.source == "bundled"
    assert updater is not None
    assert updater.poll() is None  # still not there: the kiosk goes on as it is
    missing.parent.mkdir()
    bundled = bundled_flows().read_text(encoding="utf-8")
    store_copy = bundled.replace("content_version:", 'content_version: "loja-1"  #', 1)
    missing.write_text(store_copy, encoding="utf-8")
    new = updater.poll()
    assert new is not None and new.source == "configured"
    assert new.flow.content_version == "loja-1"


def test_nothing_usable_means_maintenance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    broken = tmp_path / "flows.yaml"
    broken.write_text("schema: 1\nstart: [", encoding="utf-8")
    content, updater = load_kiosk_content(KioskConfig(flows=broken), None, bundled=broken)
    assert content is None and updater is None


def test_maintenance_recovers_once_the_configured_file_is_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    broken = tmp_path / "broken-bundled.yaml"  # a damaged install
    broken.write_text("schema: 1\nstart: [", encoding="utf-8")
    configured = tmp_path / "loja" / "flows.yaml"  # not there yet
    config = KioskConfig(flows=configured)
    recovery = kiosk_recovery(config, None, bundled=broken)
    assert load_kiosk_content(config, None, bundled=broken) == (None, None)
    assert configured in recovery.paths and broken in recovery.paths

    caplog.clear()
    with caplog.at_level(logging.ERROR):
        assert recovery.poll() is None  # nothing changed: nothing read, nothing logged
    assert caplog.records == []
    configured.parent.mkdir()
    configured.write_text("schema: 1\nstart: [", encoding="utf-8")  # still broken
    with caplog.at_level(logging.ERROR):
        assert recovery.poll() is None
    logged = [r.getMessage() for r in caplog.records]
    assert logged[0] == "no usable flows, not even the bundled file:"
    assert len(logged) == 4  # the header and one line per source, once

    configured.write_bytes(bundled_flows().read_bytes())  # the store fixed it
    found = recovery.poll()
    assert found is not None
    content, updater = found
    assert content.source == "configured" and content.path == configured
    assert updater is not None and updater.path == configured  # later updates still apply


def test_a_configured_flows_file_deleted_since_the_last_start_falls_back_not_exit_3(
    tmp_path: Path,
) -> None:
    flows = tmp_path / "loja" / "flows.yaml"
    flows.parent.mkdir()
    flows.write_bytes(bundled_flows().read_bytes())
    config = tmp_path / "loja" / "kiosk.yaml"
    config.write_text(
        f'pin_hash: "{hash_pin("2468")}"\nregion: sudeste\nflows: flows.yaml\n', encoding="utf-8"
    )
    first = run_assistant("--kiosk-config", str(config), "--exit-after-first-paint", home=tmp_path)
    assert first.returncode == ADMIN_EXIT, first.stderr
    flows.unlink()  # gone before the next start (a reboot, a restart after a crash)
    again = run_assistant("--kiosk-config", str(config), "--exit-after-first-paint", home=tmp_path)
    assert again.returncode == ADMIN_EXIT, again.stderr
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "from the last-known-good file" in log
    assert "there is no such file" in log


def test_a_kiosk_starts_without_a_qt_warning(tmp_path: Path) -> None:
    # run_kiosk sends Qt's messages to the log (assistant.qt), out of pytest-qt's sight; only
    # those the suite ignores too (the offscreen platform's own) may be there.
    config = tmp_path / "kiosk.yaml"
    config.write_text(f'pin_hash: "{hash_pin("2468")}"\nregion: sudeste\n', encoding="utf-8")
    done = run_assistant("--kiosk-config", str(config), "--exit-after-first-paint", home=tmp_path)
    assert done.returncode == ADMIN_EXIT, done.stderr
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert f"kiosk content {read_flow(bundled_flows()).content_version} · " in log
    marker = " assistant.qt: "
    qt = [line.split(marker, 1)[1] for line in log.splitlines() if marker in line]
    assert [m for m in qt if not any(re.search(p, m) for p in QT_LOG_IGNORE)] == [], log


def test_a_content_update_without_the_store_region_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The staff's new flows file renamed the region "sudeste": customers are asked their
    # region again, and the log says why, as it does at a start.
    from assistant.content.loaded import read_content

    renamed = tmp_path / "flows.yaml"
    text = bundled_flows().read_text(encoding="utf-8")
    renamed.write_text(text.replace("sudeste", "regiao_sudeste"), encoding="utf-8")
    listener = content_listener(KioskConfig(region="sudeste"))
    with caplog.at_level(logging.WARNING):
        listener(read_content(renamed, "configured"))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any('region "sudeste" is not a contact' in w for w in warnings), warnings


def test_the_kiosk_keeps_the_light_theme_whatever_the_desktop_prefers(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    """The kiosk followed the desktop's colour scheme: a store's screen went dark when Windows
    switched to dark by schedule (review of the dark theme)."""
    from assistant import logging_setup
    from assistant.ui import theme
    from assistant.ui.kiosk import run

    class ChosenError(Exception):
        pass

    asked: dict[str, object] = {}

    def use_theme(app: QApplication, **options: object) -> None:
        asked.update(options)
        raise ChosenError  # what the kiosk asked is all this test needs

    monkeypatch.setattr(run, "use_theme", use_theme)
    monkeypatch.setattr(theme, "KIOSK_FONT_FACTOR", 1.0)  # the suite's font stays as it is
    monkeypatch.setattr(logging_setup, "configure_logging", lambda **_: None)
    monkeypatch.setattr(theme, "prefers_dark", lambda: True)
    with pytest.raises(ChosenError):
        run.run_kiosk(None)
    assert asked["dark"] is False


# --- a configured file on a share that stops answering -------------------------------------


def test_a_configured_file_that_does_not_answer_does_not_keep_the_screen_blank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The kiosk starts (a reboot) while the store's share is down: reading the file waits
    # until it answers, and the kiosk showed nothing at all meanwhile.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    configured = tmp_path / "loja" / "flows.yaml"
    configured.parent.mkdir()
    text = bundled_flows().read_text(encoding="utf-8")
    new = re.sub(r'(?m)^content_version: ".*"$', 'content_version: "2026-12-01"', text)
    configured.write_text(new, encoding="utf-8")
    share = HeldReads(monkeypatch, source, "read_content", only={configured}, timeout=5)
    with caplog.at_level(logging.INFO):
        recovery, content, updater = first_content(
            KioskConfig(flows=configured), None, wait_s=0.2
        )
    assert not share.ended.is_set()  # started without waiting for it
    assert content is not None and content.source == "bundled"
    assert content.reasons[0] == (
        f"configured: {configured}: cannot read the flows file: no answer in 0 s"
    )
    assert any("did not answer in 0 s" in r.getMessage() for r in caplog.records)
    assert configured in recovery.paths
    assert updater is not None and updater.path == configured
    share.answer()  # the share is back: the next update check finds the file
    found = updater.poll()
    assert found is not None and found.flow.content_version == "2026-12-01"


def test_a_configured_file_that_answers_is_used_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    configured = tmp_path / "flows.yaml"
    configured.write_bytes(bundled_flows().read_bytes())
    _, content, updater = first_content(KioskConfig(flows=configured), None)
    assert content is not None and content.source == "configured"
    assert updater is not None and updater.path == configured


def test_nothing_usable_and_a_file_that_does_not_answer_tries_once_it_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    broken = tmp_path / "broken-bundled.yaml"  # a damaged install, too
    broken.write_text("schema: 1\nstart: [", encoding="utf-8")
    configured = tmp_path / "flows.yaml"
    configured.write_bytes(bundled_flows().read_bytes())
    share = HeldReads(monkeypatch, source, "read_content", only={configured}, timeout=5)
    recovery, content, updater = first_content(
        KioskConfig(flows=configured), None, bundled=broken, wait_s=0.2
    )
    assert content is None and updater is None  # "Em manutenção"
    share.answer()
    found = recovery.poll()  # nothing changed on disk, but nothing was tried yet
    assert found is not None and found[0].source == "configured"


def test_a_configured_file_that_answers_after_the_start_is_left_to_the_update_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # The share answers a while after the kiosk started without the file. The start-up read,
    # left behind, then went on with the whole start: it logged that it "loaded flows ... from
    # the bundled file" the kiosk had been on for a long time, with the file's problems, which
    # the update checks log as well (a broken file is logged once), or wrote a copy the kiosk
    # was not showing.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    configured = tmp_path / "loja" / "flows.yaml"
    configured.parent.mkdir()
    configured.write_text("schema: 1\nstart: [", encoding="utf-8")  # broken, too
    share = HeldReads(monkeypatch, loaded, "read_bytes", only={configured}, timeout=5)
    before = set(threading.enumerate())
    _, content, updater = first_content(KioskConfig(flows=configured), None, wait_s=0.2)
    [behind] = [
        t for t in threading.enumerate() if t not in before and t.name == "kiosk: first flows"
    ]
    assert content is not None and content.source == "bundled" and updater is not None
    caplog.clear()  # the start's own lines
    with caplog.at_level(logging.INFO):
        share.answer()  # the share is back
        behind.join(timeout=5)
        assert not behind.is_alive()
        assert [r.name for r in caplog.records] == ["assistant.ui.kiosk.run"]
        assert "answered after" in caplog.records[0].getMessage()
        caplog.clear()
        assert updater.poll() is None  # the update check says what is wrong with it, once
    headers = [r.getMessage() for r in caplog.records if "cannot be used" in r.getMessage()]
    assert len(headers) == 1


@pytest.fixture
def silent_share(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(the kiosk config, its flows file): a FIFO with a writer that never writes stands in for
    the share (its read waits forever, as on a hard NFS mount that stopped answering)."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("a FIFO stands in for the dead share")
    fifo = tmp_path / "share" / "flows.yaml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # a writer is there: the reader waits for data
    config = tmp_path / "kiosk.yaml"
    config.write_text(
        f'pin_hash: "{hash_pin("2468")}"\nregion: sudeste\nflows: "{fifo}"\n', encoding="utf-8"
    )
    yield config, fifo
    os.close(writer)


def test_the_real_kiosk_comes_up_on_a_flows_file_that_never_answers(
    tmp_path: Path, silent_share: tuple[Path, Path]
) -> None:
    # The whole process, as a store's launcher starts it after a reboot with the share down.
    # The kiosk must show "Um momento" while it waits, come up on the bundled flows after
    # START_WAIT_S, and still end cleanly with the read out.
    config, fifo = silent_share
    done = subprocess.run(
        assistant_command("--kiosk-config", str(config), "--exit-after-first-paint"),
        cwd=REPO, env=child_env(tmp_path), capture_output=True, text=True,
        timeout=START_WAIT_S + 50,
    )
    assert done.returncode == ADMIN_EXIT, done.stderr
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert f"the configured flows file {fifo} did not answer in 10 s" in log
    assert "waiting for the flows file: 'Um momento' on screen" in log  # not a black screen
    version = read_flow(bundled_flows()).content_version
    assert f"kiosk content {version} · " in log and "(bundled)" in log
    assert "kiosk on screen" in log


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_um_momento_waits_for_the_flows_file_ends_the_start(
    tmp_path: Path, silent_share: tuple[Path, Path], signum: int
) -> None:
    # systemctl stop (SIGTERM), or Ctrl+C from a technician's terminal, while the start waits
    # for a share that does not answer: the wait's event loop swallowed Ctrl+C (a traceback on
    # stderr, then the kiosk came up anyway) and SIGTERM killed the process with nothing in
    # the log. It must end at once, as once the kiosk is up: 128+N, the log says why.
    config, _fifo = silent_share
    process = start(tmp_path, "--kiosk-config", str(config))
    try:
        before = "".join(wait_for_line(process, "'Um momento' on screen"))
        process.send_signal(signum)
        _out, rest = process.communicate(timeout=START_WAIT_S / 2)  # before the wait is over
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    err = before + rest
    assert process.returncode == 128 + signum, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert f"kiosk stopped by signal {int(signum)}" in log
    assert f"kiosk ended with exit code {128 + signum}" in log
    assert "did not answer" not in log and "kiosk on screen" not in log  # it never came up
