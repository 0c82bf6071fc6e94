"""Tests of kiosk mode's plain-Python side (`assistant.kiosk`) and its deploy files."""
