"""Shared by the toolkit's own tests: pytester, and a small project for the runs it starts.

Inner runs are in-process (`pytester.runpytest`, fast: the QApplication is shared); the plugin
is loaded in them through its `pytest11` entry point, as in any project that installs the app.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

# A question and two results, one of them with a WhatsApp number: small enough that a test can
# visit it all, or leave one screen out on purpose.
SMALL_FLOWS = (Path(__file__).parent / "small_flows.yaml").read_text(encoding="utf-8")


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A folder with the project's pytest settings (Qt warnings fail tests) and flows/small.yaml."""
    pytester.makeini(
        """\
        [pytest]
        qt_api = pyside6
        qt_log_level_fail = WARNING
        addopts = -p no:cacheprovider -p no:hypothesispytest
        """
    )
    (pytester.path / "flows").mkdir()
    (pytester.path / "flows" / "small.yaml").write_text(SMALL_FLOWS, encoding="utf-8")
    (pytester.path / "scenarios").mkdir()
    return pytester
