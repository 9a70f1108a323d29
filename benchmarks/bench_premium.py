"""Benchmark the earnings-premium model: fit, one look-up, the catalog, the back-test.

Needs a built snapshot (``MLMASTERS_DATA_DIR`` or the per-user data dir). Prints a table.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from mlmasters.models.roi.backtest import catalog_programs_from_fos, loo_predictions, run_backtest
from mlmasters.models.roi.premium import fit_premiums
from mlmasters.service import Service


def _time(fn: Callable[[], object], repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    svc = Service()
    fos = svc.snapshot.table("scorecard_fos")
    fit = fit_premiums(fos)
    rows_fos = catalog_programs_from_fos(fos)
    catalog = svc.premium_catalog_programs()
    pair = fit.pairs.iloc[0]
    rows = [
        ("fit_premiums (whole table)", len(fos), _time(lambda: fit_premiums(fos))),
        (
            "PremiumFit.for_program (own pair)",
            1,
            _time(lambda: fit.for_program(pair["unitid"], pair["cip_code"], None)),
        ),
        (
            "PremiumFit.for_programs (default catalog)",
            len(catalog),
            _time(lambda: fit.for_programs(catalog)),
        ),
        (
            "loo_predictions (analytic leave-one-out)",
            fit.n_pairs,
            _time(lambda: loo_predictions(fit)),
        ),
        (
            "run_backtest (+ every federal row)",
            fit.n_pairs,
            _time(lambda: run_backtest(fit, catalog, rows_fos)),
        ),
    ]
    print(f"{'what':44} {'rows':>7} {'best of 7 (ms)':>15}")
    for what, n, secs in rows:
        print(f"{what:44} {n:>7,} {secs * 1000:>15.2f}")


if __name__ == "__main__":
    main()
