"""The project's small exception hierarchy."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""
