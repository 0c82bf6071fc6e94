"""The admin exit: the corner gesture and the right PIN leave kiosk mode with exit code 0; a
wrong PIN does not. In-process with the exit injected, and once in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

import assistant
from assistant.kiosk.exit_codes import ADMIN_EXIT
from assistant.kiosk.pin import hash_pin, verify_pin
from assistant.ui.kiosk import AdminExit, CornerTapDetector, KioskLock, PinPad

from .admin_exit_child import PIN, STILL_RUNNING
from .support import corner_gesture, tap, type_pin

REPO = Path(assistant.__file__).resolve().parent.parent
CHILD = Path(__file__).with_name("admin_exit_child.py")


@pytest.fixture(scope="module")
def verify() -> Callable[[str], bool]:
    stored = hash_pin(PIN)
    return lambda pin: verify_pin(pin, stored)


@pytest.fixture
def pad(window: QWidget, lock: KioskLock, verify: Callable[[str], bool]) -> PinPad:
    keypad = PinPad(verify, window)
    AdminExit(CornerTapDetector(window), keypad, lock)
    return keypad


def test_gesture_and_the_right_pin_exit_with_0(
    window: QWidget, pad: PinPad, exit_codes: list[int], qtbot: QtBot
) -> None:
    assert pad.isHidden()
    corner_gesture(window)
    assert pad.isVisible()
    type_pin(window, PIN)
    assert exit_codes == [ADMIN_EXIT] == [0]
    assert not window.isVisible()


def test_a_wrong_pin_does_not_exit(
    window: QWidget, pad: PinPad, exit_codes: list[int], lock: KioskLock
) -> None:
    corner_gesture(window)
    type_pin(window, "1111")
    assert exit_codes == []
    assert pad.isVisible()
    assert pad.message == "PIN incorreto. Tente de novo."
    assert not window.close()  # still locked
    assert not lock.released


def test_no_gesture_no_pad(window: QWidget, pad: PinPad, exit_codes: list[int]) -> None:
    for _ in range(4):
        tap(window, QPoint(window.width() - 10, 10))
    assert pad.isHidden()
    type_pin(window, PIN)  # typed into the kiosk, not into a pad
    assert exit_codes == []


def run_child(pin: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, str(CHILD), pin],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )


def test_a_real_process_exits_with_0_on_the_right_pin() -> None:
    done = run_child(PIN)
    assert done.returncode == ADMIN_EXIT, done.stdout + done.stderr
    assert "pad open: True" in done.stdout
    assert "close refused: True" in done.stdout
    assert "typed; window visible: False" in done.stdout


def test_a_real_process_keeps_running_on_a_wrong_pin() -> None:
    done = run_child("1111")
    assert done.returncode == STILL_RUNNING, done.stdout + done.stderr
    assert "pad open: True" in done.stdout
    assert "typed; window visible: True" in done.stdout
