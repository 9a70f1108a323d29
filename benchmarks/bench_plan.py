"""Benchmark the plan model: the time-to-degree sampler and a whole plan (prints a table)."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from mlmasters.catalog.program import Program
from mlmasters.models.plan.assemble import build_plan
from mlmasters.models.plan.result import PlanOptions
from mlmasters.models.plan.ttd import sample_time_to_degree
from mlmasters.profile import Profile


def _time(fn: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    rng = np.random.default_rng(0)
    program = Program(
        program_id="bench",
        kind="user",
        name="Bench MS",
        institution="Bench U",
        credits_total=30.0,
        credits_semester_equiv=30.0,
        tuition_total=20000.0,
        tuition_currency="USD",
    )
    rows = []
    for draws in (10_000, 100_000):
        for planned in (20.0, 60.0):
            t = _time(
                lambda d=draws, p=planned: sample_time_to_degree(p, "part-time", False, rng, size=d)
            )
            rows.append((f"sample_time_to_degree {planned:g} months", draws, t))
    profile = Profile(hours_per_week=10, enrollment_mode="part-time")
    t = _time(lambda: build_plan(program, profile, PlanOptions()))
    rows.append(("build_plan (part-time, 10 h/week)", 10_000, t))
    print(f"{'what':42} {'draws':>8} {'best of 5 (ms)':>15}")
    for what, draws, secs in rows:
        print(f"{what:42} {draws:>8,} {secs * 1000:>15.1f}")


if __name__ == "__main__":
    main()
