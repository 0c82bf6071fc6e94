"""A kiosk left running: 10,000 random customers, random idle resets and injected errors.

Each session: a tap on the attract screen, 0 to 5 random answers (real button clicks, the
region question answered by the store's config), then one of: the idle expiry (the monitor's
`expired` signal, what its countdown emits at zero), an exception raised in a slot (through the
kiosk's excepthook), or Recomeçar followed by the idle expiry. The kiosk reads its flows file
at each reset, in a background thread, and the file is replaced halfway. Afterwards the kiosk
must be where it started -- attract screen, no answers, empty clipboard, one screen view, the same
number of widgets -- with RSS flat and sys.getrefcount(None) not fallen (shared/FACTS.md).

It runs in a child process (kiosk_soak_child.py): pytest keeps every log record of a test for
its report, tracebacks included, and that would be the growth measured here. The flow is small
(a region question, a yes/no question and two results, one with a QR code) so 10,000 sessions
take a couple of minutes; the bundled flows are walked in test_kiosk_window.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SESSIONS = int(os.environ.get("ASSISTANT_KIOSK_SOAK_SESSIONS", "10000"))
MAX_RSS_GROWTH_KIB = 2048
CHILD = Path(__file__).with_name("kiosk_soak_child.py")
REPO = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_10000_random_sessions_leave_the_kiosk_as_it_started(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ASSISTANT_LOG_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, str(CHILD), str(SESSIONS)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    counts = figures["counts"]
    growth = figures["rss_after_kib"] - figures["rss_before_kib"]
    # Shown with `pytest -s` (or -rP): the figures of the run.
    print(
        f"kiosk soak: {SESSIONS} sessions {counts}; RSS {figures['rss_before_kib']} -> "
        f"{figures['rss_after_kib']} KiB ({growth:+d}); refcount(None) "
        f"{figures['none_before']} -> {figures['none_after']}"
    )
    assert min(counts.values()) > SESSIONS // 10, counts  # every ending happened, often
    assert figures["errors_recovered"] == counts["error"]  # each error reset the kiosk
    # The file was read again and again (a read still out when the next reset comes is not
    # doubled), and the version saved halfway is the one on show.
    assert figures["file_checks"] > SESSIONS // 10, figures["file_checks"]
    assert figures["end"]["content_version"] == "soak-2"
    # Where it started, with nothing of the earlier customers left.
    end = figures["end"]
    assert end["page"] == "attract" and end["screen"] == "pagou" and end["trail"] == 0
    assert end["clipboard"] == ""
    assert not end["overlay"] and not end["pad"]
    assert end["screen_views"] == 1
    assert end["widgets_after"] == end["widgets_before"]
    assert figures["none_after"] >= figures["none_before"] - 100
    assert growth <= MAX_RSS_GROWTH_KIB, figures
    # The next customer is served, and the store's region is not asked.
    assert figures["next_customer_screen"] == "whatsapp_sudeste"
    # The errors went to the kiosk's log file, never to the screen.
    log = Path(figures["log"]).read_text(encoding="utf-8")
    assert "erro inesperado" in log and "InjectedError: injected" in log
