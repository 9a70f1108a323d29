"""assess / careers / skills on the CLI and the JSON API: one service, one error shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.helpers import temp_db_url
from tests.unit.test_assess_personas import ASPIRING_RESEARCHER, CAREER_CHANGER

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "profile.toml")
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def client(small_service: Service) -> TestClient:
    return TestClient(create_app(small_service, database_url=temp_db_url()))


def _is_error_shape(body: dict[str, object]) -> bool:
    err = body["error"]
    assert isinstance(err, dict)
    return set(err) == {"code", "message", "problems", "hint"}


# --- CLI --------------------------------------------------------------------------------------
def test_assess_text_and_json(run_cli: Run, small_data_dir: Path) -> None:
    code, out, _ = run_cli("assess", EXAMPLE, data_dir=small_data_dir)
    assert code == 0
    assert "Persona: Working professional" in out
    assert "Recommended path: Part-time or online master's while working" in out
    assert "What mlmasters cannot know" in out
    code, out, _ = run_cli("assess", EXAMPLE, "--json", data_dir=small_data_dir)
    body = json.loads(out)
    assert code == 0 and body["recommended_path"] == "part-time-masters"
    assert body["readiness"][0]["area"] == "probability_statistics"
    assert body["limits"] and body["sources"]


def test_careers_text_and_json(run_cli: Run, small_data_dir: Path, small_service: Service) -> None:
    args = ("careers", "--role", "data-scientist", "--area", "Seattle")
    code, out, _ = run_cli(*args, data_dir=small_data_dir)
    assert code == 0
    assert "Data scientist in Seattle-Tacoma-Bellevue, WA (metro)" in out
    assert "claims vs the data" in out
    code, out, _ = run_cli(*args, "--json", data_dir=small_data_dir)
    body = json.loads(out)
    row = small_service.wages.lookup("15-2051", small_service.wages.resolve_area(None, "Seattle"))
    assert body["occupations"][0]["wages"]["p50_usd"] == row.p50_usd


def test_careers_unknown_area(run_cli: Run, small_data_dir: Path) -> None:
    code, out, _ = run_cli(
        "careers", "--role", "ml-engineer", "--area", "Atlantis", "--state", "tx",
        data_dir=small_data_dir,
    )  # fmt: skip
    assert code == 0 and "using Texas (state) figures instead" in out
    code, _, err = run_cli(
        "careers", "--role", "ml-engineer", "--area", "Atlantis", data_dir=small_data_dir
    )
    assert code == 2 and "metro: unknown metro area 'Atlantis'" in err
    assert "Traceback" not in err
    code, _, err = run_cli("careers", "--role", "astronaut", data_dir=small_data_dir)
    assert code == 2 and "--role" in err


def test_bad_profile_names_each_key_and_line(
    run_cli: Run, small_data_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\n'
        'age = "thirty"\n'  # line 2: wrong type
        "current_salary_usd = -1\n"  # line 3: negative
        'metro = "Atlantis"\n'  # line 4: unknown metro
        "favourite_colour = 1\n"  # line 5: unknown field
    )
    for command in ("assess", "skills"):
        code, _, err = run_cli(command, str(bad), data_dir=small_data_dir)
        assert code == 2 and "Traceback" not in err
        assert "4 problem(s)" in err
        for where in ("bad.toml:2: age", "bad.toml:3: current_salary_usd",
                      "bad.toml:4: metro", "bad.toml:5: favourite_colour"):  # fmt: skip
            assert where in err, (command, where)


def test_unknown_metro_in_a_valid_profile(
    run_cli: Run, small_data_dir: Path, tmp_path: Path
) -> None:
    p = tmp_path / "p.toml"
    p.write_text('target_role = "data-scientist"\n\nmetro = "Atlantis"\n')
    code, out, _ = run_cli("assess", str(p), "--json", data_dir=small_data_dir)
    assert code == 2
    problem = json.loads(out)["error"]["problems"][0]
    assert (problem["field"], problem["line"]) == ("metro", 3)
    p.write_text('target_role = "data-scientist"\nstate = "WA"\nmetro = "Atlantis"\n')
    code, out, _ = run_cli("assess", str(p), "--json", data_dir=small_data_dir)
    assert code == 0
    body = json.loads(out)
    assert body["area"]["level"] == "state"
    assert any("Atlantis" in n for n in body["notices"])


def test_skills_text_and_json(run_cli: Run, small_data_dir: Path) -> None:
    code, out, _ = run_cli("skills", EXAMPLE, "--program", "gatech-omscs", data_dir=small_data_dir)
    assert code == 0
    assert "Skills for Machine learning engineer with Online Master of Science" in out
    assert "not Data Scientist ratings" in out
    code, out, _ = run_cli("skills", EXAMPLE, "--json", data_dir=small_data_dir)
    body = json.loads(out)
    assert code == 0 and body["program_id"] is None and len(body["groups"]) == 6
    code, _, err = run_cli("skills", EXAMPLE, "--program", "nope", data_dir=small_data_dir)
    assert code == 2 and "no program with id 'nope'" in err


# --- API --------------------------------------------------------------------------------------
def test_api_assess(client: TestClient) -> None:
    r = client.post("/api/v1/assess", json=ASPIRING_RESEARCHER)
    assert r.status_code == 200
    body = r.json()
    assert body["persona"]["persona"] == "aspiring-researcher"
    assert body["recommended_path"] == "thesis-masters"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"age": "thirty"}, "age"),
        ({"current_salary_usd": -1}, "current_salary_usd"),
        ({"favourite_colour": 1}, "favourite_colour"),
        ({"background": {"calculus": 9}}, "background.calculus"),
        ({"metro": "Atlantis"}, "metro"),
    ],
)
def test_api_assess_rejects_bad_profiles(
    client: TestClient, payload: dict[str, object], field: str
) -> None:
    r = client.post("/api/v1/assess", json=payload)
    assert r.status_code == 422
    body = r.json()
    assert _is_error_shape(body)
    assert field in [p["field"] for p in body["error"]["problems"]]


def test_api_careers(client: TestClient) -> None:
    r = client.get("/api/v1/careers", params={"role": "data-scientist", "metro": "Seattle"})
    assert r.status_code == 200 and r.json()["requested_area"]["level"] == "metro"
    r = client.get("/api/v1/careers", params={"role": "data-scientist", "state": "wa"})
    assert r.status_code == 200 and r.json()["requested_area"]["area_name"] == "Washington"
    for params in ({"role": "astronaut"}, {"role": "data-scientist", "metro": "Atlantis"}, {}):
        r = client.get("/api/v1/careers", params=params)
        assert r.status_code == 422 and _is_error_shape(r.json())


def test_api_skills(client: TestClient) -> None:
    r = client.post("/api/v1/skills", json={"profile": CAREER_CHANGER})
    assert r.status_code == 200
    body = r.json()
    assert body["role"] == "data-scientist" and body["chart"]["series"]
    r = client.post("/api/v1/skills", json={"profile": CAREER_CHANGER, "program_id": "nope"})
    assert r.status_code == 404 and _is_error_shape(r.json())
    r = client.post("/api/v1/skills", json={"profile": {}})
    assert r.status_code == 422 and r.json()["error"]["problems"][0]["field"] == "target_role"


def test_openapi_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/assess", "/api/v1/careers", "/api/v1/skills"} <= set(paths)
