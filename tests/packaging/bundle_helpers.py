"""Helpers shared by the tests of the built bundle and installers (see conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import bundle  # noqa: E402  (packaging/bundle.py)

REQUIRED_ENV = "ASSISTANT_PACKAGE_TEST"
PROJECT = bundle.project()
DIST = ROOT / "dist"


def required() -> bool:
    """True in the lane that builds (make package-test): every test here must then run."""
    return os.environ.get(REQUIRED_ENV) == "1"


def need(condition: bool, reason: str) -> None:
    """Skip unless `condition`; under ASSISTANT_PACKAGE_TEST=1 fail instead."""
    if not condition:
        if required():
            pytest.fail(f"{REQUIRED_ENV}=1 but {reason}", pytrace=False)
        pytest.skip(reason)


def wait_for_process(
    process: subprocess.Popen[str], condition: Callable[[], bool], what: str, timeout: float = 60
) -> None:
    """Wait until `condition()` holds, ticking on `process` itself: fail at once if it exits
    first (with its stderr), or after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        try:
            process.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"waited {timeout:.0f} s for {what}", pytrace=False)
            continue
        _, err = process.communicate()
        pytest.fail(f"exited {process.returncode} before {what}: {err}", pytrace=False)
