"""Build the frozen bundle and the Linux installers, and print their sizes against the budgets.

    python packaging/build.py all        bundle + tarball + deb + check   (make package)
    python packaging/build.py bundle     PyInstaller with build.spec -> dist/<name>/
    python packaging/build.py baseline   PyInstaller with packaging/baseline.spec (make bench)
    python packaging/build.py tarball    dist/<name>-<version>-linux-<machine>.tar.xz
    python packaging/build.py deb        dist/<name>_<version>_<arch>.deb (dpkg-deb)
    python packaging/build.py check      budgets and ldd (packaging/check_bundle.py)

The .deb installs the bundle under /opt/<name>/, a command /usr/bin/<name>, the menu entry
resources/<name>.desktop and the icon (SVG plus PNGs rendered from it) in the hicolor theme. It
depends on the system libraries the bundle leaves out on purpose (found with ldd: glibc, the
GL/EGL stack, libxcb) and on fonts, without which Qt draws empty boxes (shared/FACTS.md).

Environment: DEB_MAINTAINER ("Name <email>") for the .deb's Maintainer field; SOURCE_DATE_EPOCH
for the timestamps inside the tarball and the .deb (default: the last commit's date).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bundle  # noqa: E402
import check_bundle  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
DEFAULT_MAINTAINER = "Assistente de Faturas <assistente-de-faturas@localhost>"
# What the .deb needs from the system besides the libraries ldd finds: fonts and their
# configuration (fontconfig-config holds /etc/fonts/fonts.conf).
EXTRA_DEPENDS = ("fontconfig-config", "fonts-dejavu-core | fonts-liberation2 | fonts-noto-core")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def run(argv: list[str], **kwargs: object) -> None:
    print("+ " + " ".join(argv), flush=True)
    subprocess.run(argv, check=True, **kwargs)  # type: ignore[call-overload]


def source_date_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value:
        return int(value)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
        )
        return int(out.stdout.strip())
    except (OSError, ValueError):
        return int(time.time())


def bundle_dir(name: str | None = None) -> Path:
    return DIST / (name or bundle.project().dist_name)


def tarball_path() -> Path:
    proj = bundle.project()
    machine = platform.machine().lower()
    return DIST / f"{proj.dist_name}-{proj.version}-linux-{machine}.tar.xz"


def deb_arch() -> str:
    out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True)
    return out.stdout.strip() or "amd64"


def deb_path() -> Path:
    proj = bundle.project()
    return DIST / f"{proj.dist_name}_{proj.version}_{deb_arch()}.deb"


def freeze(spec: Path) -> float:
    """Run PyInstaller on `spec`; the seconds it took."""
    started = time.perf_counter()
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD),
            str(spec),
        ],
        cwd=ROOT,
    )
    return time.perf_counter() - started


def cmd_bundle(*, report_only: bool = False) -> int:
    seconds = freeze(ROOT / "build.spec")
    print(f"build: {bundle_dir()} frozen in {seconds:.0f} s")
    return check_bundle.check(bundle_dir(), None, ldd=False, report_only=report_only)


def cmd_baseline() -> int:
    seconds = freeze(HERE / "baseline.spec")
    print(f"build: {bundle_dir('baseline-window')} frozen in {seconds:.0f} s")
    return 0


def cmd_tarball() -> int:
    """A reproducible tar.xz of the bundle folder (sorted, owner root, fixed mtime)."""
    source = bundle_dir()
    if not source.is_dir():
        print(f"tarball: no bundle at {source}: run `build.py bundle` first", file=sys.stderr)
        return 1
    target = tarball_path()
    target.unlink(missing_ok=True)
    epoch = source_date_epoch()
    started = time.perf_counter()
    tar = subprocess.Popen(
        [
            "tar",
            "--sort=name",
            "--owner=0",
            "--group=0",
            "--numeric-owner",
            f"--mtime=@{epoch}",
            "-C",
            str(source.parent),
            "-cf",
            "-",
            source.name,
        ],
        stdout=subprocess.PIPE,
    )
    with target.open("wb") as out:
        xz = subprocess.run(["xz", "-6", "-T0", "-c"], stdin=tar.stdout, stdout=out)
    assert tar.stdout is not None
    tar.stdout.close()
    if tar.wait() != 0 or xz.returncode != 0:
        print("tarball: tar or xz failed", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"tarball: {target} ({target.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s")
    return 0


def _debian_package_of(path: str) -> str | None:
    out = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if out.returncode != 0:  # usrmerge: /lib/... is packaged as /usr/lib/... or the reverse
        alt = path[4:] if path.startswith("/usr/") else "/usr" + path
        out = subprocess.run(["dpkg", "-S", alt], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return out.stdout.split(":")[0].strip()


def deb_depends(source: Path) -> list[str]:
    """The Debian packages of the system libraries the bundle loads, plus fonts."""
    report = check_bundle.check_ldd(source)
    packages: set[str] = set()
    for name, path in sorted(report.system.items()):
        if name.startswith(("linux-vdso", "ld-linux")):
            continue
        package = _debian_package_of(path)
        if package is None:
            print(f"deb: warning: no Debian package owns {path} ({name})", file=sys.stderr)
            continue
        packages.add(package)
    depends = []
    glibc = check_bundle.glibc_minimum(source)
    for package in sorted(packages):
        if package == "libc6" and glibc:
            depends.append(f"libc6 (>= {glibc})")
        else:
            depends.append(package)
    return [*depends, *EXTRA_DEPENDS]


def _render_icons(out: Path) -> dict[int, Path]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run([sys.executable, str(HERE / "make_icons.py"), str(out)], env=env)
    return {size: out / f"app-{size}.png" for size in ICON_SIZES}


def cmd_deb() -> int:
    proj = bundle.project()
    source = bundle_dir()
    if not source.is_dir():
        print(f"deb: no bundle at {source}: run `build.py bundle` first", file=sys.stderr)
        return 1
    started = time.perf_counter()
    name = proj.dist_name
    root = BUILD / "deb" / name
    shutil.rmtree(root, ignore_errors=True)
    opt = root / "opt" / name
    shutil.copytree(source, opt, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / name).symlink_to(f"/opt/{name}/{name}")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / f"{name}.desktop", apps / f"{name}.desktop")
    icons = root / "usr" / "share" / "icons" / "hicolor"
    scalable = icons / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "app.svg", scalable / f"{name}.svg")
    for size, png in _render_icons(BUILD / "deb-icons").items():
        folder = icons / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(png, folder / f"{name}.png")
    doc = root / "usr" / "share" / "doc" / name
    doc.mkdir(parents=True)
    shutil.copy2(HERE / "deb" / "copyright", doc / "copyright")
    # A store's kiosk (packaging/kiosk/README.md): the cage wrapper, the user unit (installed,
    # not enabled) and the example config.
    kiosk = HERE / "kiosk"
    shutil.copy2(kiosk / "cage-kiosk.sh", root / "usr" / "bin" / f"{name}-cage-kiosk")
    units = root / "usr" / "lib" / "systemd" / "user"
    units.mkdir(parents=True)
    shutil.copy2(kiosk / f"{name}-kiosk.service", units / f"{name}-kiosk.service")
    (doc / "kiosk").mkdir()
    for example in ("README.md", "kiosk.example.yaml"):
        shutil.copy2(kiosk / example, doc / "kiosk" / example)

    control_dir = root / "DEBIAN"
    control_dir.mkdir()
    installed_kib = (check_bundle.disk_bytes(root) + 1023) // 1024
    fields = {
        "@PACKAGE@": name,
        "@VERSION@": proj.version,
        "@ARCH@": deb_arch(),
        "@MAINTAINER@": os.environ.get("DEB_MAINTAINER", DEFAULT_MAINTAINER),
        "@INSTALLED_SIZE@": str(installed_kib),
        "@DEPENDS@": ", ".join(deb_depends(source)),
        "@APP_NAME@": proj.app_name,
    }
    control = (HERE / "deb" / "control.in").read_text(encoding="utf-8")
    for key, value in fields.items():
        control = control.replace(key, value)
    (control_dir / "control").write_text(control, encoding="utf-8")
    # No maintainer scripts: the menu and icon caches are refreshed by the dpkg triggers of
    # desktop-file-utils and hicolor-icon-theme, and `dpkg -r` then leaves nothing behind.
    for path in root.rglob("*"):  # predictable modes whatever the build machine's umask
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)

    target = deb_path()
    target.unlink(missing_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(source_date_epoch())}
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)], env=env)
    seconds = time.perf_counter() - started
    print(f"deb: {target} ({target.stat().st_size / 1e6:.1f} MB) in {seconds:.0f} s")
    print(f"deb: Depends: {fields['@DEPENDS@']}")
    return 0


def cmd_check() -> int:
    tarball = tarball_path()
    return check_bundle.check(bundle_dir(), tarball if tarball.exists() else None)


def cmd_all() -> int:
    started = time.perf_counter()
    for step in (cmd_bundle, cmd_tarball, cmd_deb):
        code = step()
        if code:
            return code
    code = check_bundle.check(bundle_dir(), tarball_path())
    print(f"package: done in {time.perf_counter() - started:.0f} s")
    return code


def main(argv: list[str] | None = None) -> int:
    commands = {
        "all": cmd_all,
        "bundle": cmd_bundle,
        "baseline": cmd_baseline,
        "tarball": cmd_tarball,
        "deb": cmd_deb,
        "check": cmd_check,
    }
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("command", choices=list(commands))
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="bundle: print the sizes without failing on the budgets (set for Linux)",
    )
    args = parser.parse_args(argv)
    if args.command == "bundle":
        return cmd_bundle(report_only=args.report_only)
    return commands[args.command]()


if __name__ == "__main__":
    sys.exit(main())
