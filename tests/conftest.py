"""Suite-wide set-up. The fixtures (`flow`, `bundled_flow`, `pilot`, `open_pilot`) and the
offscreen default come from our own pytest plugin, `assistant.testing.plugin`, which QA use too;
this file only makes sure the suite runs without a display even with the plugin disabled.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Checked flows are cached per user (assistant.flows.cache): keep the suite's out of ~/.cache.
# The folder goes when the run ends (child processes the suite starts have ended by then).
if "ASSISTANT_CACHE_DIR" not in os.environ:
    import atexit
    import functools
    import shutil
    import tempfile

    os.environ["ASSISTANT_CACHE_DIR"] = tempfile.mkdtemp(prefix="assistant-test-cache-")
    atexit.register(
        functools.partial(shutil.rmtree, os.environ["ASSISTANT_CACHE_DIR"], ignore_errors=True)
    )
