"""The tables of saved data, as the newest migration leaves them.

The migrations in ``storage/migrations/versions`` create and change the database; this
module describes the result for the queries (SQLAlchemy Core). A test checks that a
database migrated to the newest version has exactly these tables and columns, on SQLite
and on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """DateTime(timezone=True) that reads back aware, in UTC, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

#: A private space: one person (or adviser) with a personal key, stored hashed.
owners_table = Table(
    "owners",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("role", String(16), nullable=False),  # "person" or "adviser"
    Column("name", String(120), nullable=True),  # advisers' names, shown to who shares
    Column("key_hash", String(255), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

profiles_table = Table(
    "profiles",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("profile_json", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    # NULL: saved in single-person mode (a loopback server without sign-in)
    Column(
        "owner_id",
        String(36),
        ForeignKey("owners.id", ondelete="CASCADE", name="fk_profiles_owner"),
        nullable=True,
    ),
    Index("ix_profiles_owner_id", "owner_id"),
)

shortlists_table = Table(
    "shortlists",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("profile_id", String(36), ForeignKey("profiles.id", ondelete="CASCADE"), index=True),
    Column("name", String(120), nullable=False),
    Column("program_ids_json", Text, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
)

#: A profile its owner shares with an adviser (read only for the adviser).
shares_table = Table(
    "shares",
    metadata,
    Column(
        "profile_id",
        String(36),
        ForeignKey("profiles.id", ondelete="CASCADE", name="fk_shares_profile"),
        primary_key=True,
    ),
    Column(
        "adviser_id",
        String(36),
        ForeignKey("owners.id", ondelete="CASCADE", name="fk_shares_adviser"),
        primary_key=True,
    ),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_shares_adviser_id", "adviser_id"),
)
