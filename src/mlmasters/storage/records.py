"""The saved records a store hands out (``Owner``, ``SavedProfile``, ``SavedShortlist``,
``SharedWith``), their limits, and the reading of them from database rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.engine import Connection

from mlmasters.errors import InputError, Problem
from mlmasters.profile import Profile
from mlmasters.storage.schema import owners_table

MAX_NAME = 120
MAX_SHORTLIST = 50
ROLES = ("person", "adviser")


class Owner(BaseModel):
    """A private space's owner: a person, or an adviser whom people share profiles with."""

    model_config = ConfigDict(frozen=True)

    id: str
    role: str = "person"
    name: str | None = None


class SharedWith(BaseModel):
    model_config = ConfigDict(frozen=True)

    adviser_id: str
    adviser_name: str | None
    created_at: datetime


class SavedProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    profile: Profile
    created_at: datetime
    updated_at: datetime
    #: False for a profile someone shared with this adviser (read only)
    mine: bool = True


class SavedShortlist(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    profile_id: str
    name: str
    program_ids: list[str]
    created_at: datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def clean_name(name: str | None, fallback: str) -> str:
    text = (name or "").strip() or fallback
    if len(text) > MAX_NAME:
        raise InputError(
            f"name is {len(text)} characters long",
            [Problem(f"{len(text)} characters; at most {MAX_NAME}", field="name")],
            hint=f"use at most {MAX_NAME} characters",
        )
    return text


def row_to_profile(row: Any, mine: bool = True) -> SavedProfile:
    return SavedProfile(
        id=row.id,
        name=row.name,
        profile=Profile.model_validate_json(row.profile_json),
        created_at=row.created_at,
        updated_at=row.updated_at,
        mine=mine,
    )


def row_to_shortlist(r: Any) -> SavedShortlist:
    return SavedShortlist(
        id=r.id,
        profile_id=r.profile_id,
        name=r.name,
        program_ids=json.loads(r.program_ids_json),
        created_at=r.created_at,
    )


def owner_by_id(con: Connection, oid: str) -> Owner | None:
    row = con.execute(select(owners_table).where(owners_table.c.id == oid)).first()
    return None if row is None else Owner(id=row.id, role=row.role, name=row.name)
