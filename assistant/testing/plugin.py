"""The pytest plugin of the Assistente de Faturas: fixtures on the real window, YAML scenarios,
flow coverage. Registered through the `pytest11` entry point, so installing the package is enough
(`-p no:assistant` turns it off).

Fixtures (each can be overridden in a conftest.py):

    flows_file   the flows file a test runs on: the bundled flows.yaml, or the path given by
                 `@pytest.mark.flows("path")` (relative to the test file)
    flow         that file loaded and checked (a `FlowError` fails the test with file:line:col)
    bundled_flow the bundled flows.yaml, loaded once per run
    open_pilot   a factory: `open_pilot(flow=None, *, size=(1024, 720), clipboard=None,
                 high_contrast=False, author=False, kiosk=False, region=None)` opens another
                 real window on `flow` (a Flow or a path, relative to the test file; None: the
                 test's `flow` fixture) and returns its `Pilot` (the clipboard starts empty;
                 `high_contrast=True`: in the high-contrast theme, the default theme again after
                 the test)
    pilot        a `Pilot` on a real `MainWindow` over `flow`, shown (offscreen) at 1024x720

Scenario files: YAML files matching the `scenario_files` ini patterns (default
`*/scenarios/*.yaml`, `*/scenarios/*.yml`) are collected, one test item per scenario; see
`assistant.testing.scenarios` for the format. A file without `flows:` runs on the `pilot`
fixture, so a conftest that overrides `flows_file` or `flow` changes its scenarios too.

Options: `--flows-coverage`, `--flows-coverage-fail-under=N`, `--flows-coverage-of=PATH`,
`--scenario-screenshots=DIR` (see `pytest --help`, section "assistente de faturas").

Qt runs offscreen unless QT_QPA_PLATFORM is set (`QT_QPA_PLATFORM=xcb pytest` shows the windows).
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest

from assistant.flows.loader import FlowFileError, load_flow
from assistant.flows.model import Flow
from assistant.flows.problems import FlowError
from assistant.resources import bundled_flows
from assistant.testing.coverage import (
    CoverageReport,
    FlowCoverage,
    enter_run,
    format_percent,
    leave_run,
    source_key,
)
from assistant.testing.runner import ScenarioFailedError, run_scenario, screenshot_name
from assistant.testing.scenarios import (
    Scenario,
    ScenarioFileError,
    check_against_flow,
    read_scenarios,
)

if TYPE_CHECKING:
    from _pytest._code.code import ExceptionInfo, TerminalRepr
    from _pytest.terminal import TerminalReporter
    from pytestqt.qtbot import QtBot

    from assistant.testing.pilot import Pilot
    from assistant.ui.clipboard import Clipboard

__all__ = ["OpenPilot", "ScenarioItem", "ScenarioModule"]

DEFAULT_SCENARIO_FILES = ("*/scenarios/*.yaml", "*/scenarios/*.yml")
DEFAULT_SCREENSHOTS = Path("artifacts") / "scenarios"
WINDOW_SIZE = (1024, 720)

# Qt messages that are not problems of ours (qt_log_level_fail = WARNING fails on the others).
QT_LOG_IGNORE = (
    # The offscreen platform cannot pass a window's minimum size to a window manager it does
    # not have, and says so each time a top-level window with a layout is shown.
    r"^This plugin does not support propagateSizeHints\(\)$",
)

_FLOWS: pytest.StashKey[dict[tuple[str, int], Flow]] = pytest.StashKey()
_COVERAGE: pytest.StashKey[FlowCoverage | None] = pytest.StashKey()
_REPORTS: pytest.StashKey[list[tuple[str, CoverageReport | str]]] = pytest.StashKey()
# Flows files below the rootdir that tests walked but the report is not on.
_UNREPORTED: pytest.StashKey[list[str]] = pytest.StashKey()
# The scenario files collected in this run, by stem: their screenshots are named after it.
_STEMS: pytest.StashKey[dict[str, set[Path]]] = pytest.StashKey()


class OpenPilot(Protocol):
    """The `open_pilot` fixture."""

    def __call__(
        self,
        flow: Flow | str | os.PathLike[str] | None = None,
        *,
        size: tuple[int, int] = WINDOW_SIZE,
        clipboard: Clipboard | None = None,
        high_contrast: bool = False,
        **window_options: Any,
    ) -> Pilot: ...


# --- options and set-up -----------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("assistente de faturas", "Assistente de Faturas: flows and scenarios")
    group.addoption(
        "--flows-coverage",
        action="store_true",
        default=False,
        help="after the run, list the screens and options of the flows file that no test "
        "visited in the real window, each at file:line:col",
    )
    group.addoption(
        "--flows-coverage-fail-under",
        type=float,
        default=None,
        metavar="N",
        help="fail the run (exit status 1) when flow coverage is under N percent; "
        "implies --flows-coverage",
    )
    group.addoption(
        "--flows-coverage-of",
        action="append",
        default=[],
        metavar="PATH",
        help="flows file to report coverage on (may be repeated; default: the bundled "
        "flows.yaml)",
    )
    group.addoption(
        "--scenario-screenshots",
        default=None,
        metavar="DIR",
        help="folder for the screenshots of failing scenarios (default: "
        "<rootdir>/artifacts/scenarios)",
    )
    parser.addini(
        "scenario_files",
        type="linelist",
        default=list(DEFAULT_SCENARIO_FILES),
        help="patterns (fnmatch) of the YAML files collected as scenarios, matched against the "
        "path below the rootdir with a leading '/' (default: */scenarios/*.yaml, "
        "*/scenarios/*.yml)",
    )


def _coverage_wanted(config: pytest.Config) -> bool:
    return bool(
        config.getoption("flows_coverage") or config.getoption("flows_coverage_fail_under")
        is not None
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    config.addinivalue_line(
        "markers",
        "flows(path): run the test's `flow`/`pilot` on this flows file (relative to the test "
        "file) instead of the bundled flows.yaml",
    )
    config.stash[_FLOWS] = {}
    config.stash[_STEMS] = {}
    recorder = None
    if _coverage_wanted(config) and not config.getoption("collectonly"):
        recorder = FlowCoverage()
    config.stash[_COVERAGE] = recorder
    enter_run(recorder)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _COVERAGE in config.stash:
        leave_run(config.stash[_COVERAGE])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.pluginmanager.has_plugin("pytest-qt"):
        return
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True))


# Qt message types by severity, and the lowest that fails a test for each qt_log_level_fail.
_QT_SEVERITY = {"QtDebugMsg": 0, "QtInfoMsg": 1, "QtWarningMsg": 2, "QtCriticalMsg": 3}
_QT_FAIL_FROM = {"DEBUG": 0, "INFO": 1, "WARNING": 2, "CRITICAL": 3}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """pytest-qt fails a test on the Qt messages of its set-up and body (qt_log_level_fail) but
    stops listening before the teardown, where fixtures close windows: the same rule there."""
    config = item.config
    threshold = None
    if config.pluginmanager.has_plugin("pytest-qt") and not item.get_closest_marker("no_qt_log"):
        threshold = _QT_FAIL_FROM.get(str(config.getini("qt_log_level_fail")).upper())
    if threshold is None:
        return (yield)
    import re

    from PySide6.QtCore import qInstallMessageHandler

    ignore = list(config.getini("qt_log_ignore"))
    for marker in item.iter_markers("qt_log_ignore"):
        ignore += marker.args
    caught: list[str] = []

    def handler(kind: Any, _context: Any, message: str) -> None:
        severity = _QT_SEVERITY.get(getattr(kind, "name", ""), 4)  # QtFatalMsg and unknowns
        if severity >= threshold and not any(re.search(p, message) for p in ignore):
            caught.append(f"{getattr(kind, 'name', kind)}: {message}")

    previous = qInstallMessageHandler(handler)
    try:
        result = yield
    finally:
        qInstallMessageHandler(previous)
    if caught:
        pytest.fail("Qt messages during teardown:\n" + "\n".join(caught), pytrace=False)
    return result


def _load(config: pytest.Config, path: Path) -> Flow:
    """The flow in `path`, loaded once per run (again if the file changed)."""
    resolved = path.resolve()
    try:
        stamp = resolved.stat().st_mtime_ns
    except OSError:
        stamp = -1  # load_flow says why
    cache = config.stash[_FLOWS]
    key = (str(resolved), stamp)
    if key not in cache:
        cache[key] = load_flow(resolved)
    return cache[key]


def _load_or_fail(config: pytest.Config, path: Path) -> Flow:
    try:
        return _load(config, path)
    except FlowError as exc:
        message = f"the flows file has problems:\n{exc.report()}"
    except FlowFileError as exc:
        message = f"{exc.path}: {exc}"
    # Outside the except: inside it, pytest prints the loader's exception too ("During handling
    # of the above exception, another exception occurred"), the same problems twice.
    pytest.fail(message, pytrace=False)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def flows_file(request: pytest.FixtureRequest) -> Path:
    """The flows file of the test: `@pytest.mark.flows("path")` (relative to the test file),
    else the bundled flows.yaml."""
    marker = request.node.get_closest_marker("flows")
    if marker is None:
        return bundled_flows()
    if len(marker.args) != 1 or not isinstance(marker.args[0], str | os.PathLike):
        pytest.fail('use @pytest.mark.flows("path/to/flows.yaml")', pytrace=False)
    path = Path(marker.args[0])
    if not path.is_absolute():
        path = Path(request.node.path).parent / path
    return path.resolve()


@pytest.fixture(scope="session")
def bundled_flow(pytestconfig: pytest.Config) -> Flow:
    """The shipped flows.yaml, loaded and checked once."""
    return _load_or_fail(pytestconfig, bundled_flows())


@pytest.fixture
def flow(flows_file: Path, pytestconfig: pytest.Config) -> Flow:
    """The flow of `flows_file`, loaded and checked (once per run per file)."""
    return _load_or_fail(pytestconfig, flows_file)


@pytest.fixture
def open_pilot(qtbot: QtBot, request: pytest.FixtureRequest) -> OpenPilot:
    """Opens a real window and returns its Pilot: on `flow` (a Flow, or a path), or on the
    test's `flow` fixture when none is given; in the default theme, or in the high-contrast one
    with `high_contrast=True` (the theme is the application's: the default comes back after
    the test)."""
    from PySide6.QtWidgets import QApplication

    from assistant.testing.pilot import Pilot
    from assistant.ui import theme
    from assistant.ui.qt_translations import install_qt_translations

    def open_pilot(
        flow: Flow | str | os.PathLike[str] | None = None,
        *,
        size: tuple[int, int] = WINDOW_SIZE,
        clipboard: Clipboard | None = None,
        high_contrast: bool = False,
        **window_options: Any,
    ) -> Pilot:
        if flow is None:
            flow = request.getfixturevalue("flow")
        elif not isinstance(flow, Flow):
            path = Path(flow)
            if not path.is_absolute():  # as @pytest.mark.flows: wherever pytest was started
                path = Path(request.node.path).parent / path
            flow = _load_or_fail(request.config, path)
        assert isinstance(flow, Flow)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        if high_contrast:
            theme.apply_theme(app, theme.ThemeName.HIGH_CONTRAST)
            request.addfinalizer(lambda: theme.apply_theme(app, theme.ThemeName.DEFAULT))
        else:
            theme.apply_theme(app, theme.ThemeName.DEFAULT)
        install_qt_translations(app)  # Qt's own words in pt-BR, as the app has them
        pilot = Pilot.start(flow, qtbot, clipboard=clipboard, size=size, **window_options)
        if clipboard is None:
            # The system clipboard outlives the test: a number an earlier test copied must not
            # be there to pass this test's clipboard check.
            pilot.window.clipboard.clear()
        return pilot

    return open_pilot


@pytest.fixture
def pilot(open_pilot: OpenPilot, flow: Flow) -> Pilot:
    """A Pilot on a real MainWindow over `flow`, shown (offscreen) at 1024x720, default theme,
    with the system clipboard (in-process under offscreen), emptied for the test."""
    return open_pilot(flow)


# --- scenario files ---------------------------------------------------------------------------


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioModule | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    patterns: Iterable[str] = parent.config.getini("scenario_files")
    # Matched below the rootdir, as "/tests/scenarios/a.yaml": a checkout that happens to live
    # in some ".../scenarios/..." folder does not turn every YAML file into a scenario.
    try:
        text = "/" + file_path.relative_to(parent.config.rootpath).as_posix()
    except ValueError:
        text = file_path.as_posix()
    if not any(fnmatch.fnmatch(text, pattern) for pattern in patterns):
        return None
    module: ScenarioModule = ScenarioModule.from_parent(parent, path=file_path)
    return module


def _shown_path(config: pytest.Config, path: Path) -> str:
    """`path` relative to where pytest was started, when it is below it."""
    try:
        return str(path.relative_to(config.invocation_params.dir))
    except ValueError:
        return str(path)


class ScenarioModule(pytest.File):
    """A scenario file: one test item per scenario. A malformed file is a collection error
    listing every problem as file:line:col."""

    def collect(self) -> Iterator[ScenarioItem]:
        self.config.stash[_STEMS].setdefault(self.path.stem, set()).add(self.path)
        shown = _shown_path(self.config, self.path)
        try:
            parsed = read_scenarios(self.path, source=shown)
        except ScenarioFileError as exc:
            raise self.CollectError(exc.report()) from None
        flow: Flow | None = None
        if parsed.flows is not None:
            try:
                flow = _load(self.config, parsed.flows)
            except (FlowError, FlowFileError) as exc:
                details = exc.report() if isinstance(exc, FlowError) else f"{exc.path}: {exc}"
                raise self.CollectError(
                    f"{parsed.flows_mark}: the flows file of these scenarios cannot be used:\n"
                    f"{details}"
                ) from None
            problems = check_against_flow(parsed, flow)
            if problems:
                raise self.CollectError(ScenarioFileError(problems).report())
        shots = [screenshot_name(self.path, s) for s in parsed.scenarios]
        for scenario, shot in zip(parsed.scenarios, shots, strict=True):
            yield ScenarioItem.from_parent(
                self,
                name=scenario.item_name,
                callobj=_run_scenario_item,
                scenario=scenario,
                scenario_flow=flow,
                screenshot_file=(
                    screenshot_name(self.path, scenario, unique=True)
                    if shots.count(shot) > 1
                    else shot
                ),
            )


def _run_scenario_item(request: pytest.FixtureRequest) -> None:
    """The test function of every scenario item (pytest runs it with the item's fixtures)."""
    item = request.node
    assert isinstance(item, ScenarioItem)
    item.screenshot_path().unlink(missing_ok=True)  # a stale one from an earlier failed run
    if item.scenario_flow is not None:
        open_pilot: OpenPilot = request.getfixturevalue("open_pilot")
        pilot = open_pilot(item.scenario_flow)
    else:
        pilot = request.getfixturevalue("pilot")
    run_scenario(pilot, item.scenario, screenshot=item.save_screenshot)


class ScenarioItem(pytest.Function):
    """One scenario of a scenario file. A pytest Function (run by `_run_scenario_item`), so that
    fixtures, markers, pytest-qt's Qt log and exception capture all apply as to any test."""

    def __init__(
        self,
        *,
        scenario: Scenario,
        scenario_flow: Flow | None = None,
        screenshot_file: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.scenario_flow = scenario_flow
        self.screenshot_file = screenshot_file or screenshot_name(self.path, scenario)

    def reportinfo(self) -> tuple[os.PathLike[str] | str, int | None, str]:
        return self.path, self.scenario.mark.line - 1, f"scenario: {self.scenario.name}"

    def repr_failure(  # type: ignore[override]  # as pytest.Function's own
        self, excinfo: ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, ScenarioFailedError):
            return excinfo.value.report()
        return super().repr_failure(excinfo)

    def screenshot_path(self) -> Path:
        """<--scenario-screenshots or rootdir/artifacts/scenarios>/<file>--<scenario>.png,
        where <file> is the scenario file's stem, or its path below the rootdir with "-" for
        "/" when another scenario file of the run has the same stem (a/scenarios/s.yaml and
        b/scenarios/s.yaml: a scenario of one that passed removed the screenshot of a
        scenario of the same name that failed in the other)."""
        option = self.config.getoption("scenario_screenshots")
        folder = Path(option) if option else self.config.rootpath / DEFAULT_SCREENSHOTS
        if not folder.is_absolute():
            folder = self.config.invocation_params.dir / folder
        name = self.screenshot_file
        if len(self.config.stash[_STEMS].get(self.path.stem, ())) > 1:
            try:
                below = self.path.with_suffix("").relative_to(self.config.rootpath).parts
            except ValueError:
                below = self.path.with_suffix("").parts[1:]  # outside the rootdir
            name = "-".join(below) + name.removeprefix(self.path.stem)
        return folder / name

    def save_screenshot(self, pilot: Pilot) -> str:
        """Saves the window at `screenshot_path()`; returns the path, or why it could not be
        saved."""
        try:
            saved = pilot.screenshot(self.screenshot_path())
        except (AssertionError, OSError) as exc:  # PilotError is an AssertionError
            return f"not saved ({exc})"
        self.user_properties.append(("screenshot", str(saved)))
        return str(saved)


# --- coverage report --------------------------------------------------------------------------


def _coverage_targets(config: pytest.Config) -> list[Path]:
    given: list[str] = config.getoption("flows_coverage_of")
    if not given:
        return [bundled_flows()]
    return [(config.invocation_params.dir / p).resolve() for p in given]


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    recorder = config.stash.get(_COVERAGE, None)
    if recorder is None:
        return
    reports: list[tuple[str, CoverageReport | str]] = []
    for target in _coverage_targets(config):
        shown = _shown_path(config, target)
        try:
            reports.append((shown, recorder.report(load_flow(target))))
        except (FlowError, FlowFileError) as exc:
            reports.append((shown, f"cannot report flow coverage: {exc}"))
    config.stash[_REPORTS] = reports
    reported = {source_key(str(target)) for target in _coverage_targets(config)}
    config.stash[_UNREPORTED] = sorted(
        _shown_path(config, Path(key))
        for key in recorder.sources() - reported
        if Path(key).is_file() and Path(key).is_relative_to(config.rootpath)
    )
    fail_under: float | None = config.getoption("flows_coverage_fail_under")
    if fail_under is None or session.exitstatus != pytest.ExitCode.OK:
        return
    if any(isinstance(r, str) or r.percent < fail_under for _, r in reports):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(
    terminalreporter: TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    reports = config.stash.get(_REPORTS, None)
    if reports is None:
        return
    write: Callable[..., None] = terminalreporter.write_line
    terminalreporter.write_sep("-", "flows coverage")
    fail_under: float | None = config.getoption("flows_coverage_fail_under")
    for shown, report in reports:
        if isinstance(report, str):
            write(f"{shown}: {report}", red=True)
            continue
        for line in report.lines(shown):
            write(line)
        if fail_under is not None and report.percent < fail_under:
            write(
                f"FAIL: flows coverage of {shown} is {format_percent(report.percent)}, under "
                f"--flows-coverage-fail-under={fail_under:g}",
                red=True,
                bold=True,
            )
    # A conftest that gives the tests another flows file (flows_file, flow): without this, the
    # report said 0% of flows.yaml and nothing of the file the tests walked.
    for shown in config.stash.get(_UNREPORTED, []):
        write(f"{shown}: walked by tests, not reported (add --flows-coverage-of={shown})")
