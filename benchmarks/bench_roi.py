"""ROI benchmark: the whole catalog x 10,000 draws (after-tax and pre-tax), one program in
full (uncached and after the catalog), the rank for a new profile, and the engine alone.

Prints a table (never asserted in tests). Uses the snapshot in $MLMASTERS_DATA_DIR (or the
per-user data dir). Each figure is the best of ``REPEAT`` runs; every run of a "new profile"
figure uses a person not seen before in the process (their pay differs, so nothing of theirs
is cached), either with plan inputs seen before (same state, mode and hours as an earlier
person: the plans are kept per plan inputs) or new ones (other hours a week). The tax tables
are on disk already (tabulated once per state). Peak RSS is the process's (``ru_maxrss``).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from mlmasters.models.roi import engine as E
from mlmasters.models.roi.draws import draw_common
from mlmasters.profile import Profile
from mlmasters.service import Service

DRAWS = 10_000
REPEAT = 4
PROGRAM = "gatech-omscs"


def best(fn: Callable[[], Any], repeat: int = REPEAT) -> float:
    out = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def people(hours: bool) -> Iterator[Profile]:
    """New people: another pay each time; with ``hours``, other hours a week too."""
    k = 0
    while True:
        k += 1
        yield Profile(
            age=31,
            current_salary_usd=90_000 + 997 * k + (500_000 if hours else 0),
            state="TX",
            target_role="data-scientist",
            hours_per_week=15 + k if hours else None,
        )


def main() -> None:
    svc = Service()
    warm = Profile(age=31, current_salary_usd=88_000, state="TX", target_role="data-scientist")
    svc.roi_catalog(warm, draws=2_000)  # snapshot, premium fit, tax table loaded once
    same_inputs, new_inputs = people(False), people(True)
    rows: list[tuple[str, str, str]] = []

    df = svc.roi_catalog(next(same_inputs), draws=DRAWS)
    n_ok = int(df["npv_mean"].notna().sum())
    rows.append(("catalog: programs with a return x draws", f"{n_ok:,} x {DRAWS:,}", ""))
    t = best(lambda: svc.roi_catalog(next(same_inputs), draws=DRAWS))
    rows.append(
        ("whole catalog after-tax, new profile (plan inputs seen)", f"{t:.2f} s", "<= 1.0 s")
    )
    t = best(lambda: svc.roi_catalog(next(new_inputs), draws=DRAWS))
    rows.append(("whole catalog after-tax, new profile (new plan inputs)", f"{t:.2f} s", ""))
    t = best(lambda: svc.roi_catalog(next(same_inputs), draws=DRAWS, basis="pre-tax"))
    rows.append(("whole catalog pre-tax, new profile", f"{t:.2f} s", ""))

    t = best(lambda: svc.roi(next(same_inputs), PROGRAM, draws=DRAWS))
    rows.append(
        ("one program in full (tornado, other mode), uncached", f"{t * 1e3:.0f} ms", "< 1 s")
    )

    def after_catalog() -> float:
        p = next(same_inputs)
        svc.roi_catalog(p, draws=DRAWS)
        s = time.perf_counter()
        svc.roi(p, PROGRAM, draws=DRAWS)
        return time.perf_counter() - s

    t = min(after_catalog() for _ in range(REPEAT))
    rows.append(("one program in full, after the same person's catalog", f"{t * 1e3:.0f} ms", ""))
    t = best(lambda: svc.roi(next(same_inputs), PROGRAM, draws=DRAWS, sensitivity=False))
    rows.append(("  without the tornado, uncached", f"{t * 1e3:.0f} ms", ""))

    if hasattr(svc, "rank"):
        t = best(lambda: svc.rank(next(same_inputs), top=20), 3)
        rows.append(("rank for a new profile (ROI catalog + rank)", f"{t:.2f} s", "<= 1.0 s"))

    # the engine alone on the whole catalog (resolved once)
    from mlmasters.models.roi.analysis import plan_of, programs_array
    from mlmasters.models.roi.results import parse_options
    from mlmasters.models.scenario import ProgramScenario, try_resolve_program

    person = svc.roi_person(next(same_inputs), parse_options({"draws": DRAWS}))
    ok = [
        r
        for r in (try_resolve_program(person, p, svc.roi_premium_fit) for p in svc.catalog.programs)
        if isinstance(r, ProgramScenario) and r.status == "ok"
    ]
    pos: dict[Any, int] = {}
    plans = []
    for r in ok:
        if r.plan_key not in pos:
            pos[r.plan_key] = len(plans)
            plans.append(plan_of(r, person))
    idx = np.array([pos[r.plan_key] for r in ok], dtype=np.int64)
    progs, draws, scen = programs_array(ok), draw_common(DRAWS, 0), person.scenario()
    net = svc._roi_taxes(person).net
    cache = getattr(E, "TAX_CACHE", None)

    def engine(workers: int) -> None:
        if cache is not None:
            cache.clear()  # a new person's tables
        E.run_catalog(progs, idx, plans, draws, scen, net, workers=workers)

    rows.append(
        (
            f"engine alone, after-tax, {len(plans)} plans, 2 threads",
            f"{best(lambda: engine(2)):.2f} s",
            "",
        )
    )
    rows.append(("  same, 1 thread", f"{best(lambda: engine(1)):.2f} s", ""))
    t = best(lambda: E.run_catalog(progs, idx, plans, draws, scen, None))
    rows.append(("engine alone, pre-tax", f"{t:.2f} s", ""))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("process peak RSS (whole benchmark)", f"{rss:.0f} MB", ""))

    w = max(len(r[0]) for r in rows)
    v = max(len(r[1]) for r in rows)
    print(f"{'measure':{w}}  {'result':>{v}}  target")
    print(f"{'-' * w}  {'-' * v}  ------")
    for name, val, target in rows:
        print(f"{name:{w}}  {val:>{v}}  {target}")


if __name__ == "__main__":
    main()
