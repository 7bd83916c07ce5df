"""Modal screens: help, export."""
