"""Recovery: the fallback chain is tried again only when one of its files changed on disk."""

from __future__ import annotations

import os
from pathlib import Path

from assistant.content.recovery import Recovery, file_contents, file_state


def make(paths: list[Path], result: str | None) -> tuple[list[int], Recovery[str]]:
    calls: list[int] = []

    def attempt() -> str | None:
        calls.append(1)
        return result

    return calls, Recovery(paths, attempt)


def test_nothing_changed_means_nothing_read(tmp_path: Path) -> None:
    flows = tmp_path / "flows.yaml"
    flows.write_text("broken: [", encoding="utf-8")
    calls, recovery = make([flows], "content")
    assert recovery.poll() is None
    assert recovery.poll() is None
    assert calls == []


def test_a_saved_file_is_tried_once(tmp_path: Path) -> None:
    flows = tmp_path / "flows.yaml"
    flows.write_text("broken: [", encoding="utf-8")
    calls, recovery = make([flows], "content")
    flows.write_text("fixed: yes, longer", encoding="utf-8")
    assert recovery.poll() == "content"
    assert recovery.poll() is None  # the same file again: not tried again
    assert len(calls) == 1


def test_a_file_created_or_removed_is_a_change(tmp_path: Path) -> None:
    missing = tmp_path / "loja" / "flows.yaml"
    other = tmp_path / "lkg.yaml"
    other.write_text("x", encoding="utf-8")
    calls, recovery = make([missing, other], None)
    missing.parent.mkdir()
    missing.write_text("new", encoding="utf-8")
    assert recovery.poll() is None and len(calls) == 1  # tried, still nothing usable
    other.unlink()
    assert recovery.poll() is None and len(calls) == 2


def test_the_same_size_saved_later_is_a_change(tmp_path: Path) -> None:
    flows = tmp_path / "flows.yaml"
    flows.write_text("aaaa", encoding="utf-8")
    calls, recovery = make([flows], "content")
    flows.write_text("bbbb", encoding="utf-8")
    stat = flows.stat()
    os.utime(flows, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert recovery.poll() == "content" and len(calls) == 1


def test_the_same_bytes_written_again_are_not_tried_again(tmp_path: Path) -> None:
    # A store pulling the same broken file every few minutes (cron curl -o, rsync without -t):
    # its problems are logged at the first pull, not at every one.
    flows = tmp_path / "flows.yaml"
    flows.write_text("broken: [", encoding="utf-8")
    calls, recovery = make([flows], None)
    for pull in range(3):
        flows.write_text("broken: [ still", encoding="utf-8")
        stat = flows.stat()
        os.utime(flows, ns=(stat.st_atime_ns, stat.st_mtime_ns + (pull + 1) * 1_000_000_000))
        assert recovery.poll() is None
    assert len(calls) == 1


def test_a_permission_fix_is_a_change(tmp_path: Path) -> None:
    # chmod changes neither the modification time nor the size: only the change time.
    flows = tmp_path / "flows.yaml"
    flows.write_text("fixed", encoding="utf-8")
    calls, recovery = make([flows], "content")
    before = after = file_state(flows)
    mode = 0o600
    for _ in range(1_000_000):  # the change time ticks coarsely: chmod until it shows
        flows.chmod(mode)
        after = file_state(flows)
        if after != before:
            break
        mode ^= 0o040
    assert before is not None and after is not None and after != before
    assert after[0] == before[0] and after[2] == before[2]  # mtime and size as they were
    assert recovery.poll() == "content" and len(calls) == 1


def test_file_state_and_contents_of_what_cannot_be_read(tmp_path: Path) -> None:
    assert file_state(tmp_path / "missing.yaml") is None
    assert file_state(Path("nul\0byte")) is None
    assert file_contents(tmp_path / "missing.yaml").startswith("unreadable: FileNotFoundError")
    assert file_contents(tmp_path).startswith("unreadable:")  # a folder
    present = tmp_path / "flows.yaml"
    present.write_bytes(b"12345")
    state = file_state(present)
    assert state is not None and state[2] == 5
    assert file_contents(present) != file_contents(tmp_path / "missing.yaml")


def test_a_recovery_that_has_tried_nothing_tries_at_its_first_poll(tmp_path: Path) -> None:
    # The first load never finished (the configured file did not answer): the first poll
    # tries, though nothing changed on disk since the recovery was built.
    flows = tmp_path / "flows.yaml"
    flows.write_text("fixed: yes", encoding="utf-8")
    calls: list[int] = []

    def attempt() -> str | None:
        calls.append(1)
        return None

    recovery = Recovery([flows], attempt, tried=False)
    assert recovery.poll() is None and calls == [1]
    assert recovery.poll() is None and calls == [1]  # then only a change tries again
