"""`shape`: the keys a kind of mapping may have."""

from __future__ import annotations

import pytest

from assistant.flows.strict_yaml import shape


def test_a_shape_needs_an_example_for_each_required_key() -> None:
    with pytest.raises(ValueError, match="without an example"):
        shape("in pet", "a pet", ("name",), ("name",))
