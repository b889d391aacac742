"""Screens and modal dialogs of the editor."""
