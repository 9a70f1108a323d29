"""Per-person rate limits (web/ratelimit.py): token buckets, which requests count, 429 in the
one error shape with Retry-After, keyed by the signed-in person; off for single-person use."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mlmasters.errors import InputError
from mlmasters.service import Service
from mlmasters.settings import parse_rate
from mlmasters.web.app import create_app
from mlmasters.web.ratelimit import Rate, TokenBuckets, kind_of

ERROR_KEYS = {"code", "message", "problems", "hint"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_bucket_allows_a_burst_then_one_per_interval() -> None:
    clock = Clock()
    buckets = TokenBuckets(Rate(3, 60.0), clock=clock)
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(20.0)  # one token every 60/3 s
    assert buckets.take("b") == 0.0  # another key has its own bucket
    clock.now += 19.0
    assert buckets.take("a") == pytest.approx(1.0)
    clock.now += 1.0
    assert buckets.take("a") == 0.0
    assert buckets.take("a") == pytest.approx(20.0)
    clock.now += 3600.0  # refills up to the burst, never beyond
    assert [buckets.take("a") for _ in range(4)][-1] == pytest.approx(20.0)


def test_bucket_memory_is_bounded() -> None:
    buckets = TokenBuckets(Rate(1, 60.0), max_keys=100, clock=Clock())
    for i in range(1000):
        buckets.take(f"addr:{i}")
    assert len(buckets) == 100


@pytest.mark.parametrize(
    ("method", "path", "kind"),
    [
        ("POST", "/api/v1/roi", "compute"),
        ("POST", "/api/v1/roi/catalog", "compute"),
        ("POST", "/api/v1/roi/freopp", "compute"),
        ("POST", "/api/v1/rank", "compute"),
        ("POST", "/api/v1/compare", "compute"),
        ("POST", "/api/v1/plan", "compute"),
        ("POST", "/api/v1/assess", "compute"),
        ("GET", "/p/abc", "compute"),
        ("GET", "/p/abc/shortlist", "compute"),
        ("GET", "/p/abc/shortlist/results", "compute"),
        ("GET", "/p/abc/shortlist.csv", "compute"),
        ("GET", "/p/abc/compare", "compute"),
        ("GET", "/p/abc/programs/x-y", "compute"),
        ("GET", "/p/abc/programs/x-y/roi", "compute"),
        ("GET", "/p/abc/report.html", "compute"),
        ("GET", "/p/abc/report.pdf", "compute"),
        ("POST", "/api/v1/spaces", "spaces"),
        ("POST", "/space/new", "spaces"),
        # not limited: reading and saving profiles, the catalog, the start page
        ("GET", "/p/abc/edit", None),
        ("POST", "/p/abc/edit", None),
        ("GET", "/profiles", None),
        ("GET", "/api/v1/profiles/abc", None),
        ("POST", "/api/v1/profiles", None),
        ("GET", "/api/v1/roi", None),
        ("POST", "/api/v1/ranking", None),
        ("GET", "/programs", None),
        ("GET", "/", None),
        ("GET", "/space", None),
    ],
)
def test_which_requests_count(method: str, path: str, kind: str | None) -> None:
    assert kind_of(method, path) == kind


def test_rate_settings_are_validated() -> None:
    assert parse_rate(None, "X", 60) == 60
    assert parse_rate("0", "X", 60) == 0
    assert parse_rate(" 15 ", "X", 60) == 15
    for bad in ("-1", "1.5", "many", "99999999"):
        with pytest.raises(InputError):
            parse_rate(bad, "X", 60)


def _app(service: Service, tmp_path: Path, private: bool) -> TestClient:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    return TestClient(create_app(service, url, private=private))


def _space(client: TestClient) -> dict[str, str]:
    r = client.post("/api/v1/spaces")
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['key']}"}


def _assert_429(r: object) -> None:
    from httpx import Response

    assert isinstance(r, Response)
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) >= 1
    assert r.headers["Cache-Control"] == "no-store"


def test_exposed_server_limits_each_person(
    small_service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLMASTERS_RATE_COMPUTE", "3")
    monkeypatch.setenv("MLMASTERS_RATE_SPACES", "2")
    client = _app(small_service, tmp_path, private=True)
    ann, bob = _space(client), _space(client)
    # a third space from the same address: refused, in the one error shape
    r = client.post("/api/v1/spaces")
    _assert_429(r)
    error = r.json()["error"]
    assert set(error) == ERROR_KEYS and error["code"] == "rate_limited"
    assert "2 per hour" in error["message"] and error["hint"].startswith("try again in")
    # Retry-After: one space comes back after an hour / 2
    assert 1790 <= int(r.headers["Retry-After"]) <= 1800

    saved = client.post("/api/v1/profiles", json={"name": "a", "profile": {}}, headers=ann)
    assert saved.status_code == 201  # saving is not a computation
    pid = saved.json()["id"]
    profile = {"age": 30, "highest_degree": "bachelor"}
    for _ in range(3):
        assert client.post("/api/v1/assess", json=profile, headers=ann).status_code != 429
    r = client.post("/api/v1/assess", json=profile, headers=ann)
    _assert_429(r)
    assert r.json()["error"]["code"] == "rate_limited" and "3 per minute" in r.text
    assert 19 <= int(r.headers["Retry-After"]) <= 20
    # the pages that compute share the person's budget; HTML requests get the error page
    page = client.get(f"/p/{pid}/shortlist", headers={**ann, "Accept": "text/html"})
    _assert_429(page)
    assert page.headers["content-type"].startswith("text/html")
    assert "too many computations" in page.text and "<html" in page.text.lower()
    # reading the saved profile is not limited
    assert client.get(f"/api/v1/profiles/{pid}", headers=ann).status_code == 200
    assert client.get(f"/p/{pid}/edit", headers=ann).status_code == 200
    # another person (same address) has a budget of their own
    assert client.post("/api/v1/assess", json=profile, headers=bob).status_code != 429
    # nobody signed in: keyed by the client address, a budget apart from the people's
    assert client.post("/api/v1/assess", json=profile).status_code != 429


def test_single_person_loopback_use_has_no_limit(
    small_service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLMASTERS_RATE_COMPUTE", "1")
    client = _app(small_service, tmp_path, private=False)
    for _ in range(4):
        r = client.post("/api/v1/assess", json={"age": 30})
        assert r.status_code != 429 and "Retry-After" not in r.headers


def test_zero_turns_a_limit_off(
    small_service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLMASTERS_RATE_COMPUTE", "0")
    monkeypatch.setenv("MLMASTERS_RATE_SPACES", "0")
    client = _app(small_service, tmp_path, private=True)
    keys = [_space(client) for _ in range(12)]
    for _ in range(4):
        assert client.post("/api/v1/assess", json={"age": 30}, headers=keys[0]).status_code != 429


def test_forwarded_address_counts_only_from_a_trusted_proxy(
    small_service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `serve --forwarded-allow-ips` sets up: uvicorn's proxy-headers middleware outside
    the app. Trusted, each forwarded client has its own allowance; not trusted (the default),
    X-Forwarded-For is ignored and every request counts for the proxy's address."""
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    monkeypatch.setenv("MLMASTERS_RATE_SPACES", "1")
    proxy = ("127.0.0.1", 40000)

    def new_space(client: TestClient, forwarded: str) -> int:
        return client.post("/api/v1/spaces", headers={"X-Forwarded-For": forwarded}).status_code

    app = create_app(small_service, f"sqlite:///{tmp_path / 'a.db'}", private=True)
    trusted = TestClient(ProxyHeadersMiddleware(app, trusted_hosts="127.0.0.1"), client=proxy)
    assert new_space(trusted, "203.0.113.1") == 201
    assert new_space(trusted, "203.0.113.2") == 201
    assert new_space(trusted, "203.0.113.1") == 429

    app = create_app(small_service, f"sqlite:///{tmp_path / 'b.db'}", private=True)
    untrusted = TestClient(app, client=proxy)
    assert new_space(untrusted, "203.0.113.1") == 201
    assert new_space(untrusted, "203.0.113.2") == 429
