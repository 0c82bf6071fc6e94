"""Tests of `assistant.flows.strict_yaml`, a file for each of its modules."""
