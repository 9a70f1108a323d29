"""Issue 25's table: measure | before | after | target, measured in one run on this machine.

"before" is what this script printed on the code as it stood before the speed work (commit
349dfc4, 2026-12-07, 2 shared cores while other engineers worked: noisy), kept in
``issue25_before.json``; "after" is measured now. Every timed figure is the median of
``REPEAT`` runs, each for a person not seen before in the process (another pay each time,
so nothing of theirs is cached).

In-process: the whole catalog pre-tax and after-tax (10,000 draws), the rank for a new
profile (return + rank). Served (``mlmasters serve`` on 127.0.0.1, a temporary SQLite
database): a new profile's first shortlist page, the program page's first view (after the
shortlist, as a person reaches it), the program page with one what-if (each slider in
turn), the program page's p99 latency at 50 clients (Debian's ``wrk``, 10 s), and the RSS of
every worker after warm-up, after the load and with the result cache full (``CACHE_FILL``
people), for 1 and 4 workers.

    python benchmarks/bench_issue25.py [--quick] [--record-before]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.server import free_port, wait_until_up, worker_pids  # noqa: E402

BEFORE = Path(__file__).with_name("issue25_before.json")
PROGRAM = "gatech-omscs"
REPEAT = 5
CACHE_FILL = 66  # the result cache keeps 64 entries
WHAT_IFS = (
    ("discount_rate", "0.05"),
    ("tuition_scale", "1.3"),
    ("current_salary_usd", "95000"),
    ("premium", "0.2"),
    ("wage_growth", "0.02"),
)
#: Other positions of the same sliders (not cached by the page requests above).
MOVES = (
    ("discount_rate", "0.04"),
    ("tuition_scale", "1.2"),
    ("current_salary_usd", "97000"),
    ("premium", "0.18"),
    ("wage_growth", "0.015"),
)
TARGETS = {
    "first shortlist page, new profile (plan + return + rank)": "<= 0.5 s",
    "program page, first view for a person": "<= 150 ms",
    "program page with one what-if (median of the sliders)": "<= 100 ms",
    "  its ROI section alone (what a slider fetches)": "<= 100 ms",
    "program page p99 at 50 clients (wrk)": "<= 100 ms",
    "whole catalog pre-tax, 10,000 draws, new profile": "<= 0.3 s",
    "whole catalog after-tax, new profile": "<= 0.4 s",
    "rank for a new profile (return + rank)": "<= 0.5 s",
}


def median_of(fn: Callable[[], float], n: int = REPEAT) -> float:
    return statistics.median(fn() for _ in range(n))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def people() -> Iterator[dict[str, Any]]:
    k = 0
    while True:
        k += 1
        yield {
            "name": f"bench {k}",
            "age": 31,
            "current_salary_usd": 90_000 + 997 * k,
            "state": "TX",
            "target_role": "data-scientist",
        }


def in_process(repeat: int) -> dict[str, float]:
    from mlmasters.profile import Profile
    from mlmasters.service import Service

    svc = Service()
    who = people()
    svc.rank(Profile(**next(who)), top=20)  # snapshot, fits, tax table: loaded once

    def timed(call: Callable[[Profile], Any]) -> Callable[[], float]:
        def run() -> float:
            p = Profile(**next(who))
            t = time.perf_counter()
            call(p)
            return time.perf_counter() - t

        return run

    return {
        "whole catalog pre-tax, 10,000 draws, new profile": median_of(
            timed(lambda p: svc.roi_catalog(p, basis="pre-tax")), repeat
        ),
        "whole catalog after-tax, new profile": median_of(
            timed(lambda p: svc.roi_catalog(p)), repeat
        ),
        "rank for a new profile (return + rank)": median_of(
            timed(lambda p: svc.rank(p, top=20)), repeat
        ),
    }


def wrk_p99(url: str, clients: int = 50, seconds: int = 10) -> float:
    import re

    cmd = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def served(workers: int, repeat: int, fill: int) -> dict[str, float]:
    """Web figures with ``workers`` uvicorn workers (timings only with one worker)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out: dict[str, float] = {}
    who = people()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        with log.open("wb") as sink:
            proc = subprocess.Popen(
                [sys.executable, "-m", "mlmasters.cli.main", "serve", "--port", str(port),
                 "--workers", str(workers), "--database-url", f"sqlite:///{tmp}/bench.db"],
                stdout=sink, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            wait_until_up(base, proc, log, limit=180)
            pids = worker_pids(proc.pid) if workers > 1 else [proc.pid]
            client = httpx.Client(base_url=base, timeout=120)

            def new_person() -> str:
                r = client.post("/api/v1/profiles", json={"profile": next(who)})
                r.raise_for_status()
                return str(r.json()["id"])

            def page(path: str) -> float:
                t = time.perf_counter()
                client.get(path).raise_for_status()
                return time.perf_counter() - t

            # warm-up: every worker answers a shortlist and a program page
            for _ in range(2 * workers):
                pid = new_person()
                page(f"/p/{pid}/shortlist")
                page(f"/p/{pid}/programs/{PROGRAM}")
            out["rss after warm-up"] = max(rss_mb(p) for p in pids)
            if workers == 1:
                first, prog, what, part = [], [], [], []
                for _ in range(repeat):
                    pid = new_person()
                    first.append(page(f"/p/{pid}/shortlist"))
                    prog.append(page(f"/p/{pid}/programs/{PROGRAM}"))
                    for name, value in WHAT_IFS:
                        what.append(page(f"/p/{pid}/programs/{PROGRAM}?{name}={value}"))
                    for name, value in MOVES:  # what a slider fetches (htmx): the section
                        part.append(page(f"/p/{pid}/programs/{PROGRAM}/roi?{name}={value}"))
                out["first shortlist page, new profile (plan + return + rank)"] = statistics.median(
                    first
                )
                out["program page, first view for a person"] = statistics.median(prog) * 1e3
                out["program page with one what-if (median of the sliders)"] = (
                    statistics.median(what) * 1e3
                )
                out["  its ROI section alone (what a slider fetches)"] = (
                    statistics.median(part) * 1e3
                )
            pid = new_person()
            page(f"/p/{pid}/shortlist")
            page(f"/p/{pid}/programs/{PROGRAM}")
            if shutil.which("wrk"):
                p99 = wrk_p99(f"{base}/p/{pid}/programs/{PROGRAM}")
                if workers == 1:
                    out["program page p99 at 50 clients (wrk)"] = p99
            out["rss after load"] = max(rss_mb(p) for p in pids)
            for _ in range(fill):
                pid = new_person()
                page(f"/p/{pid}/shortlist")
                page(f"/p/{pid}/programs/{PROGRAM}")
            out["rss with the result cache full"] = max(rss_mb(p) for p in pids)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    return out


def measure(quick: bool) -> dict[str, float]:
    repeat = 3 if quick else REPEAT
    fig = in_process(repeat)
    for workers in (1, 4):
        web = served(workers, repeat, CACHE_FILL if not quick else 8)
        for k, v in web.items():
            name = f"{k}, {workers} worker{'s' if workers > 1 else ''}" if "rss" in k else k
            fig[name] = v
    return fig


def shown(name: str, v: float | None) -> str:
    if v is None:
        return "-"
    if "rss" in name:
        return f"{v:.0f} MB"
    if "ms" in TARGETS.get(name, "") or "page, first" in name or "what-if" in name:
        return f"{v:.0f} ms"
    return f"{v:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer runs and a smaller cache fill")
    ap.add_argument("--record-before", action="store_true", help=f"write {BEFORE.name}")
    args = ap.parse_args()
    now = measure(args.quick)
    if args.record_before:
        BEFORE.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "figures": now}, indent=1))
    before = json.loads(BEFORE.read_text()) if BEFORE.exists() else {"figures": {}, "date": "-"}
    rows = [
        (k, shown(k, before["figures"].get(k)), shown(k, v), TARGETS.get(k, "<= 250 MB"))
        for k, v in now.items()
    ]
    w = max(len(r[0]) for r in rows)
    print(f"\nissue 25 (before: {before['date']}, medians of {REPEAT} runs; shared machine)")
    print(f"{'measure':{w}} | {'before':>9} | {'after':>9} | target")
    print(f"{'-' * w}-|-{'-' * 9}-|-{'-' * 9}-|-{'-' * 9}")
    for name, b, a, t in rows:
        print(f"{name:{w}} | {b:>9} | {a:>9} | {t}")


if __name__ == "__main__":
    main()
