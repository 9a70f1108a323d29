"""Running the server in tests and benchmarks: a free loopback port, waiting until a
``serve`` subprocess answers, its uvicorn worker processes, and an app served in a thread."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, proc: subprocess.Popen[bytes], log: Path, limit: float = 90.0) -> None:
    """Return once ``base`` answers; fail with the end of the server's log if it dies first."""
    deadline = time.monotonic() + limit
    while True:
        try:
            httpx.get(base + "/api/v1/data", timeout=2)
            return
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(
                    f"the server did not start: {log.read_text(errors='replace')[-2000:]}"
                ) from None
            time.sleep(0.2)


def worker_pids(parent: int) -> list[int]:
    """uvicorn's worker processes: multiprocessing's spawned children of ``parent``."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == parent and b"spawn_main" in cmdline:
            out.append(int(entry.name))
    return sorted(out)


@contextmanager
def served(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on 127.0.0.1; yields its base URL.

    The socket is bound here and handed to uvicorn: a port picked free and bound later can be
    taken in between by another run on a busy machine (uvicorn then exits at startup)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
