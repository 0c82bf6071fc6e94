"""One test per path that `assistant paths` lists, generated from the bundled flows.yaml.

Nobody writes these: a screen or an option added to flows.yaml adds its paths here on the next
run. Each walks its path in the real window through the Pilot (clicks on the real buttons) and
checks that every answer is offered, that the walk lands on the path's result, and that the
result shows its title, its channel and its menu path. Test ids are the answers, e.g.
`test_path[negociar-sim-whatsapp-sudeste]`.
"""

from __future__ import annotations

import pytest

from assistant.flows.loader import load_flow
from assistant.flows.model import Flow
from assistant.flows.paths import Path as FlowPath
from assistant.flows.paths import all_paths
from assistant.resources import bundled_flows
from assistant.testing import Pilot

PATHS = all_paths(load_flow(bundled_flows()))


def test_there_are_paths_to_walk() -> None:
    assert PATHS, "the bundled flows.yaml has no path from the start to a result"


@pytest.mark.parametrize("path", PATHS, ids=["-".join(p.answers) or "start" for p in PATHS])
def test_path(pilot: Pilot, flow: Flow, path: FlowPath) -> None:
    assert pilot.screen_id == flow.start
    for answer, expected in zip(path.answers, path.screens[1:], strict=True):
        offered = [option_id for option_id, _ in pilot.options]
        assert answer in offered, f"{answer!r} is not offered on {pilot.screen_id!r}: {offered}"
        assert pilot.choose(answer) == expected
    result = flow.screen(path.result)
    page = pilot.result
    assert page.screen_id == path.result
    assert page.title == result.title
    assert page.channel == (result.channel.value if result.channel else "")
    assert page.menu_path == result.menu_path
    if any(step.is_menu for step in result.steps):
        assert page.menu_path, f"{path.result} has a menu step but shows no menu path"
