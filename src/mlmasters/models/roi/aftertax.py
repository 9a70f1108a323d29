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

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi.aftertax_grid import (
    DROPOUT_NODE,
    GRID,
    LEVEL_LOG_SPAN,
    MAX_TABLE_ELEMENTS,
    PlanParts,
    PlanTax,
    PostTable,
    counterfactual_flows,
    counterfactual_net,
    level_bounds,
    table_fits,
)
from mlmasters.models.roi.closed_form import tuition_cost
from mlmasters.models.roi.draws import Draws, FloatArray, Scenario
from mlmasters.models.roi.personal import (
    IntArray,
    NetFn,
    PlanTerms,
    Programs,
    Tables,
)

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
    plan_ranges: list[tuple[IntArray, IntArray]] | None = None,
) -> list[PlanTax]:
    """``PlanTax`` for each (terms, plan scenario), bit for bit as built on a ``PostTable``,
    on the nodes ``klo[i]..khi[i]`` of each draw (``node_range``; every node by default; the
    others are never read), without holding the table; with ``plan_ranges``, each plan on its
    own nodes within those (one program reads a few a draw, the main plan a few dozen).
    Draws run in chunks of similar node ranges (on ``workers`` threads) from the earliest
    start in a chunk; the years after everybody's study are the counterfactual's.
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
            cf_flows[sc.salary_usd] = counterfactual_flows(t, sc, net)
    cf = {s: f.sum(axis=1) for s, f in cf_flows.items()}
    pool = ThreadPoolExecutor(workers) if workers > 1 and len(plans) > 1 else None
    run = map if pool is None else pool.map
    parts = list(run(lambda p: PlanParts(t, p[0], p[1], net, cf_flows[p[1].salary_usd]), plans))
    base = [(p.pre - cf[sc.salary_usd])[:, None] for p, (_, sc) in zip(parts, plans, strict=True)]
    grids = [np.zeros((n, GRID), dtype=np.float32) for _ in plans]
    lo_k = np.zeros(n, dtype=np.int64) if klo is None else klo
    hi_k = np.full(n, GRID - 1, dtype=np.int64) if khi is None else khi
    ranges = plan_ranges or [(lo_k, hi_k)] * len(plans)
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
        for grid, p, s, b, (lo, hi) in zip(grids, parts, sub, base, ranges, strict=True):
            a, e = max(k0, int(lo[rows].min())), min(k1, int(hi[rows].max()) + 1)  # its nodes
            if a >= e:
                continue
            post = cum[at, a - k0 : e - k0, s - t0].astype(np.float32)  # the table is float32
            grid[rows, a:e] = post + p.transition_rows(t, levels_t[a:e], rows) + b[rows]

    if pool is None and workers > 1 and len(chunks) > 1:
        pool = ThreadPoolExecutor(workers)
        run = pool.map
    try:
        list(run(chunk, chunks))

        def store(k: int) -> PlanTax:
            c = cf[plans[k][1].salary_usd]
            return PlanTax._from_grid(grids[k], parts[k], c, log_lo, step, *ranges[k])

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
    """After-tax NPV for programs ``idx`` x all draws, shape (len(idx), n): the completer
    values on the grid (``completer_values``, which read the premium only) less the tuition
    (``less_tuition``, exactly as in the pre-tax closed form).

    float32 throughout: the position on the grid (``log_levels``), the interpolation weight
    and the value (the node values are float32 already, so this adds about one float32 ulp,
    cents on NPVs of millions, and halves the memory the summaries read). Programs run in
    blocks that stay in the core's cache; each element sees the same operations in the same
    order.
    """
    out = completer_values(plan, progs, idx, terms, draws, scen)
    less_tuition(out, progs, idx, terms, scen)
    return out


def completer_values(
    plan: PlanTax,
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
) -> npt.NDArray[np.float32]:
    """``after_tax_matrix`` before tuition, (len(idx), n) float32: a dropout's value, or a
    completer's interpolated between the two grid nodes around their level."""
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
    return out


def less_tuition(
    out: npt.NDArray[np.float32],
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    scen: Scenario,
) -> None:
    """Subtract programs ``idx``'s tuition from their rows of ``out`` (in place, float32):
    the pre-tax closed form's ``tuition_cost``, a block of programs at a time."""
    rows = max(1, BLOCK_ELEMENTS // max(out.shape[1], 1))
    for b0 in range(0, idx.size, rows):
        out[b0 : b0 + rows] -= tuition_cost(progs, idx[b0 : b0 + rows], terms, scen, np.float32)


#: Elements (programs x draws) of ``after_tax_matrix`` worked on at once (cache-sized).
BLOCK_ELEMENTS = 1 << 16


__all__ = [
    "DROPOUT_NODE",
    "GRID",
    "LEVEL_LOG_SPAN",
    "MAX_TABLE_ELEMENTS",
    "PlanParts",
    "PlanTax",
    "PostTable",
    "after_tax_matrix",
    "completer_values",
    "counterfactual_flows",
    "counterfactual_net",
    "covers",
    "less_tuition",
    "level_bounds",
    "level_nodes",
    "node_range",
    "plan_taxes",
    "table_fits",
]
