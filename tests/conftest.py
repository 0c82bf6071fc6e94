"""Suite-wide set-up. The fixtures (`flow`, `bundled_flow`, `pilot`, `open_pilot`) and the
offscreen default come from our own pytest plugin, `assistant.testing.plugin`, which QA use too;
this file only makes sure the suite runs without a display even with the plugin disabled.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _private_dir(variable: str, prefix: str) -> None:
    """Point `variable` at a folder of the suite's own, removed when the run ends (child
    processes the suite starts have ended by then)."""
    os.environ[variable] = tempfile.mkdtemp(prefix=prefix)
    atexit.register(functools.partial(shutil.rmtree, os.environ[variable], ignore_errors=True))


# Checked flows are cached per user (assistant.flows.cache): keep the suite's out of ~/.cache.
if "ASSISTANT_CACHE_DIR" not in os.environ:
    _private_dir("ASSISTANT_CACHE_DIR", "assistant-test-cache-")

# The window's place (window.ini, assistant.ui.window_state) and a store's kiosk.yaml are
# per-user config: the suite neither reads the developer's ~/.config nor writes to it.
_private_dir("XDG_CONFIG_HOME", "assistant-test-config-")
# The single-instance lock (assistant.ui.single_instance): an assistant the developer has open
# must not turn the suite's app starts away.
_private_dir("XDG_RUNTIME_DIR", "assistant-test-runtime-")
