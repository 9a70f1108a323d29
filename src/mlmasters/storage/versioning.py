"""Schema versions of the saved-data database (Alembic revisions shipped in the package).

- ``upgrade(engine)``: brings a database to the newest version (``mlmasters db upgrade``).
- ``check(engine, auto_upgrade=...)``: what ``Store`` does at start. An empty database is
  created at the newest version. A database from version 1 of mlmasters (tables, no
  version) is recognised as revision 0001. An older known version is upgraded only when
  ``auto_upgrade`` (the default SQLite file of a single-person install); otherwise it is
  refused with the command to run. A version this release does not know (a newer
  mlmasters wrote it) is always refused: guessing would corrupt saved data.
"""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

from mlmasters.errors import Problem, SchemaVersionError

#: Tables of version 1 (before migrations existed), which ``metadata.create_all`` made.
V1_TABLES = {"profiles", "shortlists"}


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("mlmasters.storage").joinpath("migrations")))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest schema version this release knows."""
    heads = ScriptDirectory.from_config(_config()).get_heads()
    return str(heads[0])


def known_versions() -> list[str]:
    script = ScriptDirectory.from_config(_config())
    return [str(r.revision) for r in script.walk_revisions()]


def current(engine: Engine) -> str | None:
    """The database's version: None when it is empty; "0001" for a version-1 database."""
    with engine.connect() as con:
        rev = MigrationContext.configure(con).get_current_revision()
        if rev is None and set(inspect(con).get_table_names()) >= V1_TABLES:
            return "0001"
        return rev


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest version; (version before, version after)."""
    before = current(engine)
    refuse_unknown(before, engine)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as con:
        if sqlite:  # batch mode rebuilds tables: a DROP TABLE must not cascade
            con.exec_driver_sql("PRAGMA foreign_keys=OFF")
            con.commit()
        try:
            with con.begin():
                cfg = _config(con)
                if (
                    before == "0001"
                    and MigrationContext.configure(con).get_current_revision() is None
                ):
                    command.stamp(cfg, "0001")
                try:
                    command.upgrade(cfg, "head")
                except CommandError as exc:
                    raise SchemaVersionError(str(exc)) from None
                if sqlite and con.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise SchemaVersionError("foreign keys broken by the upgrade")
        finally:
            if sqlite:
                con.exec_driver_sql("PRAGMA foreign_keys=ON")
                con.commit()
    return before, head()


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def refuse_unknown(version: str | None, engine: Engine) -> None:
    if version is not None and version not in known_versions():
        raise SchemaVersionError(
            f"the database {_where(engine)} is at schema version {version!r}, which this "
            f"release of mlmasters does not know (it knows {', '.join(known_versions())})",
            [Problem("written by a newer mlmasters?", field="database_url")],
            hint="upgrade mlmasters (pip install -U mlmasters), or use another database",
        )


def check(engine: Engine, *, auto_upgrade: bool) -> str:
    """Make sure the database is at the newest version (see the module docstring)."""
    version = current(engine)
    refuse_unknown(version, engine)
    if version == head():
        return version
    if version is None or auto_upgrade:
        upgrade(engine)
        return head()
    raise SchemaVersionError(
        f"the database {_where(engine)} is at schema version {version}; this release "
        f"needs {head()}",
        [Problem("the database must be upgraded before it is served", field="database_url")],
        hint="back it up, then run: mlmasters db upgrade --database-url '<the same URL>'",
    )
