"""The frozen bundle in dist/: what it holds, its budgets, its libraries, and the smoke test run
by the frozen executable itself, offscreen and on a real X server (xvfb-run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import bundle
import check_bundle
import pytest
from bundle_helpers import PROJECT, ROOT, need, wait_for_process

from assistant import __version__
from assistant.flows.loader import read_flow
from assistant.resources import bundled_flows

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle")
SMOKE_TIMEOUT_S = 120


def run_frozen(
    exe: Path, *args: str, env: dict[str, str], timeout: float = SMOKE_TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def test_flows_and_resources_are_where_resources_py_looks(bundle_dir: Path) -> None:
    data = check_bundle.internal_dir(bundle_dir) / "assistant" / "_data"
    assert (data / "flows.yaml").read_bytes() == (ROOT / "flows.yaml").read_bytes()
    for name in ("icons/app.svg", "themes/base.qss", "themes/default.qss"):
        assert (data / "resources" / name).is_file(), name
    # The icon the app draws: PNGs rendered at build time, so no SVG support is bundled.
    pngs = sorted(p.name for p in (data / "resources" / "icons").glob("app-*.png"))
    assert pngs == sorted(f"app-{size}.png" for size in (16, 24, 32, 48, 64, 128, 256))


@linux_only
def test_only_the_qt_parts_the_app_uses_are_bundled(bundle_dir: Path) -> None:
    qt = check_bundle.internal_dir(bundle_dir) / "PySide6" / "Qt"
    plugins = {
        f"{p.parent.name}/{p.name.split('.')[0].removeprefix('lib')}"
        for p in (qt / "plugins").rglob("*.so")
    }
    assert plugins == {
        "platforms/qxcb",
        "platforms/qoffscreen",
        "platforminputcontexts/composeplatforminputcontextplugin",
        "platforminputcontexts/ibusplatforminputcontextplugin",
    }
    translations = {p.name for p in (qt / "translations").iterdir()}
    assert translations == set(bundle.KEPT_TRANSLATIONS) == {"qtbase_pt_BR.qm"}
    names = {p.name for p in bundle_dir.rglob("*")}
    for unwanted in (
        "libQt6Quick.so.6",
        "libQt6Qml.so.6",
        "libQt6Network.so.6",
        "libQt6Svg.so.6",
        "QtTest.abi3.so",
        "QtSvg.abi3.so",
    ):
        assert unwanted not in names
    gtk = sorted(n for n in names if n.startswith(("libgtk", "libgdk", "libcairo", "libpango")))
    assert gtk == [], "the GTK theme plugin's libraries were bundled"


@linux_only
def test_ctypes_is_not_bundled_where_nothing_calls_it(bundle_dir: Path) -> None:
    # Present in a bundle, PyInstaller's bootstrap imports ctypes at every start (its ctypes
    # hooks): _ctypes and the libffi it links read from disk before the first screen, for code
    # that only runs on Windows. (libffi.so itself stays, unloaded, as in the baseline bundle.)
    internal = check_bundle.internal_dir(bundle_dir)
    found = [p.name for p in internal.rglob("_ctypes*")]
    assert found == []


@linux_only
def test_every_bundled_library_resolves_inside_the_bundle(bundle_dir: Path) -> None:
    need(shutil.which("ldd") is not None, "ldd is not installed")
    report = check_bundle.check_ldd(bundle_dir)
    assert report.problems == []
    assert report.checked > 50
    assert set(report.system) <= {
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
        "libGL.so.1", "libEGL.so.1", "libGLX.so.0", "libGLdispatch.so.0", "libOpenGL.so.0",
        "libxcb.so.1", "libdrm.so.2",
    }  # fmt: skip


@linux_only
def test_binaries_are_stripped(bundle_dir: Path) -> None:
    need(shutil.which("file") is not None, "`file` is not installed")
    internal = check_bundle.internal_dir(bundle_dir)
    for name in ("libpython3.11.so.1.0", "libstdc++.so.6"):
        path = internal / name
        if path.exists():
            out = subprocess.run(["file", "-L", str(path)], capture_output=True, text=True).stdout
            assert ", stripped" in out, out


def test_the_bundle_is_within_its_disk_budget(bundle_dir: Path) -> None:
    size = check_bundle.disk_bytes(bundle_dir)
    assert size <= check_bundle.BUDGET_DISK_MB * check_bundle.MB, f"{size / 1e6:.1f} MB"


@linux_only
def test_the_tarball_is_within_its_budget(bundle_dir: Path) -> None:
    tarballs = sorted(bundle_dir.parent.glob(f"{PROJECT.dist_name}-{PROJECT.version}-*.tar.xz"))
    need(bool(tarballs), "no release tarball in dist/: run `make package`")
    for tarball in tarballs:
        size = tarball.stat().st_size
        assert size <= check_bundle.BUDGET_XZ_MB * check_bundle.MB, f"{size / 1e6:.1f} MB"


def test_the_frozen_app_reports_its_version(frozen_exe: Path, frozen_env: dict[str, str]) -> None:
    run = run_frozen(frozen_exe, "--version", env=frozen_env, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [frozen_exe.name, __version__]  # the command one types


def test_smoke_test_offscreen(frozen_exe: Path, frozen_env: dict[str, str]) -> None:
    run = run_frozen(frozen_exe, "--smoke-test", env={**frozen_env, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    assert "smoke test: OK - " in run.stderr
    assert "platform offscreen" in run.stderr


@linux_only
def test_smoke_test_on_a_real_x_server(frozen_exe: Path, frozen_env: dict[str, str]) -> None:
    xvfb_run = shutil.which("xvfb-run")
    need(xvfb_run is not None, "xvfb-run is not installed (Debian package xvfb)")
    assert xvfb_run is not None
    run = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", str(frozen_exe), "--smoke-test"],
        env=frozen_env,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT_S,
    )
    assert run.returncode == 0, run.stderr
    assert "platform xcb" in run.stderr


def test_smoke_test_fails_with_the_reason_on_a_broken_flows_file(
    frozen_exe: Path, frozen_env: dict[str, str], tmp_path: Path
) -> None:
    broken = tmp_path / "flows.yaml"
    broken.write_text('schema: 1\ncontent_version: "x"\nstart: nowhere\nscreens: []\n', "utf-8")
    env = {**frozen_env, "QT_QPA_PLATFORM": "offscreen"}
    run = run_frozen(frozen_exe, "--smoke-test", "--flows", str(broken), env=env)
    assert run.returncode == 1
    assert "smoke test: FAILED" in run.stderr
    assert str(broken) in run.stderr


@linux_only
def test_a_running_app_keeps_working_when_an_update_replaces_its_files(
    frozen_exe: Path, frozen_env: dict[str, str], tmp_path: Path
) -> None:
    """`apt install` of a newer .deb while a customer has the window open: dpkg renames new
    files over the running ones. The app imports some modules late (segno, for the QR code of a
    WhatsApp result, and with it urllib, email, calendar, locale); it must read them from the
    files it started from, the executable (PyInstaller's PYZ) and _internal/base_library.zip,
    not from the new files at the old offsets (zlib.error, "bad local file header": "Desculpe,
    algo deu errado").

    The running app is a smoke test started as the menu starts the app (no argument that
    needs argparse, which would import some of those modules early), whose stylesheet is a
    FIFO: once it has the FIFO open, its start-up is over (the window is next); the files are
    then replaced, and only then is the stylesheet written, so every path (and every late
    import) is walked after the update."""
    app = tmp_path / "app"
    exe = app / frozen_exe.name
    internal = app / "_internal"
    replaced = ("base_library.zip", "assistant/_data/resources/themes/base.qss")
    mirror(frozen_exe.parent / "_internal", internal, replaced)
    shutil.copy2(frozen_exe, exe)
    fifo = internal / replaced[1]
    stylesheet = fifo.read_bytes()
    fifo.unlink()
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # a writer from the start: the app's read waits for it
    env = {**frozen_env, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [str(exe), "--smoke-test"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_process(
            process, lambda: fifo in open_files(process.pid), "the app to open its stylesheet"
        )
        for installed in (exe, internal / "base_library.zip"):
            update = installed.with_name(f".{installed.name}.dpkg-new")
            update.write_bytes(b"\0" * 4096 + installed.read_bytes())  # every offset moved
            update.chmod(installed.stat().st_mode)
            update.replace(installed)
        os.write(writer, stylesheet)
    finally:
        os.close(writer)
    _, err = process.communicate(timeout=SMOKE_TIMEOUT_S)
    assert process.returncode == 0, err
    assert "smoke test: OK - " in err


def mirror(source: Path, target: Path, own: tuple[str, ...]) -> None:
    """`target`: symlinks to the entries of `source`, except along the relative paths in
    `own`, whose folders are made for real and whose files are copied."""
    target.mkdir(parents=True)
    for entry in source.iterdir():
        mine = [path.partition("/")[2] for path in own if path.partition("/")[0] == entry.name]
        if not mine:
            (target / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
        elif entry.is_dir():
            mirror(entry, target / entry.name, tuple(mine))
        else:
            shutil.copy2(entry, target / entry.name)


def open_files(pid: int) -> set[Path]:
    """The files process `pid` has open (Linux: /proc/<pid>/fd)."""
    files = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            files.add(fd.readlink())
        except OSError:  # closed meanwhile
            continue
    return files


@linux_only
def test_a_missing_system_library_is_named_with_the_command_that_installs_it(
    bundle_dir: Path, frozen_exe: Path, frozen_env: dict[str, str], tmp_path: Path
) -> None:
    """The tarball on a machine without libegl1, started from a file manager: not a traceback
    nobody sees, but the library and `sudo apt install ...` on stderr, in the log and in a
    dialog of the desktop (a stand-in zenity here). The library is hidden in a mount
    namespace of the test's own (unshare, no root needed)."""
    unshare = shutil.which("unshare")
    need(unshare is not None, "unshare is not installed (util-linux)")
    assert unshare is not None
    egl = Path(check_bundle.check_ldd(bundle_dir).system["libEGL.so.1"]).resolve()
    tools = tmp_path / "bin"
    tools.mkdir()
    shown = tmp_path / "dialog.txt"
    zenity = tools / "zenity"
    zenity.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" "LD_LIBRARY_PATH=$LD_LIBRARY_PATH" > "{shown}"\n',
        encoding="utf-8",
    )
    zenity.chmod(0o755)
    env = {k: v for k, v in frozen_env.items() if k != "WAYLAND_DISPLAY"}
    env.update(PATH=f"{tools}:/usr/bin:/bin", DISPLAY=":99")
    hide_and_run = 'mount --bind /dev/null "$1" && exec "$2"'
    run = subprocess.run(
        [unshare, "--mount", "--map-root-user", "sh", "-c", hide_and_run, "sh", str(egl),
         str(frozen_exe)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert "falta no sistema a biblioteca libEGL.so.1" in run.stderr
    assert "sudo apt install libgl1 libegl1 libxcb1" in run.stderr
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    assert "cannot start, a system library: " in log and "libEGL.so.1" in log
    dialog = shown.read_text(encoding="utf-8").splitlines()
    assert "--error" in dialog
    assert "falta no sistema a biblioteca libEGL.so.1," in dialog
    assert "ou ela está danificada." in dialog
    # The system's zenity runs on the system's libraries, not the bundle's (it failed on them).
    assert not any("_internal" in line for line in dialog if line.startswith("LD_LIBRARY_PATH="))


@pytest.mark.parametrize(
    ("error", "library"),
    [
        (ImportError("libEGL.so.1: cannot open shared object file: No such file or directory"),
         "libEGL.so.1"),
        (ImportError("/lib/x86_64-linux-gnu/libEGL.so.1: file too short"), "libEGL.so.1"),
        (ImportError("libxcb-cursor.so.0: cannot open shared object file"), "libxcb-cursor.so.0"),
        (ModuleNotFoundError("No module named 'libfoo.so'"), None),
        (ImportError("cannot import name 'Flow' from 'assistant.flows.model'"), None),
    ],
)
def test_which_import_errors_are_a_missing_library(error: ImportError, library: str | None) -> None:
    import launcher  # packaging/launcher.py, the frozen app's entry point

    assert launcher.missing_library(error) == library


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"LD_LIBRARY_PATH": "/opt/app/_internal", "LD_LIBRARY_PATH_ORIG": "/usr/local/lib"},
         "/usr/local/lib"),
        ({"LD_LIBRARY_PATH": "/opt/app/_internal"}, None),
    ],
)
def test_the_dialog_runs_with_the_systems_libraries(
    monkeypatch: pytest.MonkeyPatch, before: dict[str, str], after: str | None
) -> None:
    import launcher

    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    for name, value in before.items():
        monkeypatch.setenv(name, value)
    env = launcher.system_environment()
    assert env.get("LD_LIBRARY_PATH") == after
    assert "LD_LIBRARY_PATH_ORIG" not in env


def test_xmessage_is_given_the_message_without_accents() -> None:
    import launcher

    text = launcher.message("libEGL.so.1")
    assert "não pode abrir" in text
    assert launcher.ascii_only(text).startswith("O Assistente de Faturas nao pode abrir:\n")


def test_cold_start_paints_and_exits(frozen_exe: Path, frozen_env: dict[str, str]) -> None:
    env = {**frozen_env, "QT_QPA_PLATFORM": "offscreen"}
    run = run_frozen(frozen_exe, "--exit-after-first-paint", env=env, timeout=60)
    assert run.returncode == 0, run.stderr


def test_the_frozen_kiosk_starts_paints_and_checks_a_pin(
    frozen_exe: Path, frozen_env: dict[str, str], tmp_path: Path
) -> None:
    """Kiosk mode from the bundle: the config is read (scrypt PIN hash), the flows are loaded
    and stamped, the locked window paints, and --exit-after-first-paint leaves with the admin
    code. A module the analysis missed (assistant.kiosk, assistant.content, the stamp's
    SHA-256) would fail here, not on a store's screen."""
    from assistant.kiosk.pin import hash_pin

    config = tmp_path / "kiosk.yaml"
    config.write_text(f'pin_hash: "{hash_pin("2468")}"\nregion: sudeste\n', encoding="utf-8")
    env = {
        **frozen_env,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    run = run_frozen(
        frozen_exe, "--kiosk-config", str(config), "--exit-after-first-paint", env=env, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert "first-paint-ns " in run.stdout
    log = (tmp_path / "logs" / "assistant.log").read_text(encoding="utf-8")
    version = read_flow(bundled_flows()).content_version
    assert f"kiosk content {version} · " in log and "(bundled)" in log
    assert "leaving kiosk mode (exit code 0)" in log


def test_the_frozen_app_hashes_a_kiosk_pin(frozen_exe: Path, frozen_env: dict[str, str]) -> None:
    """`assistant kiosk-pin` from the bundle: scrypt (OpenSSL, through hashlib) is bundled."""
    from assistant.kiosk.pin import verify_pin

    run = subprocess.run(
        [str(frozen_exe), "kiosk-pin"], input="2468\n", env=frozen_env,
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    stored = run.stdout.strip()
    assert stored.startswith("scrypt$")
    assert verify_pin("2468", stored) and not verify_pin("1357", stored)
