"""The checks of the text as a whole (`text_checks`); the files they refuse are in
tests/flows/test_loader.py, which runs them through the flows loader."""

from __future__ import annotations

from assistant.flows.strict_yaml import too_large


def test_too_large_names_the_kind_of_file() -> None:
    assert too_large("p.yaml", 9_000_000, noun="pet file").message == (
        "the file is too large (9,000,000 bytes; the limit is 8 MiB): a pet file is a few dozen "
        "KB, check that this is the right file"
    )
