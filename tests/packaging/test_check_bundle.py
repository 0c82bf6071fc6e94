"""packaging/check_bundle.py itself, on a tiny fake bundle (no frozen build needed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import check_bundle
import pytest
from bundle_helpers import need

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux")


def system_library(name: str) -> Path:
    """The path of a system library, from the dynamic linker's cache."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.strip().split(" => ")
        if len(parts) == 2 and parts[0].split(" ")[0] == name:
            return Path(parts[1])
    need(False, f"{name} is not installed")
    raise AssertionError  # unreachable


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """dist/app/_internal/ holding libpng16 (which needs libz, libm, libc) and nothing else."""
    need(shutil.which("ldd") is not None, "ldd is not installed")
    internal = tmp_path / "app" / "_internal"
    internal.mkdir(parents=True)
    shutil.copy2(system_library("libpng16.so.16"), internal / "libpng16.so.16")
    return tmp_path / "app"


def test_a_library_found_only_on_the_system_is_a_problem(fake_bundle: Path) -> None:
    report = check_bundle.check_ldd(fake_bundle)
    assert report.checked == 1
    assert any("libz.so.1 resolves outside the bundle" in p for p in report.problems)
    assert "libc.so.6" in report.system  # left out on purpose: not a problem


def test_once_bundled_it_resolves_inside(fake_bundle: Path) -> None:
    shutil.copy2(system_library("libz.so.1"), fake_bundle / "_internal" / "libz.so.1")
    report = check_bundle.check_ldd(fake_bundle)
    assert report.ok, report.problems
    assert report.checked == 2


@pytest.mark.parametrize(
    ("name", "system"),
    [
        ("libc.so.6", True),
        ("libGL.so.1", True),
        ("libEGL.so.1", True),
        ("libGLdispatch.so.0", True),
        ("libxcb.so.1", True),
        ("libwayland-client.so.0", True),
        ("libxcb-icccm.so.4", False),  # xcb utilities are bundled: only libxcb itself is not
        ("libfontconfig.so.1", False),
        ("libgtk-3.so.0", False),
    ],
)
def test_which_libraries_may_come_from_the_system(name: str, system: bool) -> None:
    assert check_bundle.is_system_library(name) is system


def test_an_empty_folder_is_not_a_bundle(tmp_path: Path) -> None:
    assert not check_bundle.check_ldd(tmp_path).ok
