"""Soak: a bounded loopback load on a real server, with its memory sampled. Prints a table;
asserts nothing (tests/integration/test_soak.py runs the same loop briefly and checks it).

Starts ``mlmasters serve`` on 127.0.0.1 (a free port, a temporary database) over the data
snapshot in --data-dir / MLMASTERS_DATA_DIR (or the per-user default). Client threads (httpx)
then repeat a user's session — search, program pages, assess, plan, ROI, rank, compare, a
saved profile created, viewed, renamed and deleted, a static file, an expected 404 — until
the time or the request budget is spent. The server's resident memory (RSS, from /proc or
psutil) is sampled every few seconds; the first part of the run is a warm-up (caches and
tables filling) and the memory figures are taken after it.

Usage: python benchmarks/bench_soak.py [--seconds 180] [--clients 4] [--max-requests 200000]
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

STATES = ("GA", "TX", "WA", "CA")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_bytes(pid: int) -> int:
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    import psutil  # not on Linux: fall back to psutil when installed

    return int(psutil.Process(pid).memory_info().rss)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Report:
    seconds: float
    clients: int
    warmup_s: float
    requests: int = 0
    warmup_requests: int = 0
    errors: list[str] = field(default_factory=list)
    expected_4xx: int = 0
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    rss: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, bytes)
    rss_at_start: int = 0  # after the server answered its first request, before any load

    def measured_rss(self) -> list[int]:
        return [b for t, b in self.rss if t >= self.warmup_s] or [b for _, b in self.rss]

    @property
    def rss_start(self) -> int:
        return self.measured_rss()[0]

    @property
    def rss_end(self) -> int:
        return self.measured_rss()[-1]

    @property
    def rss_max(self) -> int:
        return max(self.measured_rss())

    def all_latencies(self) -> list[float]:
        return [v for vs in self.latencies_ms.values() for v in vs]


@contextmanager
def server(data_dir: Path | None, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``mlmasters serve`` on 127.0.0.1 with a temporary database; stopped on exit."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="mlm-soak-") as tmp, log.open("wb") as err:
        cmd = [sys.executable, "-m", "mlmasters.cli.main"]
        if data_dir is not None:
            cmd.append(f"--data-dir={data_dir}")
        cmd += ["serve", "--host", "127.0.0.1", "--port", str(port),
                "--database-url", f"sqlite:///{tmp}/soak.db"]  # fmt: skip
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    httpx.get(base + "/api/v1/data", timeout=5).raise_for_status()
                    break
                except httpx.HTTPError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"the server did not start; see {log}") from None
                    time.sleep(0.2)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=20)


def _programs(base: str) -> list[str]:
    """Programs whose plan and ROI both answer (curated ones first), found by search."""
    ids: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as c:
        for st in STATES:
            r = c.get("/api/v1/programs", params={"state": st, "limit": 8, "has_earnings": True})
            ids += [p["program_id"] for p in r.json()["programs"]]
        good = []
        for pid in ids:
            plan = c.post("/api/v1/plan", json={"profile": {}, "program_id": pid,
                                                 "options": {"draws": 500}})  # fmt: skip
            roi = c.post("/api/v1/roi", json={"profile": {}, "program_id": pid,
                                               "options": {"draws": 500}})  # fmt: skip
            if plan.status_code == 200 and roi.status_code == 200:
                good.append(pid)
            if len(good) == 8:
                break
    if len(good) < 2:
        raise RuntimeError("fewer than two programs with a plan and an ROI in this snapshot")
    return good


def _profile(n: int) -> dict[str, Any]:
    """A handful of people (so results repeat, as real users' do) with varied answers."""
    k = n % 6
    return {
        "name": f"soak {k}",
        "age": 24 + 3 * k,
        "target_role": ("data-scientist", "ml-engineer", "research-scientist")[k % 3],
        "state": STATES[k % len(STATES)],
        "current_salary_usd": 60000 + 10000 * k,
        "hours_per_week": 10 + 5 * k,
        "background": {"programming_python": k % 4, "linear_algebra": (k + 1) % 4},
    }


Step = tuple[str, Callable[[httpx.Client, int], httpx.Response], tuple[int, ...]]


def session(ids: list[str]) -> list[Step]:
    """One user's visit: (name, request, statuses that are a correct answer)."""

    def pid_of(n: int) -> str:
        return ids[n % len(ids)]

    def saved(c: httpx.Client, n: int) -> httpx.Response:
        made = c.post("/api/v1/profiles", json={"profile": _profile(n)})
        if made.status_code != 201:
            return made
        sid = made.json()["id"]
        for r in (c.get(f"/p/{sid}"), c.patch(f"/api/v1/profiles/{sid}", json={"name": "x"})):
            if r.status_code != 200:
                return r
        return c.delete(f"/api/v1/profiles/{sid}")

    return [
        ("search", lambda c, n: c.get("/api/v1/programs",
                                      params={"state": STATES[n % 4], "limit": 20}), (200,)),
        ("program page", lambda c, n: c.get(f"/programs/{pid_of(n)}"), (200,)),
        ("assess", lambda c, n: c.post("/api/v1/assess", json=_profile(n)), (200,)),
        ("plan", lambda c, n: c.post("/api/v1/plan", json={
            "profile": _profile(n), "program_id": pid_of(n), "options": {"draws": 2000}}),
         (200,)),
        ("roi", lambda c, n: c.post("/api/v1/roi", json={
            "profile": _profile(n), "program_id": pid_of(n + 1),
            "options": {"draws": 2000, "sensitivity": False}}), (200,)),
        ("rank", lambda c, n: c.post("/api/v1/rank", json={
            "profile": _profile(n), "samples": 500, "top": 20, "roi": False}), (200,)),
        ("compare", lambda c, n: c.post("/api/v1/compare", json={
            "profile": _profile(n), "program_ids": [pid_of(n), pid_of(n + 1)], "roi": False}),
         (200,)),
        ("saved profile", saved, (204,)),
        ("static", lambda c, n: c.get("/static/style.css"), (200,)),
        ("expected 404", lambda c, n: c.get(f"/api/v1/programs/no-such-{n}"), (404,)),
    ]  # fmt: skip


def soak(
    data_dir: Path | None = None,
    seconds: float = 180.0,
    clients: int = 4,
    max_requests: int = 200_000,
    sample_every: float = 3.0,
    warmup: float | None = None,
    log: Path | None = None,
) -> Report:
    warmup_s = seconds * 0.2 if warmup is None else warmup
    report = Report(seconds=seconds, clients=clients, warmup_s=warmup_s)
    log = log or Path(tempfile.mkdtemp(prefix="mlm-soak-log-")) / "server.log"
    with server(data_dir, log) as (base, proc):
        ids = _programs(base)
        report.rss_at_start = rss_bytes(proc.pid)
        steps = session(ids)
        lock = threading.Lock()
        counter = itertools.count()
        t0 = time.monotonic()
        stop = threading.Event()

        def sampler() -> None:
            while True:
                report.rss.append((time.monotonic() - t0, rss_bytes(proc.pid)))
                if stop.wait(sample_every):
                    report.rss.append((time.monotonic() - t0, rss_bytes(proc.pid)))
                    return

        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as c:
                for n in itertools.count(k):
                    for name, call, ok in steps:
                        elapsed = time.monotonic() - t0
                        if elapsed >= seconds or stop.is_set():
                            return
                        with lock:
                            i = next(counter)
                        if i >= max_requests:
                            return
                        start = time.perf_counter()
                        try:
                            r = call(c, n)
                            status, text = r.status_code, r.text[:200]
                        except httpx.HTTPError as exc:
                            status, text = -1, repr(exc)
                        ms = (time.perf_counter() - start) * 1000
                        with lock:
                            if elapsed < warmup_s:
                                report.warmup_requests += 1
                            else:
                                report.requests += 1
                                report.latencies_ms[name].append(ms)
                            if status not in ok:
                                report.errors.append(f"{name}: {status} {text}")
                            elif status >= 400:
                                report.expected_4xx += 1
                        if proc.poll() is not None:
                            report.errors.append(f"the server exited ({proc.returncode})")
                            stop.set()
                            return

        watch = threading.Thread(target=sampler, daemon=True)
        watch.start()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stop.set()
        watch.join()
    return report


def format_report(r: Report) -> str:
    mb = 1024 * 1024
    lat = r.all_latencies()
    measured = max(r.seconds - r.warmup_s, 1e-9)
    out = [
        f"soak on 127.0.0.1: {r.seconds:g} s ({r.warmup_s:g} s warm-up), {r.clients} clients",
        "",
        "| requests | errors | expected 4xx | req/s | p50 ms | p99 ms | RSS start MB | "
        "RSS end MB | RSS max MB | RSS growth MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {r.requests:,} (+{r.warmup_requests:,} warm-up) | {len(r.errors)} | "
        f"{r.expected_4xx} | {r.requests / measured:.1f} | {pct(lat, 0.5):.1f} | "
        f"{pct(lat, 0.99):.1f} | {r.rss_start / mb:.1f} | {r.rss_end / mb:.1f} | "
        f"{r.rss_max / mb:.1f} | {(r.rss_end - r.rss_start) / mb:+.1f} |",
        "",
        "| step | requests | p50 ms | p99 ms |",
        "|---|---:|---:|---:|",
    ]
    for name, vs in r.latencies_ms.items():
        out.append(f"| {name} | {len(vs):,} | {pct(vs, 0.5):.1f} | {pct(vs, 0.99):.1f} |")
    out += ["", f"RSS before the load: {r.rss_at_start / mb:.1f} MB; samples (s: MB):",
            "  " + ", ".join(f"{t:.0f}: {b / mb:.0f}" for t, b in r.rss)]  # fmt: skip
    if r.errors:
        kinds = Counter(e.split(":")[0] for e in r.errors)
        out += ["", f"errors by step: {dict(kinds)}", *(f"  {e}" for e in r.errors[:10])]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=os.environ.get("MLMASTERS_DATA_DIR"))
    ap.add_argument("--seconds", type=float, default=180.0, help="length of the run (bounded)")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--max-requests", type=int, default=200_000)
    ap.add_argument("--sample-every", type=float, default=3.0, help="RSS sample interval (s)")
    ap.add_argument("--warmup", type=float, default=None, help="default: 20%% of --seconds")
    args = ap.parse_args()
    report = soak(args.data_dir, args.seconds, args.clients, args.max_requests,
                  args.sample_every, args.warmup)  # fmt: skip
    print(format_report(report))


if __name__ == "__main__":
    main()
