"""The last-known-good store: only checked content, written atomically, survives kill -9."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from content_flows import make_flows

from assistant.content import store as store_module
from assistant.content.stamp import ContentStamp
from assistant.content.store import (
    FILE_NAME,
    STALE_AFTER_SECONDS,
    LastKnownGoodStore,
    atomic_write,
    default_folder,
)
from assistant.flows.loader import FlowFileError
from assistant.flows.problems import FlowError


@pytest.fixture
def store(tmp_path: Path) -> LastKnownGoodStore:
    return LastKnownGoodStore(tmp_path / "flows")


def test_the_default_folder_is_in_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_folder() == tmp_path / "Assistente de Faturas" / "flows"
    assert LastKnownGoodStore().path == tmp_path / "Assistente de Faturas" / "flows" / FILE_NAME


def test_a_saved_copy_loads_back(store: LastKnownGoodStore) -> None:
    text = make_flows()
    stamp = store.save(text)
    assert stamp == ContentStamp.of("2026-11-24", text.encode("utf-8"))
    assert store.path.read_bytes() == text.encode("utf-8")
    loaded = store.load()
    assert loaded.source == "last-known-good"
    assert loaded.path == store.path
    assert loaded.stamp == stamp
    assert loaded.data == text.encode("utf-8")
    assert loaded.flow.screen_ids == ("menu", "ajuda", "fim")
    assert loaded.reasons == ()
    assert store.temporaries() == []


def test_a_missing_copy_cannot_be_loaded(store: LastKnownGoodStore) -> None:
    assert not store.exists()
    with pytest.raises(FlowFileError, match="there is no such file"):
        store.load()


def test_a_broken_file_is_never_saved(store: LastKnownGoodStore) -> None:
    with pytest.raises(FlowError) as caught:
        store.save(make_flows(target="fiim"))
    assert [str(p) for p in caught.value.problems] == [
        f'{store.path}:9:43: option "pagar" leads to unknown screen "fiim"; did you mean "fim"?',
    ]
    assert not store.folder.exists()


def test_a_broken_file_never_replaces_the_good_copy(store: LastKnownGoodStore) -> None:
    good = make_flows().encode("utf-8")
    store.save(good)
    with pytest.raises(FlowError):
        store.save(make_flows(version="2026-12-01", target="fiim"))
    assert store.path.read_bytes() == good
    assert store.load().stamp == ContentStamp.of("2026-11-24", good)
    assert store.temporaries() == []


def test_saving_the_bytes_already_stored_writes_nothing(tmp_path: Path) -> None:
    writes: list[bytes] = []

    def write(path: Path, data: bytes) -> None:
        writes.append(data)
        atomic_write(path, data)

    store = LastKnownGoodStore(tmp_path, write=write)
    store.save(make_flows())
    store.save(make_flows())
    store.save(make_flows(title="Menu principal"))
    assert writes == [make_flows().encode("utf-8"), make_flows(title="Menu principal").encode()]


def test_the_write_is_synced_then_renamed_then_the_folder_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / FILE_NAME
    target.write_bytes(b"old")
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        events.append(f"fsync {kind}")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append(f"replace {Path(src).name.startswith('.flows.yaml.')} -> {Path(dst).name}")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(target, b"new", chunk_size=1, progress=lambda n: events.append(f"wrote {n}"))
    expected = ["wrote 1", "wrote 2", "wrote 3", "fsync file", "replace True -> flows.yaml"]
    if os.name != "nt":
        expected.append("fsync folder")
    assert events == expected
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


def test_a_write_that_fails_midway_keeps_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / FILE_NAME
    target.write_bytes(b"old content")

    def fail(written: int) -> None:
        if written >= 4:
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"new content", chunk_size=2, progress=fail)
    assert target.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


def test_old_temporaries_are_removed_by_the_next_save(store: LastKnownGoodStore) -> None:
    store.folder.mkdir(parents=True)
    old = store.folder / f".{FILE_NAME}.abc123.tmp"
    old.write_bytes(b"half a file")
    stale = time.time() - STALE_AFTER_SECONDS - 60
    os.utime(old, (stale, stale))
    recent = store.folder / f".{FILE_NAME}.def456.tmp"
    recent.write_bytes(b"another writer, still busy")
    assert store.temporaries() == [old, recent]
    store.save(make_flows())
    assert store.temporaries() == [recent]
    assert store.load().flow.start == "menu"


# --- killed in the middle of a write ------------------------------------------------------

# Saves argv[2] through the store in argv[1], 4 KiB at a time. With argv[3] = "first-chunk" or
# "last-chunk" it prints how many bytes are written at that point and then blocks on stdin, so
# the parent can kill it exactly there; with "never" it saves and prints "saved".
WRITER = textwrap.dedent(
    """\
    import functools, sys
    from pathlib import Path
    from assistant.content.store import LastKnownGoodStore, atomic_write

    folder, source, stop_at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    data = source.read_bytes()

    def progress(written):
        if stop_at == "first-chunk" or (stop_at == "last-chunk" and written == len(data)):
            print(written, flush=True)
            sys.stdin.read()

    write = functools.partial(atomic_write, chunk_size=4096, progress=progress)
    LastKnownGoodStore(folder, write=write).save(data)
    print("saved", flush=True)
    """
)

BIG_PADDING = 6000  # comment lines: a clean file of about 450 KB, i.e. over 100 chunks


def run_writer(
    folder: Path, new: bytes, stop_at: str, tmp_path: Path
) -> tuple[subprocess.Popen[str], str]:
    source = tmp_path / "new-flows.yaml"
    source.write_bytes(new)
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(source), stop_at],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("stop_at", ["first-chunk", "last-chunk"])
def test_a_writer_killed_mid_write_leaves_the_previous_copy_intact(
    tmp_path: Path, store: LastKnownGoodStore, stop_at: str
) -> None:
    previous = make_flows(padding=BIG_PADDING).encode("utf-8")
    store.save(previous)
    new = make_flows(version="2026-12-01", padding=BIG_PADDING).encode("utf-8")

    process, said = run_writer(store.folder, new, stop_at, tmp_path)
    try:
        written = int(said)  # fails with the writer's stderr below if it died on its own
    except ValueError:
        process.kill()
        pytest.fail(f"the writer said {said!r}: {process.communicate()[1]}")
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    process.communicate()

    assert written == (4096 if stop_at == "first-chunk" else len(new))
    assert len(previous) > 100 * 4096
    assert store.path.read_bytes() == previous
    loaded = store.load()
    assert loaded.stamp == ContentStamp.of("2026-11-24", previous)
    assert loaded.data == previous
    # What the killed writer left is a temporary file, never taken for the copy.
    [temporary] = store.temporaries()
    assert temporary.name.startswith(f".{FILE_NAME}.") and temporary.suffix == ".tmp"
    assert 0 < temporary.stat().st_size <= len(new)
    assert sorted(p.name for p in store.folder.iterdir()) == sorted([FILE_NAME, temporary.name])


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_writer_killed_before_any_copy_existed_leaves_none(
    tmp_path: Path, store: LastKnownGoodStore
) -> None:
    new = make_flows(padding=BIG_PADDING).encode("utf-8")
    process, said = run_writer(store.folder, new, "first-chunk", tmp_path)
    assert said == "4096"
    process.kill()
    process.wait(timeout=30)
    process.communicate()
    assert not store.exists()
    with pytest.raises(FlowFileError, match="there is no such file"):
        store.load()
    assert len(store.temporaries()) == 1


def test_the_writer_harness_saves_when_not_killed(
    tmp_path: Path, store: LastKnownGoodStore
) -> None:
    # The kill tests above would pass vacuously if the harness never wrote through the store.
    store.save(make_flows())
    new = make_flows(version="2026-12-01", padding=BIG_PADDING).encode("utf-8")
    process, said = run_writer(store.folder, new, "never", tmp_path)
    _, errors = process.communicate(timeout=60)
    assert (said, process.returncode, errors) == ("saved", 0, "")
    assert store.path.read_bytes() == new
    assert store.load().stamp == ContentStamp.of("2026-12-01", new)
    assert store.temporaries() == []


def test_store_module_never_reads_temporaries(store: LastKnownGoodStore) -> None:
    # Only the copy's own name is ever read: a stray temporary alone is "no copy".
    store.folder.mkdir(parents=True)
    (store.folder / f".{FILE_NAME}.zzz.tmp").write_text(make_flows(), encoding="utf-8")
    with pytest.raises(FlowFileError):
        store.load()
    assert store_module.FILE_NAME == "flows.yaml"
