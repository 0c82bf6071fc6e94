"""Entry point of the frozen app: PyInstaller runs this file as `__main__`.

The same as the `assistant` command (assistant/cli.py); kept outside the package so the analysis
does not put assistant/ itself on the module search path.
"""

from __future__ import annotations

import sys

from assistant.cli import main

sys.exit(main())
