"""A person's saved data as files: the profile TOML with its ``[[shortlists]]`` (export and
import), and the one JSON document of everything they saved. Formats only; the ``Space``
reads and writes the database."""

from __future__ import annotations

import tomllib
from typing import Any

from mlmasters.errors import InputError, Problem
from mlmasters.profile import profile_to_toml
from mlmasters.storage.records import (
    MAX_NAME,
    MAX_SHORTLIST,
    Owner,
    SavedProfile,
    SavedShortlist,
    SharedWith,
)


def shortlists_in(text: str, file: str) -> list[tuple[str, list[str]]] | None:
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


def profile_toml(saved: SavedProfile, shortlists: list[SavedShortlist]) -> str:
    """The profile as TOML under its saved name, its shortlists (newest first, as listed) as
    ``[[shortlists]]`` tables after it, oldest first as they were made."""
    import tomli_w

    prof = saved.profile.model_copy(update={"name": saved.name})
    text = profile_to_toml(prof)
    lists = [{"name": sl.name, "programs": sl.program_ids} for sl in reversed(shortlists)]
    if lists:
        text = text.rstrip("\n") + "\n\n" + tomli_w.dumps({"shortlists": lists})
    return text


def export_document(
    owner: Owner | None,
    saved: list[tuple[SavedProfile, list[SavedShortlist], list[SharedWith]]],
) -> dict[str, Any]:
    """Everything a person saved (each profile with its shortlists and shares), JSON-ready."""
    profiles = [
        {
            "id": p.id,
            "name": p.name,
            "created_at": p.created_at.isoformat(),
            "updated_at": p.updated_at.isoformat(),
            "profile": p.profile.model_dump(mode="json"),
            "shortlists": [
                {"name": s.name, "programs": s.program_ids, "created_at": s.created_at.isoformat()}
                for s in lists
            ],
            "shared_with": [s.model_dump(mode="json") for s in shares],
        }
        for p, lists, shares in saved
    ]
    who = None if owner is None else owner.model_dump(mode="json")
    return {"format": "mlmasters-export", "version": 1, "owner": who, "profiles": profiles}
