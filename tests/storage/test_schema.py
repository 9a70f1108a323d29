"""One schema on both backends: a new database is at the newest Alembic version with the
tables of ``storage/schema.py``, the same on SQLite and PostgreSQL; a version-1 database
(mlmasters before migrations) keeps its rows through the upgrade; a version this release
does not know is refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    insert,
    inspect,
    text,
)
from sqlalchemy.engine import Engine

from mlmasters.errors import SchemaVersionError
from mlmasters.storage import Store, versioning
from mlmasters.storage.schema import metadata


def describe(engine: Engine) -> dict[str, Any]:
    """What a schema is, without what each dialect names or spells its own way (the
    names of unnamed constraints, the spelling of types)."""
    insp = inspect(engine)
    out: dict[str, Any] = {}
    for name in sorted(insp.get_table_names()):
        pk = insp.get_pk_constraint(name)
        out[name] = {
            "columns": [(c["name"], bool(c["nullable"])) for c in insp.get_columns(name)],
            "primary key": sorted(pk["constrained_columns"]),
            "foreign keys": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    (fk.get("options") or {}).get("ondelete", "").upper(),
                )
                for fk in insp.get_foreign_keys(name)
            ),
            "indexes": sorted(
                (tuple(str(c) for c in ix["column_names"]), bool(ix["unique"]))
                for ix in insp.get_indexes(name)
            ),
        }
    return out


def _version(engine: Engine) -> str:
    with engine.connect() as con:
        return str(con.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def test_the_same_schema_on_sqlite_and_postgresql(tmp_path: Path, pg_fresh_url: str) -> None:
    lite = Store(f"sqlite:///{tmp_path / 'lite.db'}")
    pg = Store(pg_fresh_url)
    try:
        assert _version(lite.engine) == _version(pg.engine) == versioning.head()
        assert describe(lite.engine) == describe(pg.engine)
    finally:
        lite.dispose()
        pg.dispose()


def test_a_new_database_has_the_tables_the_queries_expect(store: Store) -> None:
    assert _version(store.engine) == versioning.head()
    tables = describe(store.engine)
    assert set(tables) == set(metadata.tables) | {"alembic_version"}
    for name, table in metadata.tables.items():
        expected = [(c.name, bool(c.nullable)) for c in table.columns]
        assert sorted(tables[name]["columns"]) == sorted(expected), name


# The tables as mlmasters 0.1 made them (metadata.create_all, no version table).
_v1 = MetaData()
_v1_profiles = Table(
    "profiles",
    _v1,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("profile_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
_v1_shortlists = Table(
    "shortlists",
    _v1,
    Column("id", String(36), primary_key=True),
    Column("profile_id", String(36), ForeignKey("profiles.id", ondelete="CASCADE"), index=True),
    Column("name", String(120), nullable=False),
    Column("program_ids_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def test_a_version_1_database_keeps_its_rows_through_the_upgrade(store_url: str) -> None:
    # On SQLite, 0002 rebuilds `profiles` (batch mode): versioning.upgrade turns foreign
    # keys off meanwhile, or the DROP TABLE would cascade to every saved shortlist.
    old = create_engine(store_url)
    now = datetime.now(UTC)
    try:
        _v1.create_all(old)
        with old.begin() as con:
            con.execute(
                insert(_v1_profiles).values(
                    id="p1", name="from v1", profile_json='{"age": 30}', created_at=now,
                    updated_at=now,
                )
            )  # fmt: skip
            con.execute(
                insert(_v1_shortlists).values(
                    id="s1", profile_id="p1", name="kept", program_ids_json='["a", "b"]',
                    created_at=now,
                )
            )  # fmt: skip
    finally:
        old.dispose()

    if store_url.startswith("postgresql"):
        # A shared server's database is never migrated behind its operator's back.
        with pytest.raises(SchemaVersionError, match="0001") as refused:
            Store(store_url)
        assert "mlmasters db upgrade" in str(refused.value.hint)
        engine = create_engine(store_url)
        try:
            assert versioning.upgrade(engine) == ("0001", versioning.head())
        finally:
            engine.dispose()
    store = Store(store_url)  # SQLite: the single-person file is upgraded at start
    try:
        assert _version(store.engine) == versioning.head()
        space = store.space(None)
        saved = space.get_profile("p1")
        assert (saved.name, saved.profile.age) == ("from v1", 30)
        assert [(s.name, s.program_ids) for s in space.list_shortlists("p1")] == [
            ("kept", ["a", "b"])
        ]
    finally:
        store.dispose()


def test_a_version_this_release_does_not_know_is_refused(store: Store, store_url: str) -> None:
    with store.engine.begin() as con:
        con.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    store.dispose()
    with pytest.raises(SchemaVersionError, match="f00d"):
        Store(store_url, auto_upgrade=True)
