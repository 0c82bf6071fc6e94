"""Assistente de Faturas: a guided assistant for Claro móvel billing questions."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Assistente de Faturas"
