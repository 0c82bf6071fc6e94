"""The hook that catches the unexpected, and the problem lines of an error; no widgets here.

An unexpected exception anywhere in the event loop: `install_excepthook` logs it with its
traceback and calls back (the window then apologises in pt-BR and shows the start screen; a
kiosk goes back to its attract screen). The traceback is never shown.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

logger = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def problem_lines(error: BaseException) -> list[str]:
    """`file:line:col: message` lines of a FlowError, or the message of any other error."""
    problems = getattr(error, "problems", None)
    if problems:
        return [str(problem) for problem in problems]
    path = getattr(error, "path", None)  # FlowFileError: the file could not be read at all
    return [f"{path}: {error}" if path else str(error)]


def install_excepthook(on_error: Callable[[], None]) -> Callable[[], None]:
    """Log every unexpected exception and call `on_error`; return a function that uninstalls.

    KeyboardInterrupt keeps its usual behaviour. A failure inside `on_error` is logged too.
    """
    previous = sys.excepthook

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        logger.critical("erro inesperado", exc_info=(exc_type, exc, tb))
        try:
            on_error()
        except Exception:
            logger.exception("a recuperação depois do erro também falhou")

    sys.excepthook = hook

    def uninstall() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    return uninstall
