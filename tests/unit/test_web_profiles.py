"""Start form, saved profiles and the profiles API: validation next to fields, CSRF, TOML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import create_app


@pytest.fixture
def client(small_service: Service, tmp_path: Path) -> TestClient:
    app = create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    return TestClient(app)


def _token(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert m
    return m.group(1)


def test_start_form_lists_groups_and_personas(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for text in ("Where you are now", "Your background", "What you want", "Your constraints",
                 "Will you keep working while you study?"):  # fmt: skip
        assert text in page.text
    pre = client.get("/", params={"persona": "working-professional"})
    assert 'value="$185,000"' in pre.text  # money shown as a person types it


def test_every_form_control_has_help_of_its_own() -> None:
    from mlmasters.web.forms import profile_form

    fields = [f for _title, group in profile_form() for f in group]
    assert len(fields) >= 15
    for f in fields:
        assert f.help and f.help != f.label, f.name  # help says more than the label


def test_submit_saves_and_redirects(client: TestClient) -> None:
    token = _token(client)
    r = client.post(
        "/profile",
        data={"csrf_token": token, "name": "Ana", "age": "30", "state": "wa",
              "background.linear_algebra": "2", "specializations": ["nlp", "deep-learning"],
              "must_keep_working": "true", "metro": ""},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/p/")
    pid = r.headers["location"].split("/")[-1]
    saved = client.get(f"/api/v1/profiles/{pid}").json()
    assert saved["profile"]["state"] == "WA"
    assert saved["profile"]["background"]["linear_algebra"] == 2
    assert saved["profile"]["specializations"] == ["nlp", "deep-learning"]
    assert saved["profile"]["metro"] is None  # empty answer stays unknown


def test_invalid_answers_are_shown_next_to_fields(client: TestClient) -> None:
    token = _token(client)
    r = client.post("/profile", data={"csrf_token": token, "age": "-4", "hours_per_week": "x"})
    assert r.status_code == 422
    assert 'id="f-age-err"' in r.text and 'id="f-hours_per_week-err"' in r.text
    assert client.get("/api/v1/profiles").json() == []


def test_form_post_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/")
    r = client.post("/profile", data={"age": "30"})
    assert r.status_code == 403
    assert client.get("/api/v1/profiles").json() == []


def test_list_rename_export_import_delete(client: TestClient) -> None:
    created = client.post(
        "/api/v1/profiles", json={"name": "<script>x</script>", "profile": {"age": 40}}
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    page = client.get("/profiles")
    assert "&lt;script&gt;x&lt;/script&gt;" in page.text and "<script>x</script>" not in page.text
    token = _token(client, "/profiles")
    client.post(f"/profiles/{pid}/rename", data={"csrf_token": token, "name": "Mid-career"})
    assert client.get(f"/api/v1/profiles/{pid}").json()["name"] == "Mid-career"
    toml = client.get(f"/profiles/{pid}/export.toml")
    assert 'name = "Mid-career"' in toml.text and "age = 40" in toml.text
    imported = client.post(
        "/profiles/import",
        data={"csrf_token": token},
        files={"file": ("p.toml", toml.content, "application/toml")},
        follow_redirects=False,
    )
    assert imported.status_code == 303
    assert len(client.get("/api/v1/profiles").json()) == 2
    client.post(f"/profiles/{pid}/delete", data={"csrf_token": token})
    assert client.get(f"/api/v1/profiles/{pid}").status_code == 404


def test_bad_import_is_refused_and_nothing_changes(client: TestClient) -> None:
    token = _token(client, "/profiles")
    r = client.post(
        "/profiles/import",
        data={"csrf_token": token},
        files={"file": ("p.toml", b"age = 'old'\n", "application/toml")},
    )
    assert r.status_code == 422 and "age" in r.text
    r = client.post(
        "/profiles/import",
        data={"csrf_token": token},
        files={"file": ("p.toml", b"\xff\xfe", "application/toml")},
    )
    assert r.status_code == 422
    assert client.get("/api/v1/profiles").json() == []


def test_profiles_api_errors_have_one_shape(client: TestClient) -> None:
    r = client.post("/api/v1/profiles", json={"profile": {"age": "old"}})
    assert r.status_code == 422 and set(r.json()["error"]) == {
        "code",
        "message",
        "problems",
        "hint",
    }
    r = client.delete("/api/v1/profiles/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_same_answers_saved_twice_list_once_named_by_answers_and_date(
    client: TestClient,
) -> None:
    """Issue 24.2: no name -> named by the answers and the day; the same answers again update
    that profile (one row), other answers make a new one; pages say "you", not "My ..."."""
    form = {"age": "26", "state": "oh", "current_role": "Analyst", "target_role": "data-scientist",
            "hours_per_week": "12", "must_keep_working": "false", "years_experience": "0",
            "metro": ""}  # fmt: skip
    first = client.post("/profile", data={**form, "csrf_token": _token(client)},
                        follow_redirects=False).headers["location"]  # fmt: skip
    again = client.post("/profile", data={**form, "csrf_token": _token(client)},
                        follow_redirects=False).headers["location"]  # fmt: skip
    assert again == first
    other = client.post("/profile", data={**form, "hours_per_week": "20",
                                          "csrf_token": _token(client)},
                        follow_redirects=False).headers["location"]  # fmt: skip
    assert other != first
    listed = client.get("/api/v1/profiles").json()
    assert len(listed) == 2
    name = next(s["name"] for s in listed if f"/p/{s['id']}" == first)
    assert name.startswith("Analyst → Data scientist · OH · 12 h a week · ")
    assert re.search(r" · \d{1,2} [A-Z][a-z]{2} 20\d\d$", name)
    page = client.get(first).text
    assert "<h1>Your assessment</h1>" in page and "My " not in page
    assert "keeping your job" not in page  # the answer was "no": echoed as given
