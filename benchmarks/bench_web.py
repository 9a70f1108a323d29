"""Web app performance on loopback (issue: the web app). Prints a table; asserts nothing.

Starts ``mlmasters serve`` on 127.0.0.1 (a free port, a temporary database) over the data
snapshot in MLMASTERS_DATA_DIR (or the per-user default), then measures:

- a new profile's first shortlist page (whole-catalog ROI + rank + robustness);
- program page and rank API for a profile already computed: latency percentiles at 50
  concurrent clients (bounded: REQUESTS per endpoint and a time limit);
- server RSS (from /proc) after warm-up, after the load, and after PROFILES more people
  (enough to fill the server's 64-entry result cache).

Usage: python benchmarks/bench_web.py [--requests 1000] [--clients 50] [--profiles 70]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "examples" / "profile.toml"
TIME_LIMIT_S = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def load(
    base: str, method: str, path: str, body: object, n: int, clients: int
) -> list[float]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    deadline = time.monotonic() + TIME_LIMIT_S

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty() and time.monotonic() < deadline:
            queue.get_nowait()
            t0 = time.perf_counter()
            r = await client.request(method, path, json=body)
            latencies.append((time.perf_counter() - t0) * 1000)
            if r.status_code >= 400:
                errors += 1

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    if errors:
        print(f"  {errors} error responses on {path}", file=sys.stderr)
    return latencies


def wrk_load(url: str, body: str | None, clients: int, seconds: int) -> tuple[int, float, float]:
    """(requests, p50 ms, p99 ms) from Debian's wrk, a C load generator that leaves the CPU
    to the server; the run is bounded by ``seconds``."""
    import json as _json
    import re

    cmd = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", url]
    if body is not None:
        script = Path(tempfile.mkdtemp()) / "post.lua"
        script.write_text(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {_json.dumps(body)}\n"
        )
        cmd[1:1] = ["-s", str(script)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return total, ms("50"), ms("99")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument(
        "--profiles", type=int, default=70,
        help="distinct profiles opened after the load, enough to fill the 64-entry result cache",
    )  # fmt: skip
    args = ap.parse_args()
    from mlmasters.profile import load_profile

    profile = load_profile(PROFILE).model_dump(mode="json")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mlmasters.cli.main", "serve", "--port", str(port),
             "--database-url", f"sqlite:///{tmp}/bench.db"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            t0 = time.perf_counter()
            while True:
                try:
                    httpx.get(base + "/api/v1/data", timeout=2).raise_for_status()
                    break
                except httpx.HTTPError:
                    if time.perf_counter() - t0 > 120:
                        raise
                    time.sleep(0.2)
            startup = time.perf_counter() - t0
            # warm the catalog, wages and tax tables with another profile's shortlist
            other = dict(profile, name="warm-up", current_salary_usd=90000)
            warm_id = httpx.post(base + "/api/v1/profiles", json={"profile": other}).json()["id"]
            httpx.get(f"{base}/p/{warm_id}/shortlist", timeout=120)
            rss_warm = rss_mb(proc.pid)
            pid = httpx.post(base + "/api/v1/profiles", json={"profile": profile}).json()["id"]
            t1 = time.perf_counter()
            httpx.get(f"{base}/p/{pid}/shortlist", timeout=120).raise_for_status()
            first_shortlist = time.perf_counter() - t1
            # a profile already computed: program page and rank API
            program_path = f"/p/{pid}/programs/gatech-omscs"
            httpx.get(base + program_path, timeout=60).raise_for_status()
            rank_body = {"profile": profile, "top": 20}
            httpx.post(base + "/api/v1/rank", json=rank_body, timeout=60).raise_for_status()
            import json
            import shutil

            results: dict[str, tuple[int, float, float]] = {}
            if shutil.which("wrk"):
                tool = "wrk (C, 2 threads)"
                results["program page"] = wrk_load(base + program_path, None, args.clients, 10)
                results["rank API"] = wrk_load(
                    base + "/api/v1/rank", json.dumps(rank_body), args.clients, 10
                )
            else:
                tool = "httpx (Python; competes with the server for the CPU)"
                for name, method, path, body in (
                    ("program page", "GET", program_path, None),
                    ("rank API", "POST", "/api/v1/rank", rank_body),
                ):
                    lat = asyncio.run(load(base, method, path, body, args.requests, args.clients))
                    results[name] = (len(lat), statistics.median(lat), pct(lat, 0.99))
            rss_end = rss_mb(proc.pid)
            time.sleep(5)
            rss_settled = rss_mb(proc.pid)
            # many people: each new profile's shortlist and a program page fill the LRU
            t2 = time.perf_counter()
            for i in range(args.profiles):
                other = dict(profile, name=f"person {i}", current_salary_usd=60000 + 1000 * i)
                oid = httpx.post(base + "/api/v1/profiles", json={"profile": other}).json()["id"]
                httpx.get(f"{base}/p/{oid}/shortlist", timeout=120).raise_for_status()
                httpx.get(f"{base}/p/{oid}/programs/gatech-omscs", timeout=60).raise_for_status()
            many_s = (time.perf_counter() - t2) / max(1, args.profiles)
            time.sleep(2)
            rss_many = rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"\nweb benchmark on 127.0.0.1, {args.clients} concurrent clients, "
          f"{os.cpu_count()} cores, load by {tool}")  # fmt: skip
    print(f"{'measure':52} {'value':>12} {'target':>10}")
    rows = [
        ("server start until /api/v1/data answers", f"{startup:.2f} s", ""),
        ("new profile: first shortlist page (ROI+rank)", f"{first_shortlist:.2f} s", "1.5 s"),
    ]
    for name, (n, p50, p99) in results.items():
        rows += [
            (f"{name}: requests", f"{n}", ""),
            (f"{name}: p50 latency", f"{p50:.1f} ms", ""),
            (f"{name}: p99 latency", f"{p99:.1f} ms", "100 ms"),
        ]
    rows += [
        ("server RSS after warm-up", f"{rss_warm:.0f} MB", ""),
        ("server RSS right after the load", f"{rss_end:.0f} MB", ""),
        ("server RSS after the load, settled", f"{rss_settled:.0f} MB", "250 MB"),
        (f"{args.profiles} new profiles: shortlist + program page, each", f"{many_s:.2f} s", ""),
        ("server RSS with the result cache full", f"{rss_many:.0f} MB", "250 MB"),
    ]
    for name, value, target in rows:
        print(f"{name:52} {value:>12} {target:>10}")


if __name__ == "__main__":
    main()
