"""FlowWatcher: author mode re-reads flows.yaml on every save, once per new version of it."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from assistant.content.loaded import LoadedContent, read_content
from assistant.content.stamp import ContentStamp
from assistant.ui.watch import FlowWatcher

FLOWS = """\
    schema: 1
    content_version: "{version}"
    start: menu
    screens:
      - id: menu
        kind: choice
        title: "Menu"
        options:
          - {{id: pagar, label: "Pagar", next: {target}}}
          - {{id: ajuda, label: "Ajuda", next: ajuda}}
      - id: ajuda
        kind: result
        channel: info
        title: "Ajuda"
        steps: ["Leia a ajuda."]
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """

DEBOUNCE_MS = 20
TIMEOUT_MS = 5000


def flows(version: str = "2026-11-24", target: str = "fim") -> bytes:
    return textwrap.dedent(FLOWS).format(version=version, target=target).encode("utf-8")


FIRST = flows()
SECOND = flows(version="2026-12-01")
BROKEN = flows(version="2026-12-02", target="fiim")


def broken_lines(path: Path) -> list[str]:
    return [
        f'{path}:9:43: option "pagar" leads to unknown screen "fiim"; did you mean "fim"?',
    ]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "flows.yaml"
    path.write_bytes(FIRST)
    return path


@pytest.fixture
def watcher(qtbot: QtBot, path: Path) -> Iterator[FlowWatcher]:
    watcher = FlowWatcher(path, read_content(path, "configured"), debounce_ms=DEBOUNCE_MS)
    yield watcher
    watcher.stop()


@pytest.fixture
def emitted(watcher: FlowWatcher) -> list[tuple[str, object]]:
    """Every signal of the watcher, in order."""
    seen: list[tuple[str, object]] = []
    watcher.reloaded.connect(lambda content: seen.append(("reloaded", content)))
    watcher.failed.connect(lambda lines: seen.append(("failed", lines)))
    return seen


def test_it_watches_the_file_and_its_folder(watcher: FlowWatcher, path: Path) -> None:
    assert watcher.path == path
    assert watcher.watched_paths() == sorted([str(path), str(path.parent)])


def test_a_clean_save_reloads(qtbot: QtBot, watcher: FlowWatcher, path: Path) -> None:
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT_MS) as blocker:
        path.write_bytes(SECOND)
    [content] = blocker.args
    assert isinstance(content, LoadedContent)
    assert content.stamp == ContentStamp.of("2026-12-01", SECOND)
    assert (content.source, content.path, content.data) == ("configured", path, SECOND)
    assert content.flow.screen_ids == ("menu", "ajuda", "fim")


def test_a_broken_save_lists_every_problem(
    qtbot: QtBot, watcher: FlowWatcher, path: Path, emitted: list[tuple[str, object]]
) -> None:
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS) as blocker:
        path.write_bytes(BROKEN)
    assert blocker.args == [broken_lines(path)]
    assert emitted == [("failed", broken_lines(path))]


def test_fixing_the_file_reloads_even_the_version_on_show(
    qtbot: QtBot, watcher: FlowWatcher, path: Path
) -> None:
    # The window still shows FIRST; saving FIRST again must still say "clean" (the banner goes).
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS):
        path.write_bytes(BROKEN)
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT_MS) as blocker:
        path.write_bytes(FIRST)
    assert blocker.args[0].stamp == ContentStamp.of("2026-11-24", FIRST)


def test_a_save_by_rename_reloads_and_the_file_is_watched_again(
    qtbot: QtBot, watcher: FlowWatcher, path: Path
) -> None:
    swap = path.with_name(".flows.yaml.swp")
    swap.write_bytes(SECOND)
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT_MS) as blocker:
        swap.replace(path)  # what vim, gedit and most IDEs do
    assert blocker.args[0].stamp == ContentStamp.of("2026-12-01", SECOND)
    # The new file is watched itself: an in-place write (no change in the folder) is seen.
    qtbot.waitUntil(lambda: str(path) in watcher.watched_paths(), timeout=TIMEOUT_MS)
    third = flows(version="2026-12-03")
    with (
        qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT_MS) as blocker,
        path.open("r+b") as stream,
    ):
        stream.write(third)
        stream.truncate()
    assert blocker.args[0].stamp == ContentStamp.of("2026-12-03", third)


def test_the_same_bytes_are_never_reported_twice(
    qtbot: QtBot, watcher: FlowWatcher, path: Path, emitted: list[tuple[str, object]]
) -> None:
    # Saved unchanged (the bytes on show): nothing, through the watcher or asked directly.
    with qtbot.assertNotEmitted(watcher.reloaded, wait=DEBOUNCE_MS * 15):
        path.write_bytes(FIRST)
    watcher.check_now()
    assert emitted == []
    # Broken bytes: one report per save, not per event of the file or its folder.
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS):
        path.write_bytes(BROKEN)
    with qtbot.assertNotEmitted(watcher.failed, wait=DEBOUNCE_MS * 15):
        path.with_name(".flows.yaml.swp").write_bytes(b"")  # an editor's file beside it
    watcher.check_now()
    assert emitted == [("failed", broken_lines(path))]


def test_the_same_broken_file_saved_again_is_reported_again(
    qtbot: QtBot, watcher: FlowWatcher, path: Path, emitted: list[tuple[str, object]]
) -> None:
    # The author closed the banner and saves again to see the list: it comes back.
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS):
        path.write_bytes(BROKEN)
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS):
        path.write_bytes(BROKEN)
    assert emitted == [("failed", broken_lines(path))] * 2


def test_a_folder_deleted_and_made_again_is_watched_again(qtbot: QtBot, path: Path) -> None:
    # A checkout or a sync tool may replace the whole folder: nothing can be watched meanwhile.
    watcher = FlowWatcher(path, read_content(path, "configured"), debounce_ms=50, poll_ms=100)
    try:
        with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS):
            shutil.rmtree(path.parent)
        path.parent.mkdir()
        with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT_MS) as blocker:
            path.write_bytes(SECOND)
        assert blocker.args[0].data == SECOND
        qtbot.waitUntil(lambda: str(path.parent) in watcher.watched_paths(), timeout=TIMEOUT_MS)
    finally:
        watcher.stop()


def test_several_writes_of_one_save_are_read_once(qtbot: QtBot, path: Path) -> None:
    watcher = FlowWatcher(path, read_content(path, "configured"), debounce_ms=500)
    try:
        seen: list[str] = []
        watcher.failed.connect(lambda lines: seen.append("failed"))
        with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT_MS) as blocker:
            path.write_bytes(SECOND[: len(SECOND) // 2])  # an editor's first, partial write
            with path.open("ab") as stream:
                stream.write(SECOND[len(SECOND) // 2 :])
        assert blocker.args[0].data == SECOND
        assert seen == []
    finally:
        watcher.stop()


def test_a_deleted_file_fails_and_its_return_reloads(
    qtbot: QtBot, watcher: FlowWatcher, path: Path
) -> None:
    with qtbot.waitSignal(watcher.failed, timeout=TIMEOUT_MS) as blocker:
        path.unlink()
    assert blocker.args == [[f"{path}: cannot read the flows file: there is no such file"]]
    with qtbot.waitSignal(watcher.reloaded, timeout=TIMEOUT_MS) as blocker:
        path.write_bytes(SECOND)
    assert blocker.args[0].data == SECOND
    qtbot.waitUntil(lambda: str(path) in watcher.watched_paths(), timeout=TIMEOUT_MS)


def test_a_stopped_watcher_is_silent(
    qtbot: QtBot, watcher: FlowWatcher, path: Path, emitted: list[tuple[str, object]]
) -> None:
    watcher.stop()
    assert watcher.watched_paths() == []
    path.write_bytes(SECOND)
    watcher.check_now()
    assert emitted == []


def test_without_current_content_the_first_check_reports(path: Path) -> None:
    watcher = FlowWatcher(path, None, debounce_ms=DEBOUNCE_MS)
    seen: list[LoadedContent] = []
    watcher.reloaded.connect(seen.append)
    watcher.check_now()
    watcher.check_now()
    watcher.stop()
    assert [content.data for content in seen] == [FIRST]
