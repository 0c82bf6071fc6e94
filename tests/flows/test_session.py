"""The session state machine: choose, back, go_to_step, restart, revisits and listeners."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.flows.loader import parse_flow
from assistant.flows.model import Flow, Screen
from assistant.flows.problems import SessionError
from assistant.flows.session import Session


def flow_from(text: str) -> Flow:
    return parse_flow(textwrap.dedent(text), "t.yaml")


# A menu with a "voltar ao menu" loop, a question and a cross-link (ajuda -> pagar).
MENU = """\
    schema: 1
    content_version: "2026-11-24"
    start: menu
    screens:
      - id: menu
        kind: choice
        title: "Menu"
        options:
          - {id: pagar, label: "Pagar", next: pagou}
          - {id: ajuda, label: "Ajuda", next: ajuda}
      - id: pagou
        kind: question
        title: "Já pagou?"
        options:
          - {id: sim, label: "Sim", next: aguarde}
          - {id: nao, label: "Não", next: ajuda}
      - id: ajuda
        kind: choice
        title: "Ajuda"
        options:
          - {id: voltar, label: "Voltar ao menu", next: menu}
          - {id: pagar, label: "Pagar", next: pagou}
          - {id: video, label: "Ver vídeo", next: video}
      - id: aguarde
        kind: result
        channel: info
        title: "Aguarde"
        steps: ["Aguarde a compensação."]
      - id: video
        kind: result
        channel: info
        title: "Vídeo"
        steps: ["Assista ao vídeo."]
    """


@pytest.fixture
def flow() -> Flow:
    return flow_from(MENU)


@pytest.fixture
def session(flow: Flow) -> Session:
    return Session(flow)


def ids(screens: list[Screen]) -> list[str]:
    return [s.id for s in screens]


def test_a_new_session_is_at_the_start_with_no_answers(session: Session, flow: Flow) -> None:
    assert session.flow is flow
    assert session.current.id == "menu"
    assert session.trail == ()
    assert session.answers == ()
    assert session.is_at_start
    assert not session.can_go_back


def test_choose_moves_along_the_option_and_records_the_answer(session: Session) -> None:
    assert session.choose("pagar").id == "pagou"
    assert session.current.id == "pagou"
    assert session.choose("sim").id == "aguarde"
    assert session.current.is_result
    assert session.answers == ("pagar", "sim")
    assert [(a.screen.id, a.option.id, a.option.next) for a in session.trail] == [
        ("menu", "pagar", "pagou"),
        ("pagou", "sim", "aguarde"),
    ]
    assert session.can_go_back
    assert not session.is_at_start


def test_the_same_option_id_on_different_screens_is_resolved_on_the_current_one(
    session: Session,
) -> None:
    session.choose("ajuda")
    assert session.choose("pagar").id == "pagou"  # ajuda's "pagar", not menu's
    assert session.answers == ("ajuda", "pagar")


def test_an_unknown_option_id_is_refused_and_changes_nothing(session: Session) -> None:
    session.choose("pagar")
    with pytest.raises(
        SessionError, match=r"screen 'pagou' has no option 'talvez'; its options are: sim, nao"
    ):
        session.choose("talvez")
    assert session.current.id == "pagou"
    assert session.answers == ("pagar",)


def test_labels_are_not_option_ids(session: Session) -> None:
    with pytest.raises(SessionError, match="has no option 'Pagar'"):
        session.choose("Pagar")
    assert session.is_at_start


def test_choosing_on_a_result_is_refused(session: Session) -> None:
    session.choose("pagar")
    session.choose("sim")
    with pytest.raises(SessionError, match=r"its options are: none \(a result screen\)"):
        session.choose("sim")
    assert session.current.id == "aguarde"
    assert session.answers == ("pagar", "sim")


def test_an_option_leading_to_an_unknown_screen_is_refused_and_changes_nothing() -> None:
    broken = flow_from(
        """\
        schema: 1
        content_version: "2026-11-24"
        start: inicio
        screens:
          - id: inicio
            kind: choice
            title: "Início"
            options:
              - {id: ir, label: "Ir", next: lugar_nenhum}
              - {id: fim, label: "Fim", next: fim}
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Fim."]
        """
    )
    session = Session(broken)
    with pytest.raises(
        SessionError, match="option 'ir' of screen 'inicio' leads to unknown screen 'lugar_nenhum'"
    ):
        session.choose("ir")
    assert session.current.id == "inicio"
    assert session.trail == ()


def test_back_pops_real_history_not_the_parent_in_the_file(session: Session) -> None:
    # menu -> ajuda -> pagou: "back" from pagou goes to ajuda (where we came from), not menu.
    session.choose("ajuda")
    session.choose("pagar")
    assert session.back().id == "ajuda"
    assert session.answers == ("ajuda",)
    assert session.back().id == "menu"
    assert list(session.answers) == []
    assert session.is_at_start


def test_back_at_the_start_does_nothing(session: Session) -> None:
    assert session.back().id == "menu"
    assert session.is_at_start
    assert session.trail == ()


def test_revisiting_a_screen_is_allowed_and_back_unwinds_each_visit(session: Session) -> None:
    walk = ["ajuda", "voltar", "ajuda", "voltar", "pagar", "nao", "video"]
    visited = [session.choose(option_id).id for option_id in walk]
    assert visited == ["ajuda", "menu", "ajuda", "menu", "pagou", "ajuda", "video"]
    assert session.answers == tuple(walk)
    assert not session.is_at_start  # back on "menu" with answers is not the start
    unwound = []
    while session.can_go_back:
        unwound.append(session.back().id)
    assert unwound == ["ajuda", "pagou", "menu", "ajuda", "menu", "ajuda", "menu"]
    assert session.is_at_start


def test_being_on_the_start_screen_after_a_loop_is_not_being_at_the_start(
    session: Session,
) -> None:
    session.choose("ajuda")
    session.choose("voltar")
    assert session.current.id == "menu"
    assert not session.is_at_start
    assert session.can_go_back


def test_go_to_step_returns_to_that_answer_and_drops_it_and_later_answers(
    session: Session,
) -> None:
    for option_id in ["ajuda", "pagar", "nao", "video"]:
        session.choose(option_id)
    assert session.go_to_step(1).id == "ajuda"
    assert session.answers == ("ajuda",)
    # A different answer now takes a different way.
    assert session.choose("video").id == "video"
    assert list(session.answers) == ["ajuda", "video"]


def test_go_to_step_zero_is_the_start_screen(session: Session) -> None:
    session.choose("pagar")
    session.choose("sim")
    assert session.go_to_step(0).id == "menu"
    assert session.trail == ()
    assert session.is_at_start


def test_go_to_step_returns_to_the_right_visit_of_a_revisited_screen(session: Session) -> None:
    for option_id in ["ajuda", "voltar", "ajuda", "video"]:
        session.choose(option_id)
    assert session.go_to_step(3).id == "ajuda"
    assert session.answers == ("ajuda", "voltar", "ajuda")
    assert session.back().id == "menu"
    assert session.back().id == "ajuda"  # the first visit is still in the history


@pytest.mark.parametrize("index", [-1, 2, 99])
def test_go_to_step_outside_the_trail_is_refused_and_changes_nothing(
    session: Session, index: int
) -> None:
    session.choose("pagar")
    session.choose("sim")
    with pytest.raises(SessionError, match=f"no answer {index} in a trail of 2"):
        session.go_to_step(index)
    assert session.current.id == "aguarde"
    assert session.answers == ("pagar", "sim")


def test_restart_forgets_every_answer(session: Session) -> None:
    session.choose("ajuda")
    session.choose("video")
    assert session.restart().id == "menu"
    assert session.trail == ()
    assert session.is_at_start
    assert session.choose("pagar").id == "pagou"  # usable again
    assert session.answers == ("pagar",)


def test_listeners_hear_every_change_of_screen(session: Session) -> None:
    heard: list[Screen] = []
    session.subscribe(heard.append)
    session.choose("ajuda")
    session.choose("pagar")
    session.back()
    session.go_to_step(0)
    session.choose("pagar")
    session.restart()
    assert ids(heard) == ["ajuda", "pagou", "ajuda", "menu", "pagou", "menu"]


def test_listeners_hear_nothing_when_nothing_changes(session: Session) -> None:
    heard: list[Screen] = []
    session.subscribe(heard.append)
    session.back()  # at the start: nothing happens
    with pytest.raises(SessionError):
        session.choose("nope")
    with pytest.raises(SessionError):
        session.go_to_step(0)
    assert heard == []


def test_listeners_are_called_after_the_state_changed(session: Session) -> None:
    seen: list[tuple[str, tuple[str, ...]]] = []
    session.subscribe(lambda screen: seen.append((session.current.id, session.answers)))
    session.choose("pagar")
    session.back()
    assert seen == [("pagou", ("pagar",)), ("menu", ())]


def test_several_listeners_are_called_in_subscription_order(session: Session) -> None:
    calls: list[str] = []
    session.subscribe(lambda s: calls.append(f"first:{s.id}"))
    session.subscribe(lambda s: calls.append(f"second:{s.id}"))
    session.choose("pagar")
    assert calls == ["first:pagou", "second:pagou"]


def test_unsubscribed_listeners_hear_nothing_more(session: Session) -> None:
    heard: list[Screen] = []
    session.subscribe(heard.append)
    session.choose("pagar")
    session.unsubscribe(heard.append)
    session.choose("sim")
    assert ids(heard) == ["pagou"]
    with pytest.raises(ValueError):
        session.unsubscribe(heard.append)


def test_a_listener_may_unsubscribe_itself_while_being_called(session: Session) -> None:
    calls: list[str] = []

    def once(screen: Screen) -> None:
        calls.append(f"once:{screen.id}")
        session.unsubscribe(once)

    session.subscribe(once)
    session.subscribe(lambda s: calls.append(f"always:{s.id}"))
    session.choose("pagar")
    session.choose("sim")
    assert calls == ["once:pagou", "always:pagou", "always:aguarde"]


# --- a model-based check: any sequence of actions keeps the session consistent ---------------

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("choose"), st.integers(0, 3)),
        st.tuples(st.just("back"), st.just(0)),
        st.tuples(st.just("go_to_step"), st.integers(0, 10)),
        st.tuples(st.just("restart"), st.just(0)),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(actions=ACTIONS)
def test_the_session_behaves_like_a_stack_of_answers(actions: list[tuple[str, int]]) -> None:
    flow = flow_from(MENU)
    session = Session(flow)
    stack: list[tuple[str, str]] = []  # (screen id, option id), the model of the trail
    current = flow.start
    for action, n in actions:
        if action == "choose":
            options = flow.screen(current).options
            if n >= len(options):
                with pytest.raises(SessionError):
                    session.choose("no-such-option")
                continue
            option = options[n]
            session.choose(option.id)
            stack.append((current, option.id))
            current = option.next
        elif action == "back":
            session.back()
            if stack:
                current = stack.pop()[0]
        elif action == "go_to_step":
            if n < len(stack):
                session.go_to_step(n)
                current = stack[n][0]
                del stack[n:]
            else:
                with pytest.raises(SessionError):
                    session.go_to_step(n)
        else:
            session.restart()
            stack.clear()
            current = flow.start
        assert session.current.id == current
        assert [(a.screen.id, a.option.id) for a in session.trail] == stack
        assert session.can_go_back == bool(stack)
        assert session.is_at_start == (not stack and current == flow.start)
        # The trail is a real walk: each answer leads to the next answer's screen.
        screens_walked = [a.screen.id for a in session.trail] + [session.current.id]
        for answer, next_screen in zip(session.trail, screens_walked[1:], strict=True):
            assert answer.option.next == next_screen


# --- a kiosk's region answers region questions by itself -----------------------------------

REGION = """\
    schema: 1
    content_version: "2026-11-24"
    start: menu
    contacts:
      whatsapp:
        - {id: sudeste, label: "Região Sudeste", number: "+55 11 99991-0621"}
        - {id: demais, label: "Demais regiões", number: "+55 32 99991-0621"}
    screens:
      - id: menu
        kind: choice
        title: "Menu"
        options:
          - {id: whatsapp, label: "WhatsApp", next: regiao}
          - {id: app, label: "App", next: app}
      - id: regiao
        kind: choice
        title: "Em qual região você está?"
        options:
          - {id: sudeste, label: "Região Sudeste", next: zap_sudeste}
          - {id: demais, label: "Demais regiões", next: zap_demais}
      - id: zap_sudeste
        kind: result
        channel: whatsapp
        title: "WhatsApp Sudeste"
        steps: ["Adicione o número."]
        contacts: [sudeste]
        notes: ["Voltar ao menu"]
      - id: zap_demais
        kind: result
        channel: whatsapp
        title: "WhatsApp demais regiões"
        steps: ["Adicione o número."]
        contacts: [demais]
      - id: app
        kind: result
        channel: app
        title: "App"
        steps: ["Acesse o App."]
    """


@pytest.fixture
def region_flow() -> Flow:
    return flow_from(REGION)


def test_a_region_question_is_a_screen_whose_option_ids_are_all_contact_ids(
    region_flow: Flow, flow: Flow
) -> None:
    questions = [s.id for s in region_flow.screens if region_flow.is_region_question(s)]
    assert questions == ["regiao"]
    assert not any(flow.is_region_question(s) for s in flow.screens)  # MENU has no contacts


def test_a_screen_with_one_option_that_is_not_a_contact_is_not_a_region_question() -> None:
    mixed = flow_from(
        REGION.replace(
            '- {id: demais, label: "Demais regiões", next: zap_demais}',
            '- {id: outra, label: "Outra", next: zap_demais}',
        )
    )
    assert not mixed.is_region_question(mixed.screen("regiao"))
    session = Session(mixed, region="sudeste")
    assert session.choose("whatsapp").id == "regiao"  # asked, not skipped


def test_without_a_region_the_customer_is_asked(region_flow: Flow) -> None:
    session = Session(region_flow)
    assert session.region is None
    assert session.choose("whatsapp").id == "regiao"
    assert session.choose("sudeste").id == "zap_sudeste"
    assert session.answers == ("whatsapp", "sudeste")


@pytest.mark.parametrize(
    ("region", "result"), [("sudeste", "zap_sudeste"), ("demais", "zap_demais")]
)
def test_with_a_region_the_region_question_is_skipped_and_leaves_no_answer(
    region_flow: Flow, region: str, result: str
) -> None:
    session = Session(region_flow, region=region)
    heard: list[Screen] = []
    session.subscribe(heard.append)
    assert session.choose("whatsapp").id == result
    assert session.current.id == result
    assert session.answers == ("whatsapp",)
    assert [(a.screen.id, a.option.id) for a in session.trail] == [("menu", "whatsapp")]
    assert ids(heard) == [result]  # the region question was never shown


def test_back_from_the_result_returns_to_the_screen_before_the_skipped_question(
    region_flow: Flow,
) -> None:
    session = Session(region_flow, region="sudeste")
    session.choose("whatsapp")
    assert session.back().id == "menu"
    assert session.is_at_start
    assert session.back().id == "menu"  # nothing more to pop; never "regiao"
    assert session.choose("whatsapp").id == "zap_sudeste"
    assert session.go_to_step(0).id == "menu"
    assert session.choose("whatsapp").id == "zap_sudeste"
    assert session.restart().id == "menu"


def test_a_region_the_question_does_not_offer_changes_nothing(region_flow: Flow) -> None:
    session = Session(region_flow, region="norte")
    assert session.choose("whatsapp").id == "regiao"
    assert session.choose("demais").id == "zap_demais"
    assert session.answers == ("whatsapp", "demais")
    assert session.back().id == "regiao"


def test_a_region_question_at_the_start_is_skipped_and_its_target_is_the_start() -> None:
    flow = flow_from(
        """\
        schema: 1
        content_version: "2026-11-24"
        start: regiao
        contacts:
          whatsapp:
            - {id: sudeste, label: "Região Sudeste", number: "+55 11 99991-0621"}
            - {id: demais, label: "Demais regiões", number: "+55 32 99991-0621"}
        screens:
          - id: regiao
            kind: choice
            title: "Região?"
            options:
              - {id: sudeste, label: "Sudeste", next: menu_sudeste}
              - {id: demais, label: "Demais", next: fim}
          - id: menu_sudeste
            kind: question
            title: "Já pagou?"
            options:
              - {id: sim, label: "Sim", next: fim}
              - {id: nao, label: "Não", next: fim}
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
        """
    )
    session = Session(flow, region="sudeste")
    assert session.current.id == "menu_sudeste"
    assert session.start.id == "menu_sudeste"
    assert session.is_at_start
    assert not session.can_go_back
    assert session.back().id == "menu_sudeste"
    session.choose("sim")
    assert session.answers == ("sim",)
    assert not session.is_at_start
    assert session.back().id == "menu_sudeste"
    assert session.is_at_start
    session.choose("nao")
    assert session.go_to_step(0).id == "menu_sudeste"
    session.choose("nao")
    assert session.restart().id == "menu_sudeste"
    assert session.is_at_start
    # Without a region the start is the question itself.
    asked = Session(flow)
    assert asked.current.id == asked.start.id == "regiao"
    assert asked.is_at_start


def test_consecutive_region_questions_are_all_skipped(region_flow: Flow) -> None:
    flow = flow_from(
        REGION.replace("next: zap_sudeste}", "next: confirma}").replace(
            "      - id: zap_sudeste\n",
            "      - id: confirma\n"
            "        kind: choice\n"
            '        title: "Confirme a região"\n'
            "        options:\n"
            '          - {id: sudeste, label: "Sudeste", next: zap_sudeste}\n'
            '          - {id: demais, label: "Demais", next: zap_demais}\n'
            "      - id: zap_sudeste\n",
        )
    )
    assert flow.is_region_question(flow.screen("confirma"))
    session = Session(flow, region="sudeste")
    assert session.choose("whatsapp").id == "zap_sudeste"
    assert session.answers == ("whatsapp",)


def test_a_loop_of_region_questions_stops_on_a_question_instead_of_spinning() -> None:
    flow = flow_from(
        """\
        schema: 1
        content_version: "2026-11-24"
        start: menu
        contacts:
          whatsapp:
            - {id: sudeste, label: "Região Sudeste", number: "+55 11 99991-0621"}
        screens:
          - id: menu
            kind: choice
            title: "Menu"
            options:
              - {id: ir, label: "Ir", next: a}
          - id: a
            kind: choice
            title: "A"
            options:
              - {id: sudeste, label: "Sudeste", next: b}
          - id: b
            kind: choice
            title: "B"
            options:
              - {id: sudeste, label: "Sudeste", next: a}
        """
    )
    session = Session(flow, region="sudeste")
    assert session.choose("ir").id == "a"
    assert session.answers == ("ir",)


def test_a_region_option_to_an_unknown_screen_is_not_followed(region_flow: Flow) -> None:
    broken = flow_from(REGION.replace("next: zap_sudeste}", "next: sumiu}"))
    session = Session(broken, region="sudeste")
    assert session.choose("whatsapp").id == "regiao"
    with pytest.raises(SessionError, match="leads to unknown screen 'sumiu'"):
        session.choose("sudeste")


def test_the_bundled_flows_region_question_is_answered_by_the_kiosk_region() -> None:
    from assistant.flows.loader import load_flow
    from assistant.resources import bundled_flows

    flow = load_flow(bundled_flows())
    questions = [s.id for s in flow.screens if flow.is_region_question(s)]
    assert questions == ["negociar_whatsapp_regiao"]
    before, option = next(
        (s, o) for s in flow.screens for o in s.options if o.next == "negociar_whatsapp_regiao"
    )
    for region in ("sudeste", "demais"):
        session = Session(flow, region=region)
        session.jump_to(before.id)
        assert session.choose(option.id).id == f"negociar_whatsapp_{region}"
        assert session.back().id == before.id


# --- jump_to: the authors' "go to screen" --------------------------------------------------


def test_jump_to_clears_the_trail_and_shows_the_screen(session: Session) -> None:
    heard: list[Screen] = []
    session.subscribe(heard.append)
    session.choose("pagar")
    assert session.jump_to("video").id == "video"
    assert session.current.id == "video"
    assert session.trail == ()
    assert not session.can_go_back
    assert not session.is_at_start
    assert ids(heard) == ["pagou", "video"]
    assert session.restart().id == "menu"


def test_jump_to_the_start_screen_is_being_at_the_start(session: Session) -> None:
    session.choose("ajuda")
    assert session.jump_to("menu").id == "menu"
    assert session.is_at_start


def test_jump_to_an_unknown_screen_is_refused_with_a_suggestion(session: Session) -> None:
    session.choose("pagar")
    heard: list[Screen] = []
    session.subscribe(heard.append)
    with pytest.raises(
        SessionError, match=r"there is no screen 'ajudaa' in the flow; did you mean 'ajuda'\?"
    ):
        session.jump_to("ajudaa")
    with pytest.raises(SessionError, match=r"^there is no screen 'xyz' in the flow$"):
        session.jump_to("xyz")
    assert session.current.id == "pagou"
    assert session.answers == ("pagar",)
    assert heard == []


def test_jump_to_shows_a_region_question_even_with_a_region(region_flow: Flow) -> None:
    session = Session(region_flow, region="sudeste")
    assert session.jump_to("regiao").id == "regiao"
    assert session.choose("demais").id == "zap_demais"  # an author may still answer it
    assert session.back().id == "regiao"


# --- the model-based check, with a region ---------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    region=st.sampled_from([None, "sudeste", "demais", "norte"]),
    actions=ACTIONS,
)
def test_with_a_region_the_session_is_still_a_stack_of_the_answers_given(
    region: str | None, actions: list[tuple[str, int]]
) -> None:
    flow = flow_from(REGION)

    def shown(screen_id: str) -> str:
        screen = flow.screen(screen_id)
        option = screen.option(region) if region else None
        if flow.is_region_question(screen) and option is not None:
            return option.next
        return screen_id

    session = Session(flow, region=region)
    start = shown(flow.start)
    stack: list[tuple[str, str]] = []
    current = start
    for action, n in actions:
        if action == "choose":
            options = flow.screen(current).options
            if n >= len(options):
                continue
            session.choose(options[n].id)
            stack.append((current, options[n].id))
            current = shown(options[n].next)
        elif action == "back":
            session.back()
            if stack:
                current = stack.pop()[0]
        elif action == "go_to_step":
            if n < len(stack):
                session.go_to_step(n)
                current = stack[n][0]
                del stack[n:]
        else:
            session.restart()
            stack.clear()
            current = start
        assert session.current.id == current
        assert [(a.screen.id, a.option.id) for a in session.trail] == stack
        assert session.is_at_start == (not stack and current == start)
        if region in ("sudeste", "demais"):
            assert "regiao" not in [a.screen.id for a in session.trail] + [current]


# --- looking ahead ------------------------------------------------------------------------------


def test_outcomes_name_where_each_option_leads_without_moving(session: Session) -> None:
    session.choose("ajuda")
    outcomes = [(option.id, screen.id) for option, screen in session.outcomes()]
    assert outcomes == [("voltar", "menu"), ("pagar", "pagou"), ("video", "video")]
    assert session.current.id == "ajuda"
    assert session.answers == ("ajuda",)


def test_a_result_has_no_outcomes(session: Session) -> None:
    session.choose("pagar")
    session.choose("sim")
    assert session.outcomes() == ()


def test_ahead_lists_options_then_voltar_then_the_start_each_once(session: Session) -> None:
    # At the start, Recomeçar stays where it is: the start is not ahead.
    assert ids(list(session.ahead())) == ["pagou", "ajuda"]
    session.choose("pagar")
    # sim -> aguarde, nao -> ajuda; Voltar and Recomeçar both go to menu.
    assert ids(list(session.ahead())) == ["aguarde", "ajuda", "menu"]
    session.choose("nao")
    assert ids(list(session.ahead())) == ["menu", "pagou", "video"]
    assert session.current.id == "ajuda"
    assert session.answers == ("pagar", "nao")


def test_ahead_skips_a_region_question_as_choose_does(region_flow: Flow) -> None:
    session = Session(region_flow, region="sudeste")
    for option, screen in session.outcomes():
        probe = Session(region_flow, region="sudeste")
        assert probe.choose(option.id).id == screen.id
    assert ids(list(session.ahead())) == ["zap_sudeste", "app"]


def test_an_option_to_an_unknown_screen_is_not_ahead() -> None:
    broken = flow_from(
        """\
        schema: 1
        content_version: "x"
        start: menu
        screens:
          - id: menu
            kind: choice
            title: "Menu"
            options:
              - {id: ok, label: "Ok", next: fim}
              - {id: perdido, label: "Perdido", next: nenhum}
          - id: fim
            kind: result
            channel: info
            title: "Fim"
            steps: ["Pronto."]
        """
    )
    session = Session(broken)
    assert [option.id for option, _ in session.outcomes()] == ["ok"]
    assert ids(list(session.ahead())) == ["fim"]
    session.choose("ok")
    assert ids(list(session.ahead())) == ["menu"]  # Voltar and Recomeçar, once


def test_after_jump_to_the_start_is_ahead_for_recomecar(session: Session) -> None:
    # No answers, but not at the start either: Recomeçar leads somewhere, so it is built ahead.
    session.jump_to("video")
    assert session.trail == ()
    assert ids(list(session.ahead())) == ["menu"]


# --- continued_in: a content author's save while a customer is mid-way ---------------------------


def test_a_new_version_keeps_the_answers_that_still_lead_the_same_way(session: Session) -> None:
    session.choose("pagar")
    session.choose("sim")
    reworded = flow_from(MENU.replace('title: "Aguarde"', 'title: "Aguarde um pouco"'))
    carried = session.continued_in(reworded)
    assert carried.flow is reworded
    assert carried.current.title == "Aguarde um pouco"
    assert carried.answers == ("pagar", "sim")


def test_answers_that_lead_elsewhere_now_leave_the_screen_without_its_trail(
    session: Session,
) -> None:
    session.choose("pagar")
    session.choose("nao")  # pagou -> ajuda
    rerouted = flow_from(MENU.replace('{id: nao, label: "Não", next: ajuda}',
                                      '{id: nao, label: "Não", next: video}'))
    carried = session.continued_in(rerouted)
    assert carried.current.id == "ajuda"
    assert carried.answers == ()
    assert session.current.id == "ajuda" and session.answers == ("pagar", "nao")  # untouched


def test_a_screen_that_is_gone_leaves_the_new_session_at_the_start(session: Session) -> None:
    session.choose("ajuda")
    session.choose("video")
    without_video = MENU.replace('          - {id: video, label: "Ver vídeo", next: video}\n', "")
    without_video = without_video[: without_video.index("      - id: video")]
    carried = session.continued_in(flow_from(without_video))
    assert carried.current.id == "menu"
    assert carried.answers == ()


def test_the_listeners_stay_with_the_old_session(session: Session) -> None:
    seen: list[str] = []
    session.subscribe(lambda screen: seen.append(screen.id))
    carried = session.continued_in(flow_from(MENU))
    carried.choose("ajuda")
    assert seen == []
