"""After-tax NPV for programs x draws without a loop over years per pair.

Tax is taken on each year's income, so the after-tax NPV is not linear in the post-degree
level ``L`` (``S exp(beta)``, or the target occupation's pay on a switched draw, see
``personal.py``). For a completer, the years split into:

* years before the one in which work with the degree starts: income does not depend on the
  program (part of the salary kept while studying) - a sum per draw;
* the transition year: part study or search, part new job - one tax evaluation per pair;
* the years after: ``Phi_i(L, s) = sum_{t >= s} d_t net(L G_t)`` - tabulated once per draw on
  a log-spaced grid of ``L`` (``GRID`` points) with suffix sums over years, then interpolated
  linearly in ``L`` between the two nodes around it, per pair.

Dropouts' income does not depend on the program at all. Tuition is the same as pre-tax. The
grid interpolation is the only approximation (tested against the year-by-year flows).

Speed (the figures are those of the full table, bit for bit; tests compare them): the catalog
path (``plan_taxes``) never holds the draws x grid x years table. It evaluates, per draw, only
the nodes the programs can read (``node_range``: the premium's lines bounded by their
extremes, one node to spare), in chunks of draws with similar ranges on two threads, from the
earliest start year in a chunk; the years after everybody's study are the counterfactual's,
taxed once for every plan. A ``PlanTax`` keeps those nodes only, as (value, step to the next)
pairs, and a dropout's value in one slot, so ``after_tax_matrix`` is one gather per position.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi.draws import Draws, FloatArray, Scenario
from mlmasters.models.roi.personal import (
    IntArray,
    NetFn,
    PlanTerms,
    Programs,
    Tables,
)

GRID = 96
#: Largest float32 table (draws x grid x years) built at once; beyond it the caller falls
#: back to the year-by-year path.
MAX_TABLE_ELEMENTS = 120_000_000


class PostTable:
    """``Phi`` for every draw: (n, GRID, H + 1) suffix sums over years, float32."""

    def __init__(self, t: Tables, net: NetFn, log_lo: float, log_hi: float):
        h = t.horizon
        n = t.log_g.shape[0]
        self.log_lo = log_lo
        self.step = max((log_hi - log_lo) / (GRID - 1), 1e-9)
        g = t.g  # (n, H)
        self.phi = np.zeros((n, GRID, h + 1), dtype=np.float32)
        for k in range(GRID):
            level = float(np.exp(log_lo + k * self.step))
            vals = net((level * g).ravel()).reshape(n, h) * t.d[None, :]
            self.phi[:, k, :h] = np.cumsum(vals[:, ::-1], axis=1)[:, ::-1]

    def at(self, start: IntArray) -> npt.NDArray[np.float32]:
        """``Phi_i(., start_i)`` on the grid, (n, GRID)."""
        rows = np.arange(self.phi.shape[0])
        return np.asarray(self.phi[rows, :, start], dtype=np.float32)


#: Span of the level grid above the person's pay, in log points (e^2 = 7.4 times their pay).
#: Fixed per person, not per program set, so a program's figures do not depend on which other
#: programs are computed with it; a level beyond it (a draw more than 7 times the pay) is
#: valued at the grid's top.
LEVEL_LOG_SPAN = 2.0


def level_bounds(scen: Scenario) -> tuple[float, float]:
    """log bounds of the post-degree level grid: one span below the person's pay to one span
    above it, or to the target occupation's pay if higher (a switched draw's level, which
    carries no premium)."""
    log_s = float(np.log(max(scen.salary_usd, 1.0)))
    hi = log_s + max(LEVEL_LOG_SPAN, scen.switch_log_gain)
    lo = log_s - LEVEL_LOG_SPAN
    return lo, hi + 1e-6


class PlanTax:
    """Per-draw after-tax values of one plan, on the level grid (built once per plan).

    ``grid[i, g]`` is a completer's after-tax NPV before tuition when the post-degree level is
    the grid's ``g``-th node: the years before the transition year, the transition year and
    the years after, minus the counterfactual's after-tax pay. ``dropout[i]`` is the same for
    a dropout (it does not depend on the program).

    ``PlanTax(t, table, terms, scen, net)`` reads the full ``PostTable``; ``plan_taxes``
    builds many plans at once without it (the same figures, bit for bit).
    """

    def __init__(self, t: Tables, table: PostTable, terms: PlanTerms, scen: Scenario, net: NetFn):
        parts = _PlanParts(t, terms, scen, net)
        at = table.at(np.minimum(parts.start, t.horizon))
        self._finish(t, parts, at, counterfactual_net(t, scen, net), table.log_lo, table.step)

    @classmethod
    def _from_grid(
        cls,
        grid: npt.NDArray[np.float32],
        parts: _PlanParts,
        cf_net: FloatArray,
        log_lo: float,
        step: float,
        klo: IntArray | None = None,
        khi: IntArray | None = None,
    ) -> PlanTax:
        self = cls.__new__(cls)
        self._store(grid, parts, cf_net, log_lo, step, klo, khi)
        return self

    def _finish(
        self,
        t: Tables,
        parts: _PlanParts,
        at: npt.NDArray[np.float32],
        cf_net: FloatArray,
        log_lo: float,
        step: float,
    ) -> None:
        levels = np.exp(log_lo + step * np.arange(GRID))
        trans = parts.transition(t, levels)
        grid = np.asarray(at + trans + (parts.pre - cf_net)[:, None], dtype=np.float32)
        self._store(grid, parts, cf_net, log_lo, step)

    def _store(
        self,
        grid: npt.NDArray[np.float32],
        parts: _PlanParts,
        cf_net: FloatArray,
        log_lo: float,
        step: float,
        klo: IntArray | None = None,
        khi: IntArray | None = None,
    ) -> None:
        """Keep, per draw, the nodes ``klo..khi`` (every node by default) as pairs (the
        node's value, the step to the next): one gather per position. A draw that does not
        complete keeps one node, ``DROPOUT_NODE``: its dropout value with no step
        (``after_tax_matrix`` sends its position there)."""
        self.dropout = np.asarray(parts.drop - cf_net, dtype=np.float32)
        self.nodes = np.exp(log_lo + step * np.arange(GRID + 1))
        self.log_lo = log_lo
        self.step = step
        n = grid.shape[0]
        pairs = np.empty((n, GRID, 2), dtype=np.float32)
        pairs[:, :, 0] = grid
        pairs[:, :-1, 1] = grid[:, 1:] - grid[:, :-1]
        pairs[:, -1, 1] = 0.0
        gone = ~parts.completed
        pairs[gone, DROPOUT_NODE, 0] = self.dropout[gone]
        pairs[gone, DROPOUT_NODE, 1] = 0.0
        lo = np.zeros(n, dtype=np.int64) if klo is None else klo.astype(np.int64)
        hi = np.full(n, GRID - 1, dtype=np.int64) if khi is None else khi.astype(np.int64)
        lo[gone] = hi[gone] = DROPOUT_NODE
        width = hi - lo + 1
        start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(width, out=start[1:])
        rows = np.repeat(np.arange(n, dtype=np.int64), width)
        cols = np.arange(int(start[-1]), dtype=np.int64) - start[rows] + lo[rows]
        self._pairs = pairs.view(np.uint64).reshape(-1)[rows * GRID + cols]
        self._base = (start[:-1] - lo).astype(np.intp)  # position of node j: base[i] + j
        # the nodes kept, per draw
        self.klo, self.khi = lo, hi

    @property
    def grid(self) -> npt.NDArray[np.float32]:
        """(n, GRID): the after-tax value at each node kept (zero elsewhere)."""
        n = self._base.shape[0]
        width = self.khi - self.klo + 1
        rows = np.repeat(np.arange(n, dtype=np.int64), width)
        cols = np.arange(self._pairs.size, dtype=np.int64) - self._base[rows]
        out = np.zeros((n, GRID), dtype=np.float32)
        out[rows, cols] = self._pairs.view(np.float32)[0::2]
        return out

    @property
    def nbytes(self) -> int:
        return int(
            self._pairs.nbytes
            + self._base.nbytes
            + self.dropout.nbytes
            + self.klo.nbytes
            + self.khi.nbytes
        )


def counterfactual_net(t: Tables, scen: Scenario, net: NetFn) -> FloatArray:
    """After-tax present value of the person's pay without the degree, per draw."""
    return np.asarray(_counterfactual_flows(t, scen, net).sum(axis=1))


def _counterfactual_flows(t: Tables, scen: Scenario, net: NetFn) -> FloatArray:
    return np.asarray(net(t.g * scen.salary_usd) * t.d[None, :])


class _PlanParts:
    """The parts of a plan's after-tax values that do not depend on the post-degree level.

    ``cf_flows`` (the counterfactual's discounted after-tax pay per year) lets the years after
    everybody's study and search be copied instead of taxed again: a dropout's pay there is
    the counterfactual's, bit for bit.
    """

    def __init__(
        self,
        t: Tables,
        terms: PlanTerms,
        scen: Scenario,
        net: NetFn,
        cf_flows: FloatArray | None = None,
    ):
        h = t.horizon
        s = scen.salary_usd
        k = scen.salary_kept
        g = t.g
        n = g.shape[0]
        d = t.d[None, :]
        yr = np.arange(h, dtype=np.float64)[None, :]
        study = terms.study_years[:, None]
        until = study + terms.search_years[:, None]
        first = np.floor(np.clip(until[:, 0], 0.0, float(h))).astype(np.int64)
        if cf_flows is None:
            f_study = np.clip(study - yr, 0.0, 1.0)
            f_after = 1.0 - np.clip(until - yr, 0.0, 1.0)
            self.drop = (net(g * (k * s * f_study + s * f_after)) * d).sum(axis=1)
            before = yr < first[:, None]
            self.pre = (net(g * k * s * f_study) * d * before).sum(axis=1)
        else:
            # years from ``end`` on: nobody studies or searches (f_study 0, f_after 1)
            end = int(min(h, max(0.0, math.ceil(float(until.max())))))
            ye = yr[:, :end]
            ge = g[:, :end]
            f_study = np.clip(study - ye, 0.0, 1.0)
            f_after = 1.0 - np.clip(until - ye, 0.0, 1.0)
            flows = cf_flows.copy()
            flows[:, :end] = net(ge * (k * s * f_study + s * f_after)) * d[:, :end]
            self.drop = flows.sum(axis=1)
            # before the first year of work with the degree only (zero after, as ``before``
            # makes it; the sign of that zero as net(0) * d * False gives it)
            last = int(first.max())
            flows[:, last:] = (net(np.zeros(1))[0] * t.d[last:]) * 0.0
            before = ye[:, :last] < first[:, None]
            flows[:, :last] = net(ge[:, :last] * k * s * f_study[:, :last]) * d[:, :last] * before
            self.pre = flows.sum(axis=1)
        rows = np.arange(n)
        ti = np.minimum(first, h - 1)
        cols = f_study.shape[1]  # h, or ``end`` (after it f_study is 0 and f_after 1)
        if cols == h:
            study_ti, after_ti = f_study[rows, ti], f_after[rows, ti]
        elif cols == 0:
            study_ti, after_ti = np.zeros(n), np.ones(n)
        else:
            inside = ti < cols
            tc = np.minimum(ti, cols - 1)
            study_ti = np.where(inside, f_study[rows, tc], 0.0)
            after_ti = np.where(inside, f_after[rows, tc], 1.0)
        self.partial = (first < h) & (after_ti < 1.0)
        self.start = np.where(self.partial, first + 1, first)
        self.ti = ti
        self.g_ti = g[rows, ti][:, None]
        self.kept_ti = k * s * study_ti[:, None]
        self.after_ti = after_ti[:, None]
        self.net = net
        self.completed = terms.completed

    def transition(self, t: Tables, levels: FloatArray) -> FloatArray:
        income = self.g_ti * (self.kept_ti + levels[None, :] * self.after_ti)
        return np.asarray(
            np.where(self.partial[:, None], self.net(income) * t.d[self.ti][:, None], 0.0)
        )

    def transition_rows(self, t: Tables, levels: FloatArray, rows: IntArray) -> FloatArray:
        """``transition`` for draws ``rows`` and the given levels (the same values)."""
        out = np.zeros((rows.size, levels.size))
        part = rows[self.partial[rows]]
        if part.size:
            income = self.g_ti[part] * (self.kept_ti[part] + levels[None, :] * self.after_ti[part])
            out[self.partial[rows]] = self.net(income) * t.d[self.ti[part]][:, None]
        return out


#: Cells (draws x grid x years) of the level table evaluated at once by ``plan_taxes``:
#: about 2 MB of float64, so the work stays in the core's cache.
CHUNK_CELLS = 1 << 18


def level_nodes(log_lo: float, log_hi: float) -> tuple[float, FloatArray]:
    """The step and the levels of the grid, computed exactly as ``PostTable`` does."""
    step = max((log_hi - log_lo) / (GRID - 1), 1e-9)
    return step, np.array([float(np.exp(log_lo + k * step)) for k in range(GRID)])


def node_range(
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
    log_lo: float,
    step: float,
) -> tuple[IntArray, IntArray]:
    """The grid nodes ``after_tax_matrix`` can read for programs ``idx``, per draw: from
    ``klo[i]`` to ``khi[i]`` (inclusive; empty, ``klo > khi``, for a draw that does not
    complete). Conservative: the premium's lines ``beta + sd z`` are bounded by their extremes
    (a switched draw reads its one level, the target occupation's pay), with one node to spare
    on each side for the float32 position."""
    n = draws.n
    klo = np.full(n, GRID, dtype=np.int64)
    khi = np.full(n, -1, dtype=np.int64)
    if idx.size == 0:
        return klo, khi
    beta = progs.premium[idx] * scen.premium_scale + scen.premium_shift
    sd = progs.premium_sd[idx]
    z = draws.z_premium
    c = terms.log_switch + np.log(max(scen.salary_usd, 1.0))
    s_lo, s_hi = float(sd.min()), float(sd.max())
    on = terms.premium_on
    low = (float(beta.min()) + np.minimum(s_lo * z, s_hi * z)) * on + c
    high = (float(beta.max()) + np.maximum(s_lo * z, s_hi * z)) * on + c
    u_lo = np.clip((low - log_lo) / step, 0.0, GRID - 1.0)
    u_hi = np.clip((high - log_lo) / step, 0.0, GRID - 1.0)
    done = terms.completed
    klo[done] = np.maximum(np.floor(u_lo[done]).astype(np.int64) - 1, 0)
    khi[done] = np.minimum(np.floor(u_hi[done]).astype(np.int64) + 2, GRID - 1)
    return klo, khi


def plan_taxes(
    t: Tables,
    net: NetFn,
    log_lo: float,
    log_hi: float,
    plans: list[tuple[PlanTerms, Scenario]],
    klo: IntArray | None = None,
    khi: IntArray | None = None,
    workers: int = 1,
) -> list[PlanTax]:
    """``PlanTax`` for each (terms, plan scenario), bit for bit as built on a ``PostTable``,
    on the nodes ``klo[i]..khi[i]`` of each draw (``node_range``; every node by default; the
    others are not computed and never read), without holding the table.

    Draws run in chunks of similar node ranges (on ``workers`` threads); the years before
    the earliest start in a chunk are left out (a suffix sum never reads them); the years
    after everybody's study are the counterfactual's, taxed once for every plan.
    """
    if not plans:
        return []
    h = t.horizon
    n = t.g.shape[0]
    step, levels = level_nodes(log_lo, log_hi)
    levels_t = np.exp(log_lo + step * np.arange(GRID))  # the transition year's, as PlanTax
    cf_flows: dict[float, FloatArray] = {}
    for _, sc in plans:
        if sc.salary_usd not in cf_flows:
            cf_flows[sc.salary_usd] = _counterfactual_flows(t, sc, net)
    cf = {s: f.sum(axis=1) for s, f in cf_flows.items()}
    pool = ThreadPoolExecutor(workers) if workers > 1 and len(plans) > 1 else None
    run = map if pool is None else pool.map
    parts = list(run(lambda p: _PlanParts(t, p[0], p[1], net, cf_flows[p[1].salary_usd]), plans))
    base = [(p.pre - cf[sc.salary_usd])[:, None] for p, (_, sc) in zip(parts, plans, strict=True)]
    grids = [np.zeros((n, GRID), dtype=np.float32) for _ in plans]
    lo_k = np.zeros(n, dtype=np.int64) if klo is None else klo
    hi_k = np.full(n, GRID - 1, dtype=np.int64) if khi is None else khi
    live = np.nonzero(hi_k >= lo_k)[0]
    order = live[np.lexsort((hi_k[live], lo_k[live]))]  # similar ranges in a chunk
    width = float(np.mean(hi_k[live] - lo_k[live] + 1)) if live.size else 1.0
    rows_per = max(1, int(CHUNK_CELLS // (width * h)))
    chunks = [order[r : r + rows_per] for r in range(0, order.size, rows_per)]
    d = t.d

    def chunk(rows: IntArray) -> None:
        k0 = int(lo_k[rows].min())
        k1 = int(hi_k[rows].max()) + 1
        sub = [np.minimum(p.start[rows], h) for p in parts]
        t0 = min(int(s.min()) for s in sub)
        c = rows.size
        w = k1 - k0
        m = h - t0
        cum = np.zeros((c, w, m + 1))
        if m > 0:
            x = levels[None, k0:k1, None] * t.g[rows][:, None, t0:]
            vals = net(x.ravel()).reshape(c, w, m)
            vals *= d[None, None, t0:]
            np.cumsum(vals[:, :, ::-1], axis=2, out=cum[:, :, m - 1 :: -1])
        at = np.arange(c)
        for grid, p, s, b in zip(grids, parts, sub, base, strict=True):
            post = cum[at, :, s - t0].astype(np.float32)  # the table is float32
            grid[rows, k0:k1] = post + p.transition_rows(t, levels_t[k0:k1], rows) + b[rows]

    if pool is None and workers > 1 and len(chunks) > 1:
        pool = ThreadPoolExecutor(workers)
        run = pool.map
    try:
        list(run(chunk, chunks))

        def store(k: int) -> PlanTax:
            c = cf[plans[k][1].salary_usd]
            return PlanTax._from_grid(grids[k], parts[k], c, log_lo, step, klo, khi)

        return list(run(store, range(len(plans))))
    finally:
        if pool is not None:
            pool.shutdown()


def covers(tax: PlanTax, klo: IntArray, khi: IntArray) -> bool:
    """Whether ``tax`` holds every node in ``klo..khi`` (per draw; empty ranges always)."""
    need = khi >= klo
    return bool(np.all(~need | ((klo >= tax.klo) & (khi <= tax.khi))))


def after_tax_matrix(
    plan: PlanTax,
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
) -> npt.NDArray[np.floating[Any]]:
    """After-tax NPV for programs ``idx`` x all draws, shape (len(idx), n).

    float32 throughout: the position on the grid (``log_levels``), the interpolation weight
    and the value (the node values are float32 already, so this adds about one float32 ulp,
    cents on NPVs of millions, and halves the memory the summaries read). Programs run in
    blocks that stay in the core's cache; each element sees the same operations in the same
    order.
    """
    n = draws.n
    f32 = np.float32
    out = np.empty((idx.size, n), dtype=f32)
    # log_levels(terms, progs, idx, draws, scen, float32), a block of programs at a time
    beta = (progs.premium[idx] * scen.premium_scale + scen.premium_shift)[:, None].astype(f32)
    sd = progs.premium_sd[idx][:, None].astype(f32)
    z = draws.z_premium[None, :].astype(f32)
    on = None if terms.premium_on.all() else terms.premium_on[None, :].astype(f32)
    shift = (terms.log_switch + np.log(max(scen.salary_usd, 1.0)))[None, :].astype(f32)
    shift[:, ~terms.completed] = np.inf  # to the grid's top: DROPOUT_NODE, the dropout value
    lo, inv = f32(plan.log_lo), f32(1.0 / plan.step)
    step, w_inv = f32(plan.step), f32(1.0 / np.expm1(plan.step))
    base = plan._base[None, :]
    # tuition, exactly as in the pre-tax closed form
    inv_pace = 1.0 / np.maximum(terms.pace_years, 1e-9)
    tuition = (progs.tuition_usd[idx] * scen.tuition_scale)[:, None]
    kappa = progs.loan_factor[idx][:, None]
    e = scen.employer_support_usd
    per_draw = (inv_pace * terms.tuition_d).astype(f32)[None, :]
    tk = (tuition * kappa).astype(f32)
    rows = max(1, BLOCK_ELEMENTS // max(n, 1))
    for b0 in range(0, idx.size, rows):
        b = slice(b0, b0 + rows)
        u = sd[b] * z
        u += beta[b]
        if on is not None:
            u *= on  # a switched draw earns the target occupation's pay, no premium
        u += shift
        u -= lo
        u *= inv
        np.clip(u, 0.0, GRID - 1 - 1e-3, out=u)
        j = u.astype(np.intp)
        w = out[b]
        np.subtract(u, j, out=w, dtype=f32)  # position between nodes in log L
        # the weight is linear in L: expm1(r step) / expm1(step)
        w *= step
        np.expm1(w, out=w)
        w *= w_inv
        j += base
        pair = plan._pairs[j].view(np.float32)  # the node's value, the step to the next
        w *= pair[:, 1::2]
        w += pair[:, 0::2]
        if e > 0:
            rate = np.maximum(tuition[b] * inv_pace[None, :] - e, 0.0)
            w -= (rate * kappa[b] * terms.tuition_d[None, :]).astype(f32)
        else:
            w -= tk[b] * per_draw
    return out


#: The node a position at the grid's top falls in (``GRID - 1 - 1e-3`` truncated).
DROPOUT_NODE = GRID - 2
#: Elements (programs x draws) of ``after_tax_matrix`` worked on at once (cache-sized).
BLOCK_ELEMENTS = 1 << 16


def table_fits(n: int, horizon: int) -> bool:
    return n * GRID * (horizon + 1) <= MAX_TABLE_ELEMENTS


__all__ = [
    "GRID",
    "PlanTax",
    "PostTable",
    "after_tax_matrix",
    "covers",
    "level_bounds",
    "level_nodes",
    "node_range",
    "plan_taxes",
    "table_fits",
]
