"""Placeholder until its owner fills it in."""


def register(sub) -> None:
    """Add this module's subcommands."""
