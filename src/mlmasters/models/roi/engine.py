"""Run the personal model for one program (full analysis) or many (catalog summary).

Pure functions over the resolved inputs (``Scenario``, ``Programs``, time-to-degree
distributions, tax function); the service resolves those from the profile and catalog.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi import aftertax as A
from mlmasters.models.roi import personal as P
from mlmasters.models.roi.draws import Draws, FloatArray, Scenario, TtdDist
from mlmasters.models.roi.personal import IntArray, NetFn, Programs, Tables

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


#: Scenario fields that move neither the growth tables nor the plan's terms (only a
#: program's level and tuition): scenarios differing in these alone share both.
def _program_free(sc: Scenario) -> Scenario:
    return dataclasses.replace(sc, tuition_scale=1.0, premium_scale=1.0, premium_shift=0.0)


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
    keys = [_program_free(sc) for sc in planned]
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
    npv = P.npv_matrix(progs, np.zeros(1, dtype=np.int64), terms, draws, scen)[0]
    return float(P.order_stats(npv)[1])


def p50_after_tax(progs: Programs, plan: Plan, draws: Draws, scen: Scenario, net: NetFn) -> float:
    run = run_single(progs, plan, draws, scen, net)
    assert run.npv_after is not None
    return float(P.order_stats(run.npv_after)[1])


@dataclass
class CatalogArrays:
    mean: FloatArray
    p10: FloatArray
    p50: FloatArray
    p90: FloatArray
    p_loss: FloatArray
    p50_finishers: FloatArray
    irr: FloatArray
    breakeven: FloatArray  # NaN when never within the horizon
    p_loss_finishers: FloatArray  # P(loss and finished)


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
    break-even are those of each program's median draw.
    """
    n_p = progs.n
    out = CatalogArrays(*(np.full(n_p, np.nan) for _ in range(9)))
    t = P.growth_tables(draws, scen)
    chunk = max(1, chunk_elements // max(1, draws.n))
    fast_tax = net is not None and A.table_fits(draws.n, t.horizon)
    if net is not None and not fast_tax:
        chunk = max(1, chunk // t.horizon)
    n_workers = workers or min(2, os.cpu_count() or 1)
    groups: list[tuple[IntArray, P.PlanTerms, Scenario]] = []
    group_plans: list[Plan] = []
    order = np.argsort(plan_of, kind="stable")
    bounds = np.searchsorted(plan_of[order], np.arange(len(plans) + 1))
    for k, plan in enumerate(plans):
        members = order[bounds[k] : bounds[k + 1]]
        if members.size:
            groups.append((members, plan.terms(t, draws, scen), plan.scenario(scen)))
            group_plans.append(plan)
    taxed: dict[int, A.PlanTax] = {}
    if fast_tax and net is not None and groups:
        taxed = _plan_taxes(t, progs, groups, group_plans, draws, scen, net, n_workers)
    jobs = [(m[s : s + chunk], tm, sc) for m, tm, sc in groups for s in range(0, m.size, chunk)]

    rows_per = max(1, STATS_ELEMENTS // max(1, draws.n))
    finishers = {id(tm): np.flatnonzero(tm.completed) for _, tm, _ in groups}

    def block(idx: IntArray, terms: P.PlanTerms, scen: Scenario) -> IntArray:
        """The summary of programs ``idx`` (a few rows: they stay in the core's cache);
        returns each one's median draw."""
        npv: npt.NDArray[np.floating[Any]]
        if net is None:
            npv = P.npv_matrix(progs, idx, terms, draws, scen, np.float32)
        elif taxed:
            npv = A.after_tax_matrix(taxed[id(terms)], progs, idx, terms, draws, scen)
        else:
            npv = _after_tax_matrix(t, progs, idx, terms, draws, scen, net)
        mean = npv.mean(axis=1, dtype=np.float64)
        finite = bool(np.isfinite(mean).all())
        if not finite:  # an overflow is a missing value, never a number
            npv = np.where(np.isfinite(npv), npv, np.nan)
        q = P.order_stats(npv)
        out.p10[idx], out.p50[idx], out.p90[idx] = q[0], q[1], q[2]
        out.mean[idx] = mean
        out.p_loss[idx] = np.count_nonzero(npv < 0, axis=1) / npv.shape[1]
        done = finishers[id(terms)]
        if done.size:
            fin = np.take(npv, done, axis=1)  # a copy: partitioned in place for its median
            out.p_loss_finishers[idx] = np.count_nonzero(fin < 0, axis=1) / npv.shape[1]
            k = int(np.floor(0.5 * (fin.shape[1] - 1)))
            fin.partition(k, axis=1)
            out.p50_finishers[idx] = fin[:, k]
        if finite:
            # the median is one of the draws: the first draw equal to it is the nearest
            return np.asarray((npv == q[1][:, None]).argmax(axis=1))
        return np.asarray(np.abs(npv - q[1][:, None]).argmin(axis=1))

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
        median_flows[idx] = _median_draw_metrics(
            t, progs, idx, mids[idx], terms, draws, scen, net, out
        )

    if n_workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            work(job)
        for group in groups:
            metrics(group)
    else:
        with ThreadPoolExecutor(n_workers) as pool:
            list(pool.map(work, jobs))
            list(pool.map(metrics, groups))
    if n_p:  # one bisection for every program at once (its steps are per column, not per row)
        out.irr[:] = P.irr(median_flows)
    return out


class TaxCache:
    """After-tax plan values (``aftertax.PlanTax``) kept for the next call with the same
    draws, plan, plan scenario and tax function: the program page after the shortlist, or the
    same person again. Least recently used first out, within ``max_bytes``; thread-safe.

    The key holds everything a ``PlanTax`` is computed from: the draws (a digest of their
    values), the plan (time to degree, bridge, mode), the person's scenario in that plan (pay,
    horizon, growth, discount, switch, ...), the level grid's bounds and the tax function
    itself (by identity; the entry keeps it alive, so an identity is never reused while
    cached). A cached entry is used
    only when it holds every grid node the programs asked for can read.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[Any, ...], tuple[object, A.PlanTax]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], owner: object) -> A.PlanTax | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] is not owner:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: tuple[Any, ...], owner: object, tax: A.PlanTax) -> None:
        size = tax.nbytes
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1].nbytes
            if size > self.max_bytes:
                return
            self._items[key] = (owner, tax)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, gone) = self._items.popitem(last=False)
                self._bytes -= gone.nbytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)


#: Bytes of after-tax plan values kept between calls (about 4 plans at 10,000 draws; the
#: server keeps its RSS within 250 MB, issue 8).
TAX_CACHE_BYTES = 32 * 2**20
TAX_CACHE = TaxCache(TAX_CACHE_BYTES)


def draws_digest(draws: Draws) -> bytes:
    """A digest of the draws' values (the same draws give the same digest)."""
    h = hashlib.blake2b(digest_size=16)
    for f in dataclasses.fields(draws):
        a = np.ascontiguousarray(getattr(draws, f.name))
        h.update(f"{f.name}:{a.dtype.str}:{a.shape}".encode())
        h.update(a.tobytes())
    return h.digest()


def _plan_taxes(
    t: Tables,
    progs: Programs,
    groups: list[tuple[IntArray, P.PlanTerms, Scenario]],
    plans: list[Plan],
    draws: Draws,
    scen: Scenario,
    net: NetFn,
    workers: int,
) -> dict[int, A.PlanTax]:
    """After-tax plan values for each group, from the cache or built together (on the grid
    nodes the group's programs can read)."""
    lo, hi = A.level_bounds(scen)
    step, _ = A.level_nodes(lo, hi)
    owner = getattr(net, "__self__", net)
    fn = getattr(net, "__func__", None)
    digest = draws_digest(draws)
    taxed: dict[int, A.PlanTax] = {}
    missing = []
    for (members, terms, sc), plan in zip(groups, plans, strict=True):
        klo, khi = A.node_range(progs, members, terms, draws, sc, lo, step)
        key = (digest, id(owner), fn, plan, sc, lo, hi)
        hit = TAX_CACHE.get(key, owner)
        if hit is not None and A.covers(hit, klo, khi):
            taxed[id(terms)] = hit
            continue
        if hit is not None:  # keep what it held too
            klo, khi = np.minimum(klo, hit.klo), np.maximum(khi, hit.khi)
        missing.append((key, terms, sc, klo, khi))
    if missing:
        klo = np.min([m[3] for m in missing], axis=0)
        khi = np.max([m[4] for m in missing], axis=0)
        built = A.plan_taxes(
            t, net, lo, hi, [(m[1], m[2]) for m in missing], klo, khi, workers=workers
        )
        for (key, terms, _, _, _), tax in zip(missing, built, strict=True):
            taxed[id(terms)] = tax
            TAX_CACHE.put(key, owner, tax)
    return taxed


def _after_tax_matrix(
    t: Tables,
    progs: Programs,
    idx: IntArray,
    terms: P.PlanTerms,
    draws: Draws,
    scen: Scenario,
    net: NetFn,
) -> FloatArray:
    levels = P.wage_paths(terms, progs, idx, draws, scen)
    rows = np.arange(draws.n, dtype=np.int64)
    out = np.empty((idx.size, draws.n))
    for j, p in enumerate(idx):
        _, after = P.yearly_cash_flows(
            t, rows, terms, levels[j], progs.tuition_usd[p], progs.loan_factor[p], scen, net
        )
        assert after is not None
        out[j] = after @ t.d
    return out


def _median_draw_metrics(
    t: Tables,
    progs: Programs,
    idx: IntArray,
    mid: IntArray,
    terms: P.PlanTerms,
    draws: Draws,
    scen: Scenario,
    net: NetFn | None,
    out: CatalogArrays,
) -> FloatArray:
    """Break-even of each program's median draw (into ``out``); returns that draw's yearly
    flows (the caller takes every program's IRR from them at once)."""
    sub = dataclasses.replace(
        draws, **{f.name: getattr(draws, f.name)[mid] for f in dataclasses.fields(draws)}
    )
    sub_terms = dataclasses.replace(
        terms,
        **{
            f.name: getattr(terms, f.name)[mid]
            for f in dataclasses.fields(terms)
            if isinstance(getattr(terms, f.name), np.ndarray)
        },
    )
    sub_t = dataclasses.replace(t, log_g=t.log_g[mid], g=t.g[mid], f_cum=t.f_cum[mid], dg=t.dg[mid])
    level = np.diagonal(P.wage_paths(sub_terms, progs, idx, sub, scen)).copy()
    rows = np.arange(idx.size, dtype=np.int64)
    pre, after = P.yearly_cash_flows(
        sub_t, rows, sub_terms, level, progs.tuition_usd[idx], progs.loan_factor[idx], scen, net
    )
    flows = pre if after is None else after
    cum = np.cumsum(flows * t.d[None, :], axis=1)
    ends = np.where(sub_terms.completed, sub_terms.study_years, np.inf)
    out.breakeven[idx] = [
        np.nan if not np.isfinite(e) or (b := P.breakeven_year(c, float(e))) is None else b
        for c, e in zip(cum, ends, strict=True)
    ]
    return np.asarray(flows, dtype=np.float64)
