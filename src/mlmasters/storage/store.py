"""Saved profiles and shortlists, each in the space of the person who saved it.

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

import json
import tomllib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import (
    ColumnElement,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError

from mlmasters.errors import ForbiddenError, InputError, NotFoundError, Problem
from mlmasters.profile import (
    Profile,
    _key_lines,
    parse_profile_toml,
    problems_from_validation,
    profile_to_toml,
)
from mlmasters.storage import versioning
from mlmasters.storage.keys import KeyCheck, hash_key, make_key, owner_id_of
from mlmasters.storage.schema import (
    owners_table,
    profiles_table,
    shares_table,
    shortlists_table,
)

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


def _shortlists_in(text: str, file: str) -> list[tuple[str, list[str]]] | None:
    """The ``[[shortlists]]`` of an exported profile (None when the file has none)."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None  # parse_profile_toml says what is wrong
    raw = data.get("shortlists")
    if raw is None:
        return None
    out: list[tuple[str, list[str]]] = []
    problems: list[Problem] = []
    items = raw if isinstance(raw, list) else [raw]
    for n, item in enumerate(items, start=1):
        ids = item.get("programs") if isinstance(item, dict) else None
        name = item.get("name", "") if isinstance(item, dict) else ""
        ok_ids = (
            isinstance(ids, list)
            and 0 < len(ids) <= MAX_SHORTLIST
            and all(isinstance(i, str) and 0 < len(i) <= 200 for i in ids)
        )
        if not ok_ids or not isinstance(name, str) or len(name) > MAX_NAME:
            problems.append(
                Problem(
                    f"shortlist {n} needs a name (at most {MAX_NAME} characters) and "
                    f"programs = [...] with 1 to {MAX_SHORTLIST} program ids",
                    field="shortlists",
                    file=file,
                )
            )
            continue
        out.append((name, [str(i) for i in ids or []]))
    if problems:
        raise InputError(f"{file}: the saved shortlists cannot be read", problems)
    return out


def default_database_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'mlmasters.db'}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _now() -> datetime:
    return datetime.now(UTC)


def _clean_name(name: str | None, fallback: str) -> str:
    text = (name or "").strip() or fallback
    if len(text) > MAX_NAME:
        raise InputError(
            f"name is {len(text)} characters long",
            [Problem(f"{len(text)} characters; at most {MAX_NAME}", field="name")],
            hint=f"use at most {MAX_NAME} characters",
        )
    return text


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database URL"


def _row_to_profile(row: Any, mine: bool = True) -> SavedProfile:
    return SavedProfile(
        id=row.id,
        name=row.name,
        profile=Profile.model_validate_json(row.profile_json),
        created_at=row.created_at,
        updated_at=row.updated_at,
        mine=mine,
    )


def _row_to_shortlist(r: Any) -> SavedShortlist:
    return SavedShortlist(
        id=r.id,
        profile_id=r.profile_id,
        name=r.name,
        program_ids=json.loads(r.program_ids_json),
        created_at=r.created_at,
    )


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
        return Space(self, owner)

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
        label = _clean_name(name, "") or None
        oid = str(uuid.uuid4())
        key = make_key(oid)
        with self.engine.begin() as con:
            con.execute(
                insert(owners_table).values(
                    id=oid, role=role, name=label, key_hash=hash_key(key), created_at=_now()
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
            row = con.execute(select(owners_table).where(owners_table.c.id == oid)).first()
        return None if row is None else Owner(id=row.id, role=row.role, name=row.name)

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


class Space:
    """One person's saved profiles and shortlists (see the module docstring)."""

    def __init__(self, store: Store, owner: Owner | None):
        self.store = store
        self.owner = owner
        self.engine = store.engine

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
        now = _now()
        pid = str(uuid.uuid4())
        label = _clean_name(name or profile.name, default_name)
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
                .values(profile_json=profile.model_dump_json(), updated_at=_now())
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
        return _row_to_profile(row, bool(row.mine))

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
        return [_row_to_profile(r) for r in rows]

    def list_shared_with_me(self) -> list[SavedProfile]:
        """Profiles people shared with this adviser (empty for everyone else)."""
        shared = self._shared_with_me()
        if shared is None:
            return []
        with self.engine.connect() as con:
            rows = con.execute(
                select(profiles_table).where(shared).order_by(profiles_table.c.updated_at.desc())
            ).all()
        return [_row_to_profile(r, mine=False) for r in rows]

    def rename_profile(self, pid: str, name: str) -> SavedProfile:
        label = _clean_name(name, "")
        if not label:
            raise InputError("the new name is empty", hint="type a name")
        with self.engine.begin() as con:
            self._writable(con, pid)
            con.execute(
                update(profiles_table)
                .where(profiles_table.c.id == pid)
                .values(name=label, updated_at=_now())
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
        import tomli_w

        saved = self.get_profile(pid)
        prof = saved.profile.model_copy(update={"name": saved.name})
        text = profile_to_toml(prof)
        lists = [
            {"name": sl.name, "programs": sl.program_ids}
            for sl in reversed(self.list_shortlists(pid))  # oldest first, as they were made
        ]
        if lists:
            text = text.rstrip("\n") + "\n\n" + tomli_w.dumps({"shortlists": lists})
        return text

    def import_toml(self, text: str, file: str = "upload.toml") -> SavedProfile:
        """A profile from TOML; its ``[[shortlists]]`` (as exported) are saved with it."""
        lists = _shortlists_in(text, file)
        if lists is None:
            return self.save_profile(parse_profile_toml(text, file))
        data = tomllib.loads(text)
        data.pop("shortlists", None)
        try:
            profile = Profile.model_validate(data)
        except ValidationError as exc:
            raise InputError(
                f"{file}: {len(exc.errors())} problem(s) in the profile",
                problems_from_validation(exc, file, _key_lines(text)),
                hint="fix the keys named above (see examples/profile.toml)",
            ) from None
        saved = self.save_profile(profile)
        for name, ids in lists:
            self.save_shortlist(saved.id, name, ids)
        return saved

    # -- shortlists --------------------------------------------------------------------------
    def save_shortlist(self, profile_id: str, name: str, program_ids: list[str]) -> SavedShortlist:
        if not program_ids or len(program_ids) > MAX_SHORTLIST:
            raise InputError(
                f"a shortlist holds 1 to {MAX_SHORTLIST} programs, got {len(program_ids)}"
            )
        now = _now()
        sid = str(uuid.uuid4())
        label = _clean_name(name, "Shortlist")
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
        return [_row_to_shortlist(r) for r in rows]

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
        adviser = self.store.get_owner(adviser_id.strip())
        if adviser is None or adviser.role != "adviser":
            raise NotFoundError(
                "no adviser has that code",
                [Problem("not an adviser's code", field="adviser")],
                hint="ask your adviser for the code shown on their /space page",
            )
        now = _now()
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
        profiles = []
        for saved in self.list_profiles():
            profiles.append(
                {
                    "id": saved.id,
                    "name": saved.name,
                    "created_at": saved.created_at.isoformat(),
                    "updated_at": saved.updated_at.isoformat(),
                    "profile": saved.profile.model_dump(mode="json"),
                    "shortlists": [
                        {
                            "name": s.name,
                            "programs": s.program_ids,
                            "created_at": s.created_at.isoformat(),
                        }
                        for s in self.list_shortlists(saved.id)
                    ],
                    "shared_with": [s.model_dump(mode="json") for s in self.shares(saved.id)]
                    if self.owner is not None
                    else [],
                }
            )
        owner = None if self.owner is None else self.owner.model_dump(mode="json")
        return {"format": "mlmasters-export", "version": 1, "owner": owner, "profiles": profiles}

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
