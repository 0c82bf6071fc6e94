"""Path enumeration: every way from the start to a result, in a fixed order, loops bounded."""

from __future__ import annotations

import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.flows.loader import parse_flow
from assistant.flows.model import Channel, Flow, Mark, Option, Screen, ScreenKind, Step
from assistant.flows.paths import Path, all_paths, iter_paths, results_reached
from assistant.flows.session import Session
from assistant.resources import bundled_flows


def flow_from(text: str) -> Flow:
    return parse_flow(textwrap.dedent(text), "t.yaml")


def table(paths: list[Path]) -> list[tuple[str, str]]:
    """Paths as (answers joined by spaces, result): short to compare."""
    return [(" ".join(p.answers), p.result) for p in paths]


TREE = """\
    schema: 1
    content_version: "2026-11-24"
    start: inicio
    screens:
      - id: inicio
        kind: choice
        title: "Início"
        options:
          - {id: pagar, label: "Pagar", next: pagou}
          - {id: negociar, label: "Negociar", next: atraso}
          - {id: video, label: "Vídeo", next: video}
      - id: pagou
        kind: question
        title: "Já pagou?"
        options:
          - {id: sim, label: "Sim", next: aguarde}
          - {id: nao, label: "Não", next: nao_pagou}
      - id: nao_pagou
        kind: choice
        title: "Não pagou"
        options:
          - {id: negociar, label: "Negociar", next: atraso}
          - {id: video, label: "Vídeo", next: video}
      - id: atraso
        kind: question
        title: "Até 45 dias?"
        options:
          - {id: sim, label: "Sim", next: app}
          - {id: nao, label: "Não", next: negocia_facil}
      - id: aguarde
        kind: result
        channel: info
        title: "Aguarde"
        steps: ["Aguarde."]
      - id: app
        kind: result
        channel: app
        title: "App"
        steps: ["Abra o app."]
      - id: negocia_facil
        kind: result
        channel: info
        title: "Negocia Fácil"
        steps: ["Use o site."]
      - id: video
        kind: result
        channel: info
        title: "Vídeo"
        steps: ["Assista."]
    """


def test_every_path_depth_first_with_options_in_file_order() -> None:
    paths = all_paths(flow_from(TREE))
    # nao_pagou -> atraso is a cross-link: the shared part is walked once per way into it.
    assert table(paths) == [
        ("pagar sim", "aguarde"),
        ("pagar nao negociar sim", "app"),
        ("pagar nao negociar nao", "negocia_facil"),
        ("pagar nao video", "video"),
        ("negociar sim", "app"),
        ("negociar nao", "negocia_facil"),
        ("video", "video"),
    ]
    assert paths[1] == Path(
        answers=("pagar", "nao", "negociar", "sim"),
        screens=("inicio", "pagou", "nao_pagou", "atraso", "app"),
        result="app",
    )


def test_results_reached() -> None:
    paths = all_paths(flow_from(TREE))
    assert results_reached(paths) == {"aguarde", "app", "negocia_facil", "video"}
    assert results_reached([]) == set()
    assert results_reached(p for p in paths if p.answers[0] == "negociar") == {
        "app",
        "negocia_facil",
    }


def test_iter_paths_yields_the_same_paths_lazily() -> None:
    flow = flow_from(TREE)
    lazy = iter_paths(flow)
    assert next(lazy) == all_paths(flow)[0]
    assert [next(lazy), *lazy] == all_paths(flow)[1:]


def test_a_path_reads_as_its_answers_and_result() -> None:
    assert str(all_paths(flow_from(TREE))[0]) == "pagar > sim => aguarde"


def test_every_path_replays_through_a_session_to_its_result() -> None:
    flow = flow_from(TREE)
    for path in all_paths(flow):
        session = Session(flow)
        visited = [session.current.id] + [session.choose(a).id for a in path.answers]
        assert tuple(visited) == path.screens
        assert session.current.id == path.result
        assert session.current.is_result


MENU_LOOP = """\
    schema: 1
    content_version: "2026-11-24"
    start: menu
    screens:
      - id: menu
        kind: choice
        title: "Menu"
        options:
          - {id: ajuda, label: "Ajuda", next: ajuda}
          - {id: fim, label: "Fim", next: fim}
      - id: ajuda
        kind: choice
        title: "Ajuda"
        options:
          - {id: voltar, label: "Voltar ao menu", next: menu}
          - {id: fim, label: "Fim", next: fim}
      - id: fim
        kind: result
        channel: info
        title: "Fim"
        steps: ["Pronto."]
    """


def test_a_loop_is_not_followed_back_into_a_screen_by_default() -> None:
    assert table(all_paths(flow_from(MENU_LOOP))) == [("ajuda fim", "fim"), ("fim", "fim")]


def test_max_visits_lets_a_path_go_round_a_loop_that_many_times() -> None:
    flow = flow_from(MENU_LOOP)
    assert table(all_paths(flow, max_visits=2)) == [
        ("ajuda voltar ajuda fim", "fim"),
        ("ajuda voltar fim", "fim"),
        ("ajuda fim", "fim"),
        ("fim", "fim"),
    ]
    three = all_paths(flow, max_visits=3)
    assert len(three) == 6
    for path in three:
        assert max(path.screens.count(s) for s in path.screens) <= 3
    assert ("ajuda voltar ajuda voltar ajuda fim", "fim") in table(three)


@pytest.mark.parametrize("max_visits", [0, -1])
def test_max_visits_must_be_positive(max_visits: int) -> None:
    with pytest.raises(ValueError, match="max_visits must be at least 1"):
        all_paths(flow_from(MENU_LOOP), max_visits=max_visits)


def test_a_loop_without_a_way_out_ends_the_walk() -> None:
    flow = flow_from(
        """\
        schema: 1
        content_version: "2026-11-24"
        start: a
        screens:
          - id: a
            kind: choice
            title: "A"
            options:
              - {id: b, label: "B", next: b}
              - {id: fim, label: "Fim", next: fim}
          - id: b
            kind: choice
            title: "B"
            options:
              - {id: a, label: "A", next: a}
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
        """
    )
    assert table(all_paths(flow)) == [("fim", "fim")]
    assert table(all_paths(flow, max_visits=2)) == [("b a fim", "fim"), ("fim", "fim")]


def test_unknown_screens_give_no_path() -> None:
    flow = flow_from(
        """\
        schema: 1
        content_version: "2026-11-24"
        start: inicio
        screens:
          - id: inicio
            kind: choice
            title: "Início"
            options:
              - {id: x, label: "X", next: sumiu}
              - {id: ok, label: "Ok", next: fim}
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
        """
    )
    assert table(all_paths(flow)) == [("ok", "fim")]


def test_a_dead_end_gives_no_path() -> None:
    fim = Screen("fim", ScreenKind.RESULT, "Fim", channel=Channel.INFO, steps=(Step("x"),))
    flow = Flow(
        start="a",
        screens=(
            Screen(
                "a",
                ScreenKind.CHOICE,
                "A",
                options=(Option("vazio", "V", "vazio"), Option("fim", "F", "fim")),
            ),
            Screen("vazio", ScreenKind.CHOICE, "Vazio"),
            fim,
        ),
    )
    assert table(all_paths(flow)) == [("fim", "fim")]


def test_a_start_that_is_a_result_is_one_path_with_no_answers() -> None:
    fim = Screen("fim", ScreenKind.RESULT, "Fim", channel=Channel.INFO, steps=(Step("x"),))
    assert all_paths(Flow(start="fim", screens=(fim,))) == [Path((), ("fim",), "fim")]


def test_an_unknown_start_gives_no_paths() -> None:
    fim = Screen("fim", ScreenKind.RESULT, "Fim", channel=Channel.INFO, steps=(Step("x"),))
    assert all_paths(Flow(start="nada", screens=(fim,))) == []


def chain(n: int) -> Flow:
    """s0 -> s1 -> ... -> s{n-1} -> fim, each screen also with a way straight to `fim`."""
    fim = Screen("fim", ScreenKind.RESULT, "Fim", channel=Channel.INFO, steps=(Step("x"),))
    screens = [
        Screen(
            f"s{i}",
            ScreenKind.QUESTION,
            f"S{i}",
            options=(
                Option("sim", "Sim", f"s{i + 1}" if i + 1 < n else "fim"),
                Option("nao", "Não", "fim"),
            ),
            mark=Mark("c", i + 1, 1),
        )
        for i in range(n)
    ]
    return Flow(start="s0", screens=(*screens, fim))


def test_a_flow_deeper_than_the_recursion_limit_is_walked() -> None:
    depth = sys.getrecursionlimit() + 500
    paths = iter_paths(chain(depth))
    deepest = next(paths)
    assert deepest.answers == ("sim",) * depth
    assert len(deepest.screens) == depth + 1
    assert deepest.screens[-1] == "fim"
    assert sum(1 for _ in paths) == depth  # then one "nao" path per screen


# --- the shipped flows.yaml ------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> Flow:
    path = bundled_flows()
    return parse_flow(path.read_text(encoding="utf-8"), str(path))


def test_every_result_of_the_bundled_flows_is_reached_by_some_path(bundled: Flow) -> None:
    paths = all_paths(bundled)
    assert results_reached(paths) == {s.id for s in bundled.results}
    assert len(bundled.results) >= 15


def test_the_bundled_cross_link_gives_two_ways_to_each_negotiation_result(bundled: Flow) -> None:
    # informar_nao_pagou -> negociar_atraso: each negotiation result is reached from the menu
    # directly and through "informar > nao > negociar".
    by_result: dict[str, list[tuple[str, ...]]] = {}
    for path in all_paths(bundled):
        by_result.setdefault(path.result, []).append(path.answers)
    assert by_result["negociar_app"] == [
        ("negociar", "sim", "app"),
        ("informar", "nao", "negociar", "sim", "app"),
    ]
    assert by_result["promessa_site"] == [("informar", "nao", "promessa"), ("promessa",)]


def test_every_bundled_path_replays_through_a_session(bundled: Flow) -> None:
    for path in all_paths(bundled):
        session = Session(bundled)
        for answer in path.answers:
            session.choose(answer)
        assert session.current.id == path.result
        assert [a.screen.id for a in session.trail] == list(path.screens[:-1])


# --- properties on random flows --------------------------------------------------------------


@st.composite
def random_flows(draw: st.DrawFn) -> Flow:
    n = draw(st.integers(1, 8))
    ids = [f"s{i}" for i in range(n)]
    results = draw(st.sets(st.sampled_from(ids)))
    screens = []
    for sid in ids:
        if sid in results:
            screens.append(
                Screen(sid, ScreenKind.RESULT, sid, channel=Channel.INFO, steps=(Step("x"),))
            )
            continue
        targets = draw(st.lists(st.sampled_from([*ids, "ghost"]), max_size=3))
        options = tuple(Option(f"o{j}", "o", t) for j, t in enumerate(targets))
        screens.append(Screen(sid, ScreenKind.CHOICE, sid, options=options))
    return Flow(start=draw(st.sampled_from(ids)), screens=tuple(screens))


@settings(max_examples=200, deadline=None)
@given(flow=random_flows(), max_visits=st.integers(1, 3))
def test_every_path_is_a_real_walk_within_the_visit_bound(flow: Flow, max_visits: int) -> None:
    paths = all_paths(flow, max_visits=max_visits)
    assert len(set(paths)) == len(paths)  # no path twice
    for path in paths:
        assert path.screens[0] == flow.start
        assert path.screens[-1] == path.result
        assert flow.screen(path.result).is_result
        assert not any(flow.screen(s).is_result for s in path.screens[:-1])
        assert len(path.answers) == len(path.screens) - 1
        for here, answer, there in zip(path.screens, path.answers, path.screens[1:], strict=False):
            option = flow.screen(here).option(answer)
            assert option is not None
            assert option.next == there
        assert all(path.screens.count(s) <= max_visits for s in path.screens)


@settings(max_examples=200, deadline=None)
@given(flow=random_flows())
def test_results_reached_are_exactly_the_results_reachable_from_the_start(flow: Flow) -> None:
    # check_flow reports only the first screen of each unreachable part: walk here instead.
    reachable, todo = {flow.start}, [flow.start]
    while todo:
        for option in flow.screen(todo.pop()).options:
            if flow.has_screen(option.next) and option.next not in reachable:
                reachable.add(option.next)
                todo.append(option.next)
    reachable_results = {s.id for s in flow.results if s.id in reachable}
    assert results_reached(all_paths(flow)) == reachable_results


@settings(max_examples=100, deadline=None)
@given(flow=random_flows())
def test_more_visits_only_add_paths(flow: Flow) -> None:
    one = all_paths(flow, max_visits=1)
    two = all_paths(flow, max_visits=2)
    assert set(one) <= set(two)
    # The order is depth-first in both, so the paths of `one` keep their relative order.
    positions = [two.index(p) for p in one]
    assert positions == sorted(positions)
