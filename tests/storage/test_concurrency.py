"""Concurrent writers on both backends lose nothing: every save from 8 threads is a row."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from mlmasters.profile import Profile
from mlmasters.storage import Space

Rows = Callable[[str], int]
THREADS = 8
SAVES = 200


def test_concurrent_saves_lose_nothing(space: Space, rows: Rows) -> None:
    def save(i: int) -> str:
        return space.save_profile(Profile(age=20 + i % 50), name=f"p{i}").id

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        ids = list(pool.map(save, range(SAVES)))
    assert len(set(ids)) == SAVES
    assert rows("profiles") == SAVES
    listed = {p.id: p for p in space.list_profiles()}
    assert set(listed) == set(ids)
    assert all(listed[pid].name == f"p{i}" for i, pid in enumerate(ids))


def test_concurrent_shortlists_renames_and_deletes_lose_nothing(space: Space, rows: Rows) -> None:
    """Writers on the same profiles at once: shortlists added, names changed, others deleted."""
    owners = [space.save_profile(Profile(age=30), name=f"owner{i}").id for i in range(4)]
    doomed = [space.save_profile(Profile(age=40), name=f"doomed{i}").id for i in range(16)]
    for pid in doomed:
        space.save_shortlist(pid, "goes with it", ["p1"])

    def work(i: int) -> None:
        pid = owners[i % len(owners)]
        space.save_shortlist(pid, f"s{i}", [f"p{i}"])
        space.rename_profile(pid, f"owner{i % len(owners)} v{i}")
        if i < len(doomed):
            space.delete_profile(doomed[i])

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(work, range(64)))
    assert rows("profiles") == len(owners)
    assert rows("shortlists") == 64
    assert sum(len(space.list_shortlists(pid)) for pid in owners) == 64
