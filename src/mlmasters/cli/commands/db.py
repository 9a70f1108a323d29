"""CLI commands ``mlmasters db ...``: the saved-data database of a server.

``db upgrade``: migrate to the newest schema version (Alembic revisions shipped in the
package). ``db status``: the version and the rows per table. ``db add-adviser NAME``: a
space for an adviser, whose key is printed once. All take ``--database-url`` (default: the
SQLite file in the data directory, like ``serve``). Heavy modules load inside.
"""

from __future__ import annotations

from typing import Any

import click

from mlmasters.cli.context import JSON_OPTION
from mlmasters.cli.format import emit_json

_DATABASE_URL = click.option(
    "--database-url",
    envvar="MLMASTERS_DATABASE_URL",
    help="The database (SQLAlchemy URL) [env MLMASTERS_DATABASE_URL; default: SQLite in the "
    "data dir].",
)


def _url(obj: Any, database_url: str | None) -> str:
    if database_url:
        return database_url
    from mlmasters.settings import default_data_dir
    from mlmasters.storage import default_database_url

    return default_database_url(obj.data_dir or default_data_dir())


def _engine(url: str) -> Any:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import ArgumentError

    from mlmasters.errors import InputError, Problem

    try:
        return create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise InputError(
            "cannot use that database URL",
            [Problem(str(exc).splitlines()[0], field="--database-url")],
            hint="e.g. sqlite:////path/mlmasters.db or postgresql+psycopg://user@host/db "
            "(pip install 'mlmasters[postgres]')",
        ) from None


@click.group()
def db() -> None:
    """The database of saved profiles: schema version, upgrade, advisers."""


@db.command()
@_DATABASE_URL
@JSON_OPTION
@click.pass_obj
def upgrade(obj: Any, database_url: str | None, as_json: bool) -> None:
    """Migrate the database to the newest schema version (back it up first)."""
    from sqlalchemy.exc import SQLAlchemyError

    from mlmasters.errors import InputError, Problem
    from mlmasters.storage import versioning

    url = _url(obj, database_url)
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(url)
    try:
        before, after = versioning.upgrade(engine)
    except SQLAlchemyError as exc:
        raise InputError(
            "cannot upgrade the database",
            [Problem(str(exc).splitlines()[0], field="--database-url")],
            hint="check the URL, that the server runs and that the user may create tables",
        ) from None
    finally:
        engine.dispose()
    if as_json:
        emit_json({"before": before, "after": after})
    elif before == after:
        click.echo(f"the database is at the newest schema version, {after}")
    else:
        click.echo(f"upgraded the database from {before or 'empty'} to {after}")


@db.command()
@_DATABASE_URL
@JSON_OPTION
@click.pass_obj
def status(obj: Any, database_url: str | None, as_json: bool) -> None:
    """The database's schema version and its rows per table (no profile contents)."""
    from mlmasters.storage import Store, versioning

    url = _url(obj, database_url)
    engine = _engine(url)
    try:
        version = versioning.current(engine)
        versioning.refuse_unknown(version, engine)
    finally:
        engine.dispose()
    head = versioning.head()
    counts = None
    if version == head:
        store = Store(url, auto_upgrade=False)
        counts = store.counts()
        store.dispose()
    if as_json:
        emit_json({"version": version, "newest": head, "rows": counts})
        return
    click.echo(f"schema version {version or '(empty database)'}; newest {head}")
    if version != head:
        click.echo("run `mlmasters db upgrade` to bring it to the newest version")
    for table, n in (counts or {}).items():
        click.echo(f"  {table:<11} {n:>9,} rows")


@db.command("add-adviser")
@click.argument("name")
@_DATABASE_URL
@JSON_OPTION
@click.pass_obj
def add_adviser(obj: Any, name: str, database_url: str | None, as_json: bool) -> None:
    """Make a space for an adviser NAME; prints its key once.

    People share a profile with the adviser by entering the adviser's code (shown on
    the adviser's /space page); the adviser reads what is shared and changes nothing.
    """
    from mlmasters.errors import InputError, Problem
    from mlmasters.storage import MAX_NAME, Store

    if not name.strip() or len(name.strip()) > MAX_NAME:  # before any file is made
        raise InputError(
            "the adviser's name is empty or too long",
            [Problem(f"{len(name.strip())} characters", field="name")],
            hint=f"use 1 to {MAX_NAME} characters",
        )
    store = Store(_url(obj, database_url), auto_upgrade=False)
    try:
        owner, key = store.create_owner("adviser", name)
    finally:
        store.dispose()
    if as_json:
        emit_json({"owner_id": owner.id, "name": owner.name, "role": owner.role, "key": key})
        return
    click.echo(f"adviser {owner.name}: code (give it to people) {owner.id}")
    click.echo(f"key (printed once; sign in at /space with it): {key}")


def register(cli: click.Group) -> None:
    cli.add_command(db)
