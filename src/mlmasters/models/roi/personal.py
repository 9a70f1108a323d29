"""The personal ROI model: pure, vectorised (arrays in, arrays out, no validation).

Time runs in years from the program start; year ``t`` (1..H) is paid at its end and
discounted by ``(1 + r)^-t``. Both paths share the person's wage index ``G_t`` (real wage
growth drawn per draw, plus the career-stage profile), so that

* counterfactual pay in year t is ``S * G_t``;
* while enrolled (``T`` years) the person earns ``k * S * G_t`` (k = share kept);
* after full-time study comes a job search of ``J`` years with no pay;
* then the degree path pays ``max(W / G(T + h), S) * G_t``: the program's wage ``W`` is
  measured ``h`` years after completion, so it is placed there on the person's wage index,
  and the person keeps the better of the new role and the old path;
* a dropout leaves after ``A`` years (pays tuition at the planned pace meanwhile), searches
  if they had stopped working, and returns to the old path.

With ``F(x) = sum_t d_t G_t clip(x - (t - 1), 0, 1)`` (discounted, wage-indexed time up to
``x``) and ``Dd(x)`` the same without ``G``, the pre-tax NPV has a closed form per draw:

    completer: -(1-k) S F(T) - S [F(T+J) - F(T)] + max(W/G(T+h) - S, 0) [F(H) - F(T+J)]
               - max(tuition / T - E, 0) * kappa * Dd(T)
    dropout:   -(1-k) S F(A) - S [F(A+J) - F(A)] - max(tuition / T_plan - E, 0) * kappa * Dd(A)

(E = employer support a year; kappa = present value of loan repayments per dollar borrowed,
1 without a loan). ``catalog_summary`` evaluates it for programs x draws in chunks;
``yearly_cash_flows`` builds the year-by-year flows (used for fans, IRR, break-even and the
after-tax NPV, where tax is taken on each year's income).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi.draws import (
    BoolArray,
    Draws,
    FloatArray,
    Scenario,
    TtdDist,
    search_years,
    wage_log_multiplier,
)

IntArray = npt.NDArray[np.int64]
NetFn = Callable[[FloatArray], FloatArray]

#: Years of wage index kept beyond the horizon (to place a wage measured after it).
_EXTRA_YEARS = 12


@dataclass(frozen=True)
class Tables:
    """Per-draw wage index and discounted cumulative sums."""

    log_g: FloatArray  # (n, H + extra + 1): log G at integer times 0, 1, ...
    g: FloatArray  # (n, H): G_t, the level of year t (its start)
    f_cum: FloatArray  # (n, H + 1): F at integer times
    dg: FloatArray  # (n, H): d_t * G_t
    d: FloatArray  # (H,): d_t
    d_cum: FloatArray  # (H + 1,)
    horizon: int


def growth_tables(draws: Draws, scen: Scenario) -> Tables:
    h = scen.horizon_years
    n_years = h + _EXTRA_YEARS
    exp = scen.experience_years + np.arange(n_years, dtype=np.float64)
    profile = scen.experience_growth_start * np.clip(1.0 - exp / scen.experience_flat_after, 0, 1)
    g = scen.growth_mean + scen.growth_sd * draws.z_growth
    rates = g[:, None] + profile[None, :]  # growth during year t (from time t-1 to t)
    log_g = np.zeros((draws.n, n_years + 1))
    np.cumsum(rates, axis=1, out=log_g[:, 1:])
    d = (1.0 + scen.discount_rate) ** -np.arange(1, h + 1, dtype=np.float64)
    g = np.exp(log_g[:, :h])  # year t earns at its start level G(t-1)
    dg = g * d[None, :]
    f_cum = np.zeros((draws.n, h + 1))
    np.cumsum(dg, axis=1, out=f_cum[:, 1:])
    d_cum = np.concatenate([[0.0], np.cumsum(d)])
    return Tables(log_g=log_g, g=g, f_cum=f_cum, dg=dg, d=d, d_cum=d_cum, horizon=h)


def _eval_cum(cum: FloatArray, step: FloatArray, x: FloatArray, h: int) -> FloatArray:
    """Piecewise-linear cumulative sum at times ``x`` (one per draw), clipped to [0, H]."""
    xc = np.clip(x, 0.0, float(h))
    k = np.minimum(np.floor(xc).astype(np.int64), h - 1)
    frac = xc - k
    if cum.ndim == 1:
        return np.asarray(cum[k] + frac * step[k], dtype=np.float64)
    rows = np.arange(cum.shape[0])
    return np.asarray(cum[rows, k] + frac * step[rows, k], dtype=np.float64)


def f_at(t: Tables, x: FloatArray) -> FloatArray:
    return _eval_cum(t.f_cum, t.dg, x, t.horizon)


def d_at(t: Tables, x: FloatArray) -> FloatArray:
    return _eval_cum(t.d_cum, t.d, x, t.horizon)


def log_g_at(t: Tables, x: FloatArray) -> FloatArray:
    top = t.log_g.shape[1] - 1
    xc = np.clip(x, 0.0, float(top))
    k = np.minimum(np.floor(xc).astype(np.int64), top - 1)
    rows = np.arange(t.log_g.shape[0])
    lo = t.log_g[rows, k]
    return np.asarray(lo + (xc - k) * (t.log_g[rows, k + 1] - lo), dtype=np.float64)


@dataclass(frozen=True)
class PlanTerms:
    """Everything about one plan (planned months, measure horizon) that depends on draws only."""

    completed: BoolArray
    study_years: FloatArray  # T for completers, A for dropouts
    search_years: FloatArray
    base: FloatArray  # pre-tax forgone pay (negative), per draw
    post: FloatArray  # F(H) - F(T + J) for completers, 0 for dropouts
    wage_factor: FloatArray  # exp(log q(z) - log G(T + h)) for completers
    tuition_d: FloatArray  # Dd(study_years)
    planned_years: float


def plan_terms(
    t: Tables, draws: Draws, scen: Scenario, ttd: TtdDist, measure_years: float
) -> PlanTerms:
    p = scen.completion(ttd)
    completed = draws.u_complete < p
    if scen.ttd_quantile is not None:
        months_c = np.full(draws.n, ttd.quantile(scen.ttd_quantile))
    else:
        months_c = ttd.completer_months(draws.u_ttd)
    planned = ttd.quantile(0.5)
    attr = -ttd.attrition_mean_months * np.log1p(-draws.u_attrition)
    months_d = np.minimum(attr, months_c)  # a dropout leaves before they would have finished
    study = np.where(completed, months_c, months_d) / 12.0
    search = search_years(draws, scen)
    f_s = f_at(t, study)
    f_sj = f_at(t, study + search)
    s = scen.salary_usd
    base = -(1.0 - scen.salary_kept) * s * f_s - s * (f_sj - f_s)
    post = np.where(completed, t.f_cum[:, -1] - f_sj, 0.0)
    z = draws.z_wage if scen.wage_z is None else np.full(draws.n, scen.wage_z)
    log_q = wage_log_multiplier(z, scen.wage_log_ratios)
    wage_factor = np.exp(log_q - log_g_at(t, study + measure_years))
    return PlanTerms(
        completed=completed,
        study_years=study,
        search_years=search,
        base=base,
        post=post,
        wage_factor=wage_factor,
        tuition_d=d_at(t, study),
        planned_years=planned / 12.0,
    )


@dataclass(frozen=True)
class Programs:
    """Per-program inputs, aligned arrays (length P)."""

    center_usd: FloatArray  # post-degree wage estimate in the person's area
    center_log_sd: FloatArray  # its uncertainty (log scale)
    tuition_usd: FloatArray  # total tuition and fees
    loan_factor: FloatArray  # kappa: PV of cost per dollar of tuition (1 without loans)

    @property
    def n(self) -> int:
        return int(self.center_usd.shape[0])


def npv_matrix(
    progs: Programs,
    idx: IntArray,
    terms: PlanTerms,
    draws: Draws,
    scen: Scenario,
    dtype: type[np.floating[Any]] = np.float64,
) -> npt.NDArray[np.floating[Any]]:
    """Pre-tax NPV for programs ``idx`` x all draws (closed form), shape (len(idx), n).

    ``dtype=np.float32`` halves the memory traffic (the catalog path).
    """
    s = scen.salary_usd
    e = scen.employer_support_usd
    c = progs.center_usd[idx][:, None].astype(dtype)
    sd = progs.center_log_sd[idx][:, None].astype(dtype)
    tuition = (progs.tuition_usd[idx] * scen.tuition_scale)[:, None]
    kappa = progs.loan_factor[idx][:, None]
    # wage after the degree, relative to the person's index, and its gain over the old path
    w = c * terms.wage_factor[None, :].astype(dtype)
    if np.any(sd > 0):
        noise = sd * draws.z_center[None, :].astype(dtype)
        np.exp(noise, out=noise)
        w *= noise
    gain = w
    gain -= dtype(s)
    if scen.keep_better_path:
        np.maximum(gain, 0.0, out=gain)
    gain *= terms.post[None, :].astype(dtype)
    # tuition: completers pay it all over T years, dropouts at the planned pace while enrolled
    pace = np.where(terms.completed, terms.study_years, terms.planned_years)
    inv_pace = 1.0 / np.maximum(pace, 1e-9)
    if e > 0:
        rate = np.maximum(tuition * inv_pace[None, :] - e, 0.0)
        cost = (rate * kappa * terms.tuition_d[None, :]).astype(dtype)
    else:
        cost = (tuition * kappa).astype(dtype) * (inv_pace * terms.tuition_d)[None, :].astype(dtype)
    out = gain
    out += terms.base[None, :].astype(dtype)
    out -= cost
    return out


def wage_paths(
    terms: PlanTerms, progs: Programs, idx: IntArray, draws: Draws, scen: Scenario
) -> FloatArray:
    """Post-degree level in wage-index units, ``max(W / G(T + h), S)``, shape (len(idx), n)."""
    w = progs.center_usd[idx][:, None] * terms.wage_factor[None, :]
    w = w * np.exp(progs.center_log_sd[idx][:, None] * draws.z_center[None, :])
    w = np.where(terms.completed[None, :], w, scen.salary_usd)
    return np.maximum(w, scen.salary_usd) if scen.keep_better_path else w


def yearly_cash_flows(
    t: Tables,
    rows: IntArray,
    terms: PlanTerms,
    level: FloatArray,
    tuition_total: FloatArray | float,
    loan_factor: FloatArray | float,
    scen: Scenario,
    net: NetFn | None = None,
) -> tuple[FloatArray, FloatArray | None]:
    """Year-by-year flows for draws ``rows``: (pre-tax, after-tax or None), shape (rows, H).

    ``level`` is the post-degree level per row (``wage_paths``); tuition and loan factor are
    per row or scalars.
    """
    h = t.horizon
    every = rows.size == t.g.shape[0] and bool(np.all(rows == np.arange(rows.size)))
    g = t.g if every else t.g[rows]
    yr = np.arange(h, dtype=np.float64)[None, :]
    study = terms.study_years[rows][:, None]
    search = terms.search_years[rows][:, None]
    f_study = np.clip(study - yr, 0.0, 1.0)
    f_after = np.clip(study + search - yr, 0.0, 1.0)
    np.subtract(1.0, f_after, out=f_after)
    s = scen.salary_usd
    comp = terms.completed[rows]
    after_level = np.where(comp, np.asarray(level), s)[:, None]
    income = f_after
    income *= after_level
    income += (scen.salary_kept * s) * f_study
    income *= g
    pace = np.where(comp, study[:, 0], terms.planned_years)
    total = np.asarray(tuition_total, dtype=np.float64) * scen.tuition_scale
    kappa = np.asarray(loan_factor, dtype=np.float64)
    rate = np.maximum(total / np.maximum(pace, 1e-9) - scen.employer_support_usd, 0.0) * kappa
    tuition = f_study
    tuition *= rate[:, None]
    pre = income - tuition
    pre -= g * s
    post_tax = None
    if net is not None:
        post_tax = net(income)
        post_tax -= net(g * s)
        post_tax -= tuition
    return pre, post_tax


# -- summaries -------------------------------------------------------------------------------
def order_stats(x: npt.NDArray[np.floating[Any]]) -> FloatArray:
    """p10, p50, p90 along the last axis as order statistics (NumPy's ``lower`` method:
    the value of rank floor(q * (n - 1))); shape (3, ...).

    Three single-``kth`` partitions (the median first, then each half) are faster than one
    partition with three ``kth``: NumPy's SIMD selection handles a single ``kth``.
    """
    n = x.shape[-1]
    k10, k50, k90 = (int(np.floor(q * (n - 1))) for q in (0.1, 0.5, 0.9))
    part = np.partition(x, k50, axis=-1)
    mid = part[..., k50]
    lo = np.partition(part[..., :k50], k10, axis=-1)[..., k10] if k10 < k50 else mid
    hi = np.partition(part[..., k50 + 1 :], k90 - k50 - 1, axis=-1)[..., k90 - k50 - 1] if (
        k90 > k50) else mid  # fmt: skip
    return np.asarray(np.stack([lo, mid, hi]), dtype=np.float64)


def irr(flows: FloatArray, lo: float = -0.99, hi: float = 10.0, iters: int = 80) -> FloatArray:
    """Internal rate of return of each row of end-of-year ``flows`` (vectorised bisection).

    Rows with no positive flow get -1 (everything lost); rows whose NPV is still positive at
    ``hi`` (or that never cost anything) get ``inf``; all-zero rows get NaN. Assumes one sign
    change (costs first).
    """
    f = np.atleast_2d(flows)
    yrs = np.arange(1, f.shape[1] + 1, dtype=np.float64)

    def npv(rate: FloatArray) -> FloatArray:
        return np.asarray(np.sum(f * (1.0 + rate[:, None]) ** -yrs[None, :], axis=1))

    a = np.full(f.shape[0], lo)
    b = np.full(f.shape[0], hi)
    npv_a = npv(a)
    for _ in range(iters):
        m = 0.5 * (a + b)
        npv_m = npv(m)
        left = np.sign(npv_m) == np.sign(npv_a)
        a = np.where(left, m, a)
        npv_a = np.where(left, npv_m, npv_a)
        b = np.where(left, b, m)
    out = 0.5 * (a + b)
    has_pos, has_neg = np.any(f > 0, axis=1), np.any(f < 0, axis=1)
    out = np.where(npv(np.full(f.shape[0], hi)) > 0, np.inf, out)
    out = np.where(has_pos, out, -1.0)  # costs and nothing back: everything lost
    out = np.where(has_neg, out, np.inf)  # gains at no cost: unbounded
    out = np.where(has_pos | has_neg, out, np.nan)  # nothing happens: undefined
    return np.asarray(out, dtype=np.float64)


def breakeven_year(cum: FloatArray) -> int | None:
    """First year (1-based) from which the cumulative discounted flow stays >= 0."""
    neg = np.nonzero(cum < 0)[0]
    if neg.size == 0:
        return 1
    last = int(neg[-1])
    return None if last == cum.shape[0] - 1 else last + 2
