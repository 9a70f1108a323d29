"""Security headers: the Content-Security-Policy names no third-party origin and forbids
framing; X-Content-Type-Options and Referrer-Policy are on every kind of response (pages,
API, static files, and errors: 401, 404, 413, 422, 500, 503)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import SECURITY_HEADERS, create_app

#: Source expressions allowed in the policy: none of them names a host or a scheme that
#: would let a page load from elsewhere.
SAFE_SOURCES = {"'self'", "'none'", "'unsafe-inline'", "data:"}


def _policy(header: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


@pytest.fixture(scope="module")
def app(small_service: Service, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = tmp_path_factory.mktemp("headers") / "db.sqlite"
    app = create_app(small_service, database_url=f"sqlite:///{db}", private=True)

    @app.get("/api/v1/test-boom", include_in_schema=False)
    def boom() -> None:
        raise RuntimeError("a bug")

    return app


@pytest.fixture(scope="module")
def client(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def test_csp_names_no_third_party_origin_and_forbids_framing() -> None:
    policy = _policy(SECURITY_HEADERS["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no CDN
    for directive, sources in policy.items():
        for s in sources:
            assert s in SAFE_SOURCES, f"{directive} allows {s}"
            assert "://" not in s and "*" not in s, f"{directive} allows {s}"
    assert SECURITY_HEADERS["X-Content-Type-Options"] == "nosniff"
    assert SECURITY_HEADERS["Referrer-Policy"] == "no-referrer"


REQUESTS = {
    "page": ("GET", "/", 200),
    "catalog page": ("GET", "/programs", 200),
    "api": ("GET", "/api/v1/programs?limit=1", 200),
    "openapi": ("GET", "/openapi.json", 200),
    "static": ("GET", "/static/style.css", 200),
    "vendored script": ("GET", "/static/vendor/htmx.min.js", 200),
    "404 page": ("GET", "/programs/nope", 404),
    "404 api": ("GET", "/api/v1/programs/nope", 404),
    "404 static": ("GET", "/static/nope.css", 404),
    "422 api": ("GET", "/api/v1/programs?limit=0", 422),
    "405 api": ("DELETE", "/api/v1/programs", 405),
    "401 api": ("GET", "/api/v1/profiles", 401),
    "401 page": ("POST", "/profiles/import", 401),
    "500 api": ("GET", "/api/v1/test-boom", 500),
}


@pytest.mark.parametrize(("method", "path", "status"), REQUESTS.values(), ids=list(REQUESTS))
def test_headers_on_every_kind_of_response(
    client: TestClient, method: str, path: str, status: int
) -> None:
    r = client.request(method, path)
    assert r.status_code == status, r.text[:300]
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, (name, path)
    assert "Traceback" not in r.text and "a bug" not in r.text


def test_headers_on_413_and_503(small_service: Service, tmp_path: Path) -> None:
    app = create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db'}",
                     request_timeout=0.001)  # fmt: skip
    c = TestClient(app)
    big = c.post("/api/v1/assess", content=b"x" * 1_000_001,
                 headers={"content-type": "application/json"})  # fmt: skip
    assert big.status_code == 413
    slow = c.post("/api/v1/rank", json={"profile": {}, "samples": 5000, "roi": False})
    assert slow.status_code == 503
    for r in (big, slow):
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get(name) == value


def test_pages_load_scripts_and_styles_from_the_app_only(client: TestClient) -> None:
    for path in ("/", "/programs", "/programs/gatech-omscs", "/data"):
        html = client.get(path).text
        for attr in re.findall(r'<(?:script|link|img|iframe)\b[^>]*?(?:src|href)="([^"]*)"', html):
            same_site = attr.startswith("/") and not attr.startswith("//")
            assert same_site or attr.startswith("data:"), (path, attr)
