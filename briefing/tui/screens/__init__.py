"""Screens: the main screen (panes, scope, search), help, export."""
