"""Saved data survive: SIGKILL in the middle of a burst of saves loses no acknowledged
save and leaves a database that passes PRAGMA integrity_check; concurrent saves lose nothing."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from mlmasters.service import Service
from mlmasters.store import Store

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sigkill_during_saves_loses_no_acknowledged_save(
    small_data_dir: Path, tmp_path: Path
) -> None:
    port = _free_port()
    db = tmp_path / "saves.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlmasters.cli.main", f"--data-dir={small_data_dir}", "serve",
         "--port", str(port), "--database-url", f"sqlite:///{db}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/v1/profiles", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        acked: list[str] = []
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
                        return
                    if r.status_code == 201:
                        with lock:
                            acked.append(r.json()["id"])

        threads = [threading.Thread(target=saver, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        while len(acked) < 60 and all(t.is_alive() for t in threads):
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        stop.set()
        for t in threads:
            t.join(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
    assert len(acked) >= 60
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in con.execute("SELECT id FROM profiles")}
    con.close()
    missing = set(acked) - stored
    assert not missing, f"{len(missing)} acknowledged saves lost"


def test_concurrent_saves_lose_nothing(small_service: Service, tmp_path: Path) -> None:
    from mlmasters.profile import Profile

    store = Store(f"sqlite:///{tmp_path / 'c.db'}")

    def save(i: int) -> str:
        return store.save_profile(Profile(age=20 + i % 50), name=f"p{i}").id

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = list(pool.map(save, range(200)))
    assert len(set(ids)) == 200
    assert {p.id for p in store.list_profiles()} == set(ids)
