"""packaging/windows/installer.nsi, compiled with Debian's makensis around a stand-in payload.

Windows is not here: the frozen app, the installer's run and the uninstall are tested by
.github/workflows/release.yml on a Windows runner. This checks what can be checked on Linux:
that the script compiles with the defines the workflow passes, for any version the package
may carry, into a Windows executable.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import bundle
import pytest
from bundle_helpers import PROJECT, ROOT, need

SCRIPT = ROOT / "packaging" / "windows" / "installer.nsi"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", "0.1.0.0"),
        ("1.2", "1.2.0.0"),
        ("1.0.0rc1", "1.0.0.0"),
        ("2.0.1.post3", "2.0.1.0"),
        ("1!3.4.5.6", "3.4.5.6"),
        ("1.0.dev2+local.7", "1.0.0.0"),
    ],
)
def test_the_windows_file_version_is_four_numbers(version: str, expected: str) -> None:
    assert bundle.windows_file_version(version) == expected


@pytest.mark.parametrize("version", ["", "v1.0", "1.70000", "1.0foo", "3.4.5.6.7"])
def test_a_version_windows_cannot_carry_is_refused(version: str) -> None:
    with pytest.raises(ValueError, match=repr(version)):
        bundle.windows_file_version(version)


def _makensis(tmp_path: Path, version: str, *extra: str) -> subprocess.CompletedProcess[str]:
    makensis = shutil.which("makensis")
    need(makensis is not None, "makensis is not installed (Debian: nsis)")
    assert makensis is not None
    payload = tmp_path / "payload"
    (payload / "_internal").mkdir(parents=True)
    (payload / f"{PROJECT.dist_name}.exe").write_text("stand-in\n")
    (payload / "_internal" / "base_library.zip").write_text("stand-in\n")
    return subprocess.run(
        [
            makensis,
            "-V2",
            "-NOCD",
            "-INPUTCHARSET",
            "UTF8",
            f"-DAPP_NAME={PROJECT.app_name}",
            f"-DDIST_NAME={PROJECT.dist_name}",
            f"-DVERSION={version}",
            f"-DSOURCE_DIR={payload}",
            f"-DOUT_FILE={tmp_path / f'{PROJECT.dist_name}-{version}-setup.exe'}",
            *extra,
            str(SCRIPT),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("version", [PROJECT.version, "1.0.0rc1", "1.2"])
def test_the_script_compiles_for_any_version_the_package_may_carry(
    tmp_path: Path, version: str
) -> None:
    """With "1.0.0rc1" the script once failed: VIProductVersion was "${VERSION}.0"."""
    file_version = bundle.windows_file_version(version)
    done = _makensis(tmp_path, version, f"-DFILE_VERSION={file_version}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning" not in (done.stdout + done.stderr).lower()
    setup = tmp_path / f"{PROJECT.dist_name}-{version}-setup.exe"
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows executable
    # The version resource carries the four numbers (UTF-16 in the VS_VERSIONINFO block).
    assert file_version.encode("utf-16-le") in setup.read_bytes()


def test_the_script_asks_for_the_file_version_rather_than_guess_it(tmp_path: Path) -> None:
    done = _makensis(tmp_path, PROJECT.version)
    assert done.returncode != 0
    assert "pass /DFILE_VERSION=X.Y.Z.W" in done.stdout + done.stderr


def test_the_uninstaller_deletes_both_executables_the_windows_build_makes() -> None:
    """build.spec adds a console twin (<name>-cli.exe) on Windows; an uninstaller that deleted
    only the windowed one left it behind, and with it the installation folder."""
    script = SCRIPT.read_text(encoding="utf-8")
    defines = dict(re.findall(r'^!define (\w+) "([^"]*)"', script, re.M))
    uninstall = script[script.index('Section "Uninstall"') :]
    deleted = {
        defines[name].replace("${DIST_NAME}", PROJECT.dist_name)
        for name in re.findall(r'^\s*Delete "\$INSTDIR\\\$\{(\w+)\}"', uninstall, re.M)
    }
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "bundle.CLI_SUFFIX" in spec and "console=True" in spec
    made = {f"{PROJECT.dist_name}.exe", f"{PROJECT.dist_name}{bundle.CLI_SUFFIX}.exe"}
    assert made <= deleted, made - deleted
