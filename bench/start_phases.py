"""Where the start-up goes, phase by phase: the assistant against the bare window (a diagnostic).

    .venv/bin/python bench/start_phases.py [--runs 15]          (make bench-phases)

`bench_gui.py --only start` gives the figure the target is about (fork to first paint, app over
bare window); this says which part of the app's start the difference is made of. Each run is a
fresh process, offscreen, alternating app and baseline (A B, B A, ...), that stamps the end of each
phase with CLOCK_MONOTONIC (the same clock in every process, so the first phase is counted from
just before the fork):

- app: what `assistant` does up to its first screen painted, step by step in the order run_gui
  takes it (the `assistant` command's module, the Qt-free package, PySide6, the first use of the
  `Qt` enum namespace, the UI modules, application and theme, the flow from the cache, the
  window, show(), the first Paint event of the screen);
- baseline: what bench/baseline_window.py does (PySide6, QApplication, a label and two buttons,
  show(), the first Paint event).

Prints the median of each phase and what the app spends over the baseline in it. It informs, it
sets no target; exit status 1 only if a run failed.
"""

from __future__ import annotations

import os
import sys
import time

# The children import nothing of the harness before their first mark (no argparse, pathlib,
# tempfile, _measure: dataclasses, inspect, subprocess...): what is imported there is paid by
# both alike and would move part of the app's own imports (pathlib, dataclasses) out of its
# phases, understating its extra over the bare window.
HERE = os.path.dirname(os.path.abspath(__file__))  # noqa: PTH100, PTH120
sys.path.insert(0, HERE)

PHASE_MARK = "phase-ns"

# (key, what it is); a subject skips the phases it has no part in.
PHASES = (
    ("interpreter", "Python and site, to the first line of the script"),
    ("qt-free", "our Qt-free modules: cli, engine, flow cache, resources"),
    ("pyside", "import PySide6 QtCore, QtGui, QtWidgets"),
    ("qt-namespace", "the `Qt` enum namespace (93 Python enums, on first use)"),
    ("ui-modules", "our UI modules: theme, window, header, screens, widgets"),
    ("application", "QApplication (+ the app's icon, message handler, theme)"),
    ("flow", "flows.yaml: the checked flow from the per-user cache"),
    ("window", "the window built (+ excepthook, its saved place)"),
    ("show", "show()"),
    ("paint", "to the first Paint event of the screen"),
)


def _mark(key: str) -> None:
    print(f"{PHASE_MARK} {key} {time.monotonic_ns()}", flush=True)


def child_app() -> int:
    _mark("interpreter")
    import assistant.cli  # what `python -m assistant` imports first
    import assistant.ui  # noqa: F401  (its __init__ imports the Qt-free modules first)

    _mark("qt-free")
    from PySide6 import QtWidgets  # noqa: F401

    _mark("pyside")
    from PySide6.QtCore import Qt  # noqa: F401

    _mark("qt-namespace")
    from baseline_window import QuitAfterFirstPaint  # the same `paint` mark as the baseline's
    from PySide6.QtCore import qInstallMessageHandler

    from assistant.flows.cache import load_flow_and_bytes
    from assistant.resources import bundled_flows
    from assistant.ui import app as ui_app
    from assistant.ui.excepthook import install_excepthook
    from assistant.ui.window import MainWindow
    from assistant.ui.window_state import restore_window_geometry

    _mark("ui-modules")
    application = ui_app.create_application()
    qInstallMessageHandler(ui_app.log_qt_message)
    ui_app.use_theme(application, high_contrast=False)
    _mark("application")
    flow, _data = load_flow_and_bytes(bundled_flows())
    _mark("flow")
    window = MainWindow(flow)
    uninstall = install_excepthook(window.recover_from_error)
    restore_window_geometry(window)
    _mark("window")
    QuitAfterFirstPaint(window.current_view)
    window.show()
    _mark("show")
    try:
        return application.exec()
    finally:
        uninstall()


def child_baseline() -> int:
    _mark("interpreter")
    from baseline_window import QuitAfterFirstPaint, build_bare_window
    from PySide6.QtWidgets import QApplication

    _mark("pyside")
    app = QApplication(sys.argv[:1])
    _mark("application")
    window = build_bare_window()
    _mark("window")
    QuitAfterFirstPaint(window)
    window.show()
    _mark("show")
    return app.exec()


def phases_ms(stdout: str, start_ns: int) -> dict[str, float]:
    from _measure import FIRST_PAINT_MARK

    """Each phase's duration in ms, from the marks a child printed (the first from the fork; the
    last, `paint`, is baseline_window's first-paint mark)."""
    durations: dict[str, float] = {}
    previous = start_ns
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == PHASE_MARK:
            key, at = parts[1], int(parts[2])
        elif len(parts) == 2 and parts[0] == FIRST_PAINT_MARK:
            key, at = "paint", int(parts[1])
        else:
            continue
        durations[key] = (at - previous) / 1e6
        previous = at
    return durations


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if len(args_in) == 2 and args_in[0] == "--child" and args_in[1] in ("app", "baseline"):
        return child_app() if args_in[1] == "app" else child_baseline()
    import argparse
    import tempfile

    from _measure import installed_env

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--child", choices=("app", "baseline"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    env = installed_env()
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as logs:
        env["ASSISTANT_LOG_DIR"] = logs
        env["XDG_CONFIG_HOME"] = os.path.join(logs, "config")  # noqa: PTH118 (window.ini)
        env["XDG_RUNTIME_DIR"] = os.path.join(logs, "runtime")  # noqa: PTH118 (instance lock)
        return _compare(args.runs, args.warmup, env)


def _compare(runs: int, warmup: int, env: dict[str, str]) -> int:
    from pathlib import Path

    from _measure import alternate, median, precompile

    root = Path(HERE).parent
    me = [sys.executable, str(Path(__file__).resolve())]
    commands = {"app": [*me, "--child", "app"], "baseline": [*me, "--child", "baseline"]}
    print(
        f"Start-up by phase: {runs} runs each (+{warmup} warm-up), alternating, "
        f"{env['QT_QPA_PLATFORM']}; medians in ms"
    )
    print(f"bytecode: {precompile(root / 'assistant', env)}")
    series = alternate(commands, runs=runs, warmup=warmup, env=env, cwd=str(root))
    failed = [run for s in series.values() for run in s.failures]
    for run in failed:
        print(f"FAILED ({run.returncode}): {' '.join(run.argv)}\n{run.stderr[-2000:]}")
    if failed:
        return 1
    table = {
        name: [phases_ms(run.stdout, run.start_ns) for run in s.ok_runs]
        for name, s in series.items()
    }

    def phase_median(name: str, key: str) -> float:
        values = [runs[key] for runs in table[name] if key in runs]
        return median(values) if values else 0.0

    print(f"   {'phase':<13} {'app':>7} {'base':>7} {'extra':>7}   what")
    for key, what in PHASES:
        app, base = phase_median("app", key), phase_median("baseline", key)
        print(f"   {key:<13} {app:7.1f} {base:7.1f} {app - base:+7.1f}   {what}")
    totals = {name: median([sum(runs.values()) for runs in table[name]]) for name in table}
    extra = totals["app"] - totals["baseline"]
    print(
        f"   {'total':<13} {totals['app']:7.1f} {totals['baseline']:7.1f} {extra:+7.1f}   "
        f"fork to first paint (median of totals); ratio {totals['app'] / totals['baseline']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
