"""Reads of a flows file, for tests: counted, or held the way a network share that stopped
answering holds them (a hard NFS mount waits for hours; here until `answer()` or `timeout`).

Both replace a module's reading function (`assistant.content.source.read_bytes`, ...) with
`monkeypatch`, and call the real one afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def count_reads(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[Path]:
    """The paths read through `module.name` from now on, in order."""
    reads: list[Path] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(path: Path, *args: Any) -> Any:
        reads.append(path)
        return real(path, *args)

    monkeypatch.setattr(module, name, counted)
    return reads


class HeldReads:
    """Reads through `module.name` (of the paths in `only`; every path when empty) wait until
    `answer()`, at most `timeout` seconds. `started` is set when a held read began, `ended`
    when one ended: a test that finds `ended` set too early knows somebody waited for it."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        module: ModuleType,
        name: str,
        *,
        only: Collection[Path] = (),
        timeout: float = 3.0,
    ) -> None:
        self.started = threading.Event()
        self.ended = threading.Event()
        self._answered = threading.Event()
        real: Callable[..., Any] = getattr(module, name)

        def held(path: Path, *args: Any) -> Any:
            if not only or path in only:
                self.started.set()
                self._answered.wait(timeout)
                self.ended.set()
            return real(path, *args)

        monkeypatch.setattr(module, name, held)

    def answer(self) -> None:
        """The share is back: held reads go on, and later ones are not held."""
        self._answered.set()
