"""`serve --workers N`: the options reach uvicorn (an import string and a factory for several
workers, the settings in one environment variable, no proxy trusted by default); the
per-process result cache stays correct when another worker changes a profile; uvicorn's
supervisor replaces a worker killed with SIGKILL."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.app import create_app
from mlmasters.web.factory import ENV, ServeConfig
from tests.support.server import free_port, worker_pids

CliResult = tuple[int, str, str]


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    """Replaces uvicorn.run and the worker's app builder: records what serve passes."""
    import uvicorn

    import mlmasters.web.factory as factory

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setattr(factory, "build_app", lambda config: ("app", config))
    monkeypatch.delenv(ENV, raising=False)
    for name in ("MLMASTERS_SIGNUP_CODE", "MLMASTERS_WORKERS", "MLMASTERS_FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_one_worker_runs_the_app_in_process(
    run_cli: Callable[..., CliResult], uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    code, _, err = run_cli("serve", "--port", "8123", "--database-url", "sqlite:////tmp/x.db")
    assert code == 0, err
    [(app, kw)] = uvicorn_calls
    assert app[0] == "app" and app[1].database_url == "sqlite:////tmp/x.db"
    assert app[1].private is False
    assert "workers" not in kw and kw["port"] == 8123
    assert kw["access_log"] is False  # ours: web/accesslog.py
    assert kw["proxy_headers"] is False  # no proxy trusted unless configured
    assert kw["log_config"]["loggers"]["mlmasters"]["level"] == "INFO"


def test_several_workers_get_a_factory_and_one_environment_variable(
    run_cli: Callable[..., CliResult],
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("MLMASTERS_SIGNUP_CODE", "class-of-2027")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    code, _, err = run_cli(
        "serve", "--workers", "3", "--private", "--database-url", url,
        "--request-timeout", "7", "--forwarded-allow-ips", "127.0.0.1, 10.0.0.0/8",
        data_dir=tmp_path,
    )  # fmt: skip
    assert code == 0, err
    [(app, kw)] = uvicorn_calls
    assert app == "mlmasters.web.factory:build_app"
    assert kw["factory"] is True and kw["workers"] == 3
    assert kw["proxy_headers"] is True and kw["forwarded_allow_ips"] == ["127.0.0.1", "10.0.0.0/8"]
    config = ServeConfig.from_env()
    assert config == ServeConfig(
        data_dir=str(tmp_path), database_url=url, private=True, signup_code="class-of-2027",
        request_timeout=7.0,
    )  # fmt: skip
    assert json.loads(os.environ[ENV])["database_url"] == url
    assert "class-of-2027" not in err


def test_beyond_loopback_is_private(
    run_cli: Callable[..., CliResult], uvicorn_calls: list[tuple[Any, dict[str, Any]]]
) -> None:
    code, _, err = run_cli("serve", "--host", "0.0.0.0", "--allow-remote", "--workers", "2")
    assert code == 0, err
    assert ServeConfig.from_env().private is True
    assert "WARNING" in err and "Private spaces" in err


def test_several_workers_open_the_database_once_before_they_start(
    run_cli: Callable[..., CliResult],
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
    tmp_path: Path,
) -> None:
    db = tmp_path / "new.db"
    code, _, err = run_cli("serve", "--workers", "2", "--database-url", f"sqlite:///{db}")
    assert code == 0, err
    assert db.exists()  # tables made once, by the parent: no race between the workers
    code, _, err = run_cli("serve", "--workers", "2", "--database-url", "nosuch://x")
    assert code == 2 and "cannot open the database" in err and len(uvicorn_calls) == 1


@pytest.mark.parametrize(
    "args",
    [
        ("--forwarded-allow-ips", "10.0.0.300"),
        ("--forwarded-allow-ips", "proxy.example"),
        ("--workers", "0"),
        ("--request-timeout", "soon"),
    ],
)
def test_bad_serve_options_exit_2(
    run_cli: Callable[..., CliResult],
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
    args: tuple[str, ...],
) -> None:
    code, _, err = run_cli("serve", *args)
    assert code == 2 and err.startswith("error:") and not uvicorn_calls


def test_bad_rate_setting_is_refused_before_the_workers_start(
    run_cli: Callable[..., CliResult],
    uvicorn_calls: list[tuple[Any, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLMASTERS_RATE_COMPUTE", "lots")
    code, _, err = run_cli("serve", "--workers", "2")
    assert code == 2 and "MLMASTERS_RATE_COMPUTE" in err and not uvicorn_calls


def _headline_html(html: str) -> str:
    """A page without what changes per response (none today: the program page is whole)."""
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_a_profile_changed_through_another_worker_is_never_answered_stale(
    small_service: Service, tmp_path: Path
) -> None:
    """Two apps on one database stand for two workers: each has its own result cache."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    one = TestClient(create_app(small_service, url, private=True))
    two = TestClient(create_app(small_service, url, private=True))
    key = one.post("/api/v1/spaces").json()["key"]
    auth = {"Authorization": f"Bearer {key}"}
    programs = two.get("/api/v1/programs", params={"state": "WA", "limit": 1}).json()
    prog = programs["programs"][0]["program_id"]
    before = {"age": 30, "state": "WA", "current_salary_usd": 60000, "target_role": "ml-engineer",
              "highest_degree": "bachelor"}  # fmt: skip
    pid = one.post("/api/v1/profiles", json={"name": "Ana", "profile": before}, headers=auth)
    pid = pid.json()["id"]
    pages = (f"/p/{pid}/programs/{prog}", f"/p/{pid}/shortlist/results", f"/p/{pid}/edit")
    # worker two computes (and caches) the pages
    old = {p: _headline_html(two.get(p, headers=auth).text) for p in pages}
    assert two.get(f"/api/v1/profiles/{pid}", headers=auth).json()["profile"]["age"] == 30
    # worker one changes the answers and the name
    after = {**before, "current_salary_usd": 150000}
    r = one.put(f"/api/v1/profiles/{pid}", json=after, headers=auth)
    assert r.status_code == 200
    assert one.patch(f"/api/v1/profiles/{pid}", json={"name": "Ana B"}, headers=auth).is_success
    # worker two answers from the database, and its cache does not hand back the old result
    saved = two.get(f"/api/v1/profiles/{pid}", headers=auth).json()
    assert saved["profile"]["current_salary_usd"] == 150000 and saved["name"] == "Ana B"
    fresh = TestClient(create_app(small_service, url, private=True))  # no cache at all
    for p in pages:
        new = _headline_html(two.get(p, headers=auth).text)
        assert new != old[p], p
        assert new == _headline_html(fresh.get(p, headers=auth).text), p
    # the saved profile's new name (a label; pages address the person by their answers)
    assert "Ana B" in two.get("/profiles", headers=auth).text


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_saved_data_stay(
    small_data_dir: Path, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLMASTERS_")}
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mlmasters.cli.main", f"--data-dir={small_data_dir}", "serve",
             "--port", str(port), "--workers", "2",
             "--database-url", f"sqlite:///{tmp_path / 'db.sqlite'}"],
            stdout=subprocess.DEVNULL, stderr=err, env=env,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while len(worker_pids(proc.pid)) < 2 or "startup complete" not in log.read_text():
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        saves = [
            httpx.post(base + "/api/v1/profiles", json={"name": f"p{i}", "profile": {}})
            for i in range(10)
        ]
        ids = [r.json()["id"] for r in saves]
        first = worker_pids(proc.pid)
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        while True:  # the supervisor notices within a second and starts a replacement
            now = worker_pids(proc.pid)
            if len(now) == 2 and victim not in now:
                break
            assert time.monotonic() < deadline + 60, log.read_text()
            time.sleep(0.2)
        assert f"Child process [{victim}] died" in log.read_text()
        # every worker, old or new, answers with every saved profile
        for _ in range(10):
            listed = {p["id"] for p in httpx.get(base + "/api/v1/profiles", timeout=30).json()}
            assert set(ids) <= listed
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    assert not worker_pids(proc.pid)
