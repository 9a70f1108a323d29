"""Saved profiles need a token when the app is exposed beyond loopback; loopback serving
stays tokenless. Tested in-process (``create_app(token=...)``); ``serve`` is run with
``uvicorn.run`` replaced, so no test ever binds a non-loopback address."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.web.app import create_app
from mlmasters.web.auth import COOKIE, check_token, is_protected

TOKEN = "s3cret-token-for-tests-0123456789"
SECRET_NAME = "Private Person 4711"


@pytest.fixture
def exposed(small_service: Service, tmp_path: Path) -> Iterator[tuple[TestClient, Path, str]]:
    db = tmp_path / "db.sqlite"
    app = create_app(small_service, database_url=f"sqlite:///{db}", token=TOKEN)
    store = app.state.store
    saved = store.save_profile(Profile(name=SECRET_NAME, target_role="data-scientist"))
    store.save_shortlist(saved.id, "mine", ["gatech-omscs", "uw-msds"])
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, db, saved.id


def _rows(db: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return [*con.execute("SELECT * FROM profiles"), *con.execute("SELECT * FROM shortlists")]
    finally:
        con.close()


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def walk(routes: Any) -> None:
        for r in routes:
            if hasattr(r, "original_router"):  # FastAPI >= 0.16x wraps included routers
                walk(r.original_router.routes)
            elif getattr(r, "methods", None):
                out.extend((m, r.path) for m in sorted(r.methods) if m != "HEAD")

    walk(app.routes)
    return out


def test_every_route_of_saved_data_needs_the_token(
    exposed: tuple[TestClient, Path, str],
) -> None:
    client, db, pid = exposed
    sid = client.get(f"/api/v1/profiles/{pid}", headers={"authorization": f"Bearer {TOKEN}"})
    assert sid.status_code == 200
    con = sqlite3.connect(db)
    shortlist = con.execute("SELECT id FROM shortlists").fetchone()[0]
    con.close()
    before = _rows(db)
    checked = 0
    for method, path in _routes(client.app):  # type: ignore[arg-type]
        takes_saved_id = "{pid}" in path or "{sid}" in path
        assert takes_saved_id <= is_protected(path), f"{path} reads saved data unprotected"
        if not is_protected(path):
            continue
        url = (path.replace("{pid}", pid).replace("{sid}", shortlist)
               .replace("{program_id}", "gatech-omscs").replace("{fmt}", "json"))  # fmt: skip
        kw: dict[str, Any] = {}
        if method in ("POST", "PUT", "PATCH"):
            kw = {"json": {"name": "x", "profile": {}}} if url.startswith("/api/") else {
                "data": {"name": "x"}}  # fmt: skip
        r = client.request(method, url, follow_redirects=False, **kw)
        assert r.status_code == 401, (method, url, r.status_code)
        assert SECRET_NAME not in r.text
        checked += 1
    assert checked >= 15
    assert _rows(db) == before, "a request without the token changed saved data"


def test_public_pages_and_api_show_no_saved_profile(
    exposed: tuple[TestClient, Path, str],
) -> None:
    client, _, _ = exposed
    for method, path in _routes(client.app):  # type: ignore[arg-type]
        if method != "GET" or is_protected(path) or "{" in path:
            continue
        r = client.get(path)
        assert r.status_code != 401 and r.status_code < 500, path
        assert SECRET_NAME not in r.text, path
    assert client.get("/programs/gatech-omscs").status_code == 200
    assert client.post("/api/v1/assess", json={"age": 30}).status_code == 200


def test_401_in_the_one_error_shape_with_a_hint(exposed: tuple[TestClient, Path, str]) -> None:
    client, _, pid = exposed
    api = client.get("/api/v1/profiles")
    assert api.status_code == 401
    assert api.json()["error"]["code"] == "token_required"
    assert set(api.json()["error"]) == {"code", "message", "problems", "hint"}
    assert "/login?token=" in api.json()["error"]["hint"]
    assert api.headers["www-authenticate"].startswith("Bearer")
    page = client.get(f"/p/{pid}")
    assert page.status_code == 401 and page.headers["content-type"].startswith("text/html")
    assert "/login?token=" in page.text and SECRET_NAME not in page.text


def test_bearer_token(exposed: tuple[TestClient, Path, str]) -> None:
    client, _, pid = exposed
    good = {"authorization": f"Bearer {TOKEN}"}
    assert client.get("/api/v1/profiles", headers=good).json()[0]["name"] == SECRET_NAME
    made = client.post("/api/v1/profiles", json={"profile": {}}, headers=good)
    assert made.status_code == 201
    for bad in (f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer ", TOKEN):
        assert client.get("/api/v1/profiles", headers={"authorization": bad}).status_code == 401
    assert client.get(f"/api/v1/profiles/{pid}", headers={"authorization": "bearer " + TOKEN})


def test_login_sets_a_cookie_for_the_pages(exposed: tuple[TestClient, Path, str]) -> None:
    client, _, pid = exposed
    wrong = client.get("/login", params={"token": "nope" * 8}, follow_redirects=False)
    assert wrong.status_code == 401 and COOKIE not in wrong.headers.get("set-cookie", "")
    assert client.get("/login", follow_redirects=False).status_code == 401
    ok = client.get("/login", params={"token": TOKEN}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/profiles"
    cookie = ok.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower() and "Path=/" in cookie
    listing = client.get("/profiles")
    assert listing.status_code == 200 and SECRET_NAME in listing.text
    assert client.get(f"/p/{pid}").status_code == 200
    # a form post with the cookie (and its CSRF token) saves
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").text)
    assert csrf
    made = client.post("/profile", data={"csrf_token": csrf.group(1), "name": "New"},
                       follow_redirects=False)  # fmt: skip
    assert made.status_code == 303
    out = client.get("/logout", follow_redirects=False)
    assert out.status_code == 303
    client.cookies.clear()
    assert client.get("/profiles").status_code == 401


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/p/abc", "/p/abc"), ("//evil.example/x", "/profiles"),
     ("https://evil.example", "/profiles"), ("/\\evil.example", "/profiles")],
)  # fmt: skip
def test_login_redirects_only_within_the_site(
    exposed: tuple[TestClient, Path, str], target: str, expected: str
) -> None:
    client, _, _ = exposed
    r = client.get("/login", params={"token": TOKEN, "next": target}, follow_redirects=False)
    assert r.headers["location"] == expected


def test_loopback_app_is_tokenless(small_service: Service, tmp_path: Path) -> None:
    client = TestClient(create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db'}"))
    assert client.get("/api/v1/profiles").status_code == 200
    assert client.get("/profiles").status_code == 200
    assert client.get("/login", params={"token": TOKEN}).status_code == 404


@pytest.mark.parametrize("bad", ["short", "x" * 15, "spaces in the token here", "t\u00e9" * 10])
def test_unusable_tokens_are_refused(bad: str) -> None:
    from mlmasters.errors import InputError

    with pytest.raises(InputError):
        check_token(bad)


# -- `mlmasters serve` decides: never binds here (uvicorn.run is replaced) ---------------------
@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []

    def fake_run(app: Any, **kw: Any) -> None:
        calls.append({"app": app, **kw})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("MLMASTERS_TOKEN", raising=False)
    return calls


def _serve(run_cli: Any, data_dir: Path, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    db = f"sqlite:///{tmp_path / 'serve.db'}"
    result: tuple[int, str, str] = run_cli("serve", "--database-url", db, *args, data_dir=data_dir)
    return result


def test_serve_on_loopback_needs_no_token(
    captured: list[dict[str, Any]], run_cli: Any, small_data_dir: Path, tmp_path: Path
) -> None:
    code, _, err = _serve(run_cli, small_data_dir, tmp_path)
    assert code == 0 and captured[0]["host"] == "127.0.0.1"
    assert "token" not in err.lower()
    assert TestClient(captured[0]["app"]).get("/api/v1/profiles").status_code == 200


def test_serve_beyond_loopback_prints_a_token_once_and_requires_it(
    captured: list[dict[str, Any]], run_cli: Any, small_data_dir: Path, tmp_path: Path
) -> None:
    code, out, err = _serve(run_cli, small_data_dir, tmp_path, "--host", "0.0.0.0",
                            "--allow-remote")  # fmt: skip
    assert code == 0 and captured[0]["host"] == "0.0.0.0"
    assert "WARNING" in err
    m = re.search(r"/login\?token=(\S+)", err)
    assert m
    token = m.group(1)
    assert len(token) >= 32 and err.count(token) == 2 and token not in out  # one message
    client = TestClient(captured[0]["app"])
    assert client.get("/api/v1/profiles").status_code == 401
    auth = {"authorization": f"Bearer {token}"}
    assert client.get("/api/v1/profiles", headers=auth).status_code == 200
    # a new start, a new token
    _serve(run_cli, small_data_dir, tmp_path, "--host", "0.0.0.0", "--allow-remote")
    assert TestClient(captured[1]["app"]).get("/api/v1/profiles", headers=auth).status_code == 401


def test_serve_takes_the_token_from_the_environment(
    captured: list[dict[str, Any]],
    run_cli: Any,
    small_data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLMASTERS_TOKEN", TOKEN)
    code, out, err = _serve(run_cli, small_data_dir, tmp_path, "--host", "0.0.0.0",
                            "--allow-remote")  # fmt: skip
    assert code == 0 and TOKEN not in err + out
    client = TestClient(captured[0]["app"])
    assert client.get("/api/v1/profiles").status_code == 401
    assert client.get("/api/v1/profiles", headers={"authorization": f"Bearer {TOKEN}"}).is_success
