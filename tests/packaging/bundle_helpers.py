"""Helpers shared by the tests of the built bundle and installers (see conftest.py)."""

from __future__ import annotations

import os
import sys
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
