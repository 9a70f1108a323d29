"""Private spaces on both backends, at the storage level: each space lists only its own rows,
export_all holds everything a person saved, delete_all removes it from the database (and
nothing of anyone else's). The walk over every route is tests/unit's privacy test."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mlmasters.errors import NotFoundError
from mlmasters.profile import Profile
from mlmasters.storage import Space, Store

Rows = Callable[[str], int]


def _fill(space: Space, tag: str) -> list[str]:
    ids = []
    for i in range(3):
        saved = space.save_profile(Profile(age=30 + i), name=f"{tag} {i}")
        space.save_shortlist(saved.id, f"{tag} list {i}", [f"{tag}-p{i}", "shared-program"])
        ids.append(saved.id)
    return ids


def test_each_space_sees_only_its_own(store: Store) -> None:
    alice, _ = store.create_owner()
    bob, _ = store.create_owner()
    a, b, solo = store.space(alice), store.space(bob), store.space(None)
    a_ids, b_ids, solo_ids = _fill(a, "alice"), _fill(b, "bob"), _fill(solo, "solo")
    assert {p.id for p in a.list_profiles()} == set(a_ids)
    assert {p.id for p in b.list_profiles()} == set(b_ids)
    assert {p.id for p in solo.list_profiles()} == set(solo_ids)
    for other in (b, solo):
        with pytest.raises(NotFoundError):
            other.get_profile(a_ids[0])
        with pytest.raises(NotFoundError):
            other.rename_profile(a_ids[0], "mine now")
        with pytest.raises(NotFoundError):
            other.delete_profile(a_ids[0])
    assert a.get_profile(a_ids[0]).name == "alice 0"


def test_export_all_then_delete_all_leaves_nothing_of_that_person(store: Store, rows: Rows) -> None:
    alice, key = store.create_owner()
    bob, _ = store.create_owner()
    a, b, solo = store.space(alice), store.space(bob), store.space(None)
    a_ids = _fill(a, "alice")
    _fill(b, "bob")
    _fill(solo, "solo")
    assert (rows("owners"), rows("profiles"), rows("shortlists")) == (2, 9, 9)

    exported = a.export_all()
    assert {p["id"] for p in exported["profiles"]} == set(a_ids)
    assert sorted(s["name"] for p in exported["profiles"] for s in p["shortlists"]) == [
        "alice list 0",
        "alice list 1",
        "alice list 2",
    ]

    gone = a.delete_all()
    assert (gone["profiles"], gone["shortlists"], gone["owners"]) == (3, 3, 1)
    assert (rows("owners"), rows("profiles"), rows("shortlists")) == (1, 6, 6)
    assert store.owner_for_key(key) is None  # the key opens nothing any more
    assert len(b.list_profiles()) == 3
    assert len(solo.list_profiles()) == 3
