"""Saved profiles and shortlists on both backends: save, get, list, rename, update, delete
(shortlists go with their profile), export/import as TOML, refused inputs change nothing."""

from __future__ import annotations

import tomllib
from collections.abc import Callable

import pytest

from mlmasters.errors import InputError, NotFoundError
from mlmasters.profile import Profile
from mlmasters.storage import Space, Store

Rows = Callable[[str], int]

ALICE = Profile(
    name="Alice",
    age=29,
    highest_degree="bachelor",
    years_experience=4.5,
    current_role="data analyst",
    current_salary_usd=72_000,
    state="WA",
)


def test_save_then_get_returns_the_profile(space: Space, rows: Rows) -> None:
    saved = space.save_profile(ALICE)
    assert saved.name == "Alice"
    got = space.get_profile(saved.id)
    assert got.profile == ALICE
    assert (got.id, got.name) == (saved.id, "Alice")
    assert rows("profiles") == 1


def test_timestamps_read_back_as_saved_in_utc(space: Space) -> None:
    # SQLite has no time zone type: storage/schema.py's UTCDateTime reads it back aware
    saved = space.save_profile(ALICE)
    got = space.get_profile(saved.id)
    assert got.created_at.utcoffset() is not None
    assert got.created_at == saved.created_at
    renamed = space.rename_profile(saved.id, "later")
    assert renamed.updated_at >= saved.updated_at
    exported = space.export_all()["profiles"][0]
    assert exported["created_at"] == saved.created_at.isoformat()


def test_a_name_given_wins_and_an_empty_profile_gets_a_default_name(space: Space) -> None:
    assert space.save_profile(ALICE, name="  Plan B  ").name == "Plan B"
    assert space.save_profile(Profile()).name == "My profile"


def test_the_same_answers_saved_again_update_instead_of_a_copy(space: Space, rows: Rows) -> None:
    """Issue 24.2: ``update_same`` (the start form) finds this person's profile with exactly
    these answers and updates it; without it (the API's explicit create) a copy is made."""
    bob = Profile(age=41, state="CO")
    first = space.save_profile(bob, default_name="Bob's answers", update_same=True)
    again = space.save_profile(bob, default_name="other day", update_same=True)
    assert again.id == first.id and again.name == "Bob's answers"
    assert again.updated_at >= first.updated_at and rows("profiles") == 1
    assert space.list_profiles()[0].updated_at == again.updated_at
    named = space.save_profile(bob, name="Bob, renamed", update_same=True)
    assert named.id == first.id and space.get_profile(first.id).name == "Bob, renamed"
    assert space.save_profile(bob.model_copy(update={"age": 42}), update_same=True).id != first.id
    assert space.save_profile(bob).id != first.id and rows("profiles") == 3


def test_get_of_an_unknown_id_is_not_found(space: Space) -> None:
    with pytest.raises(NotFoundError):
        space.get_profile("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError):
        space.get_profile("not even a uuid'; DROP TABLE profiles; --")


def test_list_holds_every_profile_the_last_changed_first(space: Space) -> None:
    ids = [space.save_profile(ALICE, name=f"p{i}").id for i in range(5)]
    listed = space.list_profiles()
    assert sorted(p.id for p in listed) == sorted(ids)
    space.rename_profile(ids[2], "changed last")
    first = space.list_profiles()[0]
    assert (first.id, first.name) == (ids[2], "changed last")


def test_rename(space: Space) -> None:
    saved = space.save_profile(ALICE)
    renamed = space.rename_profile(saved.id, "  Alice, part-time  ")
    assert renamed.name == "Alice, part-time"
    assert space.get_profile(saved.id).name == "Alice, part-time"
    assert renamed.profile == ALICE
    with pytest.raises(InputError):
        space.rename_profile(saved.id, "   ")
    with pytest.raises(NotFoundError):
        space.rename_profile("00000000-0000-0000-0000-000000000000", "x")
    assert space.get_profile(saved.id).name == "Alice, part-time"


def test_update_replaces_the_profile_and_keeps_id_and_name(space: Space) -> None:
    saved = space.save_profile(ALICE)
    space.get_profile(saved.id)  # a read that a cache could keep
    older = ALICE.model_copy(update={"age": 35, "state": "TX"})
    updated = space.update_profile(saved.id, older)
    assert (updated.id, updated.name) == (saved.id, saved.name)
    assert space.get_profile(saved.id).profile == older
    assert [p.profile for p in space.list_profiles()] == [older]
    with pytest.raises(NotFoundError):
        space.update_profile("00000000-0000-0000-0000-000000000000", older)


def test_delete_removes_the_profile_and_its_shortlists_only(space: Space, rows: Rows) -> None:
    gone = space.save_profile(ALICE, name="gone")
    kept = space.save_profile(ALICE, name="kept")
    space.save_shortlist(gone.id, "first", ["a", "b"])
    space.save_shortlist(gone.id, "second", ["c"])
    kept_list = space.save_shortlist(kept.id, "kept's", ["d"])
    space.get_profile(gone.id)  # a read that a cache could keep
    assert rows("shortlists") == 3

    space.delete_profile(gone.id)
    with pytest.raises(NotFoundError):
        space.get_profile(gone.id)
    assert [p.id for p in space.list_profiles()] == [kept.id]
    with pytest.raises(NotFoundError):
        space.list_shortlists(gone.id)
    assert [s.id for s in space.list_shortlists(kept.id)] == [kept_list.id]
    assert (rows("profiles"), rows("shortlists")) == (1, 1)
    with pytest.raises(NotFoundError):
        space.delete_profile(gone.id)


def test_shortlists_save_list_delete(space: Space, rows: Rows) -> None:
    a = space.save_profile(ALICE, name="a")
    b = space.save_profile(ALICE, name="b")
    first = space.save_shortlist(a.id, "  near home ", ["p1", "p2", "p3"])
    second = space.save_shortlist(a.id, "", ["p4"])
    assert (first.name, second.name) == ("near home", "Shortlist")
    listed = space.list_shortlists(a.id)
    assert {s.id for s in listed} == {first.id, second.id}
    assert {s.id: s.program_ids for s in listed}[first.id] == ["p1", "p2", "p3"]
    with pytest.raises(NotFoundError):  # not b's shortlist
        space.delete_shortlist(first.id, b.id)
    space.delete_shortlist(first.id, a.id)
    assert [s.id for s in space.list_shortlists(a.id)] == [second.id]
    with pytest.raises(NotFoundError):
        space.delete_shortlist(first.id, a.id)
    with pytest.raises(NotFoundError):  # a shortlist needs a saved profile
        space.save_shortlist("00000000-0000-0000-0000-000000000000", "x", ["p1"])
    for bad in ([], [f"p{i}" for i in range(51)]):
        with pytest.raises(InputError):
            space.save_shortlist(a.id, "x", bad)
    assert rows("shortlists") == 1


def test_names_too_long_are_refused_and_nothing_is_saved(space: Space, rows: Rows) -> None:
    # 120 characters fit on both backends, counted as characters (not bytes).
    wide = "🎓é" * 60
    saved = space.save_profile(ALICE, name=wide)
    assert space.get_profile(saved.id).name == wide
    assert space.save_shortlist(saved.id, wide, ["p1"]).name == wide
    with pytest.raises(InputError):
        space.save_profile(ALICE, name="x" * 121)
    with pytest.raises(InputError):
        space.rename_profile(saved.id, "y" * 121)
    with pytest.raises(InputError):
        space.save_shortlist(saved.id, "z" * 121, ["p1"])
    assert space.get_profile(saved.id).name == wide
    assert (rows("profiles"), rows("shortlists")) == (1, 1)


def test_export_import_round_trip_with_shortlists(space: Space, rows: Rows) -> None:
    saved = space.save_profile(ALICE, name="Alice (Seattle)")
    space.save_shortlist(saved.id, "near home", ["p1", "p2"])
    space.save_shortlist(saved.id, "online", ["p3"])
    text = space.export_toml(saved.id)
    data = tomllib.loads(text)
    assert data["name"] == "Alice (Seattle)"
    assert [s["name"] for s in data["shortlists"]] == ["near home", "online"]  # oldest first

    back = space.import_toml(text, "alice.toml")
    assert back.id != saved.id
    assert back.name == "Alice (Seattle)"
    assert back.profile == ALICE.model_copy(update={"name": "Alice (Seattle)"})
    lists = {s.name: s.program_ids for s in space.list_shortlists(back.id)}
    assert lists == {"near home": ["p1", "p2"], "online": ["p3"]}
    assert space.export_toml(back.id) == text  # and the copy exports the same file
    assert (rows("profiles"), rows("shortlists")) == (2, 4)


def test_export_without_shortlists_imports_as_a_plain_profile(space: Space) -> None:
    saved = space.save_profile(ALICE)
    text = space.export_toml(saved.id)
    assert "shortlists" not in tomllib.loads(text)
    back = space.import_toml(text)
    assert back.profile == ALICE
    assert space.list_shortlists(back.id) == []


BAD_IMPORTS = {
    "not TOML": 'age = 29\nname = "unterminated\n',
    "unknown key": "age = 29\nfavourite_colour = 'green'\n",
    "age out of range": "age = 5\n",
    "profile bad, shortlists fine": 'age = 5\n\n[[shortlists]]\nname = "ok"\nprograms = ["p1"]\n',
    "second shortlist empty": (
        'age = 29\n\n[[shortlists]]\nname = "ok"\nprograms = ["p1"]\n\n'
        '[[shortlists]]\nname = "empty"\nprograms = []\n'
    ),
    "shortlist name too long": (
        f'age = 29\n\n[[shortlists]]\nname = "{"n" * 121}"\nprograms = ["p1"]\n'
    ),
    "too many programs": (
        "age = 29\n\n[[shortlists]]\nname = 'many'\nprograms = ["
        + ", ".join(f'"p{i}"' for i in range(51))
        + "]\n"
    ),
}


@pytest.mark.parametrize("case", list(BAD_IMPORTS))
def test_a_bad_import_is_refused_and_nothing_changes(space: Space, rows: Rows, case: str) -> None:
    before = space.save_profile(ALICE)
    space.save_shortlist(before.id, "mine", ["p1"])
    with pytest.raises(InputError):
        space.import_toml(BAD_IMPORTS[case], "bad.toml")
    assert [p.id for p in space.list_profiles()] == [before.id]
    assert (rows("profiles"), rows("shortlists")) == (1, 1)


def test_a_second_store_on_the_same_database_sees_the_saves(store: Store, store_url: str) -> None:
    """Two processes (workers) on one database: what one saved, the other reads."""
    saved = store.space(None).save_profile(ALICE)
    store.space(None).get_profile(saved.id)  # a read that a per-process cache could keep
    other = Store(store_url)
    try:
        assert other.space(None).get_profile(saved.id).profile == ALICE
        other.space(None).rename_profile(saved.id, "renamed elsewhere")
        assert store.space(None).get_profile(saved.id).name == "renamed elsewhere"
    finally:
        other.dispose()
