"""Tests of the Qt view, driven through `assistant.testing.Pilot`."""
