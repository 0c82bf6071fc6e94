"""Shared fixtures: offscreen Qt by default, the bundled flow, and a Pilot on a real window.

QT_QPA_PLATFORM is set at import time, before pytest-qt creates the QApplication, so the suite
runs without a display; a test that needs a real X server starts one itself (tests/ui/test_xvfb.py).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from assistant.flows.loader import load_flow
from assistant.flows.model import Flow
from assistant.resources import bundled_flows

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from assistant.testing import Pilot

# Qt messages that are not problems of ours; each says why.
QT_LOG_IGNORE = (
    # The offscreen platform cannot pass a window's minimum size to a window manager it does
    # not have, and says so as a warning each time a top-level window with a layout is shown.
    r"^This plugin does not support propagateSizeHints\(\)$",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore(*QT_LOG_IGNORE, extend=True))


@pytest.fixture(scope="session")
def bundled_flow() -> Flow:
    """The shipped flows.yaml, loaded and checked once."""
    return load_flow(bundled_flows())


@pytest.fixture
def flow(bundled_flow: Flow) -> Flow:
    """The flow a test walks (the bundled one; override in a module to use another)."""
    return bundled_flow


@pytest.fixture
def pilot(qtbot: QtBot, flow: Flow) -> Iterator[Pilot]:
    """A Pilot on a real MainWindow over `flow`, shown at 1024x720, default theme, with the
    system clipboard (in-process under offscreen)."""
    from PySide6.QtWidgets import QApplication

    from assistant.testing import Pilot
    from assistant.ui import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, theme.ThemeName.DEFAULT)
    yield Pilot.start(flow, qtbot)
