"""Every path of the bundled flows, walked through the real window by a Pilot."""

from __future__ import annotations

import pytest

from assistant.flows.loader import load_flow
from assistant.flows.model import ScreenKind
from assistant.flows.paths import Path, all_paths
from assistant.resources import bundled_flows
from assistant.testing import Pilot

PATHS = all_paths(load_flow(bundled_flows()))


def test_the_bundled_flows_have_paths_to_walk() -> None:
    assert len(PATHS) >= 15


@pytest.mark.parametrize("path", PATHS, ids=[" ".join(p.answers) for p in PATHS])
def test_every_path_ends_on_its_result_page(pilot: Pilot, path: Path) -> None:
    flow = pilot.window.flow
    assert pilot.screen_id == flow.start
    for answer, screen_id in zip(path.answers, path.screens[1:], strict=True):
        before = pilot.screen_id
        assert answer in dict(pilot.options), (before, pilot.options)
        assert pilot.choose(answer) == screen_id
        screen = flow.screen(screen_id)
        assert pilot.screen_title == screen.title
        if screen.kind is not ScreenKind.RESULT:
            assert [oid for oid, _ in pilot.options] == [o.id for o in screen.options]
            assert [label for _, label in pilot.options] == [o.label for o in screen.options]
    answered = zip(path.screens, path.answers, strict=False)  # the result itself has no answer
    assert pilot.trail == [flow.screen(s).option(a).label for s, a in answered]
    page = pilot.result
    result = flow.screen(path.result)
    assert page.screen_id == result.id
    assert page.title == result.title
    assert page.channel == (result.channel.value if result.channel else "")
    assert page.menu_path == result.menu_path
    assert page.steps == tuple(step.as_text() for step in result.steps)
    assert page.notes == result.notes
    assert page.whatsapp == tuple((c.label, c.international) for c in flow.contacts_of(result))
