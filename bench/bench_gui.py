"""Desktop benchmark of the assistant window; each figure against a Qt baseline of the same run.

    .venv/bin/python bench/bench_gui.py [--quick] [--profile] [--only start|clicks|soak]

1. Cold start to first screen painted: wall time and peak RSS of the whole process
   `python -m assistant --exit-after-first-paint` (bundled flows) against
   `python bench/baseline_window.py` (a bare window, label + two buttons, same exit rule),
   alternated A B / B A, warm-ups dropped, bytecode cached as an installed app has it.
   A third command, `python bench/floor_window.py` (the same first screen in one file, for
   speed: the app's style, palette and stylesheet, nothing of the package), is a reference
   with no target: it splits the app's extra time into what this first screen costs Qt and
   PySide in any app, and what the package's own work adds.
2. Click to next screen painted: QTest.mouseClick on an option button of the real MainWindow
   (set up as run_gui does it: application, theme, window), then processEvents() until the new
   page has received its Paint event; whole sessions over every path of the bundled flows,
   Recomeçar between them (not timed). Baseline: the same click on a window that builds a fresh
   page (label + buttons) and swaps it into a QStackedWidget (removeWidget + deleteLater), at the
   app's window size. The app's stylesheet is application-wide, so app and baseline run in
   separate child processes, alternated in several rounds (A B, B A, ...).
   Offscreen, painting is real: the page is rendered into the offscreen backing store when the
   posted UpdateRequest is handled by processEvents() (no grab() is involved); the harness checks
   that the paint happened there and not before.
3. Memory: a child process drives whole sessions through the real window inside app.exec()
   (a 0 ms QTimer fires only when the event queue is empty, so every click is followed by the
   paint and the deferred deletes the event loop does), and reports RSS after 500 and after
   10,000 sessions.

Prints medians, p95, ratios, targets and PASS/MISS, and a summary line. Exit status 0 even when
a target is missed (this informs; it is not a test); 1 if anything crashed.
When the assistant's window is not there yet, every section runs the baseline against itself
(an A/A run: the ratios then show the noise of the harness).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from itertools import cycle, pairwise
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from _measure import (  # noqa: E402
    ChildRun,
    alternate,
    installed_env,
    median,
    p95,
    peak_rss_kib,
    precompile,
    rss_kib,
    run_child,
)

FLOOR = "first screen"  # bench/floor_window.py: the first screen in one file, for speed
TARGET_START_RATIO = 1.2
TARGET_START_RSS_RATIO = 1.3
TARGET_CLICK_P95_MS = 4.0
TARGET_SOAK_GROWTH_MIB = 2.0

APP_FILES = (
    "assistant/__main__.py",
    "assistant/cli.py",
    "assistant/ui/app.py",
    "assistant/ui/window.py",
    "assistant/flows/loader.py",
)


def app_available() -> bool:
    return all((ROOT / f).is_file() for f in APP_FILES)


_log_dir: list[str] = []  # made on first use, removed at the end of main()


def child_env() -> dict[str, str]:
    env = installed_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("QT_LINUX_ACCESSIBILITY_ALWAYS_ON", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    if not _log_dir:
        _log_dir.append(tempfile.mkdtemp(prefix="bench-gui-logs-"))
    env["ASSISTANT_LOG_DIR"] = _log_dir[0]  # the app still logs to a file, not in ~/.local
    # and keeps its window's place (window.ini), read at every start, not in ~/.config
    env["XDG_CONFIG_HOME"] = str(Path(_log_dir[0]) / "config")
    env["XDG_RUNTIME_DIR"] = str(Path(_log_dir[0]) / "runtime")  # the single-instance lock
    return env


# --------------------------------------------------------------------------------------------
# In-process parts, run in child processes (`bench_gui.py --child clicks|soak --subject ...`).
# Qt is imported inside these functions only: the parent process never loads it.
# --------------------------------------------------------------------------------------------

_slot_errors: list[str] = []


def _record_slot_error(kind: type[BaseException], value: BaseException, tb: Any) -> None:
    """Exceptions raised in Qt slots land here (PySide6 does not propagate them)."""
    _slot_errors.append("".join(traceback.format_exception(kind, value, tb)))


def _check_slot_errors() -> None:
    if _slot_errors:
        raise RuntimeError("exception in a Qt slot:\n" + _slot_errors[0])


class _Subject:
    """Something the driver clicks through: the real window or the baseline."""

    name: str
    window: Any
    app: Any

    def stack(self) -> Any:
        return None

    def plan(self) -> Iterator[tuple[list[str], str | None]]:
        """Endless: (button objectNames to click for one session, expected result id or None)."""
        raise NotImplementedError

    def button(self, object_name: str) -> Any:
        from PySide6.QtWidgets import QAbstractButton

        found = [b for b in self.window.findChildren(QAbstractButton, object_name) if b.isVisible()]
        if len(found) != 1:
            raise RuntimeError(f"{self.name}: {len(found)} visible buttons named {object_name!r}")
        return found[0]

    def current(self) -> tuple[str, str]:
        """(screen id, kind) of what is on show."""
        return ("page", "page")

    def restart(self, expected: str | None) -> None:
        raise NotImplementedError


class _AppSubject(_Subject):
    """The real MainWindow, set up the way `assistant.ui.app.run_gui` does (minus the
    excepthook that would hide a crash behind "recomeçar")."""

    def __init__(self, flows: Path) -> None:
        from assistant.flows.loader import load_flow
        from assistant.flows.paths import all_paths
        from assistant.logging_setup import configure_logging
        from assistant.ui.app import create_application, use_theme
        from assistant.ui.window import MainWindow

        self.name = "app"
        configure_logging()
        self.app = create_application()
        use_theme(self.app, high_contrast=False)
        self.flow = load_flow(flows)
        self.window = MainWindow(self.flow)
        self.paths = all_paths(self.flow)
        if not self.paths:
            raise RuntimeError("the flows have no path to a result")

    def stack(self) -> Any:
        from PySide6.QtWidgets import QStackedWidget

        named = self.window.findChild(QStackedWidget, "screens")
        if named is not None:
            return named
        stacks = self.window.findChildren(QStackedWidget)

        def depth(w: Any) -> int:
            d = 0
            while w is not None and w is not self.window:
                w, d = w.parentWidget(), d + 1
            return d

        return min(stacks, key=depth) if stacks else None

    def plan(self) -> Iterator[tuple[list[str], str | None]]:
        for path in cycle(self.paths):
            yield [f"option-{a}" for a in path.answers], path.result

    def current(self) -> tuple[str, str]:
        screen = self.window.session.current
        return screen.id, screen.kind.value

    def restart(self, expected: str | None) -> None:
        shown = self.window.session.current.id
        if expected is not None and shown != expected:
            raise RuntimeError(f"app: session ended on {shown!r}, expected {expected!r}")
        self.button("restart").click()


class _BaselineSubject(_Subject):
    def __init__(self, size: tuple[int, int] | None, session_length: int = 3) -> None:
        from baseline_window import SwapWindow
        from PySide6.QtWidgets import QApplication

        self.name = "baseline"
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.window = SwapWindow()
        if size:
            self.window.resize(*size)
        self.session_length = session_length

    def stack(self) -> Any:
        return self.window.stack

    def plan(self) -> Iterator[tuple[list[str], str | None]]:
        while True:
            yield ["option-0"] * self.session_length, None

    def restart(self, expected: str | None) -> None:
        self.window.show_next()


def _make_subject(args: argparse.Namespace) -> _Subject:
    sys.excepthook = _record_slot_error
    if args.subject == "app":
        return _AppSubject(Path(args.flows))
    size = tuple(int(v) for v in args.size.split("x")) if args.size else None
    return _BaselineSubject(size)  # type: ignore[arg-type]


class _PaintWatch:
    """Tells when the page on show has received its Paint event.

    The filter goes on the new page only once the click has returned, and comes off when it has
    seen the Paint: a Python event filter costs a few microseconds per event, and a page gets
    hundreds of events while it is built, so watching it earlier would bill our overhead to the
    view. If a view ever painted its page synchronously inside the click, the wait below would
    time out with a message saying so, rather than time nothing."""

    def __init__(self, stack: Any, fallback: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint
        self.painted = False
        watch = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 (Qt override)
                if event.type() == paint:
                    watch.painted = True
                return False

        self._filter = Filter()
        self.stack = stack
        self.fallback = fallback

    def target(self) -> Any:
        return self.stack.currentWidget() if self.stack is not None else self.fallback

    def start(self, widget: Any) -> None:
        self.painted = False
        widget.installEventFilter(self._filter)

    def stop(self, widget: Any) -> None:
        widget.removeEventFilter(self._filter)


def _settle(app: Any) -> None:
    """What the event loop does between two clicks: paints, posted events, deferred deletes.
    (processEvents() outside exec() never runs deleteLater; the real event loop does.)"""
    from PySide6.QtCore import QCoreApplication, QEvent

    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _think(app: Any, window: Any) -> None:
    """A customer reads the new screen before the next click: let the event loop finish what
    it does while idle (the window builds the screens one action away, `building_ahead`)."""
    deadline = time.perf_counter() + 2.0
    while getattr(window, "building_ahead", False):
        app.processEvents()
        if time.perf_counter() > deadline:
            raise RuntimeError("the window was still building screens ahead after 2 s")
    _settle(app)


def child_clicks(args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    subject = _make_subject(args)
    app = subject.app
    subject.window.show()
    for _ in range(5):
        _settle(app)
    watch = _PaintWatch(subject.stack(), subject.window)
    left = Qt.MouseButton.LeftButton
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()

    def one_click(object_name: str) -> dict[str, Any]:
        button = subject.button(object_name)
        before = watch.target()
        c0, t0 = time.process_time(), time.perf_counter()
        QTest.mouseClick(button, left)
        t1 = time.perf_counter()
        target = watch.target()
        if target is before:
            raise RuntimeError(f"{subject.name}: {object_name} did not change the page on show")
        watch.start(target)
        loops = 0
        while not watch.painted:
            app.processEvents()
            loops += 1
            if time.perf_counter() - t1 > 1.0:
                raise RuntimeError(
                    f"{subject.name}: the page after {object_name} got no Paint event from "
                    "processEvents() within 1 s (painted synchronously inside the click?)"
                )
        t2, c2 = time.perf_counter(), time.process_time()
        watch.stop(target)
        if args.no_think:
            _settle(app)  # the next click as soon as the loop could take it
        else:
            _think(app, subject.window)
        t3 = time.perf_counter()
        _check_slot_errors()
        return {
            "total": (t2 - t0) * 1e3,
            "click": (t1 - t0) * 1e3,
            "paint": (t2 - t1) * 1e3,
            "idle": (t3 - t0) * 1e3,
            "cpu": (c2 - c0) * 1e3,
            "loops": loops,
            "to": subject.current()[1],
        }

    samples: list[dict[str, Any]] = []
    results: set[str] = set()
    plan = subject.plan()
    done = 0
    while done < args.clicks + args.warmup_clicks:
        names, expected = next(plan)
        for name in names:
            if done >= args.clicks + args.warmup_clicks:
                break
            if profiler is not None and done >= args.warmup_clicks:
                profiler.enable()
            sample = one_click(name)
            if profiler is not None:
                profiler.disable()
            if done >= args.warmup_clicks:
                samples.append(sample)
            done += 1
        else:  # the session ran to its end: Recomeçar (needed, but not what is timed)
            results.add(subject.current()[0])
            subject.restart(expected)
            if args.no_think:
                _settle(app)
            else:
                _think(app, subject.window)
            _check_slot_errors()
    out: dict[str, Any] = {
        "samples": samples,
        "window_size": [subject.window.width(), subject.window.height()],
        "results_reached": len(results),
        "paths": len(subject.paths) if isinstance(subject, _AppSubject) else None,
    }
    if profiler is not None:
        import io
        import pstats

        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(40)
        out["profile"] = buf.getvalue()
    return out


def _trimmed_rss_kib() -> int | None:
    """RSS once glibc has handed its free memory back (malloc_trim(0)); None off glibc.

    Raw RSS keeps the allocator's free-but-retained pages: slack left by a transient peak before
    the first checkpoint can absorb a later leak and hide it from the raw difference. Trimmed
    at every checkpoint alike, the difference is closer to what is still live."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        return None
    return rss_kib()


def child_soak(args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    subject = _make_subject(args)
    app = subject.app
    subject.window.show()
    for _ in range(5):
        _settle(app)
    checkpoints = {args.first_checkpoint, args.sessions, *args.extra_checkpoints}
    progress_every = max(1, args.sessions // 10)
    record: list[dict[str, Any]] = []
    state: dict[str, Any] = {"sessions": 0, "clicks": 0, "paints": 0, "error": None}
    plan = subject.plan()
    todo: list[str] = []
    expected: str | None = None
    stack = subject.stack()
    counted = stack if stack is not None else subject.window

    class PaintCounter(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 (Qt override)
            if event.type() == QEvent.Type.Paint:
                state["paints"] += 1
            return False

    counter = PaintCounter()
    counted.installEventFilter(counter)

    def progress() -> None:
        done, elapsed = state["sessions"], time.perf_counter() - started
        eta = elapsed / done * (args.sessions - done)
        print(
            f"   … {done:,}/{args.sessions:,} sessions, RSS {rss_kib() / 1024:.1f} MiB, "
            f"{elapsed:.0f} s elapsed, about {eta:.0f} s to go",
            flush=True,
        )

    def snapshot() -> None:
        gc.collect()
        rss = rss_kib()
        record.append(
            {
                "sessions": state["sessions"],
                "clicks": state["clicks"],
                "rss_kib": rss,
                "rss_trimmed_kib": _trimmed_rss_kib(),
                "t": time.perf_counter() - started,
                "qobjects": len(subject.window.findChildren(QObject)),
                "widgets": len(QApplication.allWidgets()),
                "pyobjects": len(gc.get_objects()),
                "none_refs": sys.getrefcount(None),
            }
        )

    def tick() -> None:
        nonlocal todo, expected
        try:
            _check_slot_errors()
            if getattr(subject.window, "building_ahead", False):
                # The customer's pause to read: what the app builds ahead meanwhile is built
                # (at once here rather than waited for, so that 10,000 sessions stay quick).
                subject.window.finish_building_ahead()
                return
            if todo:
                subject.button(todo.pop(0)).click()
                state["clicks"] += 1
                return
            if state["clicks"]:  # a session has just ended: Recomeçar
                subject.restart(expected)
                state["sessions"] += 1
                if state["sessions"] in checkpoints:
                    snapshot()
                if state["sessions"] % progress_every == 0 and state["sessions"] < args.sessions:
                    progress()
                if state["sessions"] >= args.sessions:
                    timer.stop()
                    app.quit()
                    return
            names, expected = next(plan)
            todo = list(names)
        except BaseException:  # a failure of the driver or the app ends the run, loudly
            state["error"] = traceback.format_exc()
            timer.stop()
            app.exit(1)

    # A first snapshot before any session: the counting itself (findChildren, allWidgets) makes
    # PySide build Python types and wrappers once, and that must not land inside the window.
    started = time.perf_counter()
    snapshot()
    timer = QTimer()
    timer.setInterval(0)  # fires when the event queue is empty: after paints and deletions
    timer.timeout.connect(tick)
    started = time.perf_counter()
    timer.start()
    code = app.exec()
    if state["error"]:
        raise RuntimeError(f"soak driver failed:\n{state['error']}")
    if code != 0:
        raise RuntimeError(f"event loop exited with {code}")
    return {
        "name": subject.name,
        "record": record,
        "clicks": state["clicks"],
        "paints": state["paints"],
        "seconds": time.perf_counter() - started,
        "peak_rss_kib": peak_rss_kib(),
    }


def run_as_child(args: argparse.Namespace) -> int:
    try:
        result = child_clicks(args) if args.child == "clicks" else child_soak(args)
    except BaseException:
        traceback.print_exc()
        return 3
    Path(args.result_file).write_text(json.dumps(result), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------------------------
# The parent: runs the children and prints the report
# --------------------------------------------------------------------------------------------


class Report:
    def __init__(self) -> None:
        self.targets: list[tuple[str, str, bool]] = []  # (what, figure vs target, met)
        self.crashes: list[str] = []

    def target(self, what: str, figure: str, met: bool) -> str:
        self.targets.append((what, figure, met))
        return "PASS" if met else "MISS"


def _ms(x: float) -> str:
    return f"{x:8.1f} ms" if x >= 10 else f"{x:8.2f} ms"


def _crash_text(run: ChildRun) -> str:
    tail = "\n".join(run.stderr.strip().splitlines()[-20:])
    return f"exit {run.returncode}: {' '.join(run.argv[2:])}\n{tail}"


def _child(
    mode: str, subject: str, args: argparse.Namespace, extra: list[str], *, live: bool = False
) -> tuple[ChildRun, dict[str, Any] | None]:
    """Run one in-process part in a child; its result comes back through a JSON file (so with
    `live` the child can print progress lines straight to our stdout)."""
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as tmp:
        result_file = Path(tmp) / "result.json"
        argv = [sys.executable, str(Path(__file__).resolve()), "--child", mode]
        argv += ["--subject", subject, "--flows", str(args.flows)]
        argv += ["--result-file", str(result_file), *extra]
        sys.stdout.flush()
        run = run_child(
            argv, env=child_env(), cwd=str(ROOT), timeout_s=args.child_timeout, show_stdout=live
        )
        payload = None
        if run.ok and result_file.is_file():
            payload = json.loads(result_file.read_text(encoding="utf-8"))
        return run, payload


def _subjects(args: argparse.Namespace) -> tuple[str, str]:
    return ("app", "baseline") if args.with_app else ("baseline", "baseline")


def _labels(args: argparse.Namespace) -> tuple[str, str]:
    return ("app", "baseline") if args.with_app else ("baseline (A)", "baseline (B)")


def section_start(args: argparse.Namespace, report: Report) -> None:
    py = sys.executable
    baseline = [py, str(HERE / "baseline_window.py")]
    app = [py, "-m", "assistant", "--exit-after-first-paint"]
    if args.flows_given:
        app += ["--flows", str(args.flows)]
    a_name, b_name = _labels(args)
    commands = {a_name: app if args.with_app else baseline, b_name: baseline}
    scratch = tempfile.TemporaryDirectory(prefix="bench-floor-")
    if args.with_app:  # a reference: the first screen in one file (bench/floor_window.py)
        sheet = _floor_stylesheet(Path(scratch.name))
        commands[FLOOR] = [py, str(HERE / "floor_window.py"), str(sheet)]
    print(
        f"1. Cold start to first screen painted — whole process, {args.runs} runs each "
        f"(+{args.warmup} warm-up), alternating A B / B A"
    )
    for name, argv in commands.items():
        shown = ["python" if x == py else os.path.relpath(x, ROOT) if "/" in x else x for x in argv]
        print(f"   {name:<14} {' '.join(shown)}")
    if args.with_app:
        print(f"   bytecode: {precompile(ROOT / 'assistant', child_env())}")
    started = time.perf_counter()
    with scratch:
        series = alternate(
            commands, runs=args.runs, warmup=args.warmup, env=child_env(), cwd=str(ROOT)
        )
    elapsed = time.perf_counter() - started
    for s in series.values():
        for run in s.failures:
            report.crashes.append(f"cold start ({s.name}): {_crash_text(run)}")
    if any(not s.ok_runs for s in series.values()):
        print("   (no successful run: see CRASH below)\n")
        return
    a, b = series[a_name], series[b_name]
    print(
        f"   {'':<14} {'median':>11} {'p95':>11} {'min':>11}   {'peak RSS median':>15} {'p95':>9}"
    )
    for s in (a, b):
        print(
            f"   {s.name:<14} {_ms(median(s.wall_ms))} {_ms(p95(s.wall_ms))} "
            f"{_ms(min(s.wall_ms))}   {median(s.rss_mib):11.1f} MiB {p95(s.rss_mib):5.1f} MiB"
        )
    wall_ratio = median(a.wall_ms) / median(b.wall_ms)
    rss_ratio = median(a.rss_mib) / median(b.rss_mib)
    print(
        f"   {'ratio':<14} {wall_ratio:11.2f} {p95(a.wall_ms) / p95(b.wall_ms):11.2f} "
        f"{min(a.wall_ms) / min(b.wall_ms):11.2f}   {rss_ratio:15.2f}"
    )
    # The target: from the fork to the first screen painted (each child prints the moment of
    # its first paint); the whole process above adds what runs after it and the exit.
    paint_ratio = wall_ratio
    if a.paint_ms and b.paint_ms:
        print("   to first paint (fork -> first Paint event, CLOCK_MONOTONIC):")
        for s in (a, b):
            print(f"   {s.name:<14} {_ms(median(s.paint_ms))} {_ms(p95(s.paint_ms))} "
                  f"{_ms(min(s.paint_ms))}")
        paint_ratio = median(a.paint_ms) / median(b.paint_ms)
        print(f"   {'ratio':<14} {paint_ratio:11.2f} "
              f"{p95(a.paint_ms) / p95(b.paint_ms):11.2f} "
              f"{min(a.paint_ms) / min(b.paint_ms):11.2f}")
        floor = series.get(FLOOR)
        if floor is not None and floor.paint_ms:
            f_ms = median(floor.paint_ms)
            print(
                f"   {FLOOR:<14} {_ms(f_ms)} {_ms(p95(floor.paint_ms))} "
                f"{_ms(min(floor.paint_ms))}   (informs, no target)\n"
                f"   {'':<14} {f_ms / median(b.paint_ms):11.2f} x baseline: the look and the Qt "
                f"namespace, in any app with this first screen\n"
                f"   {'':<14} {median(a.paint_ms) / f_ms:11.2f} x {FLOOR}: the app's own work "
                f"(package, flow, accessibility, shortcuts, ...)"
            )
    v1 = report.target(
        "cold start to first paint ratio",
        f"{paint_ratio:.3f} > {TARGET_START_RATIO}"
        if paint_ratio > TARGET_START_RATIO
        else f"{paint_ratio:.3f}",
        paint_ratio <= TARGET_START_RATIO,
    )
    v2 = report.target(
        "cold start peak RSS ratio",
        f"{rss_ratio:.3f} > {TARGET_START_RSS_RATIO}"
        if rss_ratio > TARGET_START_RSS_RATIO
        else f"{rss_ratio:.3f}",
        rss_ratio <= TARGET_START_RSS_RATIO,
    )
    print(f"   target: to first paint ratio ≤ {TARGET_START_RATIO:.2f} -> {paint_ratio:.3f}  {v1}")
    print(f"   target: peak RSS ratio    ≤ {TARGET_START_RSS_RATIO:.2f}   -> {rss_ratio:.3f}  {v2}")
    print(f"   ({elapsed:.1f} s)\n")


def _floor_stylesheet(folder: Path) -> Path:
    """The app's finished default stylesheet in a file of `folder`, for floor_window.py to
    parse as the app does."""
    from assistant.ui import theme

    path = folder / "default.qss"
    path.write_text(theme.load_theme(theme.ThemeName.DEFAULT).stylesheet, encoding="utf-8")
    return path


def _dist(xs: list[float]) -> str:
    return f"median {median(xs):.2f} ms, p95 {p95(xs):.2f} ms (n={len(xs)})" if xs else "n=0"


def section_clicks(args: argparse.Namespace, report: Report) -> None:
    a_subject, b_subject = _subjects(args)
    a_name, b_name = _labels(args)
    rounds = max(1, args.rounds)
    per_child = max(1, args.clicks // rounds)
    print(
        f"2. Click to next screen painted — {per_child * rounds} clicks each "
        f"({rounds} child processes each, alternating A B / B A; {args.warmup_clicks} "
        "warm-up clicks per process dropped)"
    )
    print(
        "   QTest.mouseClick(option button) -> processEvents() until the new page's Paint "
        "event has run"
    )
    started = time.perf_counter()
    samples: dict[str, list[dict[str, Any]]] = {a_name: [], b_name: []}
    info: dict[str, Any] = {}
    size = ""
    for r in range(rounds):
        order = [(a_name, a_subject), (b_name, b_subject)]
        for name, subject in order if r % 2 == 0 else order[::-1]:
            extra = ["--clicks", str(per_child), "--warmup-clicks", str(args.warmup_clicks)]
            if subject == "baseline" and size:
                extra += ["--size", size]
            run, payload = _child("clicks", subject, args, extra)
            if payload is None:
                report.crashes.append(f"clicks child ({name}): {_crash_text(run)}")
                print("   (crashed: see CRASH below)\n")
                return
            samples[name] += payload["samples"]
            if subject == "app" or not info:
                info = payload if subject == "app" else info or payload
                size = "{}x{}".format(*payload["window_size"])
    elapsed = time.perf_counter() - started
    sa, sb = samples[a_name], samples[b_name]
    if info.get("paths") is not None:
        print(
            f"   app: sessions over all {info['paths']} paths of the bundled flows "
            f"({info['results_reached']} results reached in the first process), Recomeçar "
            f"between; window {size}, baseline resized to match"
        )
    ta, tb = [x["total"] for x in sa], [x["total"] for x in sb]
    ratio_med, ratio_p95 = median(ta) / median(tb), p95(ta) / p95(tb)
    print(
        f"   {'(ms)':<30}{a_name + ':':>10}{'median':>8}{'p95':>8}{'max':>8}"
        f"{b_name + ':':>14}{'median':>8}{'p95':>8}{'max':>8}   ratio:{'median':>7}{'p95':>7}"
    )
    rows = (
        ("total", "click → new page painted"),
        ("cpu", "  the same, CPU time"),
        ("click", "  click + handler (built)"),
        ("paint", "  then until painted"),
        ("idle", "click → event loop idle"),
    )
    for key, label in rows:
        xa, xb = [x[key] for x in sa], [x[key] for x in sb]
        print(
            f"   {label:<30}{'':>10}{median(xa):8.2f}{p95(xa):8.2f}{max(xa):8.2f}"
            f"{'':>14}{median(xb):8.2f}{p95(xb):8.2f}{max(xb):8.2f}"
            f"{'':>9}{median(xa) / median(xb):7.2f}{p95(xa) / p95(xb):7.2f}"
        )
    print(
        "   (CPU time leaves out waiting for a core: on a busy machine wall-time tails come in "
        "4 ms scheduler ticks; 'idle' is until the event loop has nothing left to do: the "
        "deferred deletes, and the app building the screens one click away while the "
        "customer reads, which a human's next click never catches up with)"
    )
    kinds = sorted({x["to"] for x in sa})
    if len(kinds) > 1:
        for kind in kinds:
            kind_totals = [x["total"] for x in sa if x["to"] == kind]
            print(f"   {a_name} -> {kind + ' screen':<16} {_dist(kind_totals)}")
    loops = [x["loops"] for x in sa + sb]
    print(
        f"   paint check: all {len(loops)} new pages got their Paint event from processEvents() "
        f"after the click returned (calls needed: median {median(loops):.0f}, max {max(loops)}); "
        "offscreen this rasterises into the backing store, no grab() involved"
    )
    if args.with_app:
        # The same clicks with no pause to read: each comes as soon as the page is painted,
        # before anything is built ahead (a double tap, or a test driving the window flat out).
        extra = ["--clicks", str(per_child), "--warmup-clicks", str(args.warmup_clicks)]
        run, payload = _child("clicks", "app", args, [*extra, "--no-think"])
        if payload is None:
            report.crashes.append(f"clicks child (app, no think): {_crash_text(run)}")
        else:
            rushed = [x["total"] for x in payload["samples"]]
            print(
                f"   {a_name}, clicking again as soon as painted (nothing built ahead yet): "
                f"{_dist(rushed)}"
            )
    met = p95(ta) <= TARGET_CLICK_P95_MS
    v = report.target(
        "click→painted p95",
        f"{p95(ta):.2f} ms" + ("" if met else f" > {TARGET_CLICK_P95_MS} ms"),
        met,
    )
    print(
        f"   target: {a_name} p95 ≤ {TARGET_CLICK_P95_MS:.1f} ms   -> {p95(ta):.2f} ms  {v}   "
        f"(vs baseline: median ×{ratio_med:.2f}, p95 ×{ratio_p95:.2f})"
    )
    print(f"   ({elapsed:.1f} s)\n")
    if args.profile and args.with_app:
        # A separate process: the profiler's overhead must not leak into the figures above.
        extra = ["--clicks", str(per_child), "--warmup-clicks", str(args.warmup_clicks)]
        run, payload = _child("clicks", "app", args, [*extra, "--profile"])
        if payload is None:
            report.crashes.append(f"clicks child (app, profiled): {_crash_text(run)}")
        else:
            print(f"   cProfile of {per_child} app clicks (an extra process), by cumulative time:")
            lines = payload["profile"].strip().splitlines()[:55]
            print("\n".join("   | " + line for line in lines))
            print()


def _steady_slope(rec: list[dict[str, Any]], sessions: int) -> float | None:
    """Least-squares RSS growth in MiB per session over the checkpoints past 20% of the run."""
    points = [(r["sessions"], r["rss_kib"] / 1024) for r in rec if r["sessions"] >= sessions / 5]
    if len(points) < 3:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    den = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / den if den else None


def section_soak(args: argparse.Namespace, report: Report) -> None:
    subject = "app" if args.with_app else "baseline"
    print(
        f"3. Memory over {args.sessions:,} scripted sessions — one child process, {subject} "
        "window, driven inside app.exec()"
    )
    started = time.perf_counter()
    extra = ["--sessions", str(args.sessions), "--first", str(args.first_checkpoint)]
    extra += ["--extra-checkpoints", *map(str, args.extra_checkpoints)]
    run, payload = _child("soak", subject, args, extra, live=True)
    elapsed = time.perf_counter() - started
    if payload is None:
        report.crashes.append(f"soak child: {_crash_text(run)}")
        print("   (crashed: see CRASH below)\n")
        return
    rec = payload["record"]
    print(
        f"   {payload['clicks']:,} clicks + {args.sessions:,} Recomeçar, "
        f"{payload['paints'] / max(1, payload['clicks'] + args.sessions):.1f} paints of the "
        f"screen stack per click, {payload['clicks'] / payload['seconds']:.0f} clicks/s"
    )
    print(
        f"   {'sessions':>9} {'RSS':>10} {'(malloc_trim)':>16}{'QObjects in window':>19} "
        f"{'all widgets':>12} "
        f"{'Python objects':>15} {'refcount(None)':>15} {'elapsed':>8}"
    )
    for r in rec:
        trimmed = r.get("rss_trimmed_kib")
        print(
            f"   {r['sessions']:>9,} {r['rss_kib'] / 1024:>6.1f} MiB "
            f"{'' if trimmed is None else f'({trimmed / 1024:.1f} trimmed)':>16}"
            f"{r['qobjects']:>19,} "
            f"{r['widgets']:>12,} {r['pyobjects']:>15,} {r['none_refs']:>15,} {r['t']:>7.0f}s"
        )
    first = next(r for r in rec if r["sessions"] == args.first_checkpoint)
    last = rec[-1]
    growth = (last["rss_kib"] - first["rss_kib"]) / 1024
    met = growth <= TARGET_SOAK_GROWTH_MIB
    v = report.target(
        f"RSS growth {first['sessions']:,}→{last['sessions']:,} sessions",
        f"{growth:+.2f} MiB" + ("" if met else f" > {TARGET_SOAK_GROWTH_MIB} MiB"),
        met,
    )
    print(
        f"   RSS after {first['sessions']:,} sessions: {first['rss_kib'] / 1024:.1f} MiB; after "
        f"{last['sessions']:,}: {last['rss_kib'] / 1024:.1f} MiB; difference {growth:+.2f} MiB"
    )
    if first.get("rss_trimmed_kib") and last.get("rss_trimmed_kib"):
        trimmed_growth = (last["rss_trimmed_kib"] - first["rss_trimmed_kib"]) / 1024
        print(
            f"   the same after malloc_trim(0) at each checkpoint (allocator slack handed back, "
            f"so a leak cannot hide in it): {trimmed_growth:+.2f} MiB"
        )
    slope = _steady_slope(rec, args.sessions)
    if slope is not None:
        print(
            f"   steady slope over the last 80% of the run: {slope * 1024:+.2f} KiB/session "
            f"(= {slope * 10_000:+.1f} MiB per 10,000 sessions)"
        )
    steps = [
        (a, b)
        for a, b in pairwise(r for r in rec if r["sessions"] >= first["sessions"])
        if (b["rss_kib"] - a["rss_kib"]) / 1024
        > 1.0 + (slope or 0) * (b["sessions"] - a["sessions"]) * 2
    ]
    for a, b in steps:
        print(
            f"   note: a one-off step of {(b['rss_kib'] - a['rss_kib']) / 1024:+.1f} MiB between "
            f"{a['sessions']:,} and {b['sessions']:,} sessions, well above the steady slope "
            "(a lazily filled cache or allocator arena is a likelier cause than a per-session leak)"
        )
    none_drift = last["none_refs"] - first["none_refs"]
    print(
        f"   refcount(None) over the same span: {none_drift:+,} (a fall is the PySide6 6.12 "
        "crash of FACTS.md; a rise is harmless)"
    )
    print(f"   target: growth ≤ {TARGET_SOAK_GROWTH_MIB:.1f} MiB   -> {growth:+.2f} MiB  {v}")
    if none_drift < 0:
        report.target("refcount(None) does not fall", f"{none_drift:+,}", False)
    print(f"   ({elapsed:.1f} s)\n")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="cold-start runs of each (≥ 10)")
    parser.add_argument("--warmup", type=int, default=2, help="cold-start warm-up runs of each")
    parser.add_argument("--clicks", type=int, default=400, help="timed clicks of each")
    parser.add_argument("--rounds", type=int, default=4, help="child processes of each (clicks)")
    parser.add_argument("--warmup-clicks", type=int, default=10, help="per process, dropped")
    parser.add_argument("--sessions", type=int, default=10_000, help="soak length")
    parser.add_argument("--first", dest="first_checkpoint", type=int, default=500)
    parser.add_argument("--extra-checkpoints", type=int, nargs="*", default=None)
    parser.add_argument("--quick", action="store_true", help="small counts, to check the harness")
    parser.add_argument(
        "--baseline-only", action="store_true", help="A/A run of the baseline even with the app"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the app's clicks")
    parser.add_argument(
        "--no-think",
        action="store_true",
        help=argparse.SUPPRESS,  # clicks child: click again as soon as the page is painted
    )
    parser.add_argument("--only", choices=("start", "clicks", "soak"), action="append")
    parser.add_argument("--flows", default=None, help="flows file (default: the bundled one)")
    parser.add_argument("--child", choices=("clicks", "soak"), help=argparse.SUPPRESS)
    parser.add_argument("--subject", choices=("app", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--size", default="", help=argparse.SUPPRESS)
    parser.add_argument("--result-file", default="", help=argparse.SUPPRESS)
    parser.add_argument(
        "--child-timeout", type=float, default=3600, help="seconds before a child is killed"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.warmup, args.clicks, args.rounds = 10, 1, 100, 2
        args.sessions, args.first_checkpoint = 1000, 100
    if args.extra_checkpoints is None:
        args.extra_checkpoints = [args.sessions * k // 10 for k in range(1, 10)]
    args.extra_checkpoints = [c for c in args.extra_checkpoints if c <= args.sessions]
    args.flows_given = args.flows is not None
    if args.flows is None:
        from assistant.resources import bundled_flows  # Qt-free

        args.flows = str(bundled_flows())
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return run_as_child(args)
    if args.runs < 10:
        print("note: fewer than 10 cold-start runs of each: indicative figures only")
    args.with_app = app_available() and not args.baseline_only
    report = Report()
    started = time.perf_counter()
    try:
        from importlib.metadata import version

        qt = f"PySide6-Essentials {version('PySide6-Essentials')}"
    except Exception:  # only for the banner
        qt = "PySide6 (version unknown)"
    print("Assistente de Faturas — desktop benchmark (bench/bench_gui.py)")
    print(
        f"{datetime.datetime.now():%Y-%m-%d %H:%M}  Python {platform.python_version()}, {qt}, "
        f"QT_QPA_PLATFORM=offscreen, {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    if args.with_app:
        flows = os.path.relpath(args.flows, ROOT)
        print(f"A = the assistant on {flows}; B = Qt baselines of this run")
    else:
        missing = [f for f in APP_FILES if not (ROOT / f).is_file()]
        why = "--baseline-only" if args.baseline_only else f"missing {', '.join(missing)}"
        print(f"A/A run: baseline against baseline ({why}); the ratios show harness noise")
    print()
    sections = {"start": section_start, "clicks": section_clicks, "soak": section_soak}
    try:
        for key, fn in sections.items():
            if args.only and key not in args.only:
                continue
            try:
                fn(args, report)
            except Exception:  # report and go on; the exit status says it
                report.crashes.append(f"section {key}: {traceback.format_exc()}")
                print(f"   (section {key} failed: see CRASH below)\n")
    finally:
        for folder in _log_dir:
            shutil.rmtree(folder, ignore_errors=True)
    for crash in report.crashes:
        print("CRASH " + crash.strip().replace("\n", "\n      "))
    met = sum(1 for _, _, ok in report.targets if ok)
    missed = [f"{what} {fig}" for what, fig, ok in report.targets if not ok]
    line = f"SUMMARY [{'app' if args.with_app else 'A/A baseline'}]: "
    line += f"{met}/{len(report.targets)} targets met"
    line += f"; MISS: {'; '.join(missed)}" if missed else ""
    line += f"; {len(report.crashes)} CRASHED" if report.crashes else ""
    line += f"; {time.perf_counter() - started:.0f} s"
    print(line)
    return 1 if report.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
