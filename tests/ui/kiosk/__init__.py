"""Tests of kiosk mode's Qt building blocks (`assistant.ui.kiosk`)."""
