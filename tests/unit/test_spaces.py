"""Private spaces in a browser and by API: a key shown once and kept in an HttpOnly cookie,
stored only as an Argon2id hash; sign-in, sign-out, a sign-up code; and the loopback app
without spaces exactly as simple as before (no sign-in)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from mlmasters.service import Service
from mlmasters.storage.keys import owner_id_of
from mlmasters.web.app import create_app

CSRF = "csrf-token-for-tests-0123456789"


def _client(small_service: Service, tmp_path: Path, **kw: object) -> TestClient:
    app = create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", **kw)  # type: ignore[arg-type]
    client = TestClient(app, raise_server_exceptions=False)
    client.cookies.set("mlm_csrf", CSRF)
    return client


@pytest.fixture
def private(small_service: Service, tmp_path: Path) -> Iterator[TestClient]:
    with _client(small_service, tmp_path, private=True) as c:
        yield c


def _new_space(client: TestClient, **form: str) -> tuple[str, str]:
    r = client.post("/space/new", data={"csrf_token": CSRF, **form})
    assert r.status_code == 201, r.text
    key = re.search(r'id="key-text"[^>]*value="([^"]+)"', r.text)
    assert key
    return key.group(1), r.headers["set-cookie"]


def test_a_new_space_shows_its_key_once_in_an_httponly_cookie(
    private: TestClient, tmp_path: Path
) -> None:
    key, cookie = _new_space(private)
    assert cookie.startswith(f"mlm_key={key}") or f'mlm_key="{key}"' in cookie
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert owner_id_of(key) is not None
    # the browser now reaches its profiles; the page never shows the key again
    page = private.get("/space")
    assert page.status_code == 200 and key not in page.text
    assert private.get("/profiles").status_code == 200
    # only a hash is stored
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with engine.connect() as con:
        stored = con.execute(text("SELECT key_hash FROM owners")).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and key not in stored
    assert key.partition(".")[2] not in stored


def test_sign_out_then_sign_in_with_the_key(private: TestClient) -> None:
    key, _ = _new_space(private)
    r = private.post(
        "/api/v1/profiles", json={"name": "mine", "profile": {}}, headers={"authorization": ""}
    )
    assert r.status_code == 201  # the cookie carries the key
    assert private.post("/space/signout", data={"csrf_token": CSRF}).status_code == 200
    private.cookies.delete("mlm_key")
    r = private.get("/profiles", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/space?next=/profiles"
    bad = private.post("/space/signin", data={"csrf_token": CSRF, "key": key[:-3] + "abc"})
    assert bad.status_code == 401 and "opens no space" in bad.text
    ok = private.post(
        "/space/signin",
        data={"csrf_token": CSRF, "key": key, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/profiles"  # no open redirect
    private.cookies.set("mlm_key", key)
    assert "mine" in private.get("/profiles").text


def test_api_without_a_key_gets_401_in_the_one_error_shape(private: TestClient) -> None:
    r = private.get("/api/v1/profiles")
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    err = r.json()["error"]
    assert err["code"] == "unauthorized" and "/api/v1/spaces" in err["hint"]
    wrong = private.get("/api/v1/profiles", headers={"authorization": "Bearer nope.nope"})
    assert wrong.status_code == 401
    # the catalog and the stateless model API stay public
    assert private.get("/api/v1/programs?limit=1").status_code == 200
    assert private.get("/programs").status_code == 200


def test_a_signup_code_guards_new_spaces(small_service: Service, tmp_path: Path) -> None:
    with _client(small_service, tmp_path, private=True, signup_code="cohort-2027") as c:
        assert c.post("/api/v1/spaces").status_code == 401
        assert c.post("/api/v1/spaces", json={"signup_code": "wrong"}).status_code == 401
        assert "Sign-up code" in c.get("/space").text
        r = c.post("/api/v1/spaces", json={"signup_code": "cohort-2027"})
        assert r.status_code == 201 and r.json()["role"] == "person"
        _new_space(c, signup_code="cohort-2027")


def test_loopback_single_person_app_needs_no_sign_in(
    small_service: Service, tmp_path: Path
) -> None:
    with _client(small_service, tmp_path) as c:
        r = c.post("/api/v1/profiles", json={"name": "solo", "profile": {}})
        assert r.status_code == 201
        assert c.get(f"/api/v1/profiles/{r.json()['id']}").status_code == 200
        assert "solo" in c.get("/profiles").text
        page = c.get("/space")
        assert page.status_code == 200 and "single-person" in page.text
        assert c.post("/api/v1/spaces").status_code == 422  # nothing to sign in to
        dump = c.get("/space/export.json").json()
        assert dump["owner"] is None and [p["name"] for p in dump["profiles"]] == ["solo"]
        gone = c.post("/space/delete", data={"csrf_token": CSRF, "confirm": "delete everything"})
        assert gone.status_code == 200 and "Deleted: 1 profile" in gone.text
        assert c.get("/api/v1/profiles").json() == []


def test_delete_everything_needs_the_words(private: TestClient) -> None:
    _new_space(private)
    private.post("/api/v1/profiles", json={"name": "keep me", "profile": {}})
    r = private.post("/space/delete", data={"csrf_token": CSRF, "confirm": "yes"})
    assert r.status_code == 422 and "nothing was deleted" in r.text
    assert "keep me" in private.get("/profiles").text


def test_the_start_page_says_where_answers_are_saved(private: TestClient) -> None:
    assert "Make your space or sign in" in private.get("/").text
    _new_space(private)
    assert "Make your space or sign in" not in private.get("/").text


def test_an_address_that_keeps_trying_wrong_keys_must_wait(private: TestClient) -> None:
    from mlmasters.web.spaces import FAILED_KEYS_PER_MINUTE

    key, _ = _new_space(private)
    private.cookies.delete("mlm_key")
    wrong = {"authorization": f"Bearer {key[:-4]}abcd"}  # a real space, a wrong secret
    codes = [private.get("/api/v1/profiles", headers=wrong).status_code for _ in range(25)]
    assert codes[:FAILED_KEYS_PER_MINUTE] == [401] * FAILED_KEYS_PER_MINUTE
    assert codes[-1] == 429
    r = private.get("/api/v1/profiles", headers={"authorization": f"Bearer {key}"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.json()["error"]["code"] == "rate_limited"
    form = private.post("/space/signin", data={"csrf_token": CSRF, "key": key})
    assert form.status_code == 429


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example", "https://evil.example"])
def test_continue_after_a_new_space_stays_on_the_site(private: TestClient, target: str) -> None:
    page = private.get("/space", params={"next": target})
    assert target not in page.text
    r = private.post("/space/new", data={"csrf_token": CSRF, "next": target})
    assert r.status_code == 201 and 'href="/">Continue' in r.text


def test_continue_after_a_new_space_goes_where_the_person_was(private: TestClient) -> None:
    r = private.post("/space/new", data={"csrf_token": CSRF, "next": "/profiles"})
    assert 'href="/profiles">Continue' in r.text
