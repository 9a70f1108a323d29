"""After-tax NPV for programs x draws without a loop over years per pair.

Tax is taken on each year's income, so the after-tax NPV is not linear in the post-degree
level ``L`` (``max(W / G(T + h), S)``). For a completer, the years split into:

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

from mlmasters.models.roi.draws import Draws, FloatArray, Scenario
from mlmasters.models.roi.personal import IntArray, NetFn, PlanTerms, Programs, Tables

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
        g = np.exp(t.log_g[:, :h])  # (n, H)
        self.phi = np.zeros((n, GRID, h + 1), dtype=np.float32)
        for k in range(GRID):
            level = float(np.exp(log_lo + k * self.step))
            vals = net((level * g).ravel()).reshape(n, h) * t.d[None, :]
            self.phi[:, k, :h] = np.cumsum(vals[:, ::-1], axis=1)[:, ::-1]

    def at(self, start: IntArray) -> npt.NDArray[np.float32]:
        """``Phi_i(., start_i)`` on the grid, (n, GRID)."""
        rows = np.arange(self.phi.shape[0])
        return np.asarray(self.phi[rows, :, start], dtype=np.float32)


def level_bounds(
    progs: Programs, terms_list: list[PlanTerms], draws: Draws, scen: Scenario
) -> tuple[float, float]:
    """log bounds of the post-degree level over every pair (conservative)."""
    zmax = float(np.max(draws.z_center))
    zmin = float(np.min(draws.z_center))
    sd = progs.center_log_sd
    hi_noise = float(np.max(sd * max(zmax, 0.0)))
    lo_noise = float(np.min(sd * min(zmin, 0.0)))
    wf_hi = max(float(np.max(tm.wage_factor)) for tm in terms_list)
    wf_lo = min(float(np.min(tm.wage_factor)) for tm in terms_list)
    hi = np.log(max(float(np.max(progs.center_usd)) * wf_hi, scen.salary_usd, 1.0)) + hi_noise
    lo_level = float(np.min(progs.center_usd)) * wf_lo
    lo = np.log(max(scen.salary_usd if scen.keep_better_path else lo_level, 1.0)) + (
        0.0 if scen.keep_better_path else lo_noise
    )
    return float(lo), float(hi) + 1e-6


def after_tax_matrix(
    t: Tables,
    table: PostTable,
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
    net: NetFn,
) -> npt.NDArray[np.floating[Any]]:
    """After-tax NPV for programs ``idx`` x all draws, shape (len(idx), n)."""
    h = t.horizon
    n = draws.n
    s = scen.salary_usd
    k = scen.salary_kept
    g = np.exp(t.log_g[:, :h])
    yr = np.arange(h, dtype=np.float64)[None, :]
    study = terms.study_years[:, None]
    until = study + terms.search_years[:, None]
    f_study = np.clip(study - yr, 0.0, 1.0)
    f_after = 1.0 - np.clip(until - yr, 0.0, 1.0)
    comp = terms.completed
    cf_net = (net(g * s) * t.d[None, :]).sum(axis=1)
    # dropouts: back on the old path after leaving (and searching)
    drop_net = (net(g * (k * s * f_study + s * f_after)) * t.d[None, :]).sum(axis=1)
    # completers: years before the transition year, the transition year, the rest
    first = np.floor(np.clip(until[:, 0], 0.0, float(h))).astype(np.int64)  # 0-based year
    partial = (first < h) & (f_after[np.arange(n), np.minimum(first, h - 1)] < 1.0)
    start = np.where(partial, first + 1, first)
    before_mask = yr < first[:, None]
    pre_net = (net(g * k * s * f_study) * t.d[None, :] * before_mask).sum(axis=1)
    ti = np.minimum(first, h - 1)
    rows = np.arange(n)
    g_tr = g[rows, ti]
    fs_tr = f_study[rows, ti]
    fa_tr = np.where(partial, f_after[rows, ti], 0.0)
    d_tr = t.d[ti]
    psi = table.at(np.minimum(start, h))  # (n, GRID)

    level = progs.center_usd[idx][:, None] * terms.wage_factor[None, :]
    level = level * np.exp(progs.center_log_sd[idx][:, None] * draws.z_center[None, :])
    if scen.keep_better_path:
        level = np.maximum(level, s)
    u = (np.log(np.maximum(level, 1.0)) - table.log_lo) / table.step
    u = np.clip(u, 0.0, GRID - 1 - 1e-9)
    j = u.astype(np.int64)
    # linear in L between log-spaced nodes: net pay is piecewise linear in L, not in log L
    nodes = np.exp(table.log_lo + table.step * np.arange(GRID + 1))
    lj = nodes[j]
    w = np.clip((level - lj) / (nodes[j + 1] - lj), 0.0, 1.0).astype(np.float32)
    flat = rows[None, :] * GRID + j
    p0 = psi.ravel()[flat]
    post = p0 + w * (psi.ravel()[flat + 1] - p0)
    trans_income = g_tr[None, :] * (k * s * fs_tr[None, :] + level * fa_tr[None, :])
    trans = np.where(partial[None, :], net(trans_income) * d_tr[None, :], 0.0)
    completer = pre_net[None, :] + trans + post
    npv = np.where(comp[None, :], completer, drop_net[None, :]) - cf_net[None, :]
    # tuition, exactly as in the pre-tax closed form
    tuition = (progs.tuition_usd[idx] * scen.tuition_scale)[:, None]
    kappa = progs.loan_factor[idx][:, None]
    pace = np.where(comp, terms.study_years, terms.planned_years)
    rate = np.maximum(tuition / np.maximum(pace, 1e-9)[None, :] - scen.employer_support_usd, 0.0)
    return np.asarray(npv - rate * kappa * terms.tuition_d[None, :], dtype=np.float64)


def table_fits(n: int, horizon: int) -> bool:
    return n * GRID * (horizon + 1) <= MAX_TABLE_ELEMENTS


__all__ = ["GRID", "PostTable", "after_tax_matrix", "level_bounds", "table_fits"]
_ = FloatArray  # re-exported type for callers
