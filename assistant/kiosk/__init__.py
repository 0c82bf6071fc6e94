"""Kiosk mode's plain-Python side: the store's config file, the admin PIN, the exit codes.

`config` reads the kiosk config file strictly (every problem at once, `file:line:col`), `pin`
hashes and checks the admin PIN, `exit_codes` is the one table of the process exit codes the OS
launchers act on (packaging/kiosk/ shows how). Never imports Qt: the Qt side of kiosk mode
(full screen, idle overlay, PIN keypad) lives in `assistant.ui`.
"""

from __future__ import annotations
