"""Entry point of the frozen app: PyInstaller runs this file as `__main__`.

The same as the `assistant` command (assistant/cli.py); kept outside the package so the analysis
does not put assistant/ itself on the module search path.

One thing only the frozen app meets: a system library the bundle leaves out on purpose (GL/EGL,
libxcb: they must match the machine's drivers and X server, docs/packaging.md) missing or
broken, e.g. a tarball on a machine without libegl1. Qt then fails to import, and the customer
who started the app from a file manager or the menu saw nothing at all (PyInstaller's traceback
went to a stderr nobody reads). Now the missing library and the command that installs it are
said on stderr, in the log file, and, with no terminal to read, in a dialog of the desktop's own
(zenity, kdialog or xmessage, whichever exists).
"""

from __future__ import annotations

import os
import sys

# Nothing else is imported up here: every start goes through this file (startup is measured).

# What the app needs from a Debian/Ubuntu system (the .deb's Depends; docs/packaging.md).
SYSTEM_PACKAGES = "libgl1 libegl1 libxcb1 fontconfig-config fonts-dejavu-core"
_LIBRARY = r"\blib[\w.+-]*?\.so(?:\.\d+)*"


def missing_library(error: ImportError) -> str | None:
    """The shared library named by `error` ("libEGL.so.1: cannot open shared object file"),
    or None when it is about a Python module."""
    import re

    if isinstance(error, ModuleNotFoundError):
        return None
    found = re.search(_LIBRARY, str(error))
    return found.group(0) if found else None


def message(library: str) -> str:
    from assistant import APP_NAME

    return (
        f"O {APP_NAME} não pode abrir:\nfalta no sistema a biblioteca {library},\n"
        "ou ela está danificada.\n\n"
        "No Debian ou no Ubuntu, instale o que o aplicativo precisa com:\n"
        f"sudo apt install {SYSTEM_PACKAGES}"
    )


def ascii_only(text: str) -> str:
    """`text` without accents: xmessage (the X Athena widgets) draws UTF-8 as "nÃ£o"."""
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def dialog_command(text: str) -> list[str] | None:
    """A command showing `text` in a window of the desktop's own, or None (no terminal-less
    display, or no tool for it)."""
    import shutil

    from assistant import APP_NAME

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    tools = (
        ("zenity", ["--error", "--no-markup", f"--title={APP_NAME}", f"--text={text}"]),
        ("kdialog", ["--title", APP_NAME, "--error", text]),
        ("xmessage", ["-center", ascii_only(text)]),
    )
    for tool, arguments in tools:
        found = shutil.which(tool)
        if found:
            return [found, *arguments]
    return None


def system_environment() -> dict[str, str]:
    """os.environ as the system's own programs need it: the bootloader put the bundle's
    libraries first on LD_LIBRARY_PATH, and a zenity of a newer system fails on them (symbol
    look-up errors, and no dialog at all). PyInstaller keeps the original in *_ORIG."""
    env = dict(os.environ)
    original = env.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        env["LD_LIBRARY_PATH"] = original
    else:
        env.pop("LD_LIBRARY_PATH", None)
    return env


def report_missing_library(library: str, error: ImportError) -> int:
    import contextlib
    import logging
    import subprocess

    from assistant.kiosk.exit_codes import FATAL_ERROR  # the app could not go on
    from assistant.logging_setup import configure_logging, print_error

    text = message(library)
    print_error(f"{text}\n({error})")
    configure_logging()
    logging.getLogger("assistant.launcher").critical("cannot start, a system library: %s", error)
    logging.shutdown()
    terminal = sys.stderr is not None and sys.stderr.isatty()
    command = None if terminal else dialog_command(text)
    if command is not None:
        with contextlib.suppress(OSError):  # until the customer closes it; then the app ends
            subprocess.run(command, check=False, env=system_environment())
    return FATAL_ERROR


def run() -> int:
    from assistant.cli import main

    try:
        return main()
    except ImportError as error:
        library = missing_library(error)
        if library is None:
            raise
        return report_missing_library(library, error)


if __name__ == "__main__":
    sys.exit(run())
