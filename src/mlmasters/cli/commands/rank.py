"""CLI commands for the rank model. ``register`` adds them to the ``mlmasters`` group."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Nothing is registered until the rank model works end to end."""
