"""packaging/kiosk/: the systemd user unit, the cage wrapper, the Shell Launcher XML and the
README agree with `assistant.kiosk.exit_codes`.

The unit is checked twice: statically here (it parses as an INI file with the keys that make
restarts sane, in the right sections), and by `systemd-analyze --user verify` where that tool
is installed. Where it is not (outside CI), `test_systemd_analyze_verifies_the_unit` is skipped
with that reason, and only the static checks ran. The wrapper is run for real against fake
`cage` commands that behave like cage 0.1.4 (always exit 0) and like newer cage (pass the app's
exit code on); it needs a POSIX /bin/sh.
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.kiosk.exit_codes import (
    ADMIN_EXIT,
    BAD_CONFIG,
    BAD_FLOWS,
    EXIT_CODES,
    FATAL_ERROR,
    NO_RESTART,
)

KIOSK = Path(__file__).resolve().parents[2] / "packaging" / "kiosk"
UNIT = KIOSK / "assistente-de-faturas-kiosk.service"
WRAPPER = KIOSK / "cage-kiosk.sh"
SHELL_LAUNCHER = KIOSK / "shell-launcher.xml"
README = KIOSK / "README.md"
APP = "/opt/assistente-de-faturas/assistente-de-faturas"
WRAPPER_INSTALLED = "/usr/bin/assistente-de-faturas-cage-kiosk"

posix_only = pytest.mark.skipif(
    sys.platform == "win32" or not Path("/bin/sh").exists(), reason="needs a POSIX /bin/sh"
)


def read_unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(
        interpolation=None, strict=True, delimiters=("=",), comment_prefixes=("#", ";")
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(text, source=str(UNIT))
    return parser


@pytest.fixture(scope="module")
def unit() -> configparser.ConfigParser:
    return read_unit(UNIT.read_text(encoding="utf-8"))


# --- the systemd unit, statically ---------------------------------------------------------


def test_the_unit_has_the_three_sections(unit: configparser.ConfigParser) -> None:
    assert unit.sections() == ["Unit", "Service", "Install"]


def test_start_limits_are_in_the_unit_section_where_systemd_reads_them(
    unit: configparser.ConfigParser,
) -> None:
    interval = unit["Unit"]["StartLimitIntervalSec"]
    burst = unit["Unit"]["StartLimitBurst"]
    assert interval.isdigit() and 60 <= int(interval) <= 3600
    assert burst.isdigit() and 2 <= int(burst) <= 10
    # In [Service] they are ignored (with a warning) by systemd >= 230: a classic mistake.
    assert "StartLimitIntervalSec" not in unit["Service"]
    assert "StartLimitBurst" not in unit["Service"]
    assert "StartLimitInterval" not in unit["Service"]


def test_the_unit_restarts_failures_but_not_an_admin_exit_or_a_file_to_fix(
    unit: configparser.ConfigParser,
) -> None:
    service = unit["Service"]
    assert service["Restart"] == "on-failure"  # exit 0 (ADMIN_EXIT) is not a failure
    assert ADMIN_EXIT == 0
    assert service["RestartSec"].isdigit() and 1 <= int(service["RestartSec"]) <= 30
    prevented = {int(code) for code in service["RestartPreventExitStatus"].split()}
    assert prevented == {BAD_FLOWS, BAD_CONFIG} == set(NO_RESTART - {ADMIN_EXIT})
    assert FATAL_ERROR not in prevented


def test_the_unit_runs_the_installed_app_in_kiosk_mode_inside_cage_with_xcb(
    unit: configparser.ConfigParser,
) -> None:
    service = unit["Service"]
    assert service["ExecStart"] == f"{WRAPPER_INSTALLED} {APP} --kiosk"
    assert service["Type"] == "exec"
    # The bundle ships only Qt's xcb platform plugin: under cage the app uses Xwayland.
    assert service["Environment"] == "QT_QPA_PLATFORM=xcb"
    assert unit["Install"]["WantedBy"] == "default.target"  # a user unit


def test_the_readme_installs_the_wrapper_where_the_unit_runs_it() -> None:
    readme = README.read_text(encoding="utf-8")
    assert f"sudo install -m 0755 cage-kiosk.sh {WRAPPER_INSTALLED}" in readme
    assert f"sudo install -m 0755 cage-kiosk.sh {WRAPPER_INSTALLED}" in WRAPPER.read_text(
        encoding="utf-8"
    )
    assert "apt install ./assistente-de-faturas_*.deb cage xwayland" in readme


# --- the systemd unit, by systemd itself -------------------------------------------------


def systemd_verify(unit_text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`systemd-analyze --user verify` of `unit_text`, with the programs it runs replaced by a
    stub (the app and the wrapper are not installed on the test machine)."""
    stub = tmp_path / "stub"
    stub.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    path = tmp_path / UNIT.name
    path.write_text(unit_text.replace(WRAPPER_INSTALLED, str(stub)), encoding="utf-8")
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "SYSTEMD_LOG_COLOR": "0"}
    return subprocess.run(
        ["systemd-analyze", "--user", "verify", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None and not os.environ.get("CI"),
    reason="systemd-analyze is not installed: only the static checks of the unit ran",
)  # In CI (scripts/system-deps.sh installs it) a missing tool fails the test instead.


@needs_systemd_analyze
def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    done = systemd_verify(UNIT.read_text(encoding="utf-8"), tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr  # unknown keys are only warnings there


@needs_systemd_analyze
def test_systemd_analyze_would_catch_a_misspelt_key(tmp_path: Path) -> None:
    broken = UNIT.read_text(encoding="utf-8").replace("Restart=on-failure", "Restrat=on-failure")
    done = systemd_verify(broken, tmp_path)
    assert "Unknown key" in done.stderr and "Restrat" in done.stderr


# --- the cage wrapper, run against fake cages ---------------------------------------------

OLD_CAGE = """#!/bin/sh
# like cage 0.1.4: runs the app given after --, exits 0 whatever it returned
echo "$@" > "$FAKE_CAGE_ARGS"
[ "$1" = "--" ] && shift
"$@"
exit 0
"""
NEW_CAGE = """#!/bin/sh
# like newer cage: runs the app given after --, exits with its status
echo "$@" > "$FAKE_CAGE_ARGS"
[ "$1" = "--" ] && shift
"$@"
"""
BROKEN_CAGE = """#!/bin/sh
# a cage that cannot start (no seat, no GPU): never runs the app
echo "[backend/backend.c] Failed to open any DRM device" >&2
exit 7
"""


def run_wrapper(
    tmp_path: Path, cage: str, *command: str, runtime: bool = True
) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "cage"
    fake.write_text(cage, encoding="utf-8")
    fake.chmod(0o755)
    runtime_dir = tmp_path / "runtime"
    runtime_dir.mkdir(mode=0o700, exist_ok=True)
    env = {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "FAKE_CAGE_ARGS": str(tmp_path / "cage-args"),
    }
    if runtime:
        env["XDG_RUNTIME_DIR"] = str(runtime_dir)
    return subprocess.run(
        ["/bin/sh", str(WRAPPER), *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@posix_only
@pytest.mark.parametrize("cage", [OLD_CAGE, NEW_CAGE], ids=["cage-0.1.4", "newer-cage"])
@pytest.mark.parametrize("code", [ADMIN_EXIT, FATAL_ERROR, BAD_FLOWS, BAD_CONFIG, 42])
def test_the_wrapper_exits_with_the_apps_exit_code_whatever_cage_does(
    tmp_path: Path, cage: str, code: int
) -> None:
    done = run_wrapper(tmp_path, cage, "/bin/sh", "-c", f"exit {code}")
    assert done.returncode == code, done.stderr
    assert not (tmp_path / "runtime" / "cage-kiosk.status").exists()


@posix_only
def test_the_wrapper_reports_an_app_killed_by_a_signal_as_128_plus_the_signal(
    tmp_path: Path,
) -> None:
    done = run_wrapper(tmp_path, OLD_CAGE, "/bin/sh", "-c", "kill -TERM $$")
    assert done.returncode == 128 + 15, done.stderr


@posix_only
def test_the_wrapper_passes_the_command_to_cage_after_a_double_dash(tmp_path: Path) -> None:
    out = tmp_path / "args"
    script = 'for a in "$@"; do echo "[$a]"; done > "$0"'
    done = run_wrapper(tmp_path, NEW_CAGE, "/bin/sh", "-c", script, str(out), "--kiosk", "a b")
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").splitlines() == ["[--kiosk]", "[a b]"]
    assert (tmp_path / "cage-args").read_text(encoding="utf-8").startswith("-- /bin/sh -c ")


@posix_only
def test_when_cage_cannot_start_the_wrapper_exits_with_cages_code(tmp_path: Path) -> None:
    done = run_wrapper(tmp_path, BROKEN_CAGE, "/bin/sh", "-c", "exit 0")
    assert done.returncode == 7
    assert "Failed to open any DRM device" in done.stderr


@posix_only
def test_a_stale_status_from_an_earlier_run_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "runtime").mkdir(mode=0o700)
    (tmp_path / "runtime" / "cage-kiosk.status").write_text("0\n", encoding="utf-8")
    assert run_wrapper(tmp_path, BROKEN_CAGE, "/bin/sh", "-c", "exit 0").returncode == 7


@posix_only
def test_the_wrapper_needs_a_user_session_and_a_command(tmp_path: Path) -> None:
    done = run_wrapper(tmp_path, NEW_CAGE, "/bin/true", runtime=False)
    assert done.returncode == 1
    assert "XDG_RUNTIME_DIR is not set" in done.stderr
    done = run_wrapper(tmp_path, NEW_CAGE)
    assert done.returncode == 2
    assert "usage:" in done.stderr


def test_the_wrapper_is_executable_in_the_tree() -> None:
    if sys.platform != "win32":
        assert WRAPPER.stat().st_mode & stat.S_IXUSR
    assert WRAPPER.read_text(encoding="utf-8").startswith("#!/bin/sh\n")


# --- Windows Shell Launcher v2 -------------------------------------------------------------

NS = "{http://schemas.microsoft.com/ShellLauncher/2018/Configuration}"
V2 = "{http://schemas.microsoft.com/ShellLauncher/2019/Configuration}"
ACTIONS = {"RestartShell", "RestartDevice", "ShutdownDevice", "DoNothing"}
GUID = re.compile(r"\{[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}\Z")


@pytest.fixture(scope="module")
def shell_launcher() -> ET.Element:
    return ET.parse(SHELL_LAUNCHER).getroot()


def test_shell_launcher_runs_the_installed_exe_in_kiosk_mode_as_a_v2_desktop_app(
    shell_launcher: ET.Element,
) -> None:
    assert shell_launcher.tag == f"{NS}ShellLauncherConfiguration"
    (profile,) = shell_launcher.findall(f"{NS}Profiles/{NS}Profile")
    assert GUID.match(profile.get("Id", ""))
    (shell,) = profile.findall(f"{NS}Shell")
    assert shell.get("Shell") == (
        r"%ProgramFiles%\Assistente de Faturas\assistente-de-faturas.exe --kiosk"
    )
    assert shell.get(f"{V2}AppType") == "Desktop"
    assert shell.get(f"{V2}AllAppsFullScreen") == "true"
    (config,) = shell_launcher.findall(f"{NS}Configs/{NS}Config")
    assert config.find(f"{NS}AutoLogonAccount") is not None
    assert config.find(f"{NS}Profile") is not None
    assert config.find(f"{NS}Profile").get("Id") == profile.get("Id")  # type: ignore[union-attr]


def test_shell_launcher_does_nothing_after_an_admin_exit_or_a_file_to_fix_and_restarts_the_rest(
    shell_launcher: ET.Element,
) -> None:
    shell = shell_launcher.find(f"{NS}Profiles/{NS}Profile/{NS}Shell")
    assert shell is not None
    mapped = {
        int(action.get("ReturnCode", "")): action.get("Action")
        for action in shell.iter(f"{NS}ReturnCodeAction")
    }
    assert mapped == {code: "DoNothing" for code in NO_RESTART}
    assert len(list(shell.iter(f"{NS}ReturnCodeAction"))) <= 4  # Shell Launcher's limit
    default = shell.find(f"{NS}DefaultAction")
    assert default is not None and default.get("Action") == "RestartShell"
    for element in shell_launcher.iter():
        if element.tag in (f"{NS}ReturnCodeAction", f"{NS}DefaultAction"):
            assert element.get("Action") in ACTIONS


# --- the README's exit code table --------------------------------------------------------


def test_the_readme_exit_code_table_is_the_one_in_exit_codes() -> None:
    rows = re.findall(
        r"^\| (\d+) \| `([A-Z_]+)` \| (.+?) \| (.+?) \|$",
        README.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    assert [(int(code), meaning) for code, _, meaning, _ in rows] == sorted(EXIT_CODES.items())
    names = {"ADMIN_EXIT": ADMIN_EXIT, "FATAL_ERROR": FATAL_ERROR}
    names |= {"BAD_FLOWS": BAD_FLOWS, "BAD_CONFIG": BAD_CONFIG}
    assert {name: int(code) for code, name, _, _ in rows} == names
    restart = {int(code): advice.startswith("restart") for code, _, _, advice in rows}
    assert restart == {code: code not in NO_RESTART for code in EXIT_CODES}
