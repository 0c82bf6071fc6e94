"""The state machine the UI drives: where the customer is, how they got there, and where next.

The session is the only place routing lives. A view asks for `current`, shows it, and forwards
the customer's answers as option ids through `choose`; `back` pops real history, `go_to_step`
returns to an earlier answer (dropping what came after), and `restart` starts over. Revisiting a
screen is allowed (a "voltar ao menu" option), which is why history is a plain list of steps.

A kiosk configured for a store's region passes `region`: a *region question* (a screen whose
option ids are all contact ids, `Flow.is_region_question`) that has an option with that id is
then answered by itself. The session goes straight on to that option's target, the question is
never shown, and no answer is added to the trail, so Voltar from what follows returns to the
screen before the question, and nothing (back, `go_to_step`, restart) can land on it. A start
screen that is a region question is skipped the same way: the session then starts on its target.
`jump_to`, the authors' "go to screen", shows exactly the screen asked for, and
`continued_in` carries the walk over to a new version of the flow (a content author's save).

`ahead` tells, without moving, where each answer on the current screen would lead and where
Voltar and Recomeçar would go, so a view can build those screens before the customer asks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from assistant.flows.model import Flow, Option, Screen
from assistant.flows.problems import SessionError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer in the trail: on `screen`, the customer chose `option`."""

    screen: Screen
    option: Option


Listener = Callable[[Screen], None]


class Session:
    """One customer's walk through a flow; with `region`, region questions answer themselves."""

    def __init__(self, flow: Flow, *, region: str | None = None) -> None:
        self._flow = flow
        self._region = region
        self._trail: list[Answer] = []
        self._start = self._skip_region_questions(flow.start_screen)
        self._current = self._start
        self._listeners: list[Listener] = []

    @property
    def flow(self) -> Flow:
        return self._flow

    @property
    def region(self) -> str | None:
        """The contact id that answers region questions, or None (the customer is asked)."""
        return self._region

    @property
    def start(self) -> Screen:
        """Where the session starts and restarts: the flow's start screen, or, if that is a
        region question answered by `region`, where that answer leads."""
        return self._start

    @property
    def current(self) -> Screen:
        return self._current

    @property
    def trail(self) -> tuple[Answer, ...]:
        """The answers given so far, oldest first."""
        return tuple(self._trail)

    @property
    def answers(self) -> tuple[str, ...]:
        """The option ids chosen so far, oldest first."""
        return tuple(a.option.id for a in self._trail)

    @property
    def can_go_back(self) -> bool:
        return bool(self._trail)

    @property
    def is_at_start(self) -> bool:
        return not self._trail and self._current.id == self._start.id

    def outcomes(self) -> tuple[tuple[Option, Screen], ...]:
        """Each option of the current screen with the screen `choose` would show for it
        (region questions skipped as `choose` skips them); an option that leads to an unknown
        screen is left out. Nothing changes."""
        flow = self._flow
        return tuple(
            (option, self._skip_region_questions(flow.screen(option.next)))
            for option in self._current.options
            if flow.has_screen(option.next)
        )

    def ahead(self) -> tuple[Screen, ...]:
        """The screens one action away, each once, likeliest first: where each option leads,
        where Voltar returns, and the start (Recomeçar, unless the session is at the start
        already). Nothing changes."""
        screens = [screen for _, screen in self.outcomes()]
        if self._trail:
            screens.append(self._trail[-1].screen)
        if not self.is_at_start:
            screens.append(self._start)
        unique: dict[str, Screen] = {}
        for screen in screens:
            unique.setdefault(screen.id, screen)
        return tuple(unique.values())

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(screen)` after every change of the current screen."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def choose(self, option_id: str) -> Screen:
        """Answer the current screen with `option_id` and move to the screen it leads to."""
        screen = self._current
        option = screen.option(option_id)
        if option is None:
            known = ", ".join(o.id for o in screen.options) or "none (a result screen)"
            raise SessionError(
                f"screen {screen.id!r} has no option {option_id!r}; its options are: {known}"
            )
        if not self._flow.has_screen(option.next):
            raise SessionError(
                f"option {option_id!r} of screen {screen.id!r} leads to unknown screen "
                f"{option.next!r}"
            )
        self._trail.append(Answer(screen, option))
        logger.debug("choose %s/%s -> %s", screen.id, option_id, option.next)
        return self._move_to(self._skip_region_questions(self._flow.screen(option.next)))

    def back(self) -> Screen:
        """Return to the screen before the last answer; at the start this does nothing."""
        if self._trail:
            answer = self._trail.pop()
            logger.debug("back %s -> %s", self._current.id, answer.screen.id)
            return self._move_to(answer.screen)
        return self._current

    def go_to_step(self, index: int) -> Screen:
        """Return to the screen where answer `index` of the trail was given, dropping it and
        everything after it, so the customer can answer it again."""
        if not 0 <= index < len(self._trail):
            raise SessionError(f"no answer {index} in a trail of {len(self._trail)}")
        screen = self._trail[index].screen
        del self._trail[index:]
        return self._move_to(screen)

    def restart(self) -> Screen:
        """Forget every answer and return to the start screen (`start`)."""
        self._trail.clear()
        logger.debug("restart")
        return self._move_to(self._start)

    def jump_to(self, screen_id: str) -> Screen:
        """Forget every answer and show the screen `screen_id`, as it is (a region question
        too): the authors' "go to screen". SessionError for an unknown id."""
        if not self._flow.has_screen(screen_id):
            import difflib  # only for this message: not on every start

            close = difflib.get_close_matches(screen_id, self._flow.screen_ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise SessionError(f"there is no screen {screen_id!r} in the flow{hint}")
        self._trail.clear()
        logger.debug("jump to %s", screen_id)
        return self._move_to(self._flow.screen(screen_id))

    def continued_in(self, flow: Flow) -> Session:
        """A session of `flow` (a new version of the content) that goes on from here: the same
        answers while they lead to the same screens; if they no longer reach this screen, this
        screen alone (no trail); if `flow` has no such screen, its start. Compare the new
        `current.id` with this session's to tell the last case. The listeners stay here."""
        session = Session(flow, region=self._region)
        for answer in self._trail:
            if session.current.id != answer.screen.id:
                break
            try:
                session.choose(answer.option.id)
            except SessionError:
                break
        if session.current.id != self._current.id:
            if flow.has_screen(self._current.id):
                session.jump_to(self._current.id)
            else:
                session.restart()
        return session

    def _skip_region_questions(self, screen: Screen) -> Screen:
        """`screen`, or, while it is a region question with an option for `region` that leads
        to a known screen, where that option leads (no answer recorded). A loop of such
        questions stops at the first one seen twice."""
        region = self._region
        if region is None:
            return screen
        seen: set[str] = set()
        while self._flow.is_region_question(screen) and screen.id not in seen:
            option = screen.option(region)
            if option is None or not self._flow.has_screen(option.next):
                break
            seen.add(screen.id)
            logger.debug("region %s answers %s -> %s", region, screen.id, option.next)
            screen = self._flow.screen(option.next)
        return screen

    def _move_to(self, screen: Screen) -> Screen:
        self._current = screen
        for listener in tuple(self._listeners):
            listener(screen)
        return screen
