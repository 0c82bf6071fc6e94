"""assistant/ui/single_instance.py: a second start brings the open window forward and ends."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_process import REPO, assistant_command, child_env
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from assistant import APP_NAME
from assistant.testing import Pilot
from assistant.testing.plugin import QT_LOG_IGNORE
from assistant.ui import theme
from assistant.ui.app import come_forward, theme_wishes, use_theme
from assistant.ui.single_instance import LOCK_NAME, SingleInstance, Wishes
from assistant.ui.theme import ThemeName

# Offscreen has no window manager to raise a window with (the real-X lane raises it).
NO_RAISE_OFFSCREEN = r"^This plugin does not support raise\(\)$"


def test_the_first_start_takes_the_lock_and_a_second_finds_it_held(tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "config")
    assert not first.another_is_running()
    assert (tmp_path / "config" / LOCK_NAME).is_file()
    assert SingleInstance(tmp_path / "config").another_is_running()
    first.release()
    assert not SingleInstance(tmp_path / "config").another_is_running()


def test_a_request_from_another_start_brings_the_window_forward(
    tmp_path: Path, qtbot: QtBot
) -> None:
    first = SingleInstance(tmp_path)
    assert not first.another_is_running()
    asked: list[str] = []
    first.listen(lambda _wishes: asked.append("forward"))
    try:
        assert SingleInstance(tmp_path).ask_to_come_forward()
        qtbot.waitUntil(lambda: asked == ["forward"])
        assert SingleInstance(tmp_path).ask_to_come_forward()  # and again, the next time
        qtbot.waitUntil(lambda: asked == ["forward", "forward"])
    finally:
        first.release()


def test_a_second_start_s_theme_flags_reach_the_running_window(
    tmp_path: Path, qtbot: QtBot
) -> None:
    first = SingleInstance(tmp_path)
    assert not first.another_is_running()
    asked: list[Wishes] = []
    first.listen(asked.append)
    try:
        wishes = theme_wishes(high_contrast=True, dark=True)
        assert wishes == {"high-contrast": "yes", "theme": "dark"}
        assert SingleInstance(tmp_path).ask_to_come_forward(wishes)
        qtbot.waitUntil(lambda: len(asked) == 1)
        plain = theme_wishes(high_contrast=False, dark=None)
        assert SingleInstance(tmp_path).ask_to_come_forward(plain)
        qtbot.waitUntil(lambda: len(asked) == 2)
        assert asked == [{"high-contrast": "yes", "theme": "dark"}, {}]
    finally:
        first.release()


def test_a_garbled_request_line_loses_no_later_start_s_wishes(
    tmp_path: Path, qtbot: QtBot
) -> None:
    """Lines that are not requests (not UTF-8, no wishes, no words) bring the window forward
    with no wishes, and the next real start's wishes still arrive: one undecodable byte in the
    file once made every later request read as wishing nothing, for as long as the window ran."""
    first = SingleInstance(tmp_path)
    assert not first.another_is_running()
    asked: list[Wishes] = []
    first.listen(asked.append)
    try:
        with first.request_file.open("ab") as request:
            request.write(b"\xff\xfe 1 theme=dark\ngarbage\n\n1 2 theme\n")
        qtbot.waitUntil(lambda: len(asked) >= 1)
        assert all(wishes == {} for wishes in asked)
        assert SingleInstance(tmp_path).ask_to_come_forward({"theme": "dark"})
        qtbot.waitUntil(lambda: asked[-1] == {"theme": "dark"})
    finally:
        first.release()


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    use_theme(qapp, high_contrast=False, dark=False)


@pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, NO_RAISE_OFFSCREEN, extend=True)
def test_the_running_window_takes_on_the_theme_a_second_start_asks_for(
    pilot: Pilot, restore_theme: QApplication
) -> None:
    """`assistant --high-contrast` with the assistant open brought the old window forward, in
    the old colours."""
    use_theme(restore_theme, high_contrast=False, dark=False)
    come_forward(pilot.window, theme_wishes(high_contrast=True, dark=None))
    assert theme.current_theme_name(restore_theme) is ThemeName.HIGH_CONTRAST
    come_forward(pilot.window, theme_wishes(high_contrast=False, dark=True))
    assert theme.current_theme_name(restore_theme) is ThemeName.DARK
    come_forward(pilot.window, {})  # a plain start (the menu entry): the theme stays
    assert theme.current_theme_name(restore_theme) is ThemeName.DARK
    assert pilot.window.isVisible()


@pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, NO_RAISE_OFFSCREEN, extend=True)
def test_a_dialog_open_over_the_window_comes_forward_in_front_of_it(
    pilot: Pilot, qtbot: QtBot
) -> None:
    pilot.window.open_about()
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.parent() is pilot.window
    raised: list[str] = []
    pilot.window.raise_ = lambda: raised.append("window")  # type: ignore[method-assign]
    dialog.raise_ = lambda: raised.append("dialog")  # type: ignore[method-assign]
    come_forward(pilot.window, {})
    assert raised == ["window", "dialog"]  # the dialog last: on top
    dialog.close()


def test_the_lock_of_a_process_that_is_gone_is_taken_over(tmp_path: Path) -> None:
    """A crash (or a power cut) leaves the lock file behind: it must not keep the app shut."""
    crashed = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from assistant.ui.single_instance import SingleInstance
        held = SingleInstance(Path({str(tmp_path)!r}))
        assert not held.another_is_running()
        os._exit(0)  # no unlock, as in a crash
        """
    )
    subprocess.run([sys.executable, "-c", crashed], check=True, cwd=REPO)
    assert (tmp_path / LOCK_NAME).is_file()
    assert not SingleInstance(tmp_path).another_is_running()


def test_a_folder_that_cannot_be_made_never_stops_the_app(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    assert not SingleInstance(tmp_path / "file" / "config").another_is_running()


@pytest.mark.skipif(sys.platform == "win32", reason="reads the running app's stderr as it goes")
def test_a_second_start_of_the_app_brings_the_first_forward_and_ends(tmp_path: Path) -> None:
    env = child_env(tmp_path)
    first = subprocess.Popen(
        assistant_command("--verbose"), cwd=REPO, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert first.stderr is not None
        for line in first.stderr:
            if "started on" in line:
                break
        else:
            pytest.fail("the first start never came up")
        # In the login's runtime folder (child_env's), not in the config folder: a home on
        # the network shares that with the user's other machines.
        assert (tmp_path / "runtime" / APP_NAME / LOCK_NAME).is_file()
        assert not (tmp_path / "config" / APP_NAME / LOCK_NAME).exists()
        second = subprocess.run(
            assistant_command("--theme", "dark"), cwd=REPO, env=env,
            capture_output=True, text=True, timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert "already open; its window was brought forward, in the theme asked" in second.stderr
        for line in first.stderr:
            if "another start asked for this window ({'theme': 'dark'})" in line:
                break
        else:
            pytest.fail("the first start was never asked")
        assert first.poll() is None  # still running, one window
    finally:
        first.terminate()
        first.communicate(timeout=10)
    third = subprocess.run(  # the first is gone: a start opens its window again
        assistant_command("--exit-after-first-paint"), cwd=REPO, env=env,
        capture_output=True, text=True, timeout=60,
    )
    assert third.returncode == 0, third.stderr
    assert "already open" not in third.stderr


def test_a_request_made_while_the_first_start_comes_up_is_not_lost(
    tmp_path: Path, qtbot: QtBot
) -> None:
    """The first start listens once its window is painted; a second start before that asked
    into a file the first then emptied, and nothing came forward."""
    first = SingleInstance(tmp_path)
    assert not first.another_is_running()
    assert SingleInstance(tmp_path).ask_to_come_forward()  # before the first listens
    asked: list[str] = []
    try:
        first.listen(lambda _wishes: asked.append("forward"))
        qtbot.waitUntil(lambda: asked == ["forward"])
    finally:
        first.release()


def test_a_request_left_by_an_assistant_that_ended_is_not_for_the_next(
    tmp_path: Path, qtbot: QtBot
) -> None:
    (tmp_path / "instance.raise").write_text("123 1.0\n", encoding="utf-8")
    first = SingleInstance(tmp_path)
    assert not first.another_is_running()
    asked: list[str] = []
    try:
        first.listen(lambda _wishes: asked.append("forward"))
        qtbot.wait(50)
        assert asked == []
    finally:
        first.release()
