"""The process exit codes of `assistant --kiosk`, for the OS launchers that restart it.

This module is the one place they are defined and explained; packaging/kiosk/README.md shows
the same table for store technicians (a test keeps the two equal), and the systemd unit and the
Windows Shell Launcher example in packaging/kiosk/ map them to actions:

    code  name         meaning                                      launcher should
    0     ADMIN_EXIT   an administrator left kiosk mode (PIN)       not restart the app
    1     FATAL_ERROR  the app could not go on (crash, no display)  restart it
    2     BAD_FLOWS    the flows file cannot be used (desktop only) not restart: fix the file
    3     BAD_CONFIG   the kiosk config file cannot be used         not restart: fix the file

Codes above 128 on Linux mean "killed by signal (code - 128)" (shells and systemd report them
so); a crash on Windows ends with an NTSTATUS code such as 0xC0000005. Both are failures a
launcher restarts, like FATAL_ERROR.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = [
    "ADMIN_EXIT",
    "BAD_CONFIG",
    "BAD_FLOWS",
    "EXIT_CODES",
    "FATAL_ERROR",
    "NO_RESTART",
    "describe",
]

ADMIN_EXIT: Final = 0
"""An administrator left kiosk mode with the hidden gesture and the PIN: a deliberate stop."""

FATAL_ERROR: Final = 1
"""The app could not go on (an error it could not recover from, no display to open): restart."""

BAD_FLOWS: Final = 2
"""The flows file cannot be used (the same code as `assistant.ui.app.EXIT_BAD_FLOWS`); its
problems are on stderr and in the log. Restarting does not help. The kiosk itself never returns
it (it falls back, or shows "Em manutenção" until a file is fixed); a launcher shared with the
desktop app may see it."""

BAD_CONFIG: Final = 3
"""The kiosk config file cannot be used (`assistant.kiosk.config.KioskConfigError`); its problems
are on stderr and in the log. Restarting does not help."""

EXIT_CODES: Final[Mapping[int, str]] = {
    ADMIN_EXIT: "an administrator left kiosk mode (hidden gesture and PIN)",
    FATAL_ERROR: "the app could not go on (crash, no display)",
    BAD_FLOWS: (
        "the flows file cannot be used (the desktop app's code: a kiosk falls back to its last"
        " clean copy, then the bundled flows, else shows \"Em manutenção\", and never exits"
        " with it)"
    ),
    BAD_CONFIG: "the kiosk config file cannot be used; its problems are on stderr and in the log",
}
"""Every code the app itself returns in kiosk mode, with what it means."""

NO_RESTART: Final = frozenset({ADMIN_EXIT, BAD_FLOWS, BAD_CONFIG})
"""Codes after which a launcher must not start the app again: a deliberate stop, or a file that
someone has to fix first (restarting would only loop)."""


def describe(code: int) -> str:
    """What an exit code of the app means, for logs and launcher scripts."""
    if code in EXIT_CODES:
        return EXIT_CODES[code]
    if 128 < code < 128 + 65:  # 65: signal numbers on Linux are 1-64
        return f"killed by signal {code - 128} (a failure: restart)"
    return f"unexpected exit code {code} (a failure: restart)"
