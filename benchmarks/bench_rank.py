"""Benchmark the rank model on the real catalog; prints a table (never asserted in tests).

    python benchmarks/bench_rank.py            # uses MLMASTERS_DATA_DIR / the default data dir

Targets (issue "Rank and compare programs"): rank the whole catalog for one profile in
<= 100 ms once the ROI summary exists; P(top k) for every program from 10,000 weight samples
in <= 0.3 s (beating a plain matmul + argpartition sketch); rank intervals for the shortlist
in <= 0.5 s more; memory bounded by chunking. pymcdm, called once per weight sample on a
subset of samples, is timed for the speed-up.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from mlmasters.models.rank import robustness as rb
from mlmasters.models.rank.engine import rank_options
from mlmasters.profile import Profile
from mlmasters.service import Service

PROFILE = Profile(
    name="working professional, Texas, NLP",
    state="TX",
    must_keep_working=True,
    can_relocate=False,
    enrollment_mode="part-time",
    specializations=["nlp"],
)
SAMPLES = 10_000
K = 10
SHORTLIST = 20
PYMCDM_SAMPLES = 300


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, Any]:
    """Median wall time of ``repeat`` runs (after one warm-up) and the last result."""
    out = fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def sketch_topk(x: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    """The plain sketch the issue measured: one matmul, argpartition, bincount."""
    u = w @ x.T
    top = np.argpartition(-u, k - 1, axis=1)[:, :k]
    return np.bincount(top.ravel(), minlength=x.shape[0]) / len(w)


def pymcdm_loop(x: np.ndarray, w: np.ndarray, k: int, method: str) -> np.ndarray:
    from pymcdm.methods import TOPSIS, WSM

    def identity(v: np.ndarray, cost: bool = False) -> np.ndarray:
        return v

    body = WSM(identity) if method == "weighted-sum" else TOPSIS(identity)
    types = np.ones(x.shape[1])
    counts = np.zeros(x.shape[0])
    for wi in w:
        pref = body(x, wi, types, validation=False)
        counts[np.argpartition(-pref, k - 1)[:k]] += 1
    return counts / len(w)


def peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    svc = Service()
    rows: list[tuple[str, str, str, str]] = []

    t0 = time.perf_counter()
    facts = svc.rank_facts
    rows.append(("build catalog columns (once)", f"{facts.n:,} programs", _ms(t0), "-"))
    t0 = time.perf_counter()
    roi = svc.roi_catalog(PROFILE) if hasattr(svc, "roi_catalog") else None
    rows.append(("ROI summary (roi_catalog, input)", f"{facts.n:,} programs", _ms(t0), "-"))

    for method in ("weighted-sum", "topsis"):
        t, res = timed(
            lambda m=method: svc.rank(  # type: ignore[misc]
                PROFILE, top=20, method=m, roi=roi, persona="working-professional", samples=0
            ),
            repeat=15,
        )
        rows.append(
            (f"rank whole catalog ({method})", f"{res.kept_programs:,} kept", _s(t), "0.100")
        )

    r = svc.ranking(PROFILE, rank_options(persona="working-professional", samples=0), roi)
    x, prio = r.filled, r.priority
    ws = rb.sample_weights(r.weights.vector(), SAMPLES, rb.DEFAULT_CONCENTRATION, seed=0)
    size = f"{SAMPLES:,} x {len(x):,}"

    t_sketch, sk = timed(lambda: sketch_topk(x, ws, K), repeat=3)
    rows.append(("P(top k): plain matmul + argpartition", size, _s(t_sketch), "(0.4 ref)"))
    scorer = r.scorer()
    t_ours, top = timed(lambda: rb.topk_probabilities(scorer, ws, K, prio), repeat=5)
    assert abs(top.probability.sum() - K) < 1e-9
    rows.append(("P(top k): screened, weighted sum", size, _s(t_ours), "0.300"))
    rows.append(("  programs surviving the screen", f"{top.candidates:,}", "-", "-"))
    rows.append(
        (
            "  max |ours - sketch| (ties aside)",
            f"{np.abs(top.probability - sk).max():.4f}",
            "-",
            "-",
        )
    )
    shown = r.order[:SHORTLIST]
    t_iv, _ = timed(lambda: rb.rank_intervals(rb.rank_samples(scorer, ws, shown, prio)), 5)
    rows.append((f"rank intervals, shortlist of {SHORTLIST}", size, _s(t_iv), "0.500"))
    t_pc, _ = timed(
        lambda: rb.place_changes(scorer, r.weights.vector(), r.order[:3], prio, rb.A_BIT, x), 5
    )
    rows.append(("'would change place' for the top 3", "6 bumps", _s(t_pc), "-"))
    mem = peak_mb(lambda: rb.topk_probabilities(scorer, ws, K, prio))
    mem_sketch = peak_mb(lambda: sketch_topk(x, ws, K))
    rows.append(
        (
            "peak memory, screened P(top k)",
            f"chunk {rb.DEFAULT_CHUNK}",
            f"{mem:.0f} MB",
            f"sketch {mem_sketch:.0f} MB",
        )
    )

    ts = rb.TopsisScorer(x)
    t_top, _ = timed(lambda: rb.topk_probabilities(ts, ws, K, prio), repeat=3)
    rows.append(("P(top k): screened, TOPSIS", size, _s(t_top), "-"))

    sub = ws[:PYMCDM_SAMPLES]
    for method, ours in (("weighted-sum", t_ours), ("topsis", t_top)):
        t0 = time.perf_counter()
        pymcdm_loop(x, sub, K, method)
        per = (time.perf_counter() - t0) / PYMCDM_SAMPLES
        full = per * SAMPLES
        rows.append(
            (
                f"pymcdm {method}, once per sample",
                f"{PYMCDM_SAMPLES} samples -> x{SAMPLES // PYMCDM_SAMPLES}",
                f"{full:.2f} s (est.)",
                f"speed-up x{full / ours:.0f}",
            )
        )

    _print(rows)


def _ms(t0: float) -> str:
    return f"{time.perf_counter() - t0:.3f} s"


def _s(t: float) -> str:
    return f"{t:.3f} s"


def _print(rows: list[tuple[str, str, str, str]]) -> None:
    head = ("task", "size", "median time", "target / note")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print(line)
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)))


if __name__ == "__main__":
    main()
