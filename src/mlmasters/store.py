"""Saved profiles and shortlists in an embedded database (SQLite by default).

SQLAlchemy 2 Core with bound parameters only. SQLite runs in WAL mode with
``synchronous=FULL`` and every save is one transaction, so a save that was acknowledged
survives a killed process. ``database_url`` accepts any SQLAlchemy URL (PostgreSQL too).
"""

from __future__ import annotations

import json
import threading
import tomllib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from mlmasters.errors import InputError, NotFoundError, Problem
from mlmasters.profile import (
    Profile,
    _key_lines,
    parse_profile_toml,
    problems_from_validation,
    profile_to_toml,
)

metadata = MetaData()

profiles_table = Table(
    "profiles",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("profile_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

shortlists_table = Table(
    "shortlists",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("profile_id", String(36), ForeignKey("profiles.id", ondelete="CASCADE"), index=True),
    Column("name", String(120), nullable=False),
    Column("program_ids_json", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

MAX_NAME = 120
MAX_SHORTLIST = 50


class SavedProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    profile: Profile
    created_at: datetime
    updated_at: datetime


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


class Store:
    def __init__(self, database_url: str):
        self.url = database_url
        try:
            if database_url.startswith("sqlite:///"):
                db = Path(database_url.removeprefix("sqlite:///"))
                db.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(database_url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            metadata.create_all(self.engine)
        except (ImportError, OSError, SQLAlchemyError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            raise InputError(
                f"cannot open the database {_safe_url(database_url)}",
                [Problem(reason, field="database_url")],
                hint="use a SQLAlchemy URL such as sqlite:////path/to/mlmasters.db "
                "(a writable directory; other databases need their driver installed)",
            ) from None
        # Reads of a saved profile are served from memory; every write through this store
        # drops the entry. (Several servers sharing one database would each keep their own
        # copy: run one server per database, as `mlmasters serve` does.)
        self._profiles: dict[str, SavedProfile] = {}
        self._cache_lock = threading.Lock()

    def _forget(self, pid: str) -> None:
        with self._cache_lock:
            self._profiles.pop(pid, None)

    # -- profiles ----------------------------------------------------------------------------
    def save_profile(self, profile: Profile, name: str | None = None) -> SavedProfile:
        now = _now()
        pid = str(uuid.uuid4())
        label = _clean_name(name or profile.name, "My profile")
        with self.engine.begin() as con:
            con.execute(
                insert(profiles_table).values(
                    id=pid,
                    name=label,
                    profile_json=profile.model_dump_json(),
                    created_at=now,
                    updated_at=now,
                )
            )
        return SavedProfile(id=pid, name=label, profile=profile, created_at=now, updated_at=now)

    def update_profile(self, pid: str, profile: Profile) -> SavedProfile:
        self._forget(pid)
        with self.engine.begin() as con:
            res = con.execute(
                update(profiles_table)
                .where(profiles_table.c.id == pid)
                .values(profile_json=profile.model_dump_json(), updated_at=_now())
            )
            if res.rowcount == 0:
                raise NotFoundError(f"no saved profile {pid!r}")
        return self.get_profile(pid)

    def _row_to_profile(self, row: Any) -> SavedProfile:
        return SavedProfile(
            id=row.id,
            name=row.name,
            profile=Profile.model_validate_json(row.profile_json),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def get_profile(self, pid: str) -> SavedProfile:
        with self._cache_lock:
            hit = self._profiles.get(pid)
        if hit is not None:
            return hit
        with self.engine.connect() as con:
            row = con.execute(select(profiles_table).where(profiles_table.c.id == pid)).first()
        if row is None:
            raise NotFoundError(f"no saved profile {pid!r}", hint="list them at /profiles")
        saved = self._row_to_profile(row)
        with self._cache_lock:
            if len(self._profiles) > 1000:
                self._profiles.clear()
            self._profiles[pid] = saved
        return saved

    def list_profiles(self) -> list[SavedProfile]:
        with self.engine.connect() as con:
            rows = con.execute(
                select(profiles_table).order_by(profiles_table.c.updated_at.desc())
            ).all()
        return [self._row_to_profile(r) for r in rows]

    def rename_profile(self, pid: str, name: str) -> SavedProfile:
        self._forget(pid)
        label = _clean_name(name, "")
        if not label:
            raise InputError("the new name is empty", hint="type a name")
        with self.engine.begin() as con:
            res = con.execute(
                update(profiles_table)
                .where(profiles_table.c.id == pid)
                .values(name=label, updated_at=_now())
            )
            if res.rowcount == 0:
                raise NotFoundError(f"no saved profile {pid!r}")
        return self.get_profile(pid)

    def delete_profile(self, pid: str) -> None:
        self._forget(pid)
        with self.engine.begin() as con:
            con.execute(delete(shortlists_table).where(shortlists_table.c.profile_id == pid))
            res = con.execute(delete(profiles_table).where(profiles_table.c.id == pid))
            if res.rowcount == 0:
                raise NotFoundError(f"no saved profile {pid!r}")

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
        self.get_profile(profile_id)
        if not program_ids or len(program_ids) > MAX_SHORTLIST:
            raise InputError(
                f"a shortlist holds 1 to {MAX_SHORTLIST} programs, got {len(program_ids)}"
            )
        now = _now()
        sid = str(uuid.uuid4())
        label = _clean_name(name, "Shortlist")
        with self.engine.begin() as con:
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
        with self.engine.connect() as con:
            rows = con.execute(
                select(shortlists_table)
                .where(shortlists_table.c.profile_id == profile_id)
                .order_by(shortlists_table.c.created_at.desc())
            ).all()
        return [
            SavedShortlist(
                id=r.id,
                profile_id=r.profile_id,
                name=r.name,
                program_ids=json.loads(r.program_ids_json),
                created_at=r.created_at,
            )
            for r in rows
        ]

    def delete_shortlist(self, sid: str, profile_id: str | None = None) -> None:
        """Delete a shortlist; with ``profile_id``, only if it belongs to that profile."""
        cond = shortlists_table.c.id == sid
        if profile_id is not None:
            cond = cond & (shortlists_table.c.profile_id == profile_id)
        with self.engine.begin() as con:
            res = con.execute(delete(shortlists_table).where(cond))
            if res.rowcount == 0:
                raise NotFoundError(f"no shortlist {sid!r}")
