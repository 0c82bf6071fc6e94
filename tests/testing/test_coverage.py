"""Flow coverage: recorded from every Pilot's session, reported with flows.yaml lines, enforced."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from assistant.flows.loader import parse_flow
from assistant.flows.model import Flow
from assistant.flows.session import Session
from assistant.testing import Pilot
from assistant.testing.coverage import FlowCoverage, enter_run, format_percent, leave_run

SMALL_FLOWS = (Path(__file__).parent / "small_flows.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of `text` where `fragment` is written."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


NAO = line_of(SMALL_FLOWS, "id: nao")
FIM_WHATSAPP = line_of(SMALL_FLOWS, "id: fim_whatsapp")


def test_a_session_records_screens_shown_and_options_taken() -> None:
    flow = parse_flow(SMALL_FLOWS, source="flows/small.yaml")
    session = Session(flow)
    coverage = FlowCoverage()
    coverage.watch(session)
    coverage.watch(session)  # once is enough
    session.choose("sim")
    session.back()
    session.restart()
    report = coverage.report(flow)
    assert (report.screens_visited, report.screens) == (2, 3)
    assert (report.options_visited, report.options) == (1, 2)
    assert report.percent == pytest.approx(60.0)
    assert [(u.mark.line, u.what) for u in report.unvisited] == [
        (NAO, 'option pergunta > nao "Não, ainda não" (to fim_whatsapp)'),
        (FIM_WHATSAPP, 'screen fim_whatsapp "Fale pelo WhatsApp"'),
    ]
    assert report.lines("small.yaml")[0] == "small.yaml: 60.0% (screens 2/3, options 1/2)"


def test_visits_of_another_flows_file_do_not_count() -> None:
    coverage = FlowCoverage()
    coverage.watch(Session(parse_flow(SMALL_FLOWS, source="other.yaml")))
    assert coverage.report(parse_flow(SMALL_FLOWS, source="small.yaml")).screens_visited == 0


def test_percentages_never_round_up_to_100() -> None:
    assert [format_percent(p) for p in (100.0, 99.99, 50.0, 0.0)] == [
        "100%",
        "99.9%",
        "50.0%",
        "0.0%",
    ]


def test_every_pilot_is_recorded_by_the_innermost_run_only(
    qtbot: QtBot, bundled_flow: Flow
) -> None:
    outer, inner = FlowCoverage(), FlowCoverage()
    flow = bundled_flow
    before = Pilot.__init__  # wrapped if this very run records coverage
    enter_run(outer)
    try:
        enter_run(inner)
        Pilot.start(flow, qtbot).choose("duvidas")
        enter_run(None)  # a run inside that does not record: nobody records its pilots
        Pilot.start(flow, qtbot).choose("promessa")
        leave_run(None)
        leave_run(inner)
        Pilot.start(flow, qtbot).press_key("3")  # number keys go through the session too
    finally:
        leave_run(outer)
    assert {s for _, s in inner.screens} == {"inicio", "duvidas_canal"}
    assert {s for _, s in outer.screens} == {"inicio", "negociar_atraso"}
    assert {o for _, _, o in outer.options} == {"negociar"}
    assert Pilot.__init__ is before


def test_coverage_follows_the_window_when_its_content_is_replaced(qtbot: QtBot) -> None:
    """`replace_flow` (a --watch reload, a kiosk content update) goes on in a new Session: what
    the window shows after it counts too, and the session the pilot began with still counts."""
    coverage = FlowCoverage()
    enter_run(coverage)
    try:
        pilot = Pilot.start(parse_flow(SMALL_FLOWS, source="flows/small.yaml"), qtbot)
        pilot.choose("sim")
        first = pilot.window.session
        pilot.window.replace_flow(parse_flow(SMALL_FLOWS, source="flows/small.yaml"))
        assert pilot.window.session is not first
        pilot.back()
        pilot.choose("nao")
    finally:
        leave_run(coverage)
    report = coverage.report(parse_flow(SMALL_FLOWS, source="flows/small.yaml"))
    assert (report.screens_visited, report.options_visited) == (3, 2)
    assert report.unvisited == ()


def small_scenario(project: pytest.Pytester, answers: str) -> None:
    """scenarios/s.yaml: `answers` on flows/small.yaml, ending on fim_app."""
    (project.path / "scenarios" / "s.yaml").write_text(
        f'flows: ../flows/small.yaml\nname: "x"\nanswers: {answers}\nexpect: {{screen: fim_app}}\n',
        encoding="utf-8",
    )


def test_the_report_lists_what_no_test_visited_with_its_line(project: pytest.Pytester) -> None:
    small_scenario(project, "[sim]")
    result = project.runpytest("--flows-coverage", "--flows-coverage-of=flows/small.yaml")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "*- flows coverage -*",
            "flows/small.yaml: 60.0% (screens 2/3, options 1/2)",
            "not visited by any test:",
            f'  flows/small.yaml:{NAO}:9: option pergunta > nao "Não, ainda não" '
            f"(to fim_whatsapp)",
            f'  flows/small.yaml:{FIM_WHATSAPP}:5: screen fim_whatsapp "Fale pelo WhatsApp"',
        ]
    )


def test_the_bundled_flows_are_reported_by_default(project: pytest.Pytester) -> None:
    (project.path / "test_one.py").write_text(
        "def test_one(pilot):\n    pilot.choose('duvidas')\n", encoding="utf-8"
    )
    result = project.runpytest("--flows-coverage")
    result.stdout.fnmatch_lines(["*flows.yaml: *% (screens 2/*, options 1/*)", "not visited*"])
    assert "flows.yaml:" in result.stdout.str()


def test_fail_under_fails_the_run(project: pytest.Pytester) -> None:
    small_scenario(project, "[sim]")
    result = project.runpytest(
        "--flows-coverage-fail-under=100", "--flows-coverage-of=flows/small.yaml"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "flows/small.yaml: 60.0% (screens 2/3, options 1/2)",
            "FAIL: flows coverage of flows/small.yaml is 60.0%, under "
            "--flows-coverage-fail-under=100",
        ]
    )
    result = project.runpytest(
        "--flows-coverage-fail-under=60", "--flows-coverage-of=flows/small.yaml"
    )
    assert result.ret == pytest.ExitCode.OK


def test_everything_visited_passes_fail_under_100(project: pytest.Pytester) -> None:
    small_scenario(project, "[nao, back, sim]")
    # An ordinary test drives the window too, with the keyboard; both count.
    (project.path / "test_keys.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.flows('flows/small.yaml')\n"
        "def test_keys(pilot):\n"
        "    pilot.press_key('2')\n"
        "    assert pilot.screen_id == 'fim_whatsapp'\n",
        encoding="utf-8",
    )
    result = project.runpytest(
        "--flows-coverage-fail-under=100", "--flows-coverage-of=flows/small.yaml", "-k", "keys"
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # the keyboard test alone: 3 of 5
    result.stdout.fnmatch_lines(["flows/small.yaml: 60.0% (screens 2/3, options 1/2)"])
    result = project.runpytest(
        "--flows-coverage-fail-under=100", "--flows-coverage-of=flows/small.yaml"
    )
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["flows/small.yaml: 100% (screens 3/3, options 2/2)"])
    assert "not visited" not in result.stdout.str()


def test_a_failing_test_is_not_hidden_by_coverage(project: pytest.Pytester) -> None:
    (project.path / "test_fails.py").write_text("def test_fails():\n    assert False\n")
    result = project.runpytest("--flows-coverage-fail-under=0")
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_flows_file_walked_but_not_reported_is_named(project: pytest.Pytester) -> None:
    """A conftest gave the tests another flows file: the report said 0% of flows.yaml, every
    screen unvisited, and nothing of the file the tests had walked."""
    (project.path / "conftest.py").write_text(
        "import pathlib, pytest\n\n"
        "@pytest.fixture\n"
        "def flows_file():\n"
        "    return pathlib.Path(__file__).parent / 'flows' / 'small.yaml'\n",
        encoding="utf-8",
    )
    (project.path / "test_one.py").write_text(
        "def test_one(pilot):\n    pilot.choose('sim')\n", encoding="utf-8"
    )
    result = project.runpytest("--flows-coverage")
    result.stdout.fnmatch_lines(
        [
            "*flows.yaml: 0.0% *",
            "flows/small.yaml: walked by tests, not reported "
            "(add --flows-coverage-of=flows/small.yaml)",
        ]
    )
    result = project.runpytest("--flows-coverage", "--flows-coverage-of=flows/small.yaml")
    assert "not reported" not in result.stdout.str()
