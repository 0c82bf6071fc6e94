"""Testing helpers shipped with the app: `Pilot` drives the real window like a customer.

    from assistant.testing import Pilot, ResultPage

A later change turns this package into a pytest plugin (fixtures `flow`, `pilot`).
"""

from __future__ import annotations

from assistant.testing.pilot import (
    NoOutcomeError,
    NotClickableError,
    Pilot,
    PilotError,
    ResultPage,
)

__all__ = ["NoOutcomeError", "NotClickableError", "Pilot", "PilotError", "ResultPage"]
