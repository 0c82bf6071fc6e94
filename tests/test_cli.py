"""The `assistant` content tools: check, paths, graph — exit codes and output."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from itertools import combinations
from pathlib import Path

import pytest

from assistant import command_name
from assistant.cli import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    START_FLAGS,
    build_parser,
    main,
    parse_args,
)
from assistant.resources import bundled_flows

BROKEN = textwrap.dedent(
    """\
    schema: 1
    content_version: "x"
    start: inicio
    screens:
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: a, label: "A", next: fim}
          - {id: b, label: "B", next: fin}
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """
)


def test_check_bundled_flows_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(bundled_flows())]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith(f"{bundled_flows()}: OK, ")


def test_check_lists_problems_as_file_line_col_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flows.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["check", str(path)]) == EXIT_PROBLEMS
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{path}:10:")
    assert "fin" in lines[0] and "did you mean" in lines[0] and "fim" in lines[0]
    assert lines[-1] == f"{path}: 1 problem found"


def test_check_lists_a_text_trap_and_a_wrong_reference_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = bundled_flows().read_text(encoding="utf-8")
    text = text.replace('number: "+55 32 99991-0621"', "number: 0800")
    text = text.replace("next: contestar_canal}", "next: contestar_canall}", 1)
    path = tmp_path / "flows.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == EXIT_PROBLEMS
    out = capsys.readouterr().out
    assert f"{path}:21:15: \"0800\" looks like a number" in out
    assert 'leads to unknown screen "contestar_canall"; did you mean "contestar_canal"?' in out
    assert out.endswith(f"{path}: 2 problems found\n")  # the screen links were checked


def check_output(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> list[str]:
    """The lines `check` prints for a file holding `text` (which has problems)."""
    path = tmp_path / "flows.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == EXIT_PROBLEMS
    return [line.removeprefix(f"{path}:") for line in capsys.readouterr().out.splitlines()]


def test_check_says_the_screen_links_wait_for_a_structure_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`titel:` keeps the graph rules from running: the `fin` typo shows only once it is fixed,
    and the summary says that more may come."""
    lines = check_output(tmp_path, capsys, BROKEN.replace('title: "Início"', 'titel: "Início"'))
    assert lines == [
        '7:5: unknown key "titel" in screen; did you mean "title"?',
        " 1 problem found (the screen links are checked once it is fixed)",
    ]


def test_check_counts_every_tab_an_and_more_line_stands_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = check_output(tmp_path, capsys, BROKEN.replace('"Fim"', '"F' + "\t" * 25 + 'im"'))
    assert len(lines) == 1 + 20 + 1 + 1  # the `fin` typo, 20 tabs, "and 5 more", the summary
    assert lines[21] == "14:34: and 5 more tab characters from here on"
    assert lines[-1] == " 26 problems found"


def test_check_says_when_the_list_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forgotten = "".join(
        f'  - {{id: solta{i}, kind: result, channel: info, title: "S", steps: ["x"]}}\n'
        for i in range(600)
    )
    lines = check_output(tmp_path, capsys, BROKEN + forgotten)
    assert lines[-2].endswith(": stopped after 500 problems; fix these and check again")
    assert lines[-1] == " 500 problems found (the check stopped there, there may be more)"


@pytest.mark.parametrize(
    ("screens", "summary"),
    [
        (
            '  - {id: inicio, kind: result, channel: info, title: "F", steps: ["x"]}\n',
            "OK, 1 screen, 1 result",
        ),
        (
            "  - {id: inicio, kind: choice, title: I, options: [{id: a, label: A, next: fim}]}\n"
            '  - {id: fim, kind: result, channel: info, title: "F", steps: ["x"]}\n',
            "OK, 2 screens, 1 result",
        ),
    ],
    ids=["one screen", "two screens"],
)
def test_check_says_ok_with_singulars_for_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], screens: str, summary: str
) -> None:
    path = tmp_path / "flows.yaml"
    path.write_text(BROKEN[: BROKEN.index("screens:\n") + 9] + screens, encoding="utf-8")
    assert main(["check", str(path)]) == EXIT_OK
    assert capsys.readouterr().out == f"{path}: {summary}\n"


def test_check_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["check", str(missing)]) == EXIT_UNREADABLE
    assert str(missing) in capsys.readouterr().err


def test_paths_lists_every_path_with_its_result(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths"]) == EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert any(line.endswith("contestar sim app  ->  contestar_app: Conteste pelo App Minha Claro")
               for line in out)
    assert out[-1].endswith("results")


def test_paths_with_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["paths", "--labels"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "[Negociar uma fatura em atraso]" in out


def test_paths_refuses_a_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "flows.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["paths", str(path)]) == EXIT_PROBLEMS
    assert f"{path}:10:" in capsys.readouterr().err


@pytest.mark.parametrize(("fmt", "opening"), [("mermaid", "flowchart"), ("dot", "digraph")])
def test_graph_formats(fmt: str, opening: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "--format", fmt]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.lstrip().startswith(opening)
    assert "negociar_whatsapp_sudeste" in out


def test_graph_marks_problems_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flows.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["graph", str(path)]) == EXIT_PROBLEMS
    captured = capsys.readouterr()
    assert "fin" in captured.out
    assert f"{path}:10:" in captured.err


def test_help_and_messages_name_the_command_that_was_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert command_name() == "assistant"  # a Python install or a source checkout
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert command_name() == "assistente-de-faturas"  # the .deb, the tarball, the .exe
    assert build_parser().prog == "assistente-de-faturas"


def test_console_entry_point_runs_as_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "check"], capture_output=True, text=True
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert ": OK, " in done.stdout


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: 1\n" + "".join(f"k{i}: 1\n" for i in range(500)), encoding="utf-8")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line (`| head -0`)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "assistant", "check", str(broken)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write)
    assert done.returncode == EXIT_PROBLEMS
    assert "Traceback" not in done.stderr, done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"vers\xe3o.yaml")  # Latin-1 "versão": undecodable, kept as a surrogate
    path = tmp_path / name
    path.write_bytes(bundled_flows().read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "check", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert "vers\\udce3o.yaml: OK, " in done.stdout


def test_smoke_test_flag_walks_every_path_of_the_bundled_flows() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--smoke-test"],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == EXIT_OK, done.stdout + done.stderr


def test_a_plain_start_reads_its_flags_as_the_parser_does() -> None:
    """The start's short cut past argparse (cli.START_FLAGS) gives what the parser gives, for
    every combination of those flags; anything else goes to the parser itself."""
    flags = list(START_FLAGS)
    for size in range(len(flags) + 1):
        for argv in combinations(flags, size):
            assert parse_args(argv) == build_parser().parse_args(argv), argv
    for argv in (["--flows", "x.yaml"], ["--kiosk-config", "k.yaml"], ["--watch", "check"]):
        assert parse_args(argv) == build_parser().parse_args(argv), argv
    with pytest.raises(SystemExit):
        parse_args(["--no-such-flag"])


@pytest.mark.parametrize(("argv", "dark"), [([], None), (["--theme", "light"], False),
                                            (["--theme", "dark"], True)])
def test_the_theme_option_reaches_the_window(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], dark: bool | None
) -> None:
    import assistant.ui.app as ui_app

    asked: dict[str, object] = {}
    monkeypatch.setattr(ui_app, "run_gui", lambda flows, **options: asked.update(options) or 0)
    assert main(argv) == 0
    assert asked["dark"] is dark
