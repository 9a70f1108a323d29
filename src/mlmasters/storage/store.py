"""The database of saved data: opening it, its schema version, and the private spaces'
owners and keys. What one person may do in it is ``space.Space``.

``Store(url)`` opens the database (SQLite by default, PostgreSQL tested too), checks its
schema version (``storage/versioning.py``) and makes private spaces (``create_owner``,
``owner_for_key``). ``store.space(owner)`` is what a person may do: ``owner=None`` is the
single-person mode of a loopback server (the profiles saved without sign-in); an
``Owner`` sees and changes only their own profiles, and an adviser also reads the
profiles shared with them. Someone else's id is "not found", never "forbidden", so ids
reveal nothing.

SQLAlchemy 2 Core with bound parameters only. SQLite runs in WAL mode with
``synchronous=FULL`` and every save is one transaction, so a save that was acknowledged
survives a killed process. Nothing is cached in the process: several server processes
share one database and each read sees the others' writes.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, insert, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from mlmasters.errors import InputError, Problem
from mlmasters.storage import versioning
from mlmasters.storage.keys import KeyCheck, hash_key, make_key, owner_id_of
from mlmasters.storage.records import ROLES, Owner, clean_name, owner_by_id, utc_now
from mlmasters.storage.schema import (
    owners_table,
    profiles_table,
    shares_table,
    shortlists_table,
)
from mlmasters.storage.space import Space


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'mlmasters.db'}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database URL"


class Store:
    """The database of saved data; ``space(owner)`` is what one person may do in it."""

    def __init__(self, database_url: str, *, auto_upgrade: bool | None = None):
        """Open ``database_url`` and check its schema version.

        An empty database is created at the newest version. An older version is upgraded
        when ``auto_upgrade`` (default: for SQLite files, which one server uses) and
        refused otherwise with the ``mlmasters db upgrade`` command to run.
        """
        self.url = database_url
        try:
            if database_url.startswith("sqlite:///"):
                db = Path(database_url.removeprefix("sqlite:///"))
                db.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(database_url, pool_pre_ping=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            upgrade = self.engine.dialect.name == "sqlite" if auto_upgrade is None else auto_upgrade
            self.version = versioning.check(self.engine, auto_upgrade=upgrade)
        except (ImportError, OSError, SQLAlchemyError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            raise InputError(
                f"cannot open the database {_safe_url(database_url)}",
                [Problem(reason, field="database_url")],
                hint="use a SQLAlchemy URL such as sqlite:////path/to/mlmasters.db "
                "(a writable directory) or postgresql+psycopg://user@host/dbname "
                "(pip install 'mlmasters[postgres]')",
            ) from None
        self._keys = KeyCheck()

    def space(self, owner: Owner | None = None) -> Space:
        """What ``owner`` may do (None: the single-person mode's profiles)."""
        return Space(self.engine, owner)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- private spaces ----------------------------------------------------------------------
    def create_owner(self, role: str = "person", name: str | None = None) -> tuple[Owner, str]:
        """A new private space and its key (shown once; only its hash is stored)."""
        if role not in ROLES:
            raise InputError(
                f"role {role!r} is not one of {', '.join(ROLES)}",
                [Problem(f"{role!r}", field="role", hint=f"one of {', '.join(ROLES)}")],
            )
        label = clean_name(name, "") or None
        oid = str(uuid.uuid4())
        key = make_key(oid)
        with self.engine.begin() as con:
            con.execute(
                insert(owners_table).values(
                    id=oid, role=role, name=label, key_hash=hash_key(key), created_at=utc_now()
                )
            )
        return Owner(id=oid, role=role, name=label), key

    def owner_for_key(self, key: str) -> Owner | None:
        """The space a key opens, or None (an unknown, deleted or wrong key)."""
        oid = owner_id_of(key)
        if oid is None:
            return None
        with self.engine.connect() as con:
            row = con.execute(select(owners_table).where(owners_table.c.id == oid)).first()
        if row is None or not self._keys.verify(key.strip(), row.key_hash):
            return None
        return Owner(id=row.id, role=row.role, name=row.name)

    def get_owner(self, oid: str) -> Owner | None:
        with self.engine.connect() as con:
            return owner_by_id(con, oid)

    def list_owners(self) -> list[Owner]:
        with self.engine.connect() as con:
            rows = con.execute(select(owners_table).order_by(owners_table.c.created_at)).all()
        return [Owner(id=r.id, role=r.role, name=r.name) for r in rows]

    def counts(self) -> dict[str, int]:
        """Rows per table (for `mlmasters db status` and the load benchmark)."""
        out = {}
        with self.engine.connect() as con:
            for t in (owners_table, profiles_table, shortlists_table, shares_table):
                out[t.name] = int(con.execute(select(func.count()).select_from(t)).scalar_one())
        return out
