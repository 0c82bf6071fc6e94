"""The version stamp of loaded content: its content_version and a short hash of its bytes.

The content_version alone is written by hand and is often left unchanged by a quick edit; the
hash tells two files apart even then. `str(stamp)` is what the footer, the About view and the
log show, e.g. `2026-11-24 · 3fa1c2d9`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Protocol


class _Hash(Protocol):
    def hexdigest(self) -> str: ...


def _sha256_function() -> Callable[[bytes], _Hash]:
    """CPython's own SHA-256, not hashlib's: hashlib loads OpenSSL, 3.6 MiB of resident memory
    for the desktop app that only hashes one small file (measured by bench/bench_gui.py)."""
    for name in ("_sha2", "_sha256"):  # CPython 3.12+, 3.11
        try:
            function: Callable[[bytes], _Hash] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return function
    from hashlib import sha256  # another Python: the standard way

    return sha256


_sha256 = _sha256_function()

HASH_LENGTH: Final = 8
"""Hex digits of the sha256 shown: enough to tell versions apart, short enough to read out."""


def digest(data: bytes) -> str:
    """The full sha256 of `data`, in hex."""
    return _sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class ContentStamp:
    """What a screen, a support call or a log line needs to identify the content in use."""

    content_version: str
    short_hash: str

    @classmethod
    def of(cls, content_version: str, data: bytes) -> ContentStamp:
        """The stamp of a flows file whose bytes are `data`."""
        return cls(content_version, digest(data)[:HASH_LENGTH])

    def __str__(self) -> str:
        return f"{self.content_version or '-'} · {self.short_hash}"
