"""The Textual app: a thin shell over briefing.library."""
