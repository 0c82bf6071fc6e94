"""What a screen reader gets on Linux: the app's window seen from another process through the
real accessibility bridge (AT-SPI over D-Bus, as Orca sees it), not QAccessible in-process.

On a fresh Xvfb (the `display` fixture of tests/ui/conftest.py), on a session D-Bus of its own
(dbus-run-session, which starts the AT-SPI bus on demand), tests/ui/atspi_probe.py runs with the
system Python (Debian's python3-gi and gir1.2-atspi-2.0: PyGObject is not in our venv). The
probe starts `python -m assistant` with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 (Qt's bridge on
without a running screen reader), gives its window the X focus (what a window manager would do:
bare Xvfb has none), walks to a result page through AT-SPI and reports roles, names, focus and
events as JSON. Skipped only when a tool is missing and CI is not set; in CI a missing tool
fails.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from app_process import REPO, assistant_command, child_env

from assistant import APP_NAME
from assistant.flows.model import MENU_SEPARATOR, Flow, Screen
from assistant.ui.result import PATH_HEADING, STEPS_HEADING

pytestmark = pytest.mark.xvfb

PROBE = Path(__file__).with_name("atspi_probe.py")
# PyGObject and the Atspi typelib come from Debian for its own python3, not for our venv's.
SYSTEM_PYTHON = os.environ.get("ASSISTANT_ATSPI_PYTHON", "/usr/bin/python3")
A11Y_BUS_SERVICE = Path("/usr/share/dbus-1/services/org.a11y.Bus.service")
PACKAGES = "at-spi2-core dbus-daemon python3-gi gir1.2-atspi-2.0"
PROBE_TIMEOUT = 120  # a run takes ~2.5 s


@pytest.fixture(scope="module")
def dbus_run_session() -> str:
    """dbus-run-session, once the AT-SPI tools are all there (else skip, or fail in CI)."""
    missing = []
    binary = shutil.which("dbus-run-session")
    if binary is None:
        missing.append("dbus-run-session")
    if not A11Y_BUS_SERVICE.exists():
        missing.append(f"the AT-SPI bus ({A11Y_BUS_SERVICE})")
    try:
        atspi = subprocess.run(
            [SYSTEM_PYTHON, "-I", "-c",
             "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi"],
            capture_output=True, text=True, timeout=60,
        )
        if atspi.returncode != 0:
            missing.append(f"Atspi for {SYSTEM_PYTHON} ({atspi.stderr.strip().splitlines()[-1:]})")
    except OSError as exc:
        missing.append(f"{SYSTEM_PYTHON} ({exc})")
    if missing:
        message = f"missing for the AT-SPI lane: {', '.join(missing)} (apt-get install {PACKAGES})"
        if os.environ.get("CI"):
            pytest.fail(message + ": the screen-reader lane must run in CI")
        pytest.skip(message)
    assert binary is not None
    return binary


def run_probe(
    dbus_run_session: str, x_display: str, home: Path, steps: list[dict[str, str]]
) -> dict[str, Any]:
    env = child_env(
        home, QT_QPA_PLATFORM="xcb", DISPLAY=x_display, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1"
    )
    for name in ("WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS"):
        env.pop(name, None)  # a bus of its own: never the developer's desktop session
    report_file = home / "atspi-report.json"
    command = [
        dbus_run_session, "--", SYSTEM_PYTHON, "-I", str(PROBE), str(report_file),
        json.dumps(steps), "--", *assistant_command(),
    ]
    # A process group of its own: on a timeout the bus, the AT-SPI daemons, the probe and the
    # app go together.
    child = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(timeout=PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        out, err = child.communicate()
        pytest.fail(f"the AT-SPI probe ran over {PROBE_TIMEOUT} s\n{out[-2000:]}\n{err[-2000:]}")
    assert child.returncode == 0, f"probe exit {child.returncode}\n{out[-4000:]}\n{err[-4000:]}"
    report: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["error"] is None, f"{report['error']}\napp output:\n{report['app_output']}"
    return report


def heading_names(snapshot: dict[str, Any]) -> list[str]:
    return [heading["name"] for heading in snapshot["headings"]]


def focused_title(snapshot: dict[str, Any]) -> list[dict[str, str]]:
    return [{"role": "heading", "name": heading_names(snapshot)[0]}]


def option_step(
    screen: Screen, option_id: str, flow: Flow, via: str, expect: str
) -> tuple[dict[str, str], Screen]:
    option = screen.option(option_id)
    assert option is not None, (screen.id, option_id)
    following = flow.screen(option.next)
    step = {"option": option.label, "via": via, "title": following.title, "expect": expect}
    if via == "key":
        step["key"] = str(screen.options.index(option) + 1)
    return step, following


def test_a_screen_reader_sees_headings_names_and_focus_over_atspi(
    dbus_run_session: str,
    display: str,
    bundled_flow: Flow,
    tmp_path: Path,
) -> None:
    start = bundled_flow.start_screen
    # Contestar (Tab to the option, then Space: focus moves to the new title), Sim (pressed
    # where the focus is, on the title: the new title is announced instead), then the app
    # channel with its key, 1..9 (announced too): a result page.
    first, question = option_step(start, "contestar", bundled_flow, "focus", "focus")
    second, channels = option_step(question, "sim", bundled_flow, "action", "announcement")
    third, result = option_step(channels, "app", bundled_flow, "key", "announcement")
    assert result.is_result
    report = run_probe(dbus_run_session, display, tmp_path, [first, second, third])

    assert report["application"] == APP_NAME

    # The start screen: a frame named after the screen, its title a focusable Heading with the
    # focus, every option a push button named by its label, nothing Tab reaches unnamed.
    shown = report["start"]
    assert shown["window"]["role"] == "frame"
    assert shown["window"]["name"].startswith(start.title), shown["window"]
    assert "active" in shown["window"]["states"], shown["window"]
    assert heading_names(shown) == [start.title], shown["headings"]
    assert shown["headings"][0]["focusable"]
    assert shown["focused"] == [{"role": "heading", "name": start.title}], shown["focused"]
    for option in start.options:
        assert option.label in shown["buttons"], (option.label, shown["buttons"])
    assert shown["unnamed_focusable"] == [], shown["unnamed_focusable"]

    # Each change of screen: the new title is the first heading and keeps (or gets) the focus;
    # a screen reader is told through a focus event or an announcement.
    for done in report["steps"]:
        step, where = done["step"], f"after {done['step']['option']!r} ({done['step']['via']})"
        assert done["timed_out"] == [], f"{where}: waited in vain for {done['timed_out']}"
        assert heading_names(done)[0] == step["title"], (where, done["headings"])
        assert done["window"]["name"].startswith(step["title"]), (where, done["window"])
        assert done["focused"] == focused_title(done), (where, done["focused"])
        assert done["unnamed_focusable"] == [], (where, done["unnamed_focusable"])
        told = [e for e in done["events"] if e["name"] == step["title"] and e["role"] == "heading"]
        kind = {"focus": "object:state-changed:focused", "announcement": "object:announcement"}
        assert [e["type"] for e in told] == [kind[step["expect"]]], (where, done["events"])

    # The result page: its section titles are headings too, after the screen's title.
    page = report["steps"][-1]
    assert heading_names(page)[:1] == [result.title], page["headings"]
    assert PATH_HEADING in heading_names(page)[1:], page["headings"]
    assert STEPS_HEADING in heading_names(page)[1:], page["headings"]
    assert heading_names(page).index(PATH_HEADING) < heading_names(page).index(STEPS_HEADING)
    # The menu path's items are read one after another, without a "›" between every two; the
    # trail on top of the page has its separators skipped too.
    path = [item for item in result.menu_path if item in page["texts"]]
    assert path == list(result.menu_path), page["texts"]
    assert "›" not in page["texts"], page["texts"]
    # Each step is read with its number, and the number badge beside it is not read apart.
    steps = [
        f"Passo {number}: {step.as_text().replace(MENU_SEPARATOR, ', ')}"
        for number, step in enumerate(result.steps, start=1)
    ]
    assert [text for text in page["texts"] if text in steps] == steps, page["texts"]
    assert not any(text.isdigit() for text in page["texts"]), page["texts"]
