"""The Qt view of the assistant: thin widgets over `assistant.flows`, never any routing.

`app.run_gui` starts the desktop app; `window.MainWindow` shows one screen at a time and forwards
the customer's answers, as option ids, to a `Session`.
"""

# Import order only: the Qt-free modules the views need are loaded here, before any view module
# loads PySide6. Once PySide6 is in, its `__feature__` import hook reads back the source of every
# module imported after it, which made these a few ms of a cold start.
from assistant import resources  # noqa: F401
from assistant.flows import cache, problems, session  # noqa: F401
from assistant.ui import excepthook  # noqa: F401
