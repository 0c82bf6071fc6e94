"""How messages write names and values (`wording`)."""

from __future__ import annotations

from assistant.flows.strict_yaml import did_you_mean, quote


def test_helpers() -> None:
    assert quote('say "hi"') == '"say \\"hi\\""'
    assert quote("x" * 100, limit=10) == '"xxxxxxx..."'
    assert did_you_mean("Titel", ("title", "text")) == "title"
    assert did_you_mean("zzz", ("title", "text")) is None
