"""Mermaid and DOT diagrams: every screen and option drawn, results, start, problems and missing
screens marked, and labels escaped for each syntax."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap

import pytest

from assistant.flows.check import check_flow
from assistant.flows.export import screens_with_problems, to_dot, to_mermaid
from assistant.flows.loader import parse_flow
from assistant.flows.model import Channel, Contact, Flow, Mark, Option, Screen, ScreenKind, Step
from assistant.flows.problems import Problem
from assistant.resources import bundled_flows


def flow_from(text: str) -> Flow:
    return parse_flow(textwrap.dedent(text), "t.yaml")


SMALL = """\
    schema: 1
    content_version: "2026-11-24"
    start: inicio
    contacts:
      whatsapp:
        - {id: sudeste, label: "Região Sudeste", number: "+55 11 99991-0621"}
    screens:
      - id: inicio
        kind: question
        title: "Você já pagou?"
        options:
          - {id: sim, label: "Sim, já paguei", next: aguarde}
          - {id: nao, label: "Não", next: zap}
      - id: aguarde
        kind: result
        channel: info
        title: "Aguarde a compensação"
        steps: ["Aguarde."]
      - id: zap
        kind: result
        channel: whatsapp
        title: "Fale pelo WhatsApp"
        steps: ["Adicione o número."]
        contacts: [sudeste]
    """

BROKEN = """\
    schema: 1
    content_version: "2026-11-24"
    start: inicio
    screens:
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: ok, label: "Ok", next: fim}
          - {id: x, label: "X", next: fmi}
      - id: solta
        kind: choice
        title: "Solta"
        options:
          - {id: ok, label: "Ok", next: fim}
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """


# --- Mermaid ---------------------------------------------------------------------------------


def test_mermaid_draws_every_screen_option_and_the_start() -> None:
    text = to_mermaid(flow_from(SMALL))
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    assert '    entry(("start")) --> s_inicio' in lines
    assert '    s_inicio["inicio<br/>Você já pagou?"]' in lines
    assert '    s_inicio -->|"Sim, já paguei"| s_aguarde' in lines
    assert '    s_inicio -->|"Não"| s_zap' in lines
    assert "    class s_inicio start" in lines
    assert text.endswith("\n")


def test_mermaid_draws_results_as_stadiums_with_their_own_class() -> None:
    lines = to_mermaid(flow_from(SMALL)).splitlines()
    assert '    s_aguarde(["aguarde<br/>Aguarde a compensação"])' in lines
    assert '    s_zap(["zap<br/>Fale pelo WhatsApp"])' in lines
    assert "    class s_aguarde,s_zap result" in lines
    assert not any(line.startswith("    class ") and line.endswith(" problem") for line in lines)


def test_mermaid_marks_problem_screens_and_draws_missing_screens() -> None:
    flow = flow_from(BROKEN)
    problems = check_flow(flow)
    assert len(problems) == 2  # the unknown "fmi" (in inicio) and the unreachable "solta"
    lines = to_mermaid(flow, problems).splitlines()
    assert '    m0{{"fmi<br/>(no such screen)"}}' in lines
    assert '    s_inicio -->|"X"| m0' in lines
    assert "    class m0 missing" in lines
    assert "    class s_inicio,s_solta problem" in lines
    assert "classDef problem" in "\n".join(lines)


def test_mermaid_without_problems_marks_none() -> None:
    lines = to_mermaid(flow_from(BROKEN)).splitlines()
    assert "    class m0 missing" in lines  # the missing node is drawn all the same
    assert not any(line.endswith(" problem") and "class " in line for line in lines)


def test_mermaid_with_an_unknown_start_points_the_start_at_a_missing_node() -> None:
    flow = flow_from(BROKEN.replace("start: inicio", "start: comeco"))
    lines = to_mermaid(flow).splitlines()
    assert '    entry(("start")) --> m0' in lines
    assert '    m0{{"comeco<br/>(no such screen)"}}' in lines
    assert not any(line.endswith(" start") and "class " in line for line in lines)


TRICKY_TITLE = 'Diga "sim" [ou] {não} <b>#1</b>\n& a|b; c`d\\e'


def tricky_flow() -> Flow:
    fim = Screen(
        "fim",
        ScreenKind.RESULT,
        "Fim (ação)",
        channel=Channel.INFO,
        steps=(Step("x"),),
    )
    inicio = Screen(
        "inicio",
        ScreenKind.CHOICE,
        TRICKY_TITLE,
        options=(Option("ok", 'Sim, "já" [paguei]|x', "fim"),),
    )
    return Flow(start="inicio", screens=(inicio, fim))


def test_mermaid_escapes_quotes_brackets_markup_and_newlines_and_keeps_accents() -> None:
    text = to_mermaid(tricky_flow())
    node = next(line for line in text.splitlines() if line.startswith("    s_inicio["))
    assert node == (
        '    s_inicio["inicio<br/>Diga #34;sim#34; #91;ou#93; #123;não#125; '
        '#60;b#62;#35;1#60;/b#62;<br/>#38; a#124;b#59; c#96;d#92;e"]'
    )
    edge = next(line for line in text.splitlines() if "-->|" in line and "s_fim" in line)
    assert edge == '    s_inicio -->|"Sim, #34;já#34; #91;paguei#93;#124;x"| s_fim'
    assert '    s_fim(["fim<br/>Fim (ação)"])' in text.splitlines()
    # Inside every quoted label, no raw bracket, brace, pipe, markup or semicolon is left.
    for label in re.findall(r'"([^"]*)"', text):
        bare = re.sub(r"#\d+;", "", label.replace("<br/>", ""))
        assert not set(bare) & set("[]{}|<>;`\\#&"), label


def test_long_titles_are_wrapped() -> None:
    long = Screen(
        "fim",
        ScreenKind.RESULT,
        "Se a fatura estiver atrasada há mais de quarenta e cinco dias, negocie pelo site",
        channel=Channel.INFO,
        steps=(Step("x"),),
    )
    text = to_mermaid(Flow(start="fim", screens=(long,)))
    node = next(line for line in text.splitlines() if line.startswith("    s_fim("))
    parts = node.split('"')[1].split("<br/>")
    assert parts[0] == "fim"
    assert len(parts) >= 3
    assert all(len(p) <= 36 for p in parts)
    assert " ".join(parts[1:]) == long.title


def test_ids_that_are_not_plain_names_get_safe_node_ids() -> None:
    fim = Screen("fim-1", ScreenKind.RESULT, "Fim", channel=Channel.INFO, steps=(Step("x"),))
    inicio = Screen("end", ScreenKind.CHOICE, "End", options=(Option("a", "A", "fim-1"),))
    text = to_mermaid(Flow(start="end", screens=(inicio, fim)))
    assert '    s_end["end<br/>End"]' in text.splitlines()  # "end" alone is a Mermaid keyword
    assert '    s1(["fim-1<br/>Fim"])' in text.splitlines()
    assert '    s_end -->|"A"| s1' in text.splitlines()


# --- which screen a problem belongs to -------------------------------------------------------


def test_a_problem_belongs_to_the_screen_whose_text_holds_its_mark() -> None:
    flow = flow_from(SMALL)

    def owner(line: int, column: int = 1, file: str = "t.yaml") -> set[str]:
        return screens_with_problems(flow, [Problem(Mark(file, line, column), "x")])

    assert owner(8, 5) == {"inicio"}  # the screen's own mark
    assert owner(11, 9) == {"inicio"}  # an option of it
    assert owner(13, 1) == {"inicio"}  # its last line
    assert owner(14, 5) == {"aguarde"}
    assert owner(99) == {"zap"}  # past the end: the last screen
    assert owner(3, 8) == set()  # start: before any screen
    assert owner(6, 11) == set()  # a contact
    assert owner(11, 9, "other.yaml") == set()
    assert owner(0, 0) == set()


def test_a_problem_in_a_contact_written_after_the_screens_marks_no_screen() -> None:
    fim = Screen(
        "fim",
        ScreenKind.RESULT,
        "Fim",
        channel=Channel.INFO,
        steps=(Step("x"),),
        mark=Mark("f", 2, 3),
    )
    contact_mark = Mark("f", 10, 5)
    flow = Flow(
        start="fim",
        screens=(fim,),
        contacts=(Contact("c", "C", "+55 11 99991-0621", contact_mark),),
        source="f",
    )
    assert screens_with_problems(flow, [Problem(contact_mark, "bad")]) == set()
    assert screens_with_problems(flow, [Problem(Mark("f", 9, 1), "bad")]) == {"fim"}


def test_a_problem_in_a_duplicate_screen_marks_that_id() -> None:
    flow = flow_from(
        SMALL.rstrip(" ")
        + """\
      - id: zap
        kind: result
        channel: info
        title: "De novo"
        steps: ["x"]
    """
    )
    problems = check_flow(flow)
    assert [p.message for p in problems] == ['duplicate screen id "zap" (first defined at line 19)']
    assert screens_with_problems(flow, problems) == {"zap"}
    lines = to_mermaid(flow, problems).splitlines()
    assert sum(line.startswith("    s_zap(") for line in lines) == 1  # drawn once
    assert "    class s_zap problem" in lines


# --- DOT -------------------------------------------------------------------------------------


def test_dot_draws_every_screen_option_result_and_the_start() -> None:
    lines = to_dot(flow_from(SMALL)).splitlines()
    assert lines[0] == "digraph flow {"
    assert lines[-1] == "}"
    assert '    "entry" [shape=point, width=0.2, xlabel="start"];' in lines
    assert '    "entry" -> "s_inicio";' in lines
    assert '    "s_inicio" [label="inicio\\nVocê já pagou?", peripheries=2];' in lines
    assert (
        '    "s_aguarde" [label="aguarde\\nAguarde a compensação", shape=box, '
        'style="rounded,filled", fillcolor="#e8f5e9"];'
    ) in lines
    assert '    "s_inicio" -> "s_aguarde" [label="Sim, já paguei"];' in lines
    assert '    "s_inicio" -> "s_zap" [label="Não"];' in lines


def test_dot_marks_problem_screens_and_draws_missing_screens() -> None:
    flow = flow_from(BROKEN)
    lines = to_dot(flow, check_flow(flow)).splitlines()
    assert (
        '    "m0" [label="fmi\\n(no such screen)", shape=hexagon, style=dashed, '
        'color="#c62828", fontcolor="#c62828"];'
    ) in lines
    assert '    "s_inicio" -> "m0" [label="X"];' in lines
    assert (
        '    "s_inicio" [label="inicio\\nInício", peripheries=2, color="#c62828", penwidth=3];'
        in lines
    )
    assert '    "s_solta" [label="solta\\nSolta", color="#c62828", penwidth=3];' in lines
    assert (
        '    "s_fim" [label="fim\\nFim", shape=box, style="rounded,filled", fillcolor="#e8f5e9"];'
        in lines
    )


def test_dot_escapes_quotes_backslashes_and_newlines_and_keeps_accents() -> None:
    text = to_dot(tricky_flow())
    node = next(line for line in text.splitlines() if line.startswith('    "s_inicio" ['))
    assert node == (
        '    "s_inicio" [label="inicio\\nDiga \\"sim\\" [ou] {não} <b>#1</b>\\n& a|b; c`d\\\\e'
        '", peripheries=2];'
    )
    assert '    "s_inicio" -> "s_fim" [label="Sim, \\"já\\" [paguei]|x"];' in text.splitlines()


def test_every_dot_string_is_closed() -> None:
    for flow in (tricky_flow(), flow_from(SMALL), flow_from(BROKEN)):
        for line in to_dot(flow).splitlines():
            unescaped_quotes = re.sub(r"\\.", "", line).count('"')
            assert unescaped_quotes % 2 == 0, line


# In CI (scripts/system-deps.sh installs Graphviz) a missing `dot` fails the test instead.
@pytest.mark.skipif(
    shutil.which("dot") is None and not os.environ.get("CI"), reason="Graphviz is not installed"
)
@pytest.mark.parametrize("name", ["tricky", "broken", "bundled"])
def test_graphviz_reads_the_dot_output(name: str) -> None:
    if name == "tricky":
        flow, problems = tricky_flow(), []
    elif name == "broken":
        flow = flow_from(BROKEN)
        problems = check_flow(flow)
    else:
        path = bundled_flows()
        flow, problems = parse_flow(path.read_text(encoding="utf-8"), str(path)), []
    done = subprocess.run(
        ["dot", "-Tplain"],
        input=to_dot(flow, problems),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.count("\nnode ") == len(flow.screen_ids) + 1 + (name == "broken")


def test_the_bundled_flows_draw_every_screen_and_option() -> None:
    path = bundled_flows()
    flow = parse_flow(path.read_text(encoding="utf-8"), str(path))
    option_count = sum(len(s.options) for s in flow.screens)
    mermaid = to_mermaid(flow)
    dot = to_dot(flow)
    assert mermaid.count(" -->|") == option_count
    assert dot.count('" -> "s_') == option_count + 1  # and the start arrow
    for screen in flow.screens:
        assert f"    s_{screen.id}" in mermaid
        assert f'    "s_{screen.id}" [label="{screen.id}\\n' in dot
    assert "m0" not in mermaid
    assert '"m0"' not in dot
