"""ContentStamp: content_version plus the first 8 hex digits of the file's sha256."""

from __future__ import annotations

import hashlib

from assistant.content.stamp import HASH_LENGTH, ContentStamp, digest


def test_the_stamp_of_some_bytes() -> None:
    stamp = ContentStamp.of("2026-11-24", b"abc")
    # sha256("abc") = ba7816bf 8f01cfea ...
    assert stamp == ContentStamp("2026-11-24", "ba7816bf")
    assert str(stamp) == "2026-11-24 · ba7816bf"
    assert HASH_LENGTH == 8


def test_the_same_version_with_other_bytes_has_another_stamp() -> None:
    first = ContentStamp.of("2026-11-24", b"title: Menu\n")
    second = ContentStamp.of("2026-11-24", b"title: Menu!\n")
    assert first.content_version == second.content_version
    assert first != second
    assert first.short_hash == hashlib.sha256(b"title: Menu\n").hexdigest()[:8]


def test_digest_is_the_full_sha256() -> None:
    assert digest(b"") == hashlib.sha256(b"").hexdigest()
    assert len(digest(b"x")) == 64


def test_a_stamp_without_version_still_reads() -> None:
    assert str(ContentStamp("", "00ff00ff")) == "- · 00ff00ff"
