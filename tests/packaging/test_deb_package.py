"""The .deb in dist/: its metadata and contents, and, in the CI lane that builds
(ASSISTANT_PACKAGE_TEST=1, as root), a real `dpkg -i`, the installed app's smoke test offscreen
and under xvfb-run, and a clean `dpkg -r`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bundle_helpers import DIST, PROJECT, ROOT, need, required

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Debian package")

NAME = PROJECT.dist_name
DESKTOP = ROOT / "resources" / f"{NAME}.desktop"


def _dpkg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["dpkg", *args], capture_output=True, text=True, check=check)


def _installed() -> bool:
    run = subprocess.run(["dpkg-query", "-W", "-f=${Status}", NAME], capture_output=True, text=True)
    return run.returncode == 0 and run.stdout.strip() == "install ok installed"


@pytest.fixture(scope="module")
def deb_file() -> Path:
    need(shutil.which("dpkg-deb") is not None, "dpkg-deb is not installed")
    debs = sorted(DIST.glob(f"{NAME}_{PROJECT.version}_*.deb"))
    need(bool(debs), f"no {NAME}_{PROJECT.version}_*.deb in dist/: run `make package`")
    return debs[-1]


def test_the_control_fields(deb_file: Path) -> None:
    fields = _dpkg("-f", str(deb_file)).stdout
    control = dict(
        line.split(": ", 1) for line in fields.splitlines() if ": " in line and line[0] != " "
    )
    assert control["Package"] == NAME
    assert control["Version"] == PROJECT.version
    depends = {d.strip().split(" ")[0] for d in control["Depends"].replace("|", ",").split(",")}
    assert {"libc6", "libgl1", "libegl1", "libxcb1", "fontconfig-config"} <= depends
    assert "fonts-dejavu-core" in depends


def test_the_contents(deb_file: Path) -> None:
    listing = _dpkg("--contents", str(deb_file)).stdout
    paths = {line.split()[5] for line in listing.splitlines()}
    assert f"./opt/{NAME}/{NAME}" in paths
    assert f"./opt/{NAME}/_internal/assistant/_data/flows.yaml" in paths
    assert f"./usr/share/applications/{NAME}.desktop" in paths
    assert f"./usr/share/icons/hicolor/scalable/apps/{NAME}.svg" in paths
    assert f"./usr/share/icons/hicolor/256x256/apps/{NAME}.png" in paths
    assert f"./usr/bin/{NAME}-cage-kiosk" in paths
    assert f"./usr/lib/systemd/user/{NAME}-kiosk.service" in paths
    assert f"./usr/share/doc/{NAME}/kiosk/kiosk.example.yaml" in paths
    assert f"./usr/bin/{NAME}" in paths  # a symlink to the executable under /opt
    assert f"./usr/bin/{NAME} -> /opt/{NAME}/{NAME}" in listing


def test_the_copyright_file_points_at_what_the_machine_has() -> None:
    """/usr/share/doc/<name>/copyright (packaging/deb/copyright, copied as it is) is what an IT
    person reads: it names no file of the source tree (pyproject.toml is not installed) and
    points at Debian's copy of the LGPL."""
    text = (ROOT / "packaging" / "deb" / "copyright").read_text(encoding="utf-8")
    assert "pyproject.toml" not in text
    assert "/usr/share/common-licenses/LGPL-3" in text


def test_the_desktop_entry_is_valid() -> None:
    tool = shutil.which("desktop-file-validate")
    need(tool is not None, "desktop-file-validate is not installed (desktop-file-utils)")
    assert tool is not None
    run = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr
    entry = DESKTOP.read_text(encoding="utf-8")
    assert f"\nExec={NAME}\n" in entry
    assert f"\nIcon={NAME}\n" in entry


def test_the_menu_finds_the_app_by_what_a_customer_types() -> None:
    """Menus search the name, the keywords and (GNOME, last) the comment, whose words are only
    "fatura", "Claro" and "móvel": the start screen's topics, as a customer types them, must
    be among the keywords."""
    entry = DESKTOP.read_text(encoding="utf-8")
    [line] = [line for line in entry.splitlines() if line.startswith("Keywords=")]
    keywords = set(line.removeprefix("Keywords=").split(";"))
    assert line.endswith(";")
    assert {"fatura", "Claro", "Minha Claro", "pagamento", "contestar", "negociação"} <= keywords


@pytest.fixture
def installed(deb_file: Path) -> Iterator[Path]:
    """The .deb installed with dpkg -i (root, CI lane only); removed again afterwards."""
    if not required():
        pytest.skip("installs system-wide: runs under `make package-test` only")
    need(os.geteuid() == 0, "dpkg -i needs root")
    need(not _installed(), f"{NAME} is already installed on this machine; remove it first")
    run = _dpkg("-i", str(deb_file), check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    try:
        yield Path("/opt") / NAME / NAME
    finally:
        if _installed():
            _dpkg("-r", NAME, check=False)


def test_install_run_and_remove(installed: Path, tmp_path: Path) -> None:
    assert installed.is_file()
    assert Path(f"/usr/share/applications/{NAME}.desktop").is_file()
    assert Path(f"/usr/share/icons/hicolor/scalable/apps/{NAME}.svg").is_file()
    assert Path(f"/usr/bin/{NAME}").resolve() == installed

    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["ASSISTANT_LOG_DIR"] = str(tmp_path / "logs")
    offscreen = subprocess.run(
        [f"/usr/bin/{NAME}", "--smoke-test"],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert offscreen.returncode == 0, offscreen.stderr
    assert "smoke test: OK - " in offscreen.stderr
    xvfb_run = shutil.which("xvfb-run")
    need(xvfb_run is not None, "xvfb-run is not installed (Debian package xvfb)")
    assert xvfb_run is not None
    on_x = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", str(installed), "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert on_x.returncode == 0, on_x.stderr
    assert "platform xcb" in on_x.stderr

    removed = _dpkg("-r", NAME, check=False)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not installed.parent.exists(), f"{installed.parent} left behind"
    assert not Path(f"/usr/bin/{NAME}").exists()
    assert not Path(f"/usr/share/applications/{NAME}.desktop").exists()
    status = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", NAME], capture_output=True, text=True
    ).stdout
    assert "not-installed" in status or status == "", status
