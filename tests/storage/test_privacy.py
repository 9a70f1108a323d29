"""Private spaces, on SQLite and on PostgreSQL: walking every route of the app, a person
cannot read, change or delete another person's profile or shortlist by id, with their own
key or with none; an adviser reads only what was shared with them and changes nothing; and
"delete everything" leaves no row of the person in the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.storage import Owner, Store
from mlmasters.web.app import create_app
from mlmasters.web.spaces import is_protected

SECRET = "Private Person 4711"
CSRF = "csrf-for-the-walk-0123456789"


@dataclass
class World:
    client: TestClient
    store: Store
    url: str
    a: Owner
    a_key: str
    b_key: str
    adviser: Owner
    adviser_key: str
    pid: str
    sid: str


@pytest.fixture
def world(small_service: Service, store_url: str) -> Iterator[World]:
    app = create_app(small_service, database_url=store_url, private=True)
    store: Store = app.state.store
    a, a_key = store.create_owner()
    _, b_key = store.create_owner()
    adviser, adviser_key = store.create_owner("adviser", "Ms Rivera")
    space = store.space(a)
    saved = space.save_profile(Profile(name=SECRET, target_role="data-scientist", age=31))
    sid = space.save_shortlist(saved.id, "mine", ["gatech-omscs", "uw-msds"]).id
    with TestClient(app, raise_server_exceptions=False) as client:
        client.cookies.set("mlm_csrf", CSRF)
        yield World(client, store, store_url, a, a_key, b_key, adviser, adviser_key, saved.id, sid)
    store.dispose()


def _bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def a_rows(w: World) -> list[tuple[Any, ...]]:
    """Every row of person A, read on a connection of its own."""
    engine = create_engine(w.url)
    try:
        with engine.connect() as con:
            p = {"a": w.a.id}
            return [
                *con.execute(text("SELECT * FROM owners WHERE id = :a"), p),
                *con.execute(text("SELECT * FROM profiles WHERE owner_id = :a ORDER BY id"), p),
                *con.execute(
                    text(
                        "SELECT s.* FROM shortlists s JOIN profiles p ON p.id = s.profile_id "
                        "WHERE p.owner_id = :a ORDER BY s.id"
                    ),
                    p,
                ),
                *con.execute(
                    text(
                        "SELECT s.* FROM shares s JOIN profiles p ON p.id = s.profile_id "
                        "WHERE p.owner_id = :a ORDER BY s.adviser_id"
                    ),
                    p,
                ),
            ]
    finally:
        engine.dispose()


def routes(app: FastAPI) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def walk(rs: Any) -> None:
        for r in rs:
            if hasattr(r, "original_router"):  # FastAPI >= 0.16x wraps included routers
                walk(r.original_router.routes)
            elif getattr(r, "methods", None):
                out.extend((m, r.path) for m in sorted(r.methods) if m != "HEAD")

    walk(app.routes)
    return out


def _call(w: World, method: str, path: str, headers: dict[str, str]) -> Any:
    url = (
        path.replace("{pid}", w.pid)
        .replace("{sid}", w.sid)
        .replace("{adviser_id}", w.adviser.id)
        .replace("{program_id}", "gatech-omscs")
        .replace("{fmt}", "html")
    )
    kw: dict[str, Any] = {}
    if method in ("POST", "PUT", "PATCH"):
        if url.startswith("/api/"):
            kw["json"] = {"name": "changed", "profile": {"age": 50}}
            if method == "PUT" and "/shares/" not in url:
                kw["json"] = {"age": 50}
        else:  # a form post with a valid CSRF pair: the only thing that may stop it is the space
            kw["data"] = {
                "csrf_token": CSRF, "name": "changed", "ids": "gatech-omscs",
                "adviser": w.adviser.id, "confirm": "delete everything", "age": "50",
            }  # fmt: skip
    return w.client.request(method, url, headers=headers, follow_redirects=False, **kw)


#: Routes that act on the caller's own space as a whole (no id): they must show or change
#: nothing of A's. Deleting the caller's own space is walked last.
OWN_SPACE_DELETES = {("DELETE", "/api/v1/space"), ("POST", "/space/delete")}


def test_every_route_refuses_another_persons_ids(world: World) -> None:
    w = world
    before = a_rows(w)
    assert before, "A's rows exist"
    walked = 0
    for method, path in sorted(routes(w.client.app), key=lambda mp: mp in OWN_SPACE_DELETES):  # type: ignore[arg-type]
        takes_id = any(p in path for p in ("{pid}", "{sid}", "{adviser_id}"))
        assert takes_id <= is_protected(path), f"{path} takes a saved id but is not protected"
        if not is_protected(path):
            continue
        walked += 1
        # no key at all: refused, nothing shown
        r = _call(w, method, path, {})
        assert r.status_code in (401, 303), f"{method} {path} without a key: {r.status_code}"
        if r.status_code == 303:
            assert r.headers["location"].startswith("/space?next=")
        assert SECRET not in r.text
        # another person's key: A's ids do not exist for B
        r = _call(w, method, path, _bearer(w.b_key))
        assert SECRET not in r.text and w.sid not in r.text, f"{method} {path} showed A's data"
        if takes_id:
            assert r.status_code in (403, 404), f"{method} {path} as B: {r.status_code}"
        else:
            assert r.status_code < 500, f"{method} {path} as B: {r.status_code}"
        assert a_rows(w) == before, f"{method} {path} as B changed A's rows"
    assert walked >= 25  # pages and API of profiles, shortlists, shares and the space


def test_a_persons_ids_are_theirs_and_survive_the_walk(world: World) -> None:
    w = world
    r = w.client.get(f"/api/v1/profiles/{w.pid}", headers=_bearer(w.a_key))
    assert r.status_code == 200 and r.json()["name"] == SECRET
    listing = w.client.get("/api/v1/profiles", headers=_bearer(w.b_key))
    assert listing.status_code == 200 and listing.json() == []
    page = w.client.get("/profiles", headers=_bearer(w.b_key))
    assert page.status_code == 200 and SECRET not in page.text


def test_an_adviser_reads_what_is_shared_and_changes_nothing(world: World) -> None:
    w = world
    adv = _bearer(w.adviser_key)
    # not shared yet: the adviser knows nothing of it
    assert w.client.get(f"/api/v1/profiles/{w.pid}", headers=adv).status_code == 404
    r = w.client.put(f"/api/v1/profiles/{w.pid}/shares/{w.adviser.id}", headers=_bearer(w.a_key))
    assert r.status_code == 200 and r.json()["adviser_name"] == "Ms Rivera"
    # another person cannot share A's profile, nor share with a non-adviser
    assert (
        w.client.put(
            f"/api/v1/profiles/{w.pid}/shares/{w.adviser.id}", headers=_bearer(w.b_key)
        ).status_code
        == 404
    )
    assert (
        w.client.put(f"/api/v1/profiles/{w.pid}/shares/{w.a.id}", headers=_bearer(w.a_key))
    ).status_code == 404
    before = a_rows(w)
    assert w.client.get(f"/api/v1/profiles/{w.pid}", headers=adv).json()["name"] == SECRET
    assert [p["id"] for p in w.client.get("/api/v1/space/shared", headers=adv).json()] == [w.pid]
    assert w.client.get(f"/p/{w.pid}", headers=adv).status_code == 200
    assert SECRET in w.client.get("/profiles", headers=adv).text
    assert w.client.get("/api/v1/profiles", headers=adv).json() == []  # not theirs
    for method, path in routes(w.client.app):  # type: ignore[arg-type]
        if "{pid}" not in path or method == "GET":
            continue
        r = _call(w, method, path, adv)
        assert r.status_code in (403, 404), f"adviser {method} {path}: {r.status_code}"
        assert a_rows(w) == before, f"adviser {method} {path} changed A's rows"
    # A stops sharing: gone for the adviser
    assert (
        w.client.delete(
            f"/api/v1/profiles/{w.pid}/shares/{w.adviser.id}", headers=_bearer(w.a_key)
        ).status_code
        == 204
    )
    assert w.client.get(f"/api/v1/profiles/{w.pid}", headers=adv).status_code == 404


def _count(url: str, sql: str, **params: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as con:
            return int(con.execute(text(sql), params).scalar_one())
    finally:
        engine.dispose()


def test_export_everything_then_delete_everything_leaves_no_row(world: World) -> None:
    w = world
    a = _bearer(w.a_key)
    w.client.put(f"/api/v1/profiles/{w.pid}/shares/{w.adviser.id}", headers=a)
    w.client.post("/api/v1/profiles", json={"name": "second", "profile": {"age": 40}}, headers=a)
    other = w.client.post("/api/v1/profiles", json={"profile": {}}, headers=_bearer(w.b_key))
    assert other.status_code == 201
    dump = w.client.get("/api/v1/space/export", headers=a).json()
    assert dump["owner"]["id"] == w.a.id
    assert sorted(p["name"] for p in dump["profiles"]) == sorted([SECRET, "second"])
    mine = next(p for p in dump["profiles"] if p["name"] == SECRET)
    assert mine["shortlists"][0]["programs"] == ["gatech-omscs", "uw-msds"]
    assert mine["shared_with"][0]["adviser_id"] == w.adviser.id
    assert mine["profile"]["age"] == 31
    gone = w.client.delete("/api/v1/space", headers=a).json()["deleted"]
    assert gone == {"shares": 1, "shortlists": 1, "profiles": 2, "owners": 1}
    assert a_rows(w) == []
    assert _count(w.url, "SELECT count(*) FROM profiles WHERE owner_id = :a", a=w.a.id) == 0
    assert _count(w.url, "SELECT count(*) FROM shares WHERE profile_id = :p", p=w.pid) == 0
    assert _count(w.url, "SELECT count(*) FROM shortlists WHERE profile_id = :p", p=w.pid) == 0
    # the key opens nothing now; other people's data are untouched
    assert w.client.get("/api/v1/profiles", headers=a).status_code == 401
    assert _count(w.url, "SELECT count(*) FROM profiles") == 1
