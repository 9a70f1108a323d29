"""After-tax NPV for programs x draws without a loop over years per pair.

Tax is taken on each year's income, so the after-tax NPV is not linear in the post-degree
level ``L`` (``max(S exp(beta) X, S)``, see ``personal.py``). For a completer, the years split into:

* years before the one in which work with the degree starts: income does not depend on the
  program (part of the salary kept while studying) - a sum per draw;
* the transition year: part study or search, part new job - one tax evaluation per pair;
* the years after: ``Phi_i(L, s) = sum_{t >= s} d_t net(L G_t)`` - tabulated once per draw on
  a log-spaced grid of ``L`` (``GRID`` points) with suffix sums over years, then interpolated
  linearly in ``L`` between the two nodes around it, per pair.

Dropouts' income does not depend on the program at all. Tuition is the same as pre-tax. The
grid interpolation is the only approximation (tested against the year-by-year flows).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi.draws import Draws, Scenario
from mlmasters.models.roi.personal import (
    IntArray,
    NetFn,
    PlanTerms,
    Programs,
    Tables,
    log_levels,
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


#: Span of the level grid above the person's pay, in log points (e^2 = 7.4 times their pay,
#: plus the career switch). Fixed per person, not per program set, so a program's figures do
#: not depend on which other programs are computed with it; a level beyond it (a draw more
#: than 7 times the pay) is valued at the grid's top.
LEVEL_LOG_SPAN = 2.0


def level_bounds(scen: Scenario) -> tuple[float, float]:
    """log bounds of the post-degree level grid: the person's pay (the floor of the better
    path; one span below it without that floor) to one span above it plus the switch."""
    log_s = float(np.log(max(scen.salary_usd, 1.0)))
    hi = log_s + LEVEL_LOG_SPAN + max(scen.switch_log_gain, 0.0)
    lo = log_s if scen.keep_better_path else log_s - LEVEL_LOG_SPAN
    return lo, hi + 1e-6


class PlanTax:
    """Per-draw after-tax values of one plan, on the level grid (built once per plan).

    ``grid[i, g]`` is a completer's after-tax NPV before tuition when the post-degree level is
    the grid's ``g``-th node: the years before the transition year, the transition year and
    the years after, minus the counterfactual's after-tax pay. ``dropout[i]`` is the same for
    a dropout (it does not depend on the program).
    """

    def __init__(self, t: Tables, table: PostTable, terms: PlanTerms, scen: Scenario, net: NetFn):
        h = t.horizon
        s = scen.salary_usd
        k = scen.salary_kept
        g = t.g
        n = g.shape[0]
        yr = np.arange(h, dtype=np.float64)[None, :]
        study = terms.study_years[:, None]
        until = study + terms.search_years[:, None]
        f_study = np.clip(study - yr, 0.0, 1.0)
        f_after = 1.0 - np.clip(until - yr, 0.0, 1.0)
        cf_net = (net(g * s) * t.d[None, :]).sum(axis=1)
        drop = (net(g * (k * s * f_study + s * f_after)) * t.d[None, :]).sum(axis=1)
        first = np.floor(np.clip(until[:, 0], 0.0, float(h))).astype(np.int64)
        rows = np.arange(n)
        ti = np.minimum(first, h - 1)
        partial = (first < h) & (f_after[rows, ti] < 1.0)
        start = np.where(partial, first + 1, first)
        before = yr < first[:, None]
        pre = (net(g * k * s * f_study) * t.d[None, :] * before).sum(axis=1)
        levels = np.exp(table.log_lo + table.step * np.arange(GRID))
        income = g[rows, ti][:, None] * (
            k * s * f_study[rows, ti][:, None] + levels[None, :] * f_after[rows, ti][:, None]
        )
        trans = np.where(partial[:, None], net(income) * t.d[ti][:, None], 0.0)
        grid = table.at(np.minimum(start, h)) + trans + (pre - cf_net)[:, None]
        self.grid = np.asarray(grid, dtype=np.float32)
        self.dropout = np.asarray(drop - cf_net, dtype=np.float32)
        self.nodes = np.exp(table.log_lo + table.step * np.arange(GRID + 1))
        self.log_lo = table.log_lo
        self.step = table.step


def after_tax_matrix(
    plan: PlanTax,
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
) -> npt.NDArray[np.floating[Any]]:
    """After-tax NPV for programs ``idx`` x all draws, shape (len(idx), n), float32."""
    n = draws.n
    f32 = np.float32
    log_level = log_levels(terms, progs, idx, draws, scen, f32)
    if scen.keep_better_path:
        np.maximum(log_level, f32(np.log(max(scen.salary_usd, 1.0))), out=log_level)
    u = log_level
    u -= f32(plan.log_lo)
    u *= f32(1.0 / plan.step)
    np.clip(u, 0.0, GRID - 1 - 1e-3, out=u)
    j = u.astype(np.int32)
    r = u - j  # position between nodes in log L; the weight is linear in L
    w = np.expm1(r * f32(plan.step)) * f32(1.0 / np.expm1(plan.step))
    flat = np.arange(n, dtype=np.int32)[None, :] * GRID + j
    table = plan.grid.ravel()
    p0 = table[flat]
    val = p0 + w * (table[flat + 1] - p0)
    npv = np.where(terms.completed[None, :], val, plan.dropout[None, :])
    # tuition, exactly as in the pre-tax closed form
    inv_pace = 1.0 / np.maximum(terms.pace_years, 1e-9)
    tuition = (progs.tuition_usd[idx] * scen.tuition_scale)[:, None]
    kappa = progs.loan_factor[idx][:, None]
    e = scen.employer_support_usd
    if e > 0:
        rate = np.maximum(tuition * inv_pace[None, :] - e, 0.0)
        cost = (rate * kappa * terms.tuition_d[None, :]).astype(f32)
    else:
        cost = (tuition * kappa).astype(f32) * (inv_pace * terms.tuition_d).astype(f32)[None, :]
    npv -= cost
    return npv


def table_fits(n: int, horizon: int) -> bool:
    return n * GRID * (horizon + 1) <= MAX_TABLE_ELEMENTS


__all__ = ["GRID", "PlanTax", "PostTable", "after_tax_matrix", "level_bounds", "table_fits"]
