"""Logs hold no profile contents: the access log writes method, path without its query
string, status, duration and pid; tracebacks keep no exception messages; a real `serve`
run's stderr holds the request lines and none of a person's answers, keys or cookies."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from mlmasters.service import Service
from mlmasters.web.accesslog import AccessLog, RedactingFormatter, clean_path
from mlmasters.web.app import create_app
from tests.support.server import free_port, wait_until_up

NAME = "Secret Person 8812"
SALARY = 123457
METRO = "Yakima"
#: What a person's answers look like in a log: none may appear.
SECRETS = (NAME, "Secret", "8812", str(SALARY), "123,457", METRO)


def test_access_log_line_has_no_query_string(
    small_service: Service, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = AccessLog(create_app(small_service, f"sqlite:///{tmp_path / 'db.sqlite'}"))
    client = TestClient(app)
    with caplog.at_level(logging.INFO, logger="mlmasters.access"):
        r = client.get(f"/programs?q={NAME}&state=WA", headers={"Cookie": "mlm_key=k.secret"})
        assert r.status_code == 200
        client.get("/nothing-here")
    lines = [r.getMessage() for r in caplog.records if r.name == "mlmasters.access"]
    assert len(lines) == 2
    assert re.fullmatch(rf"GET /programs 200 \d+\.\d ms pid {os.getpid()}", lines[0])
    assert lines[1].startswith("GET /nothing-here 404 ")
    assert not any(s in caplog.text for s in (*SECRETS, "k.secret", "state=WA"))


def test_paths_are_one_printable_line() -> None:
    assert clean_path("/p/x\nINFO fake line") == "/p/x%0AINFO%20fake%20line"
    assert len(clean_path("/" + "a" * 5000)) == 203


def test_tracebacks_keep_no_exception_message() -> None:
    log = logging.getLogger("test.redact")
    formatter = RedactingFormatter("%(name)s: %(message)s")
    try:
        try:
            raise KeyError(NAME)
        except KeyError as inner:
            raise ValueError(f"salary {SALARY} is not valid") from inner
    except ValueError as exc:
        record = log.makeRecord(
            "test.redact", logging.ERROR, __file__, 1, "failed on %s: %r", ("/p/x", exc),
            sys.exc_info(), None,
        )  # fmt: skip
    text = formatter.format(record)
    assert "failed on /p/x: ValueError" in text
    assert "KeyError (message withheld from the log)" in text
    assert "ValueError (message withheld from the log)" in text
    assert "test_tracebacks_keep_no_exception_message" in text  # the frames stay
    assert not any(s in text for s in SECRETS)


@pytest.mark.slow
def test_serve_logs_hold_no_profile_contents(small_data_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLMASTERS_")}
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mlmasters.cli.main", f"--data-dir={small_data_dir}", "serve",
             "--port", str(port), "--private", "--workers", "2",
             "--database-url", f"sqlite:///{tmp_path / 'db.sqlite'}"],
            stdout=subprocess.DEVNULL, stderr=err, env=env,
        )  # fmt: skip
    try:
        wait_until_up(base, proc, log)
        key = httpx.post(base + "/api/v1/spaces").json()["key"]
        auth = {"Authorization": f"Bearer {key}"}
        with httpx.Client(base_url=base, headers=auth, timeout=60) as c:
            program = c.get("/api/v1/programs", params={"state": "WA", "limit": 1}).json()
            prog_id = program["programs"][0]["program_id"]
            answers = {"name": NAME, "age": 31, "state": "WA", "metro": f"{METRO}, WA",
                       "current_salary_usd": SALARY, "target_role": "ml-engineer"}  # fmt: skip
            r = c.post("/api/v1/profiles", json={"name": NAME, "profile": answers})
            assert r.status_code == 201, r.text
            pid = r.json()["id"]
            assert c.get(f"/api/v1/profiles/{pid}").json()["name"] == NAME
            assert NAME in c.get(f"/p/{pid}/edit").text
            assert NAME in c.get("/profiles").text
            # query-string pages: a what-if, the catalog search, the careers API
            page = c.get(f"/p/{pid}/programs/{prog_id}", params={"current_salary_usd": SALARY})
            assert page.status_code == 200
            assert c.get("/programs", params={"q": NAME, "state": "WA"}).status_code == 200
            careers = c.get(
                "/api/v1/careers", params={"role": "ml-engineer", "state": "WA", "metro": METRO}
            )
            assert careers.status_code == 200
            # a refused save quotes the values back to the person, never to the log
            bad = c.post("/api/v1/profiles", json={"name": NAME, "profile": {"age": f"{SALARY}"}})
            assert bad.status_code == 422
            # the browser's form, with the key in a cookie
            c.headers.pop("Authorization")
            c.cookies.set("mlm_key", key)
            token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/").text)
            assert token
            form = {"csrf_token": token.group(1), "name": NAME, "age": "31", "state": "wa",
                    "metro": METRO, "current_salary_usd": str(SALARY)}  # fmt: skip
            saved = c.post("/profile", data=form, follow_redirects=False)
            assert saved.status_code == 303, saved.text
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    text = log.read_text()
    # the request lines are there...
    for line in (
        "POST /api/v1/spaces 201",
        "POST /api/v1/profiles 201",
        f"GET /api/v1/profiles/{pid} 200",
        f"GET /p/{pid}/edit 200",
        "GET /profiles 200",
        f"GET /p/{pid}/programs/{prog_id} 200",
        "GET /programs 200",
        "GET /api/v1/careers 200",
        "POST /api/v1/profiles 422",
        "POST /profile 303",
    ):
        assert re.search(rf"mlmasters\.access: {re.escape(line)} \d+\.\d ms pid \d+", text), line
    # ...and nothing of the person: answers, query strings, key, cookies
    leaked = [s for s in (*SECRETS, key, key.split(".")[-1], "?", "Bearer") if s in text]
    assert not leaked, f"{leaked} in the server log:\n{text}"
