"""briefing: a keyboard-driven terminal reader for following one story across many sources."""

__version__ = "0.1.0"
