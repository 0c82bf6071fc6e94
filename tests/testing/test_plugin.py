"""The pytest plugin as QA meet it: installed with the package, in a project of their own.

Each test writes a small project (see `project` in conftest.py: our pytest settings and
flows/small.yaml) and runs pytest on it in-process with `pytester`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.resources import bundled_flows


def write(project: pytest.Pytester, name: str, text: str) -> Path:
    path = project.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_plugin_is_loaded_by_its_entry_point(project: pytest.Pytester) -> None:
    result = project.runpytest("--help")
    result.stdout.fnmatch_lines(["*--flows-coverage*", "*--scenario-screenshots=DIR*"])


def test_passing_scenarios_pass(project: pytest.Pytester) -> None:
    write(
        project,
        "scenarios/bundled.yaml",
        """\
        scenarios:
          - name: "Negociar pelo App"
            answers: [negociar, "Sim, até 45 dias", app]
            expect:
              screen: negociar_app
              menu: "App Minha Claro > Faturas > Parcelar dívida"
          - name: "Recomeçar e perguntar por onde falar com a Claro"
            answers: [contestar, back, restart, duvidas]
            expect: {screen: duvidas_canal, trail: ["Ainda tenho dúvidas sobre a fatura"]}
        """.replace("        ", ""),
    )
    write(
        project,
        "scenarios/small.yml",
        """\
        flows: ../flows/small.yaml
        name: "Sem conferir: WhatsApp"
        answers: [nao]
        expect: {screen: fim_whatsapp, copy_whatsapp: sudeste, clipboard: "+55 11 99991-0621"}
        """.replace("        ", ""),
    )
    result = project.runpytest("-v")
    result.stdout.fnmatch_lines(
        [
            "scenarios/bundled.yaml::Negociar pelo App PASSED*",
            "scenarios/bundled.yaml::Recomeçar e perguntar por onde falar com a Claro PASSED*",
            "scenarios/small.yml::Sem conferir: WhatsApp PASSED*",
        ]
    )
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=3)


def test_a_wrong_expectation_fails_with_a_bug_report(project: pytest.Pytester) -> None:
    write(
        project,
        "scenarios/negociar.yaml",
        """\
        flows: ../flows/small.yaml
        scenarios:
          - name: "Conferiu: App"
            answers: [sim]
            expect:
              screen: fim_app
              menu: "App Minha Claro > Faturas > Parcelar dívidas"
        """.replace("        ", ""),
    )
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "Traceback" not in out
    result.stdout.fnmatch_lines(
        [
            'Scenario "Conferiu: App" failed (scenarios/negociar.yaml:3:5)',
            "  step 2 of 2:        check the screen (expect)  (scenarios/negociar.yaml:5:5)",
            '  on screen:          fim_app  "Use o App Minha Claro"  (result, channel app)',
            "  answers so far:     Sim, conferi",
            "  options seen:       none (a result page)",
            "  expected menu path: App Minha Claro › Faturas › Parcelar dívidas",
            "  found menu path:    App Minha Claro › Faturas › Parcelar dívida",
            "  screenshot:         */artifacts/scenarios/negociar--conferiu-app.png",
        ]
    )
    shot = re.search(r"screenshot: +(\S+)", out)
    assert shot is not None
    assert Path(shot.group(1)) == project.path / "artifacts/scenarios/negociar--conferiu-app.png"
    assert Path(shot.group(1)).read_bytes().startswith(b"\x89PNG")
    # Fixed, the scenario passes, and its screenshot from the failed run is gone.
    scenario = project.path / "scenarios/negociar.yaml"
    scenario.write_text(scenario.read_text().replace("dívidas", "dívida"), encoding="utf-8")
    project.runpytest().assert_outcomes(passed=1)
    assert not Path(shot.group(1)).exists()


def test_a_wrong_answer_shows_the_options_seen(project: pytest.Pytester) -> None:
    # Without flows: the flows file is the `pilot` fixture's, known only at run time (a file
    # with flows: has its answers checked at collection).
    write(
        project,
        "conftest.py",
        "import pathlib, pytest\n\n"
        "@pytest.fixture\n"
        "def flows_file():\n"
        "    return pathlib.Path(__file__).parent / 'flows' / 'small.yaml'\n",
    )
    write(project, "scenarios/s.yaml", 'name: "x"\nanswers: [talvez]\nexpect: {screen: fim_app}\n')
    result = project.runpytest("--scenario-screenshots=shots")
    result.stdout.fnmatch_lines(
        [
            '  step 1 of 2:     choose "talvez"  (scenarios/s.yaml:2:11)',
            '  on screen:       pergunta  "Você já conferiu a fatura?"  (question)',
            "  answers so far:  none",
            '  options seen:    sim  "Sim, conferi"',
            '                   nao  "Não, ainda não"',
            '  expected answer: an option "talvez" (its id or its visible label)',
            "  found answer:    no such option on this screen",
            f"  screenshot:      {project.path / 'shots' / 's--x.png'}",
        ]
    )
    assert (project.path / "shots" / "s--x.png").is_file()


def test_a_malformed_scenario_file_fails_with_file_line_col(project: pytest.Pytester) -> None:
    write(
        project,
        "scenarios/bad.yaml",
        'name: "x"\nanswers: [sim, no]\nexpect:\n  screen: fim_app\n  menú: "a > b"\n',
    )
    write(project, "scenarios/good.yaml", 'name: "y"\nanswers: []\nexpect: {screen: inicio}\n')
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED  # a collection error, like a SyntaxError
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting scenarios/bad.yaml*",
            'scenarios/bad.yaml:2:16: "no" is read by YAML as the boolean false; write it in '
            'quotes: "no"',
            'scenarios/bad.yaml:5:3: unknown key "menú" in expect; did you mean "menu"?',
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_a_scenario_file_whose_flows_file_is_broken(project: pytest.Pytester) -> None:
    write(project, "flows/broken.yaml", 'schema: 1\ncontent_version: "x"\nstart: inicio\n')
    write(
        project,
        "scenarios/s.yaml",
        'flows: ../flows/broken.yaml\nname: "x"\nanswers: []\nexpect: {screen: inicio}\n',
    )
    result = project.runpytest()
    result.stdout.fnmatch_lines(
        [
            "scenarios/s.yaml:1:8: the flows file of these scenarios cannot be used:",
            '*/flows/broken.yaml:1:1: the file has no "screens"*',
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_values_the_flows_file_does_not_have_are_refused_at_collection(
    project: pytest.Pytester,
) -> None:
    """Not at run time, where a wrong id reads like a bug of the app."""
    write(
        project,
        "scenarios/s.yaml",
        """\
        flows: ../flows/small.yaml
        scenarios:
          - name: "a"
            answers: [sin]
            expect: {screen: fim_ap}
          - name: "b"
            answers: ["Não, ainda não", back, nao]
            expect: {screen: fim_whatsapp, copy_whatsapp: sudest}
          - name: "c"
            answers: [sim, restart, "Sim, conferi", nao]
            expect: {copy_whatsapp: "Região Sudeste"}
        """.replace("        ", ""),
    )
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "*ERROR collecting scenarios/s.yaml*",
            'scenarios/s.yaml:4:15: no answer "sin" on screen pergunta, where the answers '
            'before it lead; it has sim ("Sim, conferi"), nao ("Não, ainda não"); did you mean '
            '"sim"?',
            'scenarios/s.yaml:5:22: no screen "fim_ap" in the flows file; did you mean '
            '"fim_app"?',
            'scenarios/s.yaml:8:51: no WhatsApp contact "sudest" (id or label) in the flows '
            'file; did you mean "sudeste"?',
            'scenarios/s.yaml:10:45: no answer "nao": the answers before it lead to fim_app, '
            "a result page, which has no answers",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_only_yaml_files_under_a_scenarios_folder_are_collected(
    project: pytest.Pytester,
) -> None:
    write(project, "data/not_a_scenario.yaml", "whatever: 1\n")
    write(project, "scenarios/s.yaml", 'name: "x"\nanswers: []\nexpect: {screen: inicio}\n')
    result = project.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(["scenarios/s.yaml::x", "1 test collected*"])
    ini = (project.path / "tox.ini").read_text(encoding="utf-8")
    project.makeini(ini + "\nscenario_files = */data/*.yaml\n")
    result = project.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(["*ERROR collecting data/not_a_scenario.yaml*"])


def test_fixtures_and_the_flows_marker(project: pytest.Pytester) -> None:
    write(
        project,
        "test_fixtures.py",
        f"""\
        import pytest

        def test_default_is_the_bundled_flows(pilot, flows_file, flow, bundled_flow):
            assert flows_file == __import__("pathlib").Path({str(bundled_flows())!r})
            assert flow is bundled_flow
            assert pilot.screen_id == "inicio"
            assert pilot.choose("Negociar uma fatura em atraso") == "negociar_atraso"

        @pytest.mark.flows("flows/small.yaml")
        def test_marker(pilot, flow):
            assert flow.start == "pergunta"
            assert pilot.choose("nao") == "fim_whatsapp"
            assert pilot.copy_whatsapp("Região Sudeste") == "+55 11 99991-0621"
            assert pilot.clipboard == "+55 11 99991-0621"

        def test_open_pilot(open_pilot, tmp_path):
            other = open_pilot("flows/small.yaml", size=(800, 600))
            assert (other.screen_id, other.window.width()) == ("pergunta", 800)
            other.choose("sim")
            assert other.result.menu_path == ("App Minha Claro", "Faturas", "Parcelar dívida")
            assert other.screenshot(tmp_path / "a.png").is_file()

        @pytest.mark.flows("flows/missing.yaml")
        def test_missing(flow):
            pass
        """.replace("        ", ""),
    )
    result = project.runpytest("-v")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines(["*/flows/missing.yaml: cannot read the flows file*"])


def test_a_pilot_error_shows_the_line_of_the_test_not_the_pilot(project: pytest.Pytester) -> None:
    write(
        project,
        "test_fails.py",
        """\
        def test_choose(pilot):
            pilot.choose("talvez")

        def test_walk_and_copy(pilot):
            pilot.walk("negociar", "sim", "app")
            pilot.copy_whatsapp("sudeste")

        def test_result(pilot):
            pilot.result
        """.replace("        ", ""),
    )
    result = project.runpytest()
    result.assert_outcomes(failed=3)
    result.stdout.fnmatch_lines(
        [
            '>       pilot.choose("talvez")',
            "E       assistant.testing.pilot.PilotError: screen 'inicio' has no option 'talvez'*",
            "test_fails.py:2: PilotError",
            '>       pilot.copy_whatsapp("sudeste")',
            "E       *PilotError: screen 'negociar_app' has no WhatsApp number for 'sudeste'*",
            "test_fails.py:6: PilotError",
            ">       pilot.result",
            "test_fails.py:9: PilotError",
        ]
    )
    result.stdout.no_fnmatch_line("*assistant/testing/pilot.py*")


def test_each_test_starts_with_an_empty_clipboard_and_paths_are_the_test_files(
    project: pytest.Pytester,
) -> None:
    """A number copied by one test must not pass the clipboard check of the next; a path given
    to open_pilot is relative to the test file, as @pytest.mark.flows is, wherever pytest runs."""
    write(
        project,
        "tests/test_clip.py",
        """\
        def test_a_copies(open_pilot):
            pilot = open_pilot("../flows/small.yaml")
            pilot.choose("nao")
            assert pilot.copy_whatsapp("sudeste") == "+55 11 99991-0621"

        def test_b_starts_empty(pilot):
            assert pilot.clipboard == ""

        def test_c_missing(open_pilot):
            open_pilot("nowhere.yaml")
        """.replace("        ", ""),
    )
    result = project.runpytest("tests")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines([f"{project.path / 'tests' / 'nowhere.yaml'}: cannot read*"])
    result.stdout.no_fnmatch_line("*During handling of the above exception*")


def test_open_pilot_can_open_the_window_in_high_contrast(project: pytest.Pytester) -> None:
    write(
        project,
        "test_theme.py",
        """\
        from PySide6.QtGui import QPalette
        from assistant.ui import theme
        from assistant.ui.theme import ThemeName

        def window_colour(name):
            return theme.palette_for(theme.load_theme(name)).color(QPalette.ColorRole.Window)

        def test_a_high_contrast(open_pilot, qapp):
            pilot = open_pilot(high_contrast=True)
            assert theme.current_theme_name(qapp) is ThemeName.HIGH_CONTRAST
            assert pilot.window.palette().color(QPalette.ColorRole.Window) == window_colour(
                ThemeName.HIGH_CONTRAST
            )
            assert pilot.choose("negociar") == "negociar_atraso"

        def test_b_the_default_theme_is_back_after_it(qapp):
            assert theme.current_theme_name(qapp) is ThemeName.DEFAULT
        """.replace("        ", ""),
    )
    result = project.runpytest("-v")
    result.assert_outcomes(passed=2)


def test_two_scenarios_of_one_file_never_share_a_screenshot(project: pytest.Pytester) -> None:
    write(
        project,
        "scenarios/s.yaml",
        """\
        flows: ../flows/small.yaml
        scenarios:
          - name: "Conferiu: app"
            answers: [sim]
            expect: {screen: fim_whatsapp}
          - name: "Conferiu (app)"
            answers: [nao]
            expect: {screen: fim_app}
        """.replace("        ", ""),
    )
    result = project.runpytest()
    result.assert_outcomes(failed=2)
    shots = re.findall(r"screenshot: +(\S+)", result.stdout.str())
    assert len(set(shots)) == 2, shots
    assert all(Path(shot).is_file() for shot in shots)


def test_a_qt_warning_fails_the_test_in_its_body_and_in_its_teardown(
    project: pytest.Pytester,
) -> None:
    # pytest-qt stops listening once the test body has run: a widget that warns while a
    # fixture closes it would pass unseen without the plugin's own watch of the teardown.
    write(
        project,
        "test_warns.py",
        """\
        import pytest
        from PySide6.QtCore import qWarning


        @pytest.fixture
        def warns_on_teardown(qapp):
            yield
            qWarning("closing: something is wrong")


        def test_body(qapp):
            qWarning("body: something is wrong")


        def test_teardown(warns_on_teardown):
            pass


        def test_ignored(warns_on_teardown):
            pass


        test_ignored = pytest.mark.qt_log_ignore("^closing: ")(test_ignored)


        def test_quiet(qapp):
            qWarning("This plugin does not support propagateSizeHints()")
        """.replace("        ", ""),
    )
    result = project.runpytest("-v")
    result.stdout.fnmatch_lines(
        [
            "test_warns.py::test_body FAILED*",
            "test_warns.py::test_teardown ERROR*",
            "test_warns.py::test_ignored PASSED*",
            "test_warns.py::test_quiet PASSED*",
            "*closing: something is wrong*",
        ]
    )


def test_two_scenario_files_of_the_same_name_keep_their_own_screenshots(
    project: pytest.Pytester,
) -> None:
    """a/scenarios/s.yaml failed and b/scenarios/s.yaml passed a scenario of the same name:
    both screenshots were artifacts/scenarios/s--x.png, and the pass removed the failure's."""
    scenario = 'name: "x"\nanswers: [negociar]\nexpect: {screen: %s}\n'
    write(project, "a/scenarios/s.yaml", scenario % "negociar_canal")
    write(project, "b/scenarios/s.yaml", scenario % "negociar_atraso")
    result = project.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    shot = project.path / "artifacts/scenarios/a-scenarios-s--x.png"
    result.stdout.fnmatch_lines([f"  screenshot: * {shot}"])
    assert shot.read_bytes().startswith(b"\x89PNG")
