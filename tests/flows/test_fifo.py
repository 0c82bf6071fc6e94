"""A named pipe where a file is expected never hangs the app: with no writer it reads as empty.

`open("rb")` on a FIFO waits for a writer: forever, before the first window (flows file, kiosk
config, a cache entry) or, in a kiosk, at the idle reset that polls the flows file.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from assistant.flows.cache import cache_key, load_flow_cached
from assistant.flows.loader import load_flow
from assistant.flows.problems import FlowError
from assistant.kiosk.config import KioskConfigError, load_kiosk_config
from assistant.resources import bundled_flows

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")

T = TypeVar("T")


def within(seconds: float, call: Callable[[], T]) -> T:
    """`call()`, failing the test (not hanging it) if it takes longer than `seconds`."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # handed to the test below
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)  # a hung open() must not block exit
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"still waiting after {seconds} s (blocked opening a FIFO)")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[return-value]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "flows.yaml"
    os.mkfifo(path)
    return path


def test_a_flows_file_that_is_a_fifo_without_a_writer_is_reported_empty(fifo: Path) -> None:
    with pytest.raises(FlowError) as raised:
        within(5, lambda: load_flow(fifo))
    assert "the file is empty" in raised.value.report()


def test_the_cached_load_does_not_wait_on_a_fifo_either(fifo: Path, tmp_path: Path) -> None:
    with pytest.raises(FlowError):
        within(5, lambda: load_flow_cached(fifo, tmp_path / "cache"))


def test_a_fifo_in_place_of_a_cache_entry_is_a_miss(tmp_path: Path) -> None:
    source = tmp_path / "flows.yaml"
    source.write_bytes(bundled_flows().read_bytes())
    cache = tmp_path / "cache"
    cache.mkdir()
    name, _identity = cache_key(source, source.read_bytes())
    os.mkfifo(cache / name)
    flow = within(5, lambda: load_flow_cached(source, cache))
    assert flow.start
    assert (cache / name).is_file()  # replaced by a real entry


def test_a_kiosk_config_that_is_a_fifo_is_reported_empty(fifo: Path) -> None:
    with pytest.raises(KioskConfigError) as raised:
        within(5, lambda: load_kiosk_config(fifo))
    assert "the file is empty" in raised.value.report()


@pytest.mark.skipif(sys.platform == "win32", reason="process substitution")
def test_a_pipe_with_a_writer_is_still_read_in_full(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    data = bundled_flows().read_bytes()

    def write() -> None:
        os.write(write_end, data)
        os.close(write_end)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        flow = within(10, lambda: load_flow(f"/dev/fd/{read_end}"))
    finally:
        writer.join()
        os.close(read_end)
    assert flow.start
