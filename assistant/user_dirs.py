"""The app's per-user folders (not created here), worked out in plain Python so the engine, the
kiosk config and the logs find them without starting Qt.

- data: Qt's AppDataLocation for an app named APP_NAME with no organization name (logs, the
  kiosk's last-known-good flows);
- config: where a store puts kiosk.yaml;
- cache: the checked-flow cache;
- runtime: the single-instance lock, on this machine's own disk even when the home folder is
  on the network (a lock there would be shared with the user's other machines).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from assistant import APP_NAME


def _xdg(variable: str, default: tuple[str, ...]) -> Path:
    """$variable when it is an absolute path (the XDG rule), else ~/<default>."""
    value = os.environ.get(variable)
    return Path(value) if value and Path(value).is_absolute() else Path.home().joinpath(*default)


def _windows(*variables: str, default: tuple[str, ...]) -> Path:
    for variable in variables:
        value = os.environ.get(variable)
        if value:
            return Path(value)
    return Path.home().joinpath(*default)


def user_data_dir() -> Path:
    if sys.platform == "win32":
        return _windows("LOCALAPPDATA", "APPDATA", default=("AppData", "Local")) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return _xdg("XDG_DATA_HOME", (".local", "share")) / APP_NAME


def user_config_dir() -> Path:
    if sys.platform == "win32":
        return _windows("APPDATA", default=("AppData", "Roaming")) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Preferences" / APP_NAME
    return _xdg("XDG_CONFIG_HOME", (".config",)) / APP_NAME


def user_runtime_dir() -> Path:
    if sys.platform == "win32":
        return user_data_dir()  # %LOCALAPPDATA%: never roams
    if sys.platform == "darwin":
        return user_cache_dir()
    value = os.environ.get("XDG_RUNTIME_DIR")  # this login's own tmpfs (/run/user/<uid>)
    if value and Path(value).is_absolute():
        return Path(value) / APP_NAME
    return user_cache_dir()


def user_cache_dir() -> Path:
    if sys.platform == "win32":
        return _windows("LOCALAPPDATA", default=("AppData", "Local")) / APP_NAME / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    return _xdg("XDG_CACHE_HOME", (".cache",)) / APP_NAME
