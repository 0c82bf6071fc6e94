"""assistant/user_dirs.py: the runtime folder (the single-instance lock) is this machine's own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant import APP_NAME, user_dirs


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG rule")
def test_the_runtime_folder_is_the_logins_own_not_the_home_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A lock in ~/.config is shared with the user's other machines when the home folder is
    on the network: the second machine was told "already open" and got no window."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert user_dirs.user_runtime_dir() == tmp_path / "run" / APP_NAME
    monkeypatch.delenv("XDG_RUNTIME_DIR")  # no login session (a service, CI): the cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert user_dirs.user_runtime_dir() == tmp_path / "cache" / APP_NAME

