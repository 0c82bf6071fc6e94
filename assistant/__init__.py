"""Assistente de Faturas: a guided assistant for Claro móvel billing questions."""

from __future__ import annotations

import sys

__version__ = "0.1.0"
APP_NAME = "Assistente de Faturas"
APP_DESCRIPTION = "Respostas guiadas para dúvidas da fatura Claro móvel."  # About, --help
INSTALLED_COMMAND = "assistente-de-faturas"  # the frozen app's executable (.deb, tarball, .exe)


def command_name() -> str:
    """What the user types to run the app, for help and messages: the installed executable in
    a frozen bundle, `assistant` from a Python install or a source checkout."""
    return INSTALLED_COMMAND if getattr(sys, "frozen", False) else "assistant"
