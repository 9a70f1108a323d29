"""Limits are documented settings: every cap in ``settings.LIMITS`` matches the code that
enforces it and appears in docs/settings.md; the per-request time budget answers 503 in
the one error shape (HTML page for pages) and leaves the server serving."""

from __future__ import annotations

import asyncio
import importlib
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from mlmasters.errors import InputError
from mlmasters.profile import Profile
from mlmasters.service import Service
from mlmasters.settings import (
    LIMITS,
    REQUEST_TIMEOUT_DEFAULT,
    SETTINGS,
    Limit,
    parse_request_timeout,
    request_timeout,
)
from mlmasters.web.app import create_app
from mlmasters.web.timeout import TimeBudget

DOCS = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def _enforced(limit: Limit) -> int:
    module, _, attr = limit.where.partition(":")
    obj: Any = importlib.import_module(module)
    if "." not in attr:
        return int(getattr(obj, attr))
    model, field = attr.split(".")
    info = getattr(obj, model).model_fields[field]
    for m in info.metadata:
        for name in ("le", "max_length"):
            if getattr(m, name, None) is not None:
                return int(getattr(m, name))
    raise AssertionError(f"{limit.where} has no upper bound")


@pytest.mark.parametrize("limit", LIMITS, ids=[lim.name for lim in LIMITS])
def test_each_limit_matches_the_code_and_the_docs(limit: Limit) -> None:
    assert _enforced(limit) == limit.value, limit.where
    docs = DOCS.read_text(encoding="utf-8")
    row = next((line for line in docs.splitlines() if line.startswith(f"| {limit.name} |")), None)
    assert row is not None, f"docs/settings.md has no row for {limit.name!r}"
    assert f"{limit.value:,}" in row and limit.where.split(":")[0] in row, row


def test_time_budget_is_a_documented_setting() -> None:
    names = {s.name: s for s in SETTINGS}
    assert names["request_timeout"].env == "MLMASTERS_REQUEST_TIMEOUT"
    assert names["request_timeout"].default == f"{REQUEST_TIMEOUT_DEFAULT:g}"
    assert "MLMASTERS_SIGNUP_CODE" in {s.env for s in SETTINGS}
    assert "| request time budget |" in DOCS.read_text(encoding="utf-8")


def test_request_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLMASTERS_REQUEST_TIMEOUT", raising=False)
    assert request_timeout() == 20.0
    monkeypatch.setenv("MLMASTERS_REQUEST_TIMEOUT", "2.5")
    assert request_timeout() == 2.5
    assert parse_request_timeout("0") == 0.0
    for bad in ("-1", "abc", "nan", "inf", "1e9"):
        with pytest.raises(InputError):
            parse_request_timeout(bad)


# -- the time budget -----------------------------------------------------------------------
SLOW_RANK = {"profile": {}, "samples": 5000, "roi": False}


@pytest.fixture
def tight(small_service: Service, tmp_path: Path) -> TestClient:
    app = create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db'}",
                     request_timeout=0.005)  # fmt: skip
    return TestClient(app)


def test_api_request_over_budget_is_503_in_the_error_shape(tight: TestClient) -> None:
    r = tight.post("/api/v1/rank", json=SLOW_RANK)
    assert r.status_code == 503
    err = r.json()["error"]
    assert set(err) == {"code", "message", "problems", "hint"}
    assert err["code"] == "timeout" and "0.005 s" in err["message"]
    assert "MLMASTERS_REQUEST_TIMEOUT" in err["hint"]


def test_page_over_budget_is_503_page(tight: TestClient) -> None:
    pid = tight.app.state.store.space().save_profile(Profile(name="t")).id  # type: ignore[attr-defined]
    r = tight.get(f"/p/{pid}/shortlist")
    assert r.status_code == 503 and r.headers["content-type"].startswith("text/html")
    assert "time budget" in r.text and "Traceback" not in r.text


def test_default_budget_lets_the_same_request_through(
    small_service: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLMASTERS_REQUEST_TIMEOUT", raising=False)
    client = TestClient(create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db'}"))
    assert client.post("/api/v1/rank", json=SLOW_RANK).status_code == 200
    monkeypatch.setenv("MLMASTERS_REQUEST_TIMEOUT", "0.005")
    env = TestClient(create_app(small_service, database_url=f"sqlite:///{tmp_path / 'db2'}"))
    assert env.post("/api/v1/rank", json=SLOW_RANK | {"seed": 1}).status_code == 503


async def _slow_app(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(float(scope["path"].strip("/") or 0))
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"done"})


def test_budget_answers_at_once_and_the_server_keeps_serving(small_service: Service) -> None:
    """Over real ASGI calls: the 503 comes when the budget ends, not when the work does."""
    app = create_app(small_service, database_url="sqlite://")  # for the error page's templates

    async def run() -> list[tuple[int, float]]:
        budget = TimeBudget(_slow_app, seconds=0.1)

        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            scope["app"] = app
            await budget(scope, receive, send)

        out = []
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=wrapped),
                                     base_url="http://test") as client:  # fmt: skip
            for delay in ("2", "0.01", "0"):
                t0 = time.perf_counter()
                r = await client.get(f"/{delay}", headers={"accept": "application/json"})
                out.append((r.status_code, time.perf_counter() - t0))
        return out

    # a thread of its own: Playwright's sync API keeps an event loop running in the main
    # thread for the browser tests' session, and asyncio.run refuses to nest in it
    with ThreadPoolExecutor(max_workers=1) as pool:
        (slow, slow_s), (fast, _), (instant, _) = pool.submit(asyncio.run, run()).result()
    assert slow == 503 and slow_s < 1.5
    assert fast == 200 and instant == 200
