"""The plan on every surface: CLI (table and --json, exit 2) and HTTP API (200/404/422)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.helpers import temp_db_url

PROFILE = """
hours_per_week = 10
enrollment_mode = "part-time"
employer_support_usd_per_year = 5250
max_years = 4
"""


@pytest.fixture
def profile_file(tmp_path: Path) -> Path:
    p = tmp_path / "me.toml"
    p.write_text(PROFILE)
    return p


def test_cli_table_and_json(run_cli, small_data_dir: Path, profile_file: Path) -> None:
    code, out, err = run_cli("plan", str(profile_file), "gatech-omscs", "--draws", "1000",
                             data_dir=small_data_dir)  # fmt: skip
    assert code == 0, err
    for text in ("Year 1, term 1", "Time to degree", "P50", "Workload", "Funding", "Assumptions"):
        assert text in out
    args = ["--json", "--seed", "3", "--draws", "1000", "--terms-per-year", "3"]
    code, out, _ = run_cli("plan", str(profile_file), "gatech-omscs", *args,
                           data_dir=small_data_dir)  # fmt: skip
    assert code == 0
    body = json.loads(out)
    assert body["inputs"]["terms_per_year"] == 3 and body["planned_months"] == 40.0
    assert set(body["time_to_degree"]["p_finish_within_years"]) == {"1", "2", "3", "4", "5", "6"}
    assert body["assumptions"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--credits", "0"], "--credits"),
        (["--hours", "-2"], "--hours"),
        (["--credits-per-term", "0"], "--credits-per-term"),
        (["--calendar", "lunar"], "--calendar"),
        (["--residency", "Georgia"], "--residency"),
    ],
)
def test_cli_bad_input_exits_2(
    run_cli, small_data_dir: Path, profile_file: Path, args: list[str], needle: str
) -> None:
    code, _out, err = run_cli("plan", str(profile_file), "gatech-omscs", *args,
                              data_dir=small_data_dir)  # fmt: skip
    assert code == 2 and "Traceback" not in err and needle in err


def test_cli_unknown_program_and_bad_profile(
    run_cli, small_data_dir: Path, profile_file: Path, tmp_path: Path
) -> None:
    code, out, _ = run_cli("plan", str(profile_file), "nope", "--json", data_dir=small_data_dir)
    assert code == 2 and json.loads(out)["error"]["code"] == "not_found"
    bad = tmp_path / "bad.toml"
    bad.write_text("hours_per_week = -4\n")
    code, _, err = run_cli("plan", str(bad), "gatech-omscs", data_dir=small_data_dir)
    assert code == 2 and "hours_per_week" in err and "bad.toml:1" in err


@pytest.fixture(scope="module")
def client(small_service: Service) -> TestClient:
    return TestClient(create_app(small_service, database_url=temp_db_url()))


def test_api_plan(client: TestClient) -> None:
    r = client.post(
        "/api/v1/plan",
        json={
            "profile": {"hours_per_week": 10, "enrollment_mode": "part-time"},
            "program_id": "gatech-omscs",
            "options": {"draws": 1000, "seed": 1},
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert body["planned_months"] == 40.0 and body["inputs"]["credits_per_term"] == 3.0
    assert body["inputs"]["months_basis"].endswith("40 months with no setback")
    assert 0 < body["time_to_degree"]["p_complete"] < 1
    assert "/api/v1/plan" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"profile": {}, "program_id": "nope"}, 404, None),
        ({"profile": {"hours_per_week": -1}, "program_id": "gatech-omscs"}, 422, "profile"),
        ({"profile": {}, "program_id": "gatech-omscs", "options": {"calendar": "x"}}, 422,
         "options.calendar"),
        ({"profile": {}, "program_id": "gatech-omscs", "options": {"credits_total": 0}}, 422,
         "options.credits_total"),
        ({"profile": {}}, 422, "program_id"),
    ],
)  # fmt: skip
def test_api_errors_share_one_shape(
    client: TestClient, body: dict[str, object], status: int, field: str | None
) -> None:
    r = client.post("/api/v1/plan", json=body)
    assert r.status_code == status
    err = r.json()["error"]
    assert set(err) == {"code", "message", "problems", "hint"}
    if field:
        assert any(p["field"].startswith(field) for p in err["problems"])
