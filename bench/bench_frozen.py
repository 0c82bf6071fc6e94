"""Frozen start-up benchmark: the PyInstaller-built app against a frozen bare PySide6 window.

    python bench/bench_frozen.py [--runs 15] [--build-missing]      (make bench calls it)

A = dist/assistente-de-faturas/assistente-de-faturas --exit-after-first-paint: the whole frozen
    app (bootloader, Python, Qt, flows.yaml, theme) until its first screen has been painted.
B = dist/baseline-window/baseline-window: bench/baseline_window.py (a label and two buttons,
    quitting after its first paint), frozen by packaging/baseline.spec with the same options.

Both run offscreen, in the same run, alternating A B / B A, after warm-up runs, in two series:
- warm: the bundles' files are in the page cache (a second start on a user's machine);
- cold cache: before every run the files of both bundles are dropped from the page cache with
  posix_fadvise(DONTNEED) (a first start after boot, as far as our files go; system libraries such
  as libc and libGL stay cached, for A and B alike).
Target: median(A) / median(B) <= 1.2 in each series (wall time). Also printed: CPU time (user +
system: it does not grow when the machine is busy), peak RSS, and the size of both
bundles on disk and of the release tarball. Exit status 1 only if a run failed; a missed target is
reported in the summary line, like bench/bench_gui.py.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "packaging"))

import check_bundle  # noqa: E402
from _measure import (  # noqa: E402
    ChildRun,
    installed_env,
    median,
    p95,
    precompile,
    run_child,
)

APP_NAME = "assistente-de-faturas"
BASELINE_NAME = "baseline-window"
TARGET_RATIO = 1.2


def executable(dist: Path, name: str) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    return dist / name / f"{name}{suffix}"


def evict(folder: Path) -> int:
    """Drop the files under `folder` from the page cache; the number of files evicted."""
    count = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            count += 1
        finally:
            os.close(fd)
    return count


def measure(
    commands: dict[str, list[str]],
    *,
    runs: int,
    warmup: int,
    env: dict[str, str],
    cold: bool,
    folders: list[Path],
) -> dict[str, list[ChildRun]]:
    """`warmup + runs` rounds, alternating the order every round; warm-up rounds dropped."""
    names = list(commands)
    results: dict[str, list[ChildRun]] = {name: [] for name in names}
    for round_no in range(warmup + runs):
        order = names if round_no % 2 == 0 else names[::-1]
        for name in order:
            if cold:
                for folder in folders:
                    evict(folder)
            run = run_child(commands[name], env=env)
            if round_no >= warmup or not run.ok:
                results[name].append(run)
    return results


def _ms(values: list[float]) -> str:
    return f"{median(values):11.0f} {p95(values):7.0f} {min(values):7.0f}"


def _summaries(
    results: dict[str, list[ChildRun]], failures: list[str]
) -> dict[str, tuple[list[float], list[float], list[float], list[float]]]:
    """Wall ms, peak RSS MiB, CPU ms and fork-to-first-paint ms of the successful runs of each
    command; failures noted."""
    out = {}
    for name, runs in results.items():
        for bad in runs:
            if not bad.ok:
                failures.append(f"{name}: exit {bad.returncode}: {bad.stderr.strip()[-400:]}")
        ok = [r for r in runs if r.ok]
        if ok:
            out[name] = (
                [r.wall_s * 1000 for r in ok],
                [r.peak_rss_kib / 1024 for r in ok],
                [r.cpu_s * 1000 for r in ok],
                [r.paint_ms for r in ok if r.paint_ms is not None],
            )
    return out


def report(
    title: str,
    results: dict[str, list[ChildRun]],
    pairs: list[tuple[str, str]],
    failures: list[str],
) -> list[tuple[str, float | None]]:
    """Print the table and the A/B ratio of each pair; [(pair label, median ratio or None)]."""
    print(title)
    print(
        f"   {'':<16} {'wall median':>11} {'p95':>7} {'min':>7}  ms   CPU median ms"
        "   peak RSS median   to first paint median, p95 ms"
    )
    stats = _summaries(results, failures)
    for name in results:
        if name not in stats:
            print(f"   {name:<16} (no successful run)")
            continue
        wall, rss, cpu, paint = stats[name]
        painted = f"{median(paint):7.0f} {p95(paint):7.0f}" if paint else "      -       -"
        print(
            f"   {name:<16} {_ms(wall)}     {median(cpu):9.0f}       {median(rss):6.1f} MiB"
            f"          {painted}   (n={len(wall)})"
        )
    ratios: list[tuple[str, float | None]] = []
    for a, b in pairs:
        if a not in stats or b not in stats:
            ratios.append((f"{a}/{b}", None))
            continue
        wall_ratio = median(stats[a][0]) / median(stats[b][0])
        rss_ratio = median(stats[a][1]) / median(stats[b][1])
        cpu_ratio = median(stats[a][2]) / median(stats[b][2])
        # The target is the start to the first screen painted; the whole process (exit and
        # teardown included) is shown next to it. Without paint marks, the whole process.
        paint_a, paint_b = stats[a][3], stats[b][3]
        ratio = median(paint_a) / median(paint_b) if paint_a and paint_b else wall_ratio
        verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f"   {a} / {b}: to first paint median ratio {ratio:.2f} (target <= "
            f"{TARGET_RATIO:.1f}: {verdict}); whole process {wall_ratio:.2f}; CPU ratio "
            f"{cpu_ratio:.2f}; peak RSS ratio {rss_ratio:.2f}"
        )
        ratios.append((f"{a}/{b}", ratio))
    return ratios


# What each bundle is frozen from: a bundle older than any of these measures older code.
BUNDLE_SOURCES = {
    APP_NAME: ("assistant", "resources", "flows.yaml", "build.spec", "packaging/bundle.py"),
    BASELINE_NAME: ("bench/baseline_window.py", "packaging/baseline.spec", "packaging/bundle.py"),
}


def newer_source(dist: Path, name: str) -> Path | None:
    """A source file changed after bundle `name` was frozen (the newest), or None."""
    built = executable(dist, name).stat().st_mtime
    newest: tuple[float, Path] | None = None
    for entry in BUNDLE_SOURCES[name]:
        path = ROOT / entry
        files = [f for f in path.rglob("*") if f.is_file()] if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts or not file.exists():
                continue
            mtime = file.stat().st_mtime
            if mtime > built and (newest is None or mtime > newest[0]):
                newest = (mtime, file)
    return newest[1] if newest is not None else None


def build_missing(dist: Path) -> None:
    """Freeze each bundle that is missing or older than its sources."""
    build = [sys.executable, str(ROOT / "packaging" / "build.py")]
    for name, target in ((APP_NAME, "bundle"), (BASELINE_NAME, "baseline")):
        if executable(dist, name).exists():
            changed = newer_source(dist, name)
            if changed is None:
                continue
            print(f"bench_frozen: {changed.relative_to(ROOT)} changed after {name} was frozen")
        subprocess.run([*build, target], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each (>= 10)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up runs of each, dropped")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundles are")
    parser.add_argument(
        "--build-missing",
        action="store_true",
        help="freeze what is missing or older than its sources",
    )
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-cache series")
    parser.add_argument(
        "--no-source", action="store_true", help="skip the unfrozen app and baseline (C, D)"
    )
    args = parser.parse_args(argv)
    if args.build_missing:
        build_missing(args.dist)
    app, base = executable(args.dist, APP_NAME), executable(args.dist, BASELINE_NAME)
    missing = [str(p) for p in (app, base) if not p.exists()]
    if missing:
        print(
            f"bench_frozen: missing {', '.join(missing)}: run with --build-missing", file=sys.stderr
        )
        return 1
    if args.runs < 10:
        print("note: fewer than 10 runs of each: indicative figures only")
    for name in (APP_NAME, BASELINE_NAME):
        changed = newer_source(args.dist, name)
        if changed is not None:
            print(
                f"WARNING: {changed.relative_to(ROOT)} changed after {name} was frozen: these "
                f"figures are for older code (rebuild: --build-missing, or make package)"
            )

    started = time.perf_counter()
    print("Assistente de Faturas — frozen start-up benchmark (bench/bench_frozen.py)")
    print(
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}  {platform.platform()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f}, QT_QPA_PLATFORM=offscreen"
    )
    print(
        f"A = {app.relative_to(ROOT) if app.is_relative_to(ROOT) else app} --exit-after-first-paint"
    )
    print(f"B = {base.relative_to(ROOT) if base.is_relative_to(ROOT) else base}")
    print(f"{args.runs} runs of each (+{args.warmup} warm-up), alternating A B / B A\n")

    with tempfile.TemporaryDirectory() as logs:
        # installed_env: the unfrozen pair (C, D) starts from cached bytecode, as installed.
        env = {
            **installed_env(),
            "QT_QPA_PLATFORM": "offscreen",
            "ASSISTANT_LOG_DIR": logs,
            "XDG_CONFIG_HOME": str(Path(logs) / "config"),  # window.ini, not in ~/.config
            "XDG_RUNTIME_DIR": str(Path(logs) / "runtime"),  # the single-instance lock
        }
        if not args.no_source:
            print(f"bytecode (C, D): {precompile(ROOT / 'assistant', env)}\n")
        frozen = {
            "A frozen app": [str(app), "--exit-after-first-paint"],
            "B frozen base": [str(base)],
        }
        source = {
            "C source app": [sys.executable, "-m", "assistant", "--exit-after-first-paint"],
            "D source base": [sys.executable, str(HERE / "baseline_window.py")],
        }
        folders = [app.parent, base.parent]
        failures: list[str] = []
        targets: list[tuple[str, float | None]] = []
        warm_commands = frozen if args.no_source else {**frozen, **source}
        warm = measure(
            warm_commands, runs=args.runs, warmup=args.warmup, env=env, cold=False, folders=folders
        )
        pairs = [("A frozen app", "B frozen base")]
        if not args.no_source:
            pairs.append(("C source app", "D source base"))
        title = "1. Warm start to first paint (page cache warm); C and D: the same unfrozen"
        ratios = report(title, warm, pairs, failures)
        targets.append(("warm frozen", ratios[0][1]))
        if not args.no_source:
            print(f"   (unfrozen ratio for comparison: {ratios[1][1] or 0:.2f}; not a target here)")
        print()
        if not args.no_cold:
            cold = measure(frozen, runs=args.runs, warmup=0, env=env, cold=True, folders=folders)
            title = "2. Cold-cache start to first paint (both bundles evicted before every run)"
            ratios = report(title, cold, [("A frozen app", "B frozen base")], failures)
            targets.append(("cold frozen", ratios[0][1]))
            print()

    print("3. Sizes")
    for name, folder in (("A frozen app", app.parent), ("B frozen base", base.parent)):
        files = sum(1 for p in folder.rglob("*") if p.is_file())
        size = check_bundle.disk_bytes(folder)
        print(f"   {name:<16} {size / 1e6:7.1f} MB on disk ({size / 2**20:.1f} MiB), {files} files")
    for tarball in sorted(args.dist.glob(f"{APP_NAME}-*.tar.xz")):
        print(f"   {tarball.name}: {tarball.stat().st_size / 1e6:.1f} MB")
    budget = check_bundle.BUDGET_DISK_MB
    print(f"   budgets: {budget:.0f} MB on disk, {check_bundle.BUDGET_XZ_MB:.0f} MB as tar.xz\n")

    for failure in failures:
        print(f"FAILED RUN {failure}")
    met = [name for name, ratio in targets if ratio is not None and ratio <= TARGET_RATIO]
    missed = [
        f"{name} {ratio:.2f}"
        for name, ratio in targets
        if ratio is not None and ratio > TARGET_RATIO
    ]
    line = f"SUMMARY [frozen]: {len(met)}/{len(targets)} start-up targets met"
    line += f" (median ratio <= {TARGET_RATIO})"
    line += f"; MISS: {', '.join(missed)}" if missed else ""
    line += f"; {len(failures)} FAILED RUNS" if failures else ""
    line += f"; {time.perf_counter() - started:.0f} s"
    print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
