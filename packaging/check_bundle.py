"""Check a built bundle: its size budgets, and that every bundled library resolves inside it.

    python packaging/check_bundle.py dist/assistente-de-faturas [--tarball FILE.tar.xz]

Budgets (printed by every build, checked here and by tests/packaging):
    on disk  <= 115 MB   allocated size of every file of the bundle (du), MB = 1,000,000 bytes
    tar.xz   <=  35 MB   the release tarball

ldd (Linux): every ELF file of the bundle is run through `ldd` with LD_LIBRARY_PATH set to the
bundle's `_internal/`, as the PyInstaller bootloader sets it. Each dependency must resolve to a file
inside the bundle, or be one of the system libraries PyInstaller leaves out on purpose
(SYSTEM_LIBRARIES: glibc, the GL/EGL stack, libxcb, Wayland, libdrm; they must match the user's
drivers and X server, so the .deb depends on them instead). "not found" is always a failure.

Exit status 0 when everything passes, 1 otherwise; standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

BUDGET_DISK_MB = 115.0
BUDGET_XZ_MB = 35.0
MB = 1_000_000

# The libraries PyInstaller never bundles on Linux (PyInstaller/depend/dylib.py, _unix_excludes),
# as regular expressions over the library's file name.
SYSTEM_LIBRARIES = (
    r"linux-vdso\.so\.1",
    r"ld-linux(-x86-64|-aarch64)?\.so(\..*)?",
    r"libc\.so(\..*)?",
    r"libdl\.so(\..*)?",
    r"libm\.so(\..*)?",
    r"libpthread\.so(\..*)?",
    r"librt\.so(\..*)?",
    r"libutil\.so(\..*)?",
    r"libresolv\.so(\..*)?",
    r"libcrypt\.so(\..*)?",
    r"libnsl\.so(\..*)?",
    r"libanl\.so(\..*)?",
    r"libthread_db\.so(\..*)?",
    r"libE?(Open)?GLX?(ESv1_CM|ESv2)?(dispatch)?\.so(\..*)?",  # libGL, libEGL, libGLX, ...
    r"libdrm\.so(\..*)?",
    r"libxcb\.so(\..*)?",
    r"libxcb-dri.*\.so(\..*)?",
    r"libwayland-(client|cursor|egl|server)\.so(\..*)?",
)
_SYSTEM = re.compile("^(" + "|".join(SYSTEM_LIBRARIES) + ")$")
_LDD_LINE = re.compile(r"^\s*(\S+)(?:\s+=>\s+(\S+|not found))?(?:\s+\(0x[0-9a-f]+\))?\s*$")
_GLIBC_VERSION = re.compile(rb"GLIBC_2\.(\d+)")


def is_system_library(name: str) -> bool:
    return bool(_SYSTEM.match(name))


def disk_bytes(root: Path) -> int:
    """Allocated size of everything under `root` (like `du -s`; hard links counted once)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in [root, *root.rglob("*")]:
        info = path.lstat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            continue
        seen.add(key)
        blocks = getattr(info, "st_blocks", None)  # not on Windows: count the bytes there
        total += blocks * 512 if blocks is not None else info.st_size
    return total


def file_bytes(root: Path) -> int:
    """Sum of the sizes of the regular files under `root` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def elf_files(root: Path) -> list[Path]:
    """Every regular ELF file under `root` (the executable, libraries, extension modules)."""
    found = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == b"\x7fELF":
                found.append(path)
    return found


def internal_dir(bundle: Path) -> Path:
    """The folder the bootloader puts on LD_LIBRARY_PATH (sys._MEIPASS)."""
    inner = bundle / "_internal"
    return inner if inner.is_dir() else bundle


@dataclass
class LddReport:
    """What `ldd` said about every ELF file of a bundle."""

    checked: int = 0
    problems: list[str] = field(default_factory=list)
    system: dict[str, str] = field(default_factory=dict)  # system library name -> resolved path

    @property
    def ok(self) -> bool:
        return self.checked > 0 and not self.problems


def check_ldd(bundle: Path) -> LddReport:
    """Run ldd on every ELF file of `bundle`; see the module docstring for the rule."""
    bundle = bundle.resolve()
    env = {**os.environ, "LD_LIBRARY_PATH": str(internal_dir(bundle))}
    report = LddReport()
    for path in elf_files(bundle):
        report.checked += 1
        run = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        output = run.stdout + run.stderr
        if "statically linked" in output or "not a dynamic executable" in output:
            continue
        where = path.relative_to(bundle)
        for line in run.stdout.splitlines():
            match = _LDD_LINE.match(line)
            if match is None:
                continue
            name, target = match.group(1), match.group(2)
            if target is None:  # the vdso or the dynamic loader, given by absolute path
                name = Path(name).name
                if not is_system_library(name):
                    report.problems.append(f"{where}: unexpected loader entry {line.strip()}")
                continue
            if target == "not found":
                report.problems.append(f"{where}: {name} not found")
                continue
            resolved = Path(target).resolve()
            if resolved.is_relative_to(bundle):
                continue
            if is_system_library(name):
                report.system[name] = str(resolved)
                continue
            report.problems.append(f"{where}: {name} resolves outside the bundle, to {target}")
    if report.checked == 0:
        report.problems.append(f"{bundle}: no ELF file found")
    return report


def glibc_minimum(bundle: Path) -> str | None:
    """The newest GLIBC_2.x symbol version any bundled ELF file asks for, as "2.x"."""
    newest = -1
    for path in elf_files(bundle):
        for match in _GLIBC_VERSION.finditer(path.read_bytes()):
            newest = max(newest, int(match.group(1)))
    return f"2.{newest}" if newest >= 0 else None


def budget_line(what: str, size: int, budget_mb: float) -> tuple[str, bool]:
    ok = size <= budget_mb * MB
    mark = "OK" if ok else "OVER BUDGET"
    text = (
        f"{what}: {size / MB:.1f} MB ({size / 2**20:.1f} MiB) - budget {budget_mb:.0f} MB: {mark}"
    )
    return text, ok


def check(
    bundle: Path, tarball: Path | None, *, ldd: bool = True, report_only: bool = False
) -> int:
    """Print the sizes and the ldd verdict of `bundle` (and `tarball`); the exit status (always 0
    with `report_only`: the budgets are set for the Linux bundle)."""
    results: list[bool] = []
    if not bundle.is_dir():
        print(f"check: no bundle at {bundle}", file=sys.stderr)
        return 1
    files = sum(1 for p in bundle.rglob("*") if p.is_file())
    text, ok = budget_line(
        f"bundle {bundle} ({files} files) on disk", disk_bytes(bundle), BUDGET_DISK_MB
    )
    print(text)
    results.append(ok)
    if tarball is not None:
        if tarball.is_file():
            text, ok = budget_line(f"tarball {tarball.name}", tarball.stat().st_size, BUDGET_XZ_MB)
            print(text)
            results.append(ok)
        else:
            print(f"tarball {tarball}: missing")
            results.append(False)
    if ldd and sys.platform.startswith("linux"):
        report = check_ldd(bundle)
        for problem in report.problems:
            print(f"ldd: {problem}")
        system = ", ".join(sorted(report.system)) or "none"
        verdict = "OK" if report.ok else f"{len(report.problems)} PROBLEMS"
        print(f"ldd: {report.checked} ELF files; from the system: {system}: {verdict}")
        results.append(report.ok)
    if report_only:
        return 0
    return 0 if all(results) else 1


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "bundle", type=Path, help="the onedir bundle, e.g. dist/assistente-de-faturas"
    )
    parser.add_argument("--tarball", type=Path, help="the release .tar.xz to check as well")
    parser.add_argument("--no-ldd", action="store_true", help="sizes only")
    parser.add_argument(
        "--report-only", action="store_true", help="print, exit 0 (Windows and macOS bundles)"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    return check(args.bundle, args.tarball, ldd=not args.no_ldd, report_only=args.report_only)


if __name__ == "__main__":
    sys.exit(main())
