"""Schema versions of the saved-data database (Alembic revisions shipped in the package).

- ``upgrade(engine)``: brings a database to the newest version (``mlmasters db upgrade``).
- ``check(engine, auto_upgrade=...)``: what ``Store`` does at start. An empty database is
  created at the newest version. A database from version 1 of mlmasters (tables, no
  version) is recognised as revision 0001. An older known version is upgraded only when
  ``auto_upgrade`` (the default SQLite file of a single-person install); otherwise it is
  refused with the command to run. A version this release does not know (a newer
  mlmasters wrote it) is always refused: guessing would corrupt saved data.

Alembic is imported only when it has work to do. A database already at the newest version
(every start of a server but the first) is recognised from its one ``alembic_version`` row
and the revision ids written in the shipped scripts (``_shipped_head``), so a server worker
does not keep Alembic, Mako and Pygments loaded for its whole life (about 12 MB resident).
"""

from __future__ import annotations

import ast
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from mlmasters.errors import Problem, SchemaVersionError

if TYPE_CHECKING:
    from alembic.config import Config

#: Tables of version 1 (before migrations existed), which ``metadata.create_all`` made.
V1_TABLES = {"profiles", "shortlists"}


#: Alembic's table of the applied revision (its default name, which env.py keeps).
VERSION_TABLE = "alembic_version"  # the SQL in _stamped names it literally


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("mlmasters.storage").joinpath("migrations")))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _script_ids(source: str) -> tuple[Any, Any]:
    """(revision, down_revision) as a migration script assigns them at its top level."""
    found: dict[str, Any] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                found[target.id] = ast.literal_eval(node.value)
    return found.get("revision"), found.get("down_revision")


def _shipped_head() -> str | None:
    """The newest shipped revision read from the scripts without Alembic, or None when the
    scripts do not name one single head plainly (then Alembic decides)."""
    revisions: set[str] = set()
    parents: set[Any] = set()
    for script in files("mlmasters.storage").joinpath("migrations", "versions").iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        rev, down = _script_ids(script.read_text(encoding="utf-8"))
        if not isinstance(rev, str):
            return None
        revisions.add(rev)
        parents.update(down if isinstance(down, tuple | list) else [down])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _stamped(engine: Engine) -> str | None:
    """The one revision in the database's version table, or None (no table, no row, more)."""
    with engine.connect() as con:
        if not inspect(con).has_table(VERSION_TABLE):
            return None
        rows = con.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def head() -> str:
    """The newest schema version this release knows."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(_config()).get_heads()
    return str(heads[0])


def known_versions() -> list[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [str(r.revision) for r in script.walk_revisions()]


def current(engine: Engine) -> str | None:
    """The database's version: None when it is empty; "0001" for a version-1 database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as con:
        rev = MigrationContext.configure(con).get_current_revision()
        if rev is None and set(inspect(con).get_table_names()) >= V1_TABLES:
            return "0001"
        return rev


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Migrate to the newest version; (version before, version after)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.util.exc import CommandError

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
    shipped = _shipped_head()
    if shipped is not None and _stamped(engine) == shipped:
        return shipped  # at the newest version: no Alembic needed
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
