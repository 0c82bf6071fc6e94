"""The kiosk exit codes: one table, equal to the GUI's own code for a bad flows file."""

from __future__ import annotations

from assistant.kiosk import exit_codes
from assistant.kiosk.exit_codes import (
    ADMIN_EXIT,
    BAD_CONFIG,
    BAD_FLOWS,
    EXIT_CODES,
    FATAL_ERROR,
    NO_RESTART,
    describe,
)


def test_the_codes_are_the_documented_ones() -> None:
    assert (ADMIN_EXIT, FATAL_ERROR, BAD_FLOWS, BAD_CONFIG) == (0, 1, 2, 3)
    assert sorted(EXIT_CODES) == [0, 1, 2, 3]
    assert {0, 2, 3} == NO_RESTART


def test_bad_flows_is_the_code_the_gui_already_uses() -> None:
    from assistant.ui.app import EXIT_BAD_FLOWS

    assert BAD_FLOWS == EXIT_BAD_FLOWS


def test_the_module_doc_table_lists_every_code() -> None:
    doc = exit_codes.__doc__ or ""
    for code, name in [(0, "ADMIN_EXIT"), (1, "FATAL_ERROR"), (2, "BAD_FLOWS"), (3, "BAD_CONFIG")]:
        assert any(
            line.split()[:2] == [str(code), name] for line in doc.splitlines() if line.strip()
        )


def test_describe_explains_known_codes_signals_and_others() -> None:
    assert describe(0) == "an administrator left kiosk mode (hidden gesture and PIN)"
    assert describe(3) == EXIT_CODES[BAD_CONFIG]
    assert describe(143) == "killed by signal 15 (a failure: restart)"
    assert describe(7) == "unexpected exit code 7 (a failure: restart)"
    assert describe(0xC0000005) == f"unexpected exit code {0xC0000005} (a failure: restart)"
