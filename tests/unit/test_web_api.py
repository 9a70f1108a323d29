"""HTTP API and catalog pages on the fixture snapshot: one error shape, headers, sources."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import create_app
from tests.helpers import temp_db_url


@pytest.fixture(scope="module")
def client(small_service: Service) -> TestClient:
    return TestClient(create_app(small_service, database_url=temp_db_url()))


def _is_error_shape(body: dict[str, object]) -> bool:
    err = body["error"]
    assert isinstance(err, dict)
    return set(err) == {"code", "message", "problems", "hint"}


def test_programs_endpoint_and_detail(client: TestClient) -> None:
    r = client.get("/api/v1/programs", params={"state": "GA", "cip": "11.01"})
    assert r.status_code == 200
    body = r.json()
    # OMSCS and the on-campus MSCS join one federal row (the same completers): both lead
    first = {p["program_id"] for p in body["programs"][:2]}
    assert body["total"] >= 1 and first == {"gatech-omscs", "gatech-mscs-campus"}
    d = client.get("/api/v1/programs/gatech-omscs").json()
    assert d["program"]["completers_count"] == 2416 and d["sources"]
    assert d["program"]["federal_shared_with"] == ["gatech-mscs-campus"]
    assert "2.7x below" in d["tuition_check"] and "$18,575-$38,512" in d["tuition_check"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/programs?limit=0", 422),
        ("/api/v1/programs?limit=abc", 422),
        ("/api/v1/programs?state=Georgia", 422),
        ("/api/v1/programs?cip=zz", 422),
        ("/api/v1/programs?bogus=1", 422),
        ("/api/v1/programs/nope", 404),
        ("/api/v1/nothing-here", 404),
    ],
)
def test_one_error_shape(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert _is_error_shape(r.json())


def test_openapi_and_security_headers(client: TestClient) -> None:
    r = client.get("/openapi.json")
    assert r.status_code == 200 and "/api/v1/programs" in r.json()["paths"]
    h = client.get("/").headers
    assert "frame-ancestors 'none'" in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff"


def test_pages_show_sources_and_unknowns(client: TestClient) -> None:
    home = client.get("/programs", params={"text": "data science", "state": "TX"})
    assert home.status_code == 200 and "College Scorecard" in home.text
    page = client.get("/programs/ut-austin-msds-online")
    assert page.status_code == 200
    assert "unknown" in page.text and "cdso.utexas.edu" in page.text
    bad = client.get("/programs", params={"state": "Texas"})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.text
    missing = client.get("/programs/nope")
    assert missing.status_code == 404 and "Not found" in missing.text
    assert client.get("/data").status_code == 200


def test_templates_autoescape(client: TestClient) -> None:
    r = client.get("/programs", params={"text": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text


def test_body_size_cap(client: TestClient) -> None:
    r = client.post("/api/v1/profiles", content=b"x" * 1_000_001,
                    headers={"content-type": "application/json"})  # fmt: skip
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_methods_pages_render_the_docs(client: TestClient) -> None:
    page = client.get("/data")
    assert page.status_code == 200 and "/methods/roi" in page.text
    roi = client.get("/methods/roi")
    assert roi.status_code == 200 and "<table>" in roi.text and "3%" in roi.text
    assert client.get("/methods/nope").status_code == 404
