"""Kiosk mode's Qt building blocks: lock-down, attract screen, idle reset, admin exit.

- `lockdown`: `lock_down(window, hide_cursor=...)` -> `KioskLock` (frameless, on top, full
  screen, close refused, no context menus/tooltips/text selection/links), `sanitize`,
  `check_touch_targets` and the target sizes;
- `idle`: `IdleMonitor`, the "no input for a while" countdown;
- `overlay`: `Cover` (an in-window overlay) and `StillThereOverlay` ("Ainda está aí?");
- `attract`: `AttractScreen` ("Toque para começar");
- `maintenance`: `MaintenanceScreen` ("Em manutenção");
- `starting`: `StartWait`, "Um momento" while a start waits for a slow flows file;
- `gesture`: `CornerTapDetector`, the hidden admin gesture;
- `keypad`: `PinPad`, the on-screen PIN entry;
- `admin`: `AdminExit`, gesture -> PIN -> exit code 0.

The plain-Python side (config file, PIN hashing, exit codes) is `assistant.kiosk`.
"""

from __future__ import annotations

from assistant.ui.kiosk.admin import AdminExit
from assistant.ui.kiosk.attract import AttractScreen
from assistant.ui.kiosk.gesture import CornerTapDetector
from assistant.ui.kiosk.idle import IdleMonitor
from assistant.ui.kiosk.keypad import PinPad
from assistant.ui.kiosk.lockdown import (
    DESKTOP_TARGET,
    KIOSK_TARGET,
    TARGET_GAP,
    CloseGuard,
    InputGuard,
    KioskLock,
    check_touch_targets,
    lock_down,
    sanitize,
)
from assistant.ui.kiosk.maintenance import MaintenanceScreen
from assistant.ui.kiosk.overlay import Cover, StillThereOverlay

__all__ = [
    "DESKTOP_TARGET",
    "KIOSK_TARGET",
    "TARGET_GAP",
    "AdminExit",
    "AttractScreen",
    "CloseGuard",
    "CornerTapDetector",
    "Cover",
    "IdleMonitor",
    "InputGuard",
    "KioskLock",
    "MaintenanceScreen",
    "PinPad",
    "StillThereOverlay",
    "check_touch_targets",
    "lock_down",
    "sanitize",
]
