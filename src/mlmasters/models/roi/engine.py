"""Run the personal model for one program (full analysis) or many (catalog summary).

Pure functions over the resolved inputs (``Scenario``, ``Programs``, time-to-degree
distributions, tax function); the service resolves those from the profile and catalog.
The after-tax plan values' cache lives in ``taxcache`` (its names are re-exported here).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi import aftertax as A
from mlmasters.models.roi import closed_form as C
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.catalog_parts import (
    CatalogArrays,
    PremiumShared,
    median_draw_metrics,
    summarise_block,
    yearly_after_tax_matrix,
)
from mlmasters.models.roi.draws import Draws, FloatArray, Scenario, TtdDist
from mlmasters.models.roi.personal import IntArray, NetFn, Programs, Tables
from mlmasters.models.roi.taxcache import (
    TAX_CACHE,
    TAX_CACHE_BYTES,
    TaxCache,
    draws_digest,
    plan_taxes_cached,
)

#: Elements (programs x draws) evaluated at once in the catalog path: bounds memory.
CHUNK_ELEMENTS = 1_000_000
#: Elements summarised at once within a chunk (a few programs: they stay in the cache).
STATS_ELEMENTS = 1 << 16


@dataclass(frozen=True)
class Plan:
    """How one group of programs is studied: the plan's time to degree, its bridge courses
    before the program, and the study mode (working or not while studying)."""

    ttd: TtdDist
    bridge_years: float = 0.0
    full_time: bool = True
    salary_kept: float = 0.0

    def scenario(self, scen: Scenario) -> Scenario:
        """The person's scenario in this plan's study mode. No floor at the old path in
        either mode: the premium's spread is mean-preserving, and a floor would turn that
        uncertainty into value (more assumed spread, a larger expected gain)."""
        if (scen.full_time, scen.salary_kept) == (self.full_time, self.salary_kept):
            return scen
        return dataclasses.replace(scen, full_time=self.full_time, salary_kept=self.salary_kept)

    def terms(self, t: Tables, draws: Draws, scen: Scenario) -> P.PlanTerms:
        return P.plan_terms(t, draws, self.scenario(scen), self.ttd, self.bridge_years)


@dataclass(frozen=True)
class Summary:
    mean: float
    p10: float
    p50: float
    p90: float
    p_loss: float
    p50_finishers: float
    irr: float
    breakeven: int | None
    #: P(loss and the degree finished); P(loss) minus it is the loss of not finishing.
    p_loss_finishers: float = float("nan")


@dataclass(frozen=True)
class SingleRun:
    npv_pre: FloatArray
    npv_after: FloatArray | None
    flows_pre: FloatArray  # (n, H)
    flows_after: FloatArray | None
    discount: FloatArray
    terms: P.PlanTerms
    level: FloatArray


def summarize(
    npv: FloatArray, flows: FloatArray, discount: FloatArray, terms: P.PlanTerms
) -> Summary:
    """Mean, percentiles, P(loss), the median among finishers, and the IRR and break-even of
    the median draw (break-even never before that draw's degree is finished)."""
    p10, p50, p90 = P.order_stats(npv)
    mid = int(np.abs(npv - p50).argmin())
    row = flows[mid]
    done = terms.completed
    fin = float(P.order_stats(npv[done])[1]) if done.any() else float("nan")
    earliest = float(terms.study_years[mid]) if done[mid] else float("inf")
    cum = np.cumsum(row * discount)
    be = P.breakeven_year(cum, earliest) if np.isfinite(earliest) else None
    return Summary(
        mean=float(np.mean(npv)),
        p10=float(p10),
        p50=float(p50),
        p90=float(p90),
        p_loss=float(np.mean(npv < 0)),
        p50_finishers=fin,
        irr=float(P.irr(row[None, :])[0]),
        breakeven=be,
        p_loss_finishers=float(np.count_nonzero(npv[done] < 0) / max(npv.size, 1)),
    )


def run_single(
    progs: Programs, plan: Plan, draws: Draws, scen: Scenario, net: NetFn | None
) -> SingleRun:
    """Every draw of one program (``progs`` has one entry), year by year."""
    scen = plan.scenario(scen)
    t = P.growth_tables(draws, scen)
    terms = plan.terms(t, draws, scen)
    idx = np.zeros(1, dtype=np.int64)
    level = P.wage_paths(terms, progs, idx, draws, scen)[0]
    rows = np.arange(draws.n, dtype=np.int64)
    pre, after = P.yearly_cash_flows(
        t, rows, terms, level, float(progs.tuition_usd[0]), float(progs.loan_factor[0]), scen, net
    )
    return SingleRun(
        npv_pre=pre @ t.d,
        npv_after=None if after is None else after @ t.d,
        flows_pre=pre,
        flows_after=after,
        discount=t.d,
        terms=terms,
        level=level,
    )


def mean_npvs(
    progs: Programs,
    plan: Plan,
    draws: Draws,
    scens: list[Scenario],
    net: NetFn | None,
    workers: int | None = None,
) -> list[float]:
    """The mean NPV (after-tax when ``net`` is given) of one program under each scenario,
    each exactly as ``run_single`` computes it. Scenarios that differ only in tuition or
    premium share their growth tables and plan terms; the scenarios run on a small thread
    pool (the tornado's steps)."""
    planned = [plan.scenario(sc) for sc in scens]
    keys = [sc.program_free() for sc in planned]
    distinct = list(dict.fromkeys(keys))
    idx = np.zeros(1, dtype=np.int64)
    rows = np.arange(draws.n, dtype=np.int64)

    def shared(key: Scenario) -> tuple[Tables, P.PlanTerms]:
        t = P.growth_tables(draws, key)
        return t, plan.terms(t, draws, key)

    def mean(k: int) -> float:
        sc = planned[k]
        t, terms = built[keys[k]]
        level = P.wage_paths(terms, progs, idx, draws, sc)[0]
        pre, after = P.yearly_cash_flows(
            t, rows, terms, level, float(progs.tuition_usd[0]), float(progs.loan_factor[0]),
            sc, net,
        )  # fmt: skip
        return float(np.mean((pre if after is None else after) @ t.d))

    n_workers = workers or min(2, os.cpu_count() or 1)
    if n_workers <= 1 or len(scens) <= 1:
        built = {key: shared(key) for key in distinct}
        return [mean(k) for k in range(len(scens))]
    with ThreadPoolExecutor(n_workers) as pool:
        built = dict(zip(distinct, pool.map(shared, distinct), strict=True))
        return list(pool.map(mean, range(len(scens))))


def p50_closed_form(progs: Programs, plan: Plan, draws: Draws, scen: Scenario) -> float:
    """Median pre-tax NPV of one program (closed form; used by the tornado)."""
    scen = plan.scenario(scen)
    t = P.growth_tables(draws, scen)
    terms = plan.terms(t, draws, scen)
    npv = C.npv_matrix(progs, np.zeros(1, dtype=np.int64), terms, draws, scen)[0]
    return float(P.order_stats(npv)[1])


def p50_after_tax(progs: Programs, plan: Plan, draws: Draws, scen: Scenario, net: NetFn) -> float:
    run = run_single(progs, plan, draws, scen, net)
    assert run.npv_after is not None
    return float(P.order_stats(run.npv_after)[1])


Group = tuple[IntArray, P.PlanTerms, Scenario]


def _plan_groups(
    t: Tables, plan_of: IntArray, plans: list[Plan], draws: Draws, scen: Scenario
) -> tuple[list[Group], list[Plan]]:
    """The programs of each plan that has any (their indices, the plan's terms and scenario),
    and those plans."""
    groups: list[Group] = []
    group_plans: list[Plan] = []
    order = np.argsort(plan_of, kind="stable")
    bounds = np.searchsorted(plan_of[order], np.arange(len(plans) + 1))
    for k, plan in enumerate(plans):
        members = order[bounds[k] : bounds[k + 1]]
        if members.size:
            groups.append((members, plan.terms(t, draws, scen), plan.scenario(scen)))
            group_plans.append(plan)
    return groups, group_plans


def distinct_programs(progs: Programs, plan_of: IntArray) -> tuple[IntArray, IntArray]:
    """The programs whose inputs (plan, premium, its spread, tuition, loan factor) no earlier
    program has, by bits, and for every program the position of its twin among them."""
    cols = (plan_of.astype(np.float64), progs.premium, progs.premium_sd, progs.tuition_usd)
    key = np.ascontiguousarray(np.stack([*cols, progs.loan_factor], axis=1, dtype=np.float64))
    _, first, inv = np.unique(
        key.view(np.dtype((np.void, key.itemsize * 5))).ravel(),
        return_index=True,
        return_inverse=True,
    )
    return first.astype(np.int64), inv.astype(np.int64).ravel()


def run_catalog(
    progs: Programs,
    plan_of: IntArray,
    plans: list[Plan],
    draws: Draws,
    scen: Scenario,
    net: NetFn | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_elements: int = CHUNK_ELEMENTS,
    workers: int | None = None,
) -> CatalogArrays:
    """NPV summary for every program (pre-tax closed form, or after-tax year by year).

    ``plan_of[j]`` indexes ``plans`` for program ``j``. Chunks of programs run on a small
    thread pool (NumPy releases the GIL); the pre-tax matrix is float32 (cents of precision
    on NPVs of millions). Percentiles are order statistics (``lower`` method); IRR and
    break-even are those of each program's median draw. Programs with the same inputs
    (``distinct_programs``: about 7% of the catalog) are computed once: every figure of a
    program is a function of its own inputs and the draws only.
    """
    first, twin = distinct_programs(progs, plan_of)
    if first.size == progs.n:
        return _run_catalog(
            progs, plan_of, plans, draws, scen, net, progress, chunk_elements, workers
        )
    sub = Programs(*(getattr(progs, f.name)[first] for f in dataclasses.fields(progs)))
    got = _run_catalog(
        sub, plan_of[first], plans, draws, scen, net, progress, chunk_elements, workers
    )
    if progress is not None:
        progress(progs.n - first.size)
    return CatalogArrays(*(getattr(got, f.name)[twin] for f in dataclasses.fields(got)))


def _run_catalog(
    progs: Programs,
    plan_of: IntArray,
    plans: list[Plan],
    draws: Draws,
    scen: Scenario,
    net: NetFn | None,
    progress: Callable[[int], None] | None,
    chunk_elements: int,
    workers: int | None,
) -> CatalogArrays:
    n_p = progs.n
    out = CatalogArrays(*(np.full(n_p, np.nan) for _ in range(9)))
    t = P.growth_tables(draws, scen)
    chunk = max(1, chunk_elements // max(1, draws.n))
    fast_tax = net is not None and A.table_fits(draws.n, t.horizon)
    if net is not None and not fast_tax:
        chunk = max(1, chunk // t.horizon)
    n_workers = workers or min(2, os.cpu_count() or 1)
    groups, group_plans = _plan_groups(t, plan_of, plans, draws, scen)
    taxed: dict[int, A.PlanTax] = {}
    if fast_tax and net is not None and groups:
        taxed = plan_taxes_cached(t, progs, groups, group_plans, draws, scen, net, n_workers)
    jobs = [(m[s : s + chunk], tm, sc) for m, tm, sc in groups for s in range(0, m.size, chunk)]

    rows_per = max(1, STATS_ELEMENTS // max(1, draws.n))
    finishers = {id(tm): np.flatnonzero(tm.completed) for _, tm, _ in groups}
    shared = PremiumShared(progs, draws, taxed if net is not None else None)

    def block(idx: IntArray, terms: P.PlanTerms, scen: Scenario) -> IntArray:
        """The summary of programs ``idx`` (a few rows: they stay in the core's cache);
        returns each one's median draw."""
        npv: npt.NDArray[np.floating[Any]]
        if net is None or taxed:
            npv = shared.npv(idx, terms, scen)
        else:
            npv = yearly_after_tax_matrix(t, progs, idx, terms, draws, scen, net)
        return summarise_block(npv, idx, finishers[id(terms)], out)

    def prepare(group: tuple[IntArray, P.PlanTerms, Scenario]) -> None:
        if net is None or taxed:
            shared.prepare(group)

    mids = np.zeros(n_p, dtype=np.int64)  # each program's median draw

    def work(job: tuple[IntArray, P.PlanTerms, Scenario]) -> None:
        idx, terms, scen = job
        mids[idx] = np.concatenate(
            [block(idx[b : b + rows_per], terms, scen) for b in range(0, idx.size, rows_per)]
        )
        if progress is not None:
            progress(int(idx.size))

    median_flows = np.zeros((n_p, t.horizon))  # each program's median draw, year by year

    def metrics(group: tuple[IntArray, P.PlanTerms, Scenario]) -> None:
        idx, terms, scen = group
        median_flows[idx] = median_draw_metrics(
            t, progs, idx, mids[idx], terms, draws, scen, net, out
        )

    if n_workers <= 1 or len(jobs) <= 1:
        for group in groups:
            prepare(group)
        for job in jobs:
            work(job)
        for group in groups:
            metrics(group)
    else:
        with ThreadPoolExecutor(n_workers) as pool:
            list(pool.map(prepare, groups))
            list(pool.map(work, jobs))
            list(pool.map(metrics, groups))
    if n_p:  # one bisection for every program at once (its steps are per column, not per row)
        out.irr[:] = P.irr(median_flows)
    return out


__all__ = [
    "CHUNK_ELEMENTS",
    "TAX_CACHE",
    "TAX_CACHE_BYTES",
    "CatalogArrays",
    "Plan",
    "SingleRun",
    "Summary",
    "TaxCache",
    "draws_digest",
    "mean_npvs",
    "p50_after_tax",
    "p50_closed_form",
    "run_catalog",
    "run_single",
    "summarize",
]
