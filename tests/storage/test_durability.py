"""Saved data survive a killed server, on both backends: `mlmasters serve` is hammered with
saves from threads and killed with SIGKILL mid-burst; every save it acknowledged (201) is in
the database afterwards, and SQLite's file passes PRAGMA integrity_check."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.support.server import free_port, wait_until_up

pytestmark = pytest.mark.integration

WRITERS = 6
ACKED_BEFORE_KILL = 60


def test_sigkill_during_saves_loses_no_acknowledged_save(
    small_data_dir: Path, store_url: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mlmasters.cli.main", f"--data-dir={small_data_dir}",
             "serve", "--port", str(port), "--database-url", store_url],
            stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
    acked: list[str] = []
    try:
        wait_until_up(base, proc, log)
        lock = threading.Lock()
        stop = threading.Event()

        def saver(n: int) -> None:
            with httpx.Client(base_url=base, timeout=5) as c:
                i = 0
                while not stop.is_set() and i < 400:
                    i += 1
                    try:
                        r = c.post("/api/v1/profiles", json={"name": f"w{n}-{i}", "profile": {}})
                    except httpx.HTTPError:
                        return  # the server is gone
                    if r.status_code == 201:
                        with lock:
                            acked.append(r.json()["id"])

        threads = [threading.Thread(target=saver, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        while len(acked) < ACKED_BEFORE_KILL and all(t.is_alive() for t in threads):
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)  # mid-burst: the writers are still sending
        stop.set()
        for t in threads:
            t.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
    assert len(acked) >= ACKED_BEFORE_KILL, "the burst ended before the kill"

    url = make_url(store_url)
    if url.get_backend_name() == "sqlite":
        con = sqlite3.connect(str(url.database))
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
    engine = create_engine(store_url)
    try:
        with engine.connect() as con:
            stored = {row[0] for row in con.execute(text("SELECT id FROM profiles"))}
    finally:
        engine.dispose()
    missing = set(acked) - stored
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged saves lost"
