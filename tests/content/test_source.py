"""The start-up fallback chain and the kiosk's idle-reset updates."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from content_flows import make_flows
from file_reads import count_reads

from assistant.content import source
from assistant.content.loaded import NoContentError
from assistant.content.source import NOT_CONFIGURED, ContentUpdater, load_content
from assistant.content.stamp import ContentStamp
from assistant.content.store import LastKnownGoodStore

GOOD = make_flows().encode("utf-8")
NEWER = make_flows(version="2026-12-01", title="Menu novo").encode("utf-8")
BROKEN = make_flows(version="2026-12-02", target="fiim").encode("utf-8")
LOGGER = "assistant.content.source"


def problems_of(path: Path, source: str) -> list[str]:
    """The reasons BROKEN gives when read from `path` as `source`."""
    return [
        f'{source}: {path}:9:43: option "pagar" leads to unknown screen "fiim"; '
        'did you mean "fim"?',
    ]


@pytest.fixture
def store(tmp_path: Path) -> LastKnownGoodStore:
    return LastKnownGoodStore(tmp_path / "data" / "flows")


@pytest.fixture
def configured(tmp_path: Path) -> Path:
    return tmp_path / "kiosk" / "flows.yaml"


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    path = tmp_path / "bundle" / "flows.yaml"
    path.parent.mkdir()
    path.write_text(make_flows(version="bundled-1"), encoding="utf-8")
    return path


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def records(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == LOGGER]


# --- the start-up chain -------------------------------------------------------------------


def test_a_clean_configured_file_is_used_and_becomes_last_known_good(
    configured: Path, store: LastKnownGoodStore, bundled: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(configured, GOOD)
    caplog.set_level(logging.INFO, logger="assistant.content")
    loaded = load_content(configured, store, bundled)
    assert loaded.source == "configured"
    assert loaded.path == configured
    assert loaded.reasons == ()
    assert loaded.stamp == ContentStamp.of("2026-11-24", GOOD)
    assert store.path.read_bytes() == GOOD
    stamp = loaded.stamp
    assert records(caplog) == [
        (logging.INFO, f"loaded flows {stamp} from the configured file {configured}")
    ]


def test_a_broken_configured_file_falls_back_to_last_known_good(
    configured: Path, store: LastKnownGoodStore, bundled: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store.save(GOOD)
    write(configured, BROKEN)
    caplog.set_level(logging.INFO, logger="assistant.content")
    loaded = load_content(configured, store, bundled)
    assert loaded.source == "last-known-good"
    assert loaded.path == store.path
    assert loaded.stamp == ContentStamp.of("2026-11-24", GOOD)
    assert loaded.reasons == tuple(problems_of(configured, "configured"))
    assert store.path.read_bytes() == GOOD  # the broken file never replaced it
    header = f"loaded flows {loaded.stamp} from the last-known-good file {store.path}, because:"
    assert records(caplog) == [
        (logging.WARNING, header),
        *((logging.WARNING, f"  {reason}") for reason in loaded.reasons),
    ]


def test_a_missing_configured_file_falls_back_to_last_known_good(
    configured: Path, store: LastKnownGoodStore, bundled: Path
) -> None:
    store.save(NEWER)
    loaded = load_content(configured, store, bundled)
    assert loaded.source == "last-known-good"
    assert loaded.flow.content_version == "2026-12-01"
    assert loaded.reasons == (
        f"configured: {configured}: cannot read the flows file: there is no such file",
    )


def test_with_neither_it_falls_back_to_the_bundled_flows(
    configured: Path, store: LastKnownGoodStore, bundled: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(configured, BROKEN)
    caplog.set_level(logging.INFO, logger="assistant.content")
    loaded = load_content(configured, store, bundled)
    assert loaded.source == "bundled"
    assert loaded.path == bundled
    assert loaded.flow.content_version == "bundled-1"
    assert loaded.reasons == (
        *problems_of(configured, "configured"),
        f"last-known-good: {store.path}: cannot read the flows file: there is no such file",
    )
    assert not store.exists()  # the bundled flows are not a last-known-good copy
    assert records(caplog) == [
        (
            logging.WARNING,
            f"loaded flows bundled-1 · {loaded.stamp.short_hash} from the bundled file {bundled}, "
            "because:",
        ),
        *((logging.WARNING, f"  {reason}") for reason in loaded.reasons),
    ]


def test_a_damaged_last_known_good_copy_falls_back_to_bundled(
    configured: Path, store: LastKnownGoodStore, bundled: Path
) -> None:
    write(store.path, BROKEN)  # edited by hand: the store itself never writes this
    loaded = load_content(None, store, bundled)
    assert loaded.source == "bundled"
    assert loaded.reasons == (NOT_CONFIGURED, *problems_of(store.path, "last-known-good"))


def test_nothing_configured_and_no_copy_loads_bundled_quietly(
    store: LastKnownGoodStore, bundled: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="assistant.content")
    loaded = load_content(None, store, bundled)
    assert loaded.source == "bundled"
    assert NOT_CONFIGURED == "configured: no flows file is configured"
    assert [level for level, _ in records(caplog)] == [logging.INFO] * 3


def test_when_nothing_is_usable_every_reason_is_raised(
    configured: Path, store: LastKnownGoodStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(configured, BROKEN)
    missing = tmp_path / "nowhere" / "flows.yaml"
    with pytest.raises(NoContentError) as caught:
        load_content(configured, store, missing)
    assert caught.value.problems == (
        *problems_of(configured, "configured"),
        f"last-known-good: {store.path}: cannot read the flows file: there is no such file",
        f"bundled: {missing}: cannot read the flows file: there is no such file",
    )
    assert records(caplog) == [
        (logging.ERROR, "no usable flows, not even the bundled file:"),
        *((logging.ERROR, f"  {reason}") for reason in caught.value.problems),
    ]


def test_an_unwritable_data_folder_does_not_stop_a_clean_file(
    configured: Path, tmp_path: Path, bundled: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    store = LastKnownGoodStore(blocker / "flows")
    write(configured, GOOD)
    loaded = load_content(configured, store, bundled)
    assert loaded.source == "configured"
    [(_, message)] = [r for r in records(caplog) if r[0] >= logging.WARNING]
    assert message.startswith(f"could not save flows {loaded.stamp} as the last-known-good copy")


# --- updates at idle reset ----------------------------------------------------------------


@pytest.fixture
def updater(configured: Path, store: LastKnownGoodStore, bundled: Path) -> ContentUpdater:
    write(configured, GOOD)
    return ContentUpdater(configured, store, load_content(configured, store, bundled))


def test_nothing_changes_until_poll(updater: ContentUpdater, configured: Path) -> None:
    write(configured, NEWER)
    assert updater.current.flow.content_version == "2026-11-24"  # no thread, no timer


def test_an_unchanged_file_gives_nothing(
    updater: ContentUpdater, store: LastKnownGoodStore
) -> None:
    before = store.path.stat().st_mtime_ns
    assert updater.poll() is None
    assert updater.poll() is None
    assert store.path.stat().st_mtime_ns == before


def test_a_clean_change_is_returned_once_and_saved(
    updater: ContentUpdater, configured: Path, store: LastKnownGoodStore
) -> None:
    write(configured, NEWER)
    update = updater.poll()
    assert update is not None
    assert update.source == "configured"
    assert update.stamp == ContentStamp.of("2026-12-01", NEWER)
    assert update.flow.screen("menu").title == "Menu novo"
    assert updater.current is update
    assert store.path.read_bytes() == NEWER
    assert updater.poll() is None


def test_poll_if_touched_reads_only_a_file_whose_size_or_times_changed(
    updater: ContentUpdater, configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The kiosk looks every few seconds: a file at the size cap, on a share, was megabytes read
    # and hashed each time, for nothing.
    reads = count_reads(monkeypatch, source, "read_bytes")
    assert updater.poll_if_touched() is None  # never polled yet: read
    assert reads == [configured]
    assert updater.poll_if_touched() is None
    assert updater.poll() is None  # poll itself always reads
    assert updater.poll_if_touched() is None
    assert reads == [configured, configured]
    write(configured, NEWER)
    update = updater.poll_if_touched()
    assert update is not None and update.flow.content_version == "2026-12-01"
    assert len(reads) == 3
    configured.unlink()
    assert updater.poll_if_touched() is None  # gone: tried every time (logged once)
    assert updater.poll_if_touched() is None
    assert len(reads) == 5


def test_a_broken_change_is_refused_logged_once_and_never_saved(
    updater: ContentUpdater,
    configured: Path,
    store: LastKnownGoodStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    write(configured, BROKEN)
    caplog.set_level(logging.INFO, logger="assistant.content")
    assert updater.poll() is None
    assert updater.poll() is None
    assert updater.current.stamp == ContentStamp.of("2026-11-24", GOOD)
    assert store.path.read_bytes() == GOOD
    lines = [p.removeprefix("configured: ") for p in problems_of(configured, "configured")]
    assert records(caplog) == [
        (
            logging.WARNING,
            f"the configured flows file {configured} cannot be used (1 problem(s)); "
            f"keeping flows {updater.current.stamp}:",
        ),
        (logging.WARNING, f"  {lines[0]}"),
    ]
    # Fixed: the next idle reset takes it.
    write(configured, NEWER)
    update = updater.poll()
    assert update is not None and update.flow.content_version == "2026-12-01"
    assert store.path.read_bytes() == NEWER


def test_a_missing_file_keeps_the_content(
    updater: ContentUpdater, configured: Path, caplog: pytest.LogCaptureFixture
) -> None:
    configured.unlink()
    assert updater.poll() is None
    assert updater.poll() is None
    assert [m for level, m in records(caplog) if level == logging.WARNING] == [
        f"the configured flows file {configured} cannot be used (1 problem(s)); "
        f"keeping flows {updater.current.stamp}:",
        f"  {configured}: cannot read the flows file: there is no such file",
    ]
    write(configured, GOOD)  # back as it was: nothing to apply
    assert updater.poll() is None


def test_an_updater_started_on_fallback_content_takes_the_fixed_file(
    configured: Path, store: LastKnownGoodStore, bundled: Path
) -> None:
    write(configured, BROKEN)
    start = load_content(configured, store, bundled)
    assert start.source == "bundled"
    updater = ContentUpdater(configured, store, start)
    assert updater.poll() is None
    write(configured, GOOD)
    update = updater.poll()
    assert update is not None and update.source == "configured"
    assert store.path.read_bytes() == GOOD
