"""ROI benchmark: whole catalog x 10,000 draws, one program in full, naive reference loop.

Prints a table (never asserted in tests). Uses the snapshot in $MLMASTERS_DATA_DIR (or the
per-user data dir). Peak memory is the process's peak RSS after the run (``ru_maxrss``) and
the NumPy allocations traced during it (``tracemalloc``).
"""

from __future__ import annotations

import resource
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy_financial as npf

from mlmasters.models.roi import engine as E
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.draws import draw_common
from mlmasters.profile import Profile
from mlmasters.service import Service

DRAWS = 10_000
HORIZON = 40
NAIVE_PROGRAMS = 3


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    svc = Service()
    prof = Profile(age=25, current_salary_usd=75_000, state="WA", metro="Seattle",
                   target_role="ml-engineer")  # fmt: skip
    opts_kw = {"draws": DRAWS, "horizon_years": HORIZON, "basis": "pre-tax"}
    from mlmasters.models.roi.results import parse_options

    opts = parse_options(opts_kw)
    person = svc._roi_person(prof, opts)
    resolved = [svc._roi_program(p, person, opts) for p in svc.catalog.programs]
    ok = [r for r in resolved if r.status == "ok"]
    keys = sorted({r.plan_key for r in ok})
    plans = [E.Plan(svc._ttd(*k[:3]), float(k[3])) for k in keys]
    plan_of = np.array([keys.index(r.plan_key) for r in ok], dtype=np.int64)
    progs = svc._programs_array(ok, opts)
    scen = person.scen

    def engine_run() -> E.CatalogArrays:
        return E.run_catalog(progs, plan_of, plans, draw_common(DRAWS, 0), scen)

    engine_run()  # warm up
    t_engine, _ = timed(engine_run)
    t_engine_1, _ = timed(
        lambda: E.run_catalog(progs, plan_of, plans, draw_common(DRAWS, 0), scen, workers=1)
    )
    tracemalloc.start()
    engine_run()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t_service, _ = timed(lambda: svc.roi_catalog(prof, draws=DRAWS, horizon_years=HORIZON), 2)
    pid = "gatech-omscs"
    svc.roi(prof, pid, draws=DRAWS, sensitivity=False)
    t_single, _ = timed(lambda: svc.roi(prof, pid, draws=DRAWS, sensitivity=False, basis="pre-tax"))
    t_single_tax, _ = timed(lambda: svc.roi(prof, pid, draws=DRAWS, sensitivity=False))
    t_single_sens, _ = timed(lambda: svc.roi(prof, pid, draws=DRAWS), 2)

    # naive reference: a Python loop over draws calling numpy_financial.npv on each draw's
    # yearly cash flows (built with the same model), for a few programs
    draws = draw_common(DRAWS, 0)
    t = P.growth_tables(draws, scen)

    def naive(j: int) -> np.ndarray:
        plan = plans[int(plan_of[j])]
        terms = P.plan_terms(t, draws, scen, plan.ttd, plan.measure_years)
        idx = np.array([j], dtype=np.int64)
        level = P.wage_paths(terms, progs, idx, draws, scen)[0]
        out = np.empty(DRAWS)
        for i in range(DRAWS):
            row = np.array([i], dtype=np.int64)
            flows, _ = P.yearly_cash_flows(t, row, terms, level[row], progs.tuition_usd[j],
                                           progs.loan_factor[j], scen)  # fmt: skip
            out[i] = npf.npv(scen.discount_rate, np.concatenate([[0.0], flows[0]]))
        return out

    start = time.perf_counter()
    for j in range(NAIVE_PROGRAMS):
        naive(j)
    t_naive_each = (time.perf_counter() - start) / NAIVE_PROGRAMS
    t_naive_catalog = t_naive_each * len(ok)
    t_after, _ = timed(
        lambda: svc.roi_catalog(prof, draws=DRAWS, horizon_years=HORIZON, basis="after-tax"), 2
    )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("catalog: programs with an ROI x draws", f"{len(ok):,} x {DRAWS:,} = "
         f"{len(ok) * DRAWS / 1e6:.1f} M, {HORIZON}-year horizon", "~2,600 x 10,000"),
        ("catalog summary + P(loss), engine (pre-tax), 2 threads", f"{t_engine:.3f} s", "<= 1 s"),
        ("  same, 1 thread", f"{t_engine_1:.3f} s", ""),
        ("  same, service call incl. resolving programs", f"{t_service:.3f} s", ""),
        ("  NumPy memory traced during the engine run", f"{traced_peak / 1e6:.0f} MB", "<= 1 GB"),
        ("  process peak RSS (whole benchmark)", f"{rss_mb:.0f} MB", "<= 1 GB"),
        ("one program, full analysis, pre-tax (IRR, break-even, fan)", f"{t_single*1e3:.0f} ms",
         "<= 50 ms"),
        ("one program, full analysis, pre- and after-tax", f"{t_single_tax*1e3:.0f} ms", ""),
        ("  + tornado (14 runs x 2,000 draws, after-tax)", f"{t_single_sens*1e3:.0f} ms", ""),
        ("naive loop (numpy_financial.npv per draw), per program", f"{t_naive_each:.2f} s", ""),
        ("naive loop extrapolated to the catalog", f"{t_naive_catalog:.0f} s", ""),
        ("speed-up of the engine over the naive loop", f"{t_naive_catalog / t_engine:,.0f}x",
         ">= 300x"),
        ("whole catalog after-tax (service call, tabulated tax)", f"{t_after:.2f} s", ""),
    ]  # fmt: skip
    w = max(len(r[0]) for r in rows)
    v = max(len(r[1]) for r in rows)
    print(f"{'measure':{w}}  {'result':>{v}}  target")
    print(f"{'-' * w}  {'-' * v}  ------")
    for name, val, target in rows:
        print(f"{name:{w}}  {val:>{v}}  {target}")


if __name__ == "__main__":
    main()
