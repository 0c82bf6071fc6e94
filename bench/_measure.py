"""Small measuring helpers shared by the benchmarks (standard library only, Linux).

- `median`, `p95`: summary statistics of a list of samples (nearest-rank p95, no interpolation).
- `run_child`: run one command and return its wall time and *its own* peak RSS. The child is
  reaped with `os.wait4`, whose rusage covers exactly that child (and the grandchildren it waited
  for), unlike `getrusage(RUSAGE_CHILDREN)`, which is the maximum over every child ever reaped.
- `alternate`: run several commands in turn, many times, counterbalancing the order
  (A B, B A, A B, ...) so that drift of the machine (CPU frequency, page cache, a neighbour's load)
  falls on every command alike; a few warm-up rounds are run and discarded.
- `rss_kib`, `peak_rss_kib`: this process's current and peak resident set, from /proc.
- `installed_env`, `precompile`: children that start from cached bytecode, as an installed app does.
"""

from __future__ import annotations

import importlib.util
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def median(samples: Sequence[float]) -> float:
    if not samples:
        raise ValueError("median of no samples")
    ordered = sorted(samples)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `pct`% of samples at or below."""
    if not samples:
        raise ValueError("percentile of no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def p95(samples: Sequence[float]) -> float:
    return percentile(samples, 95)


def _proc_status_kib(key: str) -> int:
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise KeyError(key)


def rss_kib() -> int:
    """This process's resident set size now, in KiB."""
    return _proc_status_kib("VmRSS")


def peak_rss_kib() -> int:
    """This process's peak resident set size so far, in KiB."""
    return _proc_status_kib("VmHWM")


@dataclass(frozen=True, slots=True)
class ChildRun:
    """One finished child process."""

    argv: tuple[str, ...]
    returncode: int  # negative: killed by that signal
    wall_s: float  # from just before the fork to the moment it was reaped
    peak_rss_kib: int  # ru_maxrss of this child alone (Linux reports KiB)
    stdout: str
    stderr: str
    start_ns: int = 0  # CLOCK_MONOTONIC just before the fork
    cpu_s: float = 0.0  # user + system time of this child alone: it does not grow on a busy machine

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def paint_ms(self) -> float | None:
        """From the fork to the first paint the child reported (`first-paint-ns <ns>` on
        stdout, CLOCK_MONOTONIC, which is the same clock in every process); None if none."""
        return first_paint_ms(self.stdout, self.start_ns)


FIRST_PAINT_MARK = "first-paint-ns"


def first_paint_ms(stdout: str, start_ns: int) -> float | None:
    for line in stdout.splitlines():
        if line.startswith(FIRST_PAINT_MARK + " "):
            return (int(line.split()[1]) - start_ns) / 1e6
    return None


def run_child(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    timeout_s: float = 120.0,
    show_stdout: bool = False,
) -> ChildRun:
    """Run `argv` to completion; measure wall time and peak RSS of that one process.

    Output goes to temporary files, not pipes, so the measured process never blocks on a full
    pipe; the parent sleeps in a blocking wait4 (no polling to steal a core from the child) and
    a timer thread kills the child after `timeout_s`. With `show_stdout` the child writes
    straight to our stdout (progress lines) and `stdout` comes back empty."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start_ns = time.monotonic_ns()
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdout=None if show_stdout else out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            cwd=cwd,
        )
        watchdog = threading.Timer(timeout_s, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen consistent
        out.seek(0)
        err.seek(0)
        return ChildRun(
            argv=tuple(argv),
            returncode=proc.returncode,
            wall_s=wall,
            peak_rss_kib=usage.ru_maxrss,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            start_ns=start_ns,
            cpu_s=usage.ru_utime + usage.ru_stime,
        )


@dataclass(slots=True)
class Series:
    """The measured runs of one command."""

    name: str
    runs: list[ChildRun] = field(default_factory=list)

    @property
    def ok_runs(self) -> list[ChildRun]:
        return [r for r in self.runs if r.ok]

    @property
    def wall_ms(self) -> list[float]:
        return [r.wall_s * 1000 for r in self.ok_runs]

    @property
    def paint_ms(self) -> list[float]:
        """Fork to first paint, of the runs that reported it."""
        return [p for r in self.ok_runs if (p := r.paint_ms) is not None]

    @property
    def rss_mib(self) -> list[float]:
        return [r.peak_rss_kib / 1024 for r in self.ok_runs]

    @property
    def failures(self) -> list[ChildRun]:
        return [r for r in self.runs if not r.ok]


def alternate(
    commands: Mapping[str, Sequence[str]],
    *,
    runs: int,
    warmup: int = 2,
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
) -> dict[str, Series]:
    """Run every command `warmup + runs` times, interleaved, the order reversed every round
    (A B, B A, ...). Warm-up rounds fill the page cache and write bytecode; they are dropped,
    unless they failed (a failure is always kept, so the caller sees it)."""
    names = list(commands)
    series = {name: Series(name) for name in names}
    for round_no in range(warmup + runs):
        order = names if round_no % 2 == 0 else names[::-1]
        for name in order:
            result = run_child(commands[name], env=env, cwd=cwd)
            if round_no >= warmup or not result.ok:
                series[name].runs.append(result)
    return series


def installed_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """`env` (default: ours) for a child that starts as an installed app does: from cached
    bytecode, written on the first import when missing.

    A developer's shell may set PYTHONDONTWRITEBYTECODE. A module edited since its bytecode was
    cached is then compiled again at every start (about 7 ms for assistant/ui/window.py), which no
    installed copy of the app does."""
    out = dict(os.environ if env is None else env)
    out.pop("PYTHONDONTWRITEBYTECODE", None)
    return out


def precompile(package: Path, env: Mapping[str, str]) -> str:
    """Compile `package`'s bytecode, as pip does at install time; say how much is cached."""
    run = run_child([sys.executable, "-m", "compileall", "-q", str(package)], env=env)
    sources = sorted(package.rglob("*.py"))
    cached = sum(1 for f in sources if Path(importlib.util.cache_from_source(str(f))).is_file())
    note = "" if run.ok else f" (compileall exit {run.returncode})"
    return f"{cached}/{len(sources)} modules of {package.name}/ have cached bytecode{note}"
