"""The window opens where the customer left it: size, place and maximized state kept between
runs in window.ini (assistant.ui.window_state), and nothing there can stop the app."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from app_process import REPO, child_env
from PySide6.QtCore import QByteArray, QSettings, Qt
from pytestqt.qtbot import QtBot

from assistant.flows.model import Flow
from assistant.ui.window import MainWindow
from assistant.ui.window_state import (
    STATE_FILE_NAME,
    restore_window_geometry,
    save_window_geometry,
)


def new_window(qtbot: QtBot, flow: Flow) -> MainWindow:
    window = MainWindow(flow)
    qtbot.addWidget(window)
    return window


def test_the_size_comes_back(qtbot: QtBot, bundled_flow: Flow, tmp_path: Path) -> None:
    state = tmp_path / STATE_FILE_NAME
    first = new_window(qtbot, bundled_flow)
    first.resize(700, 520)
    assert save_window_geometry(first, state)

    second = new_window(qtbot, bundled_flow)
    assert second.size().toTuple() != (700, 520)
    assert restore_window_geometry(second, state)
    assert second.size().toTuple() == (700, 520)


def test_a_maximized_window_opens_maximized(
    qtbot: QtBot, bundled_flow: Flow, tmp_path: Path
) -> None:
    state = tmp_path / STATE_FILE_NAME
    first = new_window(qtbot, bundled_flow)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    assert save_window_geometry(first, state)

    second = new_window(qtbot, bundled_flow)
    assert restore_window_geometry(second, state)
    assert second.windowState() & Qt.WindowState.WindowMaximized


def test_no_file_keeps_the_default_size(qtbot: QtBot, bundled_flow: Flow, tmp_path: Path) -> None:
    window = new_window(qtbot, bundled_flow)
    before = window.size()
    assert not restore_window_geometry(window, tmp_path / STATE_FILE_NAME)
    assert window.size() == before


def cut_short(text: str) -> str:
    """A geometry whose last bytes were never written (Qt restores it as a 1x1 window)."""
    start = text.index("geometry=@ByteArray(") + len("geometry=@ByteArray(")
    end = text.index(")", start)
    return text[: start + (end - start) // 2] + text[end:]


def flip_a_byte(text: str) -> str:
    """Qt's own magic number changed (restoreGeometry refuses that by itself)."""
    return text.replace("\\x1\\xd9\\xd0\\xcb", "\\x1\\xd9\\xd0\\xcc")


@pytest.mark.parametrize(
    "spoil",
    [
        cut_short,
        flip_a_byte,
        lambda text: text.replace("geometry-crc32", "geometry-crc"),  # no check saved
        lambda _: "[window]\ngeometry=not a geometry\n",
        lambda _: "\x00\xff garbage",
        lambda _: "",
    ],
    ids=["cut-short", "a-byte-changed", "no-check", "text", "garbage", "empty"],
)
def test_a_corrupt_file_keeps_the_default_size(
    qtbot: QtBot, bundled_flow: Flow, tmp_path: Path, spoil: Callable[[str], str]
) -> None:
    state = tmp_path / STATE_FILE_NAME
    saved = new_window(qtbot, bundled_flow)
    saved.resize(700, 520)
    assert save_window_geometry(saved, state)
    text = state.read_text(encoding="latin-1")
    spoilt = spoil(text)
    assert spoilt != text
    # Another file: QSettings caches what it read per path, and may not see a same-size change
    # made within the same millisecond.
    state = tmp_path / "spoilt" / STATE_FILE_NAME
    state.parent.mkdir()
    state.write_text(spoilt, encoding="latin-1")
    window = new_window(qtbot, bundled_flow)
    before = window.size()
    assert not restore_window_geometry(window, state)
    assert window.size() == before


def test_a_geometry_changed_after_it_was_saved_is_refused(
    qtbot: QtBot, bundled_flow: Flow, tmp_path: Path
) -> None:
    """A byte of the saved size changed (a bad sector, a hand edit): Qt would restore whatever
    it reads now; the CRC-32 saved with it says it is not what was saved."""
    state = tmp_path / STATE_FILE_NAME
    saved = new_window(qtbot, bundled_flow)
    saved.resize(700, 520)
    assert save_window_geometry(saved, state)
    settings = QSettings(str(state), QSettings.Format.IniFormat)
    data = bytearray(settings.value("window/geometry").data())
    data[-5] ^= 0x01  # in the last rectangle of the blob: the window's height
    settings.setValue("window/geometry", QByteArray(bytes(data)))
    settings.sync()
    other = new_window(qtbot, bundled_flow)
    assert other.restoreGeometry(QByteArray(bytes(data)))  # what Qt alone would do
    window = new_window(qtbot, bundled_flow)
    before = window.size()
    assert not restore_window_geometry(window, state)
    assert window.size() == before


def test_a_place_that_cannot_be_written_is_logged_not_raised(
    qtbot: QtBot, bundled_flow: Flow, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    window = new_window(qtbot, bundled_flow)
    with caplog.at_level(logging.WARNING, logger="assistant.ui.window_state"):
        assert not save_window_geometry(window, blocker / STATE_FILE_NAME)
    assert "cannot keep the window's place" in caplog.text


# run_gui up to its first paint, in a child: the window's size as shown, then the app ends.
PROBE = """
from assistant.ui import app

shown = []
original = app.MainWindow.show

def show(self):
    original(self)
    shown.append(self)

app.MainWindow.show = show
code = app.run_gui(None, exit_after_first_paint=True)
print(code, *shown[0].size().toTuple())
"""


def run_app(home: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=child_env(home), capture_output=True,
        text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_app_saves_its_place_and_opens_there_next_time(
    qtbot: QtBot, bundled_flow: Flow, tmp_path: Path
) -> None:
    state = tmp_path / "config" / "Assistente de Faturas" / STATE_FILE_NAME
    first = run_app(tmp_path)
    assert state.is_file()  # saved as the app ended
    assert first != "0 700 520"

    moved = new_window(qtbot, bundled_flow)
    moved.resize(700, 520)  # as if the customer had made it smaller
    assert save_window_geometry(moved, state)
    assert run_app(tmp_path) == "0 700 520"
