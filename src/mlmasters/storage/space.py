"""What one person may do with their saved data (``Space``): their profiles, shortlists and
shares, and who may read what. Someone else's id is "not found", never "forbidden", so ids
reveal nothing; an adviser also reads the profiles shared with them. Every change is one
transaction."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import ColumnElement, delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from mlmasters.errors import ForbiddenError, InputError, NotFoundError, Problem
from mlmasters.profile import Profile, parse_profile_toml
from mlmasters.storage import transfer
from mlmasters.storage.records import (
    MAX_SHORTLIST,
    Owner,
    SavedProfile,
    SavedShortlist,
    SharedWith,
    clean_name,
    owner_by_id,
    row_to_profile,
    row_to_shortlist,
    utc_now,
)
from mlmasters.storage.schema import (
    owners_table,
    profiles_table,
    shares_table,
    shortlists_table,
)


class Space:
    """One person's saved profiles and shortlists (see the module docstring)."""

    def __init__(self, engine: Engine, owner: Owner | None):
        self.engine = engine
        self.owner = owner

    # -- who may see what --------------------------------------------------------------------
    def _mine(self) -> ColumnElement[bool]:
        if self.owner is None:
            return profiles_table.c.owner_id.is_(None)
        return profiles_table.c.owner_id == self.owner.id

    def _shared_with_me(self) -> ColumnElement[bool] | None:
        if self.owner is None or self.owner.role != "adviser":
            return None
        shared = select(shares_table.c.profile_id).where(shares_table.c.adviser_id == self.owner.id)
        return profiles_table.c.id.in_(shared)

    def _readable(self) -> ColumnElement[bool]:
        shared = self._shared_with_me()
        return self._mine() if shared is None else or_(self._mine(), shared)

    def _missing(self, pid: str) -> NotFoundError:
        return NotFoundError(f"no saved profile {pid!r}", hint="list yours at /profiles")

    def _writable(self, con: Connection, pid: str) -> None:
        """Raise unless ``pid`` is this person's own profile."""
        row = con.execute(
            select(profiles_table.c.id, self._mine().label("mine"))
            .where(profiles_table.c.id == pid)
            .where(self._readable())
        ).first()
        if row is None:
            raise self._missing(pid)
        if not row.mine:
            raise ForbiddenError(
                f"profile {pid!r} was shared with you to read; only its owner can change it"
            )

    # -- profiles ----------------------------------------------------------------------------
    def save_profile(
        self,
        profile: Profile,
        name: str | None = None,
        *,
        default_name: str = "My profile",
        update_same: bool = False,
    ) -> SavedProfile:
        """Save ``profile`` under ``name`` (else its own name, else ``default_name``).

        ``update_same``: when this person already saved exactly these answers, that profile
        is updated (its time, and its name if one is given) instead of a copy being made:
        the start form saved twice lists once.
        """
        now = utc_now()
        pid = str(uuid.uuid4())
        label = clean_name(name or profile.name, default_name)
        text = profile.model_dump_json()
        try:
            with self.engine.begin() as con:
                same = (
                    con.execute(
                        select(
                            profiles_table.c.id, profiles_table.c.name, profiles_table.c.created_at
                        )
                        .where(self._mine())
                        .where(profiles_table.c.profile_json == text)
                        .order_by(profiles_table.c.updated_at.desc())
                        .limit(1)
                    ).first()
                    if update_same
                    else None
                )
                if same is not None:
                    keep = label if name else same.name
                    con.execute(
                        update(profiles_table)
                        .where(profiles_table.c.id == same.id)
                        .values(name=keep, updated_at=now)
                    )
                    return SavedProfile(
                        id=same.id, name=keep, profile=profile, created_at=same.created_at,
                        updated_at=now,
                    )  # fmt: skip
                con.execute(
                    insert(profiles_table).values(
                        id=pid,
                        owner_id=None if self.owner is None else self.owner.id,
                        name=label,
                        profile_json=text,
                        created_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:  # the space was deleted meanwhile (by another request)
            raise NotFoundError(
                "this private space no longer exists", hint="make a new one at /space"
            ) from None
        return SavedProfile(id=pid, name=label, profile=profile, created_at=now, updated_at=now)

    def update_profile(self, pid: str, profile: Profile) -> SavedProfile:
        with self.engine.begin() as con:
            self._writable(con, pid)
            con.execute(
                update(profiles_table)
                .where(profiles_table.c.id == pid)
                .values(profile_json=profile.model_dump_json(), updated_at=utc_now())
            )
        return self.get_profile(pid)

    def get_profile(self, pid: str) -> SavedProfile:
        with self.engine.connect() as con:
            row = con.execute(
                select(profiles_table, self._mine().label("mine"))
                .where(profiles_table.c.id == pid)
                .where(self._readable())
            ).first()
        if row is None:
            raise self._missing(pid)
        return row_to_profile(row, bool(row.mine))

    def get_own_profile(self, pid: str) -> SavedProfile:
        """``get_profile``, refused (403) when it is only shared with this adviser."""
        saved = self.get_profile(pid)
        if not saved.mine:
            raise ForbiddenError(
                f"profile {pid!r} was shared with you to read; only its owner can change it"
            )
        return saved

    def list_profiles(self) -> list[SavedProfile]:
        """This person's own profiles, newest change first."""
        with self.engine.connect() as con:
            rows = con.execute(
                select(profiles_table)
                .where(self._mine())
                .order_by(profiles_table.c.updated_at.desc())
            ).all()
        return [row_to_profile(r) for r in rows]

    def list_shared_with_me(self) -> list[SavedProfile]:
        """Profiles people shared with this adviser (empty for everyone else)."""
        shared = self._shared_with_me()
        if shared is None:
            return []
        with self.engine.connect() as con:
            rows = con.execute(
                select(profiles_table).where(shared).order_by(profiles_table.c.updated_at.desc())
            ).all()
        return [row_to_profile(r, mine=False) for r in rows]

    def rename_profile(self, pid: str, name: str) -> SavedProfile:
        label = clean_name(name, "")
        if not label:
            raise InputError("the new name is empty", hint="type a name")
        with self.engine.begin() as con:
            self._writable(con, pid)
            con.execute(
                update(profiles_table)
                .where(profiles_table.c.id == pid)
                .values(name=label, updated_at=utc_now())
            )
        return self.get_profile(pid)

    def delete_profile(self, pid: str) -> None:
        with self.engine.begin() as con:
            self._writable(con, pid)
            con.execute(delete(shares_table).where(shares_table.c.profile_id == pid))
            con.execute(delete(shortlists_table).where(shortlists_table.c.profile_id == pid))
            con.execute(delete(profiles_table).where(profiles_table.c.id == pid))

    def export_toml(self, pid: str) -> str:
        """The profile as TOML, its saved shortlists as ``[[shortlists]]`` tables after it."""
        return transfer.profile_toml(self.get_profile(pid), self.list_shortlists(pid))

    def import_toml(self, text: str, file: str = "upload.toml") -> SavedProfile:
        """A profile from TOML; its ``[[shortlists]]`` (as exported) are saved with it."""
        lists = transfer.shortlists_in(text, file)
        saved = self.save_profile(parse_profile_toml(text, file, ignore=("shortlists",)))
        for name, ids in lists or []:
            self.save_shortlist(saved.id, name, ids)
        return saved

    # -- shortlists --------------------------------------------------------------------------
    def save_shortlist(self, profile_id: str, name: str, program_ids: list[str]) -> SavedShortlist:
        if not program_ids or len(program_ids) > MAX_SHORTLIST:
            raise InputError(
                f"a shortlist holds 1 to {MAX_SHORTLIST} programs, got {len(program_ids)}"
            )
        now = utc_now()
        sid = str(uuid.uuid4())
        label = clean_name(name, "Shortlist")
        with self.engine.begin() as con:
            self._writable(con, profile_id)
            con.execute(
                insert(shortlists_table).values(
                    id=sid,
                    profile_id=profile_id,
                    name=label,
                    program_ids_json=json.dumps(program_ids),
                    created_at=now,
                )
            )
        return SavedShortlist(
            id=sid, profile_id=profile_id, name=label, program_ids=program_ids, created_at=now
        )

    def list_shortlists(self, profile_id: str) -> list[SavedShortlist]:
        self.get_profile(profile_id)  # not found unless this person may read it
        with self.engine.connect() as con:
            rows = con.execute(
                select(shortlists_table)
                .where(shortlists_table.c.profile_id == profile_id)
                .order_by(shortlists_table.c.created_at.desc())
            ).all()
        return [row_to_shortlist(r) for r in rows]

    def delete_shortlist(self, sid: str, profile_id: str) -> None:
        """Delete a shortlist of one of this person's own profiles."""
        with self.engine.begin() as con:
            self._writable(con, profile_id)
            res = con.execute(
                delete(shortlists_table)
                .where(shortlists_table.c.id == sid)
                .where(shortlists_table.c.profile_id == profile_id)
            )
            if res.rowcount == 0:
                raise NotFoundError(f"no shortlist {sid!r}")

    # -- sharing with an adviser -------------------------------------------------------------
    def share(self, pid: str, adviser_id: str) -> SharedWith:
        """Let an adviser read one of this person's profiles (and its shortlists)."""
        if self.owner is None:
            raise InputError(
                "sharing needs a private space",
                hint="sharing exists on a server with private spaces (serve --private)",
            )
        with self.engine.connect() as con:
            adviser = owner_by_id(con, adviser_id.strip())
        if adviser is None or adviser.role != "adviser":
            raise NotFoundError(
                "no adviser has that code",
                [Problem("not an adviser's code", field="adviser")],
                hint="ask your adviser for the code shown on their /space page",
            )
        now = utc_now()
        with self.engine.begin() as con:
            self._writable(con, pid)
            exists = con.execute(
                select(shares_table.c.created_at)
                .where(shares_table.c.profile_id == pid)
                .where(shares_table.c.adviser_id == adviser.id)
            ).first()
            if exists is None:
                con.execute(
                    insert(shares_table).values(
                        profile_id=pid, adviser_id=adviser.id, created_at=now
                    )
                )
            else:
                now = exists.created_at
        return SharedWith(adviser_id=adviser.id, adviser_name=adviser.name, created_at=now)

    def unshare(self, pid: str, adviser_id: str) -> None:
        with self.engine.begin() as con:
            self._writable(con, pid)
            con.execute(
                delete(shares_table)
                .where(shares_table.c.profile_id == pid)
                .where(shares_table.c.adviser_id == adviser_id)
            )

    def shares(self, pid: str) -> list[SharedWith]:
        """Whom this person shares one of their profiles with."""
        with self.engine.connect() as con:
            self._writable(con, pid)
            rows = con.execute(
                select(shares_table.c.adviser_id, shares_table.c.created_at, owners_table.c.name)
                .join(owners_table, owners_table.c.id == shares_table.c.adviser_id)
                .where(shares_table.c.profile_id == pid)
                .order_by(shares_table.c.created_at)
            ).all()
        return [
            SharedWith(adviser_id=r.adviser_id, adviser_name=r.name, created_at=r.created_at)
            for r in rows
        ]

    # -- everything at once ------------------------------------------------------------------
    def export_all(self) -> dict[str, Any]:
        """Everything this person saved, as one JSON-ready document."""
        saved = [
            (p, self.list_shortlists(p.id), [] if self.owner is None else self.shares(p.id))
            for p in self.list_profiles()
        ]
        return transfer.export_document(self.owner, saved)

    def delete_all(self) -> dict[str, int]:
        """Delete everything this person saved, and their space itself (its key stops working).

        Returns the rows deleted per table.
        """
        mine = select(profiles_table.c.id).where(self._mine())
        gone: dict[str, int] = {}
        with self.engine.begin() as con:
            shares_cond: ColumnElement[bool] = shares_table.c.profile_id.in_(mine)
            if self.owner is not None:
                shares_cond = or_(shares_cond, shares_table.c.adviser_id == self.owner.id)
            gone["shares"] = con.execute(delete(shares_table).where(shares_cond)).rowcount
            gone["shortlists"] = con.execute(
                delete(shortlists_table).where(shortlists_table.c.profile_id.in_(mine))
            ).rowcount
            gone["profiles"] = con.execute(delete(profiles_table).where(self._mine())).rowcount
            gone["owners"] = 0
            if self.owner is not None:
                gone["owners"] = con.execute(
                    delete(owners_table).where(owners_table.c.id == self.owner.id)
                ).rowcount
        return gone
