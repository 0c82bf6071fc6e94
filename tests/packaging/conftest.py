"""Tests of the built bundle and installers (dist/), run for real by `make package-test`.

They need a bundle frozen by `make package` (packaging/build.py). Without one they are skipped,
so `make test` on a fresh clone stays fast. With ASSISTANT_PACKAGE_TEST=1 (set by
`make package-test`, the CI lane that builds) nothing here may skip: a missing bundle, tool or
installer, or any other skip, is turned into a failure.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bundle_helpers import DIST, PROJECT, REQUIRED_ENV, need, required


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "packaging: needs the frozen bundle in dist/ (make package; make package-test)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.packaging)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if required() and report.skipped and item.get_closest_marker("packaging") is not None:
        report.outcome = "failed"
        report.longrepr = f"skipped under {REQUIRED_ENV}=1, which allows no skip: {report.longrepr}"


@pytest.fixture(scope="session")
def bundle_dir() -> Path:
    """dist/<name>/: the onedir bundle."""
    path = DIST / PROJECT.dist_name
    need(path.is_dir(), f"no bundle at {path}: run `make package` first")
    return path


@pytest.fixture(scope="session")
def frozen_exe(bundle_dir: Path) -> Path:
    """The bundle's executable."""
    exe = bundle_dir / (PROJECT.dist_name + (".exe" if sys.platform == "win32" else ""))
    need(exe.is_file(), f"no executable at {exe}")
    return exe


@pytest.fixture
def frozen_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a frozen run: logs to a temporary folder, no inherited platform."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["ASSISTANT_LOG_DIR"] = str(tmp_path / "logs")
    return env
