"""CLI commands for the assess model. ``register`` adds them to the ``mlmasters`` group."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Nothing is registered until the assess model works end to end."""
