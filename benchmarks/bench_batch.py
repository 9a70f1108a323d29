"""Benchmark batch mode; prints a table (never asserted in tests).

    python benchmarks/bench_batch.py            # uses MLMASTERS_DATA_DIR / the default data dir

Targets (issue "Batch mode for analysts"): 200 scenarios x every program x 1,000 draws;
scenarios per second on the local engine with 2 cores >= 1.7 x one core; a Dask LocalCluster
within 30 % of the local engine; peak memory per worker reported. Then the figures behind
docs/batch.md's "scaling on paper": the per-core rate, output bytes per row, and the
expected time for 1,000,000 scenarios on a 100-core Dask cluster.

Each configuration starts from nothing (a fresh pool or cluster, each worker opening the
snapshot), and its wall time includes checking every row: the time an analyst waits. "1 core"
is the in-process engine pinned to one CPU; the BLAS thread count is 1 everywhere, so the
cores are used by the engines, not by BLAS. The configurations run in turn, ``REPEAT`` rounds,
and the best wall time of each is reported (other work on the machine only ever slows a run
down); the load average before and after is printed.

    python benchmarks/bench_batch.py [REPEAT]       # default 3 rounds
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: One BLAS thread everywhere (set before NumPy loads in main; workers inherit it).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

REPEAT = 3
SCENARIOS = 200
DRAWS = 1_000
CLUSTER_CORES = 100
CLUSTER_SCENARIOS = 1_000_000
STATES = ("WA", "TX", "GA", "CA", "NY", "MA", "IL", "NC", "CO", "FL")
ROLES = ("ml-engineer", "data-scientist", "research-scientist", "ml-product-manager")
SPECS = ("nlp", "deep-learning", "data-mining-big-data", "reinforcement-learning", "")


def write_scenarios(path: Path, n: int) -> None:
    """A deterministic population: ages, states, salaries, roles and what-ifs vary."""
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            ["scenario_id", "age", "state", "current_salary_usd", "target_role",
             "must_keep_working", "specializations", "discount_rate", "tuition_scale"]
        )  # fmt: skip
        for i in range(n):
            w.writerow(
                [
                    f"s{i:04d}",
                    22 + (i * 7) % 25,
                    STATES[i % len(STATES)],
                    55_000 + (i * 3_701) % 120_000,
                    ROLES[i % len(ROLES)],
                    "true" if i % 3 == 0 else "false",
                    SPECS[i % len(SPECS)],
                    (0.02, 0.03, 0.05)[i % 3],
                    (1.0, 1.1, 1.25, 0.9)[i % 4],
                ]
            )


def run(
    scen: Path, out: Path, args: list[str], data_dir: str | None, pin: set[int] | None = None
) -> dict[str, Any]:
    """One configuration as an analyst runs it: ``mlmasters batch ... --json``, timed."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "mlmasters.cli.main"]
    cmd += [f"--data-dir={data_dir}"] if data_dir else []
    cmd += ["batch", str(scen), "-o", str(out), "--draws", str(DRAWS), "--seeding", "per-row"]
    cmd += [*args, "--json"]

    def pinned() -> None:
        if pin is not None:
            os.sched_setaffinity(0, pin)

    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=pinned, check=False)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    s = json.loads(proc.stdout)
    peaks = list(s["worker_peak_rss_mb"].values())
    return {
        "wall": wall,
        "rate": s["scenarios"] / wall,
        "workers": s["workers"],
        "chunks": f"{s['chunks']} x {s['chunk_size']}",
        "peak": max(peaks) if peaks else float("nan"),
        "bytes": sum(p.stat().st_size for p in out.glob("part-*.parquet")),
        "rows": s["rows_written"],
    }


def digest(out: Path) -> str:
    """A checksum of the results, to compare configurations without keeping them."""
    from mlmasters.batch import read_results

    frame = read_results(out)
    hashed = pd_hash(frame)
    return hashlib.sha256(hashed).hexdigest()


def pd_hash(frame: Any) -> bytes:
    import pandas as pd

    return bytes(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())


def main() -> None:
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    from mlmasters.service import Service

    data_dir = os.environ.get("MLMASTERS_DATA_DIR")
    cores = len(os.sched_getaffinity(0))
    two = min(2, cores)
    programs = len(Service().catalog)
    tmp = Path(tempfile.mkdtemp(prefix="mlm-bench-batch-"))
    try:
        scen = tmp / "scenarios.csv"
        write_scenarios(scen, SCENARIOS)
        configs: list[tuple[str, list[str], set[int] | None]] = [
            ("local, 1 core (in-process)", ["--workers", "1"], {min(os.sched_getaffinity(0))}),
            (f"local, {two} cores (process pool)", ["--workers", str(two)], None),
        ]
        if importlib.util.find_spec("distributed") is not None:
            configs.append(
                (f"dask LocalCluster, {two} workers",
                 ["--engine", "dask", "--workers", str(two)], None)
            )  # fmt: skip
        else:
            print("dask not installed: pip install 'mlmasters[dask]' to benchmark it")
        repeat = int(sys.argv[1]) if len(sys.argv) > 1 else REPEAT
        load = os.getloadavg()
        best: dict[str, dict[str, Any]] = {}
        digests: dict[str, str] = {}
        for round_ in range(1, repeat + 1):
            for label, args, pin in configs:
                out = tmp / "out"
                r = run(scen, out, args, data_dir, pin) | {"label": label}
                if label not in best or r["wall"] < best[label]["wall"]:
                    best[label] = r
                if label not in digests:
                    digests[label] = digest(out)
                print(f"  round {round_}: {label} {r['wall']:.1f} s", flush=True)
        results = [best[label] for label, _, _ in configs]
        print(
            f"\nload average (1 min) {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after; "
            f"best of {repeat} round(s)"
        )
        _print(results, digests, programs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _print(results: list[dict[str, Any]], digests: dict[str, str], programs: int) -> None:
    one = results[0]
    local = results[1] if len(results) > 1 else one
    first = next(iter(digests.values()))
    head = ("engine", "workers", "chunks", "wall s", "scenarios/s", "vs 1 core", "target",
            "peak MB/worker", "same rows")  # fmt: skip
    rows = []
    for r in results:
        target = "-"
        if r is local and r is not one:
            target = ">= 1.70x 1 core"
        if r["label"].startswith("dask"):
            target = f"within 30% of local ({r['rate'] / local['rate'] - 1:+.0%})"
        same = digests[r["label"]] == first
        rows.append(
            (
                r["label"],
                str(r["workers"]),
                r["chunks"],
                f"{r['wall']:.1f}",
                f"{r['rate']:.2f}",
                f"{r['rate'] / one['rate']:.2f}x",
                target,
                f"{r['peak']:.0f}",
                "yes" if same else "NO",
            )
        )
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(len(head))]
    print(f"\n{SCENARIOS} scenarios x {programs:,} programs x {DRAWS:,} draws "
          f"(1,000 weight samples), {one['rows']:,} result rows")  # fmt: skip
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))

    per_core = one["rate"]
    eff = local["rate"] / (per_core * local["workers"]) if local is not one else 1.0
    bytes_row = local["bytes"] / max(1, local["rows"])
    hours = CLUSTER_SCENARIOS / (per_core * CLUSTER_CORES * min(1.0, eff)) / 3600
    rows_out = CLUSTER_SCENARIOS * programs
    print("\nscaling on paper (docs/batch.md):")
    print(f"  per-core rate                         {per_core:.2f} scenarios/s "
          f"({1 / per_core:.2f} s per scenario x {programs:,} programs)")  # fmt: skip
    print(f"  parallel efficiency on {local['workers']} cores          {eff:.0%}")
    print(f"  output                                {bytes_row:.1f} bytes per result row")
    print(f"  {CLUSTER_SCENARIOS:,} scenarios on {CLUSTER_CORES} cores      "
          f"{hours:.1f} h at that efficiency ({hours * min(1.0, eff):.1f} h at 100%)")  # fmt: skip
    print(f"  result rows / Parquet                 {rows_out:,} rows, "
          f"{rows_out * bytes_row / 1e9:.0f} GB ({bytes_row * programs * 100 / 1e6:.0f} MB "
          "per 100-scenario part)")  # fmt: skip


if __name__ == "__main__":
    main()
