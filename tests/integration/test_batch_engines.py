"""Batch engines: same seed -> identical results in-process, on a process pool (any chunk
size), and on a Dask LocalCluster; an interrupted run resumes where it stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mlmasters.batch import read_results
from mlmasters.batch.api import batch

pytestmark = pytest.mark.integration

CMD = [sys.executable, "-m", "mlmasters.cli.main"]
FAST = {"draws": 150, "samples": 150}


def scenarios(tmp_path: Path, n: int) -> Path:
    states = ("TX", "WA", "GA", "CA")
    lines = ["scenario_id,age,state,current_salary_usd,discount_rate,tuition_scale,specializations"]
    for i in range(n):
        lines.append(
            f"s{i},{23 + i % 17},{states[i % 4]},{60000 + 2500 * i},"
            f"{(0.02, 0.03, 0.05)[i % 3]},{(1.0, 1.25)[i % 2]},{('nlp', '')[i % 2]}"
        )
    path = tmp_path / "scenarios.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_pool_equals_in_process_across_chunk_sizes(small_data_dir: Path, tmp_path: Path) -> None:
    path = scenarios(tmp_path, 8)
    base = batch(path, data_dir=small_data_dir, workers=1, chunk_size=8, seeding="per-row", **FAST)
    pool = batch(
        path, tmp_path / "pool", data_dir=small_data_dir, workers=2, chunk_size=3,
        seeding="per-row", **FAST,
    )  # fmt: skip
    assert pool.workers == 2 and pool.chunks == 3 and len(pool.worker_peak_rss_mb) == 2
    pd.testing.assert_frame_equal(read_results(tmp_path / "pool"), base, check_exact=True)


@pytest.mark.slow
def test_dask_local_cluster_equals_local(small_data_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    path = scenarios(tmp_path, 4)
    local = batch(path, data_dir=small_data_dir, workers=1, chunk_size=4, **FAST)
    s = batch(
        path, tmp_path / "dask", engine="dask", workers=2, chunk_size=1,
        data_dir=small_data_dir, **FAST,
    )  # fmt: skip
    assert s.engine == "dask" and s.workers == 2 and s.chunks == 4
    pd.testing.assert_frame_equal(read_results(tmp_path / "dask"), local, check_exact=True)


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        CMD + args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the test ends it and its workers
    )


def _wait_for_parts(out: Path, n: int, proc: subprocess.Popen[str], limit: float = 120) -> int:
    end = time.monotonic() + limit
    while time.monotonic() < end and proc.poll() is None:
        have = len(list(out.glob("part-*.parquet")))
        if have >= n:
            return have
        time.sleep(0.05)
    raise AssertionError(f"no {n} part files in {limit} s (exit {proc.poll()})")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_interrupted_run_resumes_where_it_stopped(
    small_data_dir: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    n = 40
    path = scenarios(tmp_path, n)
    out = tmp_path / "results.parquet"
    args = [f"--data-dir={small_data_dir}", "batch", str(path), "-o", str(out), "--workers", "2",
            "--chunk-size", "1", "--draws", "150", "--samples", "150"]  # fmt: skip
    proc = _start(args)
    try:
        _wait_for_parts(out, 3, proc)
        if sig == signal.SIGKILL:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, at once
        else:
            proc.send_signal(signal.SIGINT)  # Ctrl+C: the run stops its pool itself
        proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == (-9 if sig == signal.SIGKILL else 130)
    parts = sorted(out.glob("part-*.parquet"))
    assert 3 <= len(parts) < n, "interrupted before the end"
    stamps = {p.name: p.stat().st_mtime_ns for p in parts}
    assert not json.loads((out / "_batch.json").read_text())["complete"]

    resumed = subprocess.run(
        [*CMD, *args, "--resume", "--json"], capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["chunks_resumed"] == len(parts)
    assert summary["chunks_computed"] == n - len(parts) and summary["complete"]
    assert {p: (out / p).stat().st_mtime_ns for p in stamps} == stamps  # kept, not redone
    assert not list(out.glob(".part-*"))
    whole = batch(path, data_dir=small_data_dir, workers=1, **FAST)
    pd.testing.assert_frame_equal(read_results(out), whole, check_exact=True)


def test_example_scenarios_on_the_real_catalog(data_dir: Path, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "results.parquet"
    s = batch(
        root / "examples" / "scenarios.csv", out, data_dir=data_dir, workers=1, draws=200,
        samples=200,
    )  # fmt: skip
    df = read_results(out)
    assert s.rows_written == len(df) == s.scenarios * s.programs
    ok = df[df["roi_status"] == "ok"]
    assert (ok["npv_p10_usd"] <= ok["npv_p50_usd"]).all()
    assert (ok["npv_p50_usd"] <= ok["npv_p90_usd"]).all()
    assert ok["p_loss"].between(0, 1).all()
    # the chance of coming out ahead and the loss split, as every surface shows them
    assert np.allclose(ok["p_ahead"] + ok["p_loss"], 1.0, atol=1e-4)
    split = ok.dropna(subset=["p_loss_finishing"])
    assert len(split) > 0
    assert np.allclose(
        split["p_loss_not_finishing"] + split["p_loss_finishing"], split["p_loss"], atol=2e-4
    )
    # more tuition never raises a program's median NPV (the rows share their draws: seed 0)
    by = df.set_index(["scenario_id", "program_id"])["npv_p50_usd"].unstack(0).dropna()
    assert (by["wa-mle-tuition120"] <= by["wa-mle-base"] + 1e-6).all()
    top = df[df["rank"] <= 10].groupby("scenario_id")["p_top_k"].sum()
    assert (top > 0).all()
