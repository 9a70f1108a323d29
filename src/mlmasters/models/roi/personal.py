"""The personal ROI model: pure, vectorised (arrays in, arrays out, no validation).

Time runs in years from the start of the plan (bridge courses first, then the program);
year ``t`` (1..H) is paid at its end and discounted by ``(1 + r)^-t``. Both paths share the
person's wage index ``G_t`` (real wage growth drawn per draw, plus the career-stage profile):

* without the degree the person earns ``S * G_t``: their own pay, already local;
* while studying (``B`` years of bridge courses, then ``T`` years in the program) they earn
  ``k * S * G_t`` (k = share kept); after full-time study comes a job search of ``J`` years;
* then a completer earns ``L * G_t`` with ``L = S * exp(beta)``: ``beta`` is the program's
  causal premium for this person, drawn ``N(b - sd^2 / 2, sd^2)`` (posterior plus individual
  spread, one normal draw per draw shared by every program) so that the draws' average pay
  rise is the estimate ``e^b - 1`` whatever the spread (``Programs.premium`` holds the centre
  ``b - sd^2 / 2``); never floored. Only in the separate career-switch scenario, a completer
  works in the target occupation with probability ``p_switch`` and then earns ``L = S * R``,
  the target occupation's pay in their area at their wage rank (inside its p10..p90), with no
  premium on top (the same-field gap the premium comes from already holds graduates who
  changed occupation); the path without the degree never switches;
* a dropout leaves after ``B + A`` years (pays tuition at the planned pace meanwhile),
  searches if they had stopped working, and returns to the old path.

With ``F(x) = sum_t d_t G_t clip(x - (t - 1), 0, 1)`` (discounted, wage-indexed time up to
``x``) and ``Dd(x)`` the same without ``G``, the pre-tax NPV has a closed form per draw
(``E`` = end of study = ``B + T`` or ``B + A``; tuition is paid between ``B`` and ``E``):

    -(1-k) S F(E) - S [F(E+J) - F(E)] + (L - S) [F(H) - F(E+J)]  (completers only)
    - max(tuition / pace - support, 0) * kappa * [Dd(E) - Dd(B)]

(``pace`` = T for completers, the planned years for dropouts; kappa = present value of loan
repayments per dollar borrowed, 1 without a loan). ``closed_form.npv_matrix`` evaluates it for
programs x draws; ``yearly_cash_flows`` builds the year-by-year flows (fans, IRR, break-even and the
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
    """Everything about one plan (bridge, time to degree, mode) that depends on draws only."""

    completed: BoolArray
    study_years: FloatArray  # E: end of study (bridge + program, or bridge + time to dropout)
    bridge_years: float  # B: bridge courses before the program
    pace_years: FloatArray  # T for completers, the planned years for dropouts (tuition rate)
    search_years: FloatArray
    base: FloatArray  # pre-tax forgone pay (negative), per draw
    post: FloatArray  # F(H) - F(E + J) for completers, 0 for dropouts
    log_switch: FloatArray  # log R on the draws that switch occupation (switch scenario), else 0
    premium_on: FloatArray  # 1 where the degree's premium applies, 0 on the switched draws
    tuition_d: FloatArray  # Dd(E) - Dd(B)
    planned_years: float


def plan_terms(
    t: Tables, draws: Draws, scen: Scenario, ttd: TtdDist, bridge_years: float = 0.0
) -> PlanTerms:
    p = scen.completion(ttd)
    completed = draws.u_complete < p
    if scen.ttd_quantile is not None:
        months_c = np.full(draws.n, ttd.quantile(scen.ttd_quantile))
    else:
        months_c = ttd.completer_months(draws.u_ttd)
    planned = ttd.planned_months
    attr = ttd.attrition_months(draws.u_attrition)
    months_d = np.minimum(attr, months_c)  # a dropout leaves before they would have finished
    program = np.where(completed, months_c, months_d) / 12.0
    study = bridge_years + program
    search = search_years(draws, scen)
    f_s = f_at(t, study)
    f_sj = f_at(t, study + search)
    s = scen.salary_usd
    base = -(1.0 - scen.salary_kept) * s * f_s - s * (f_sj - f_s)
    post = np.where(completed, t.f_cum[:, -1] - f_sj, 0.0)
    switched = (draws.u_switch < scen.switch_prob) & (scen.switch_log_gain > 0)
    log_switch = np.where(switched, scen.switch_log_gain, 0.0)
    bridge = np.full(draws.n, bridge_years)
    return PlanTerms(
        completed=completed,
        study_years=study,
        bridge_years=float(bridge_years),
        pace_years=np.where(completed, program, planned / 12.0),
        search_years=search,
        base=base,
        post=post,
        log_switch=np.asarray(log_switch, dtype=np.float64),
        premium_on=np.where(switched, 0.0, 1.0),
        tuition_d=d_at(t, study) - d_at(t, bridge),
        planned_years=planned / 12.0,
    )


@dataclass(frozen=True)
class Programs:
    """Per-program inputs, aligned arrays (length P)."""

    premium: FloatArray  # centre of the log premium draws: b - sd^2 / 2 (mean-preserving)
    premium_sd: FloatArray  # its spread (posterior and individual), log scale
    tuition_usd: FloatArray  # total tuition and fees
    loan_factor: FloatArray  # kappa: PV of cost per dollar of tuition (1 without loans)

    @property
    def n(self) -> int:
        return int(self.premium.shape[0])


def log_levels(
    terms: PlanTerms,
    progs: Programs,
    idx: IntArray,
    draws: Draws,
    scen: Scenario,
    dtype: type[np.floating[Any]] = np.float64,
) -> npt.NDArray[np.floating[Any]]:
    """log of the completers' post-degree level ``L``, (P, n): ``log S + beta`` (the premium's
    draw), or ``log S + log R`` (the target occupation's pay, no premium) on the draws that
    switch occupation in the switch scenario."""
    beta = (progs.premium[idx] * scen.premium_scale + scen.premium_shift)[:, None].astype(dtype)
    sd = progs.premium_sd[idx][:, None].astype(dtype)
    out = sd * draws.z_premium[None, :].astype(dtype)
    out += beta
    if not terms.premium_on.all():
        out *= terms.premium_on[None, :].astype(dtype)
    out += (terms.log_switch + np.log(max(scen.salary_usd, 1.0)))[None, :].astype(dtype)
    return out


def wage_paths(
    terms: PlanTerms, progs: Programs, idx: IntArray, draws: Draws, scen: Scenario
) -> FloatArray:
    """Post-degree level ``L`` in wage-index units (``S`` for dropouts), (len(idx), n)."""
    w = np.exp(log_levels(terms, progs, idx, draws, scen))
    w = np.where(terms.completed[None, :], w, scen.salary_usd)
    return w


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
    f_tuition = f_study - np.clip(terms.bridge_years - yr, 0.0, 1.0)
    f_after = np.clip(study + search - yr, 0.0, 1.0)
    np.subtract(1.0, f_after, out=f_after)
    s = scen.salary_usd
    comp = terms.completed[rows]
    after_level = np.where(comp, np.asarray(level), s)[:, None]
    income = f_after
    income *= after_level
    income += (scen.salary_kept * s) * f_study
    income *= g
    pace = terms.pace_years[rows]
    total = np.asarray(tuition_total, dtype=np.float64) * scen.tuition_scale
    kappa = np.asarray(loan_factor, dtype=np.float64)
    rate = np.maximum(total / np.maximum(pace, 1e-9) - scen.employer_support_usd, 0.0) * kappa
    tuition = f_tuition
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
    mid = part[..., k50].copy()
    # each half in place (it is our copy): the k-th value does not depend on the method
    if k10 < k50:
        below = part[..., :k50]
        below.partition(k10, axis=-1)
        lo = below[..., k10]
    else:
        lo = mid
    if k90 > k50:
        above = part[..., k50 + 1 :]
        above.partition(k90 - k50 - 1, axis=-1)
        hi = above[..., k90 - k50 - 1]
    else:
        hi = mid
    return np.asarray(np.stack([lo, mid, hi]), dtype=np.float64)


def sign_changes(flows: FloatArray) -> npt.NDArray[np.int64]:
    """Number of sign changes along each row, zeros skipped (no loop over rows: each entry
    is compared with the last nonzero sign before it)."""
    f = np.atleast_2d(flows)
    sgn = np.sign(f)
    cols = np.arange(f.shape[1])
    last = np.maximum.accumulate(np.where(sgn != 0, cols[None, :], 0), axis=1)
    filled = np.take_along_axis(sgn, last, axis=1)  # the last nonzero sign so far (0 before)
    prev, cur = filled[:, :-1], filled[:, 1:]
    changed = (prev != 0) & (cur != 0) & (prev != cur)
    return np.asarray(np.count_nonzero(changed, axis=1), dtype=np.int64)


def irr(flows: FloatArray, lo: float = -0.99, hi: float = 10.0, iters: int = 80) -> FloatArray:
    """Internal rate of return of each row of end-of-year ``flows`` (vectorised bisection).

    Defined only where the flows change sign exactly once (costs, then gains): NaN
    otherwise ("not defined": no gain at all, gains with no cost, or several sign changes,
    where an IRR is not unique). Rows still positive at ``hi`` get ``inf``.

    Every row bisects at once; the NPV at a rate is Horner's rule in ``1 / (1 + rate)``
    (one multiply-add per year, no power per year), so one call for many rows costs about
    as much as a call for one.
    """
    f = np.atleast_2d(np.asarray(flows, dtype=np.float64))
    cols = f.shape[1]

    def npv(rate: FloatArray) -> FloatArray:
        v = 1.0 / (1.0 + rate)
        acc = f[:, cols - 1].copy()
        for k in range(cols - 2, -1, -1):
            acc *= v
            acc += f[:, k]
        return np.asarray(acc * v, dtype=np.float64)

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
    out = np.where(npv(np.full(f.shape[0], hi)) > 0, np.inf, out)
    out = np.where(npv(np.full(f.shape[0], lo)) < 0, np.nan, out)
    out = np.where(sign_changes(f) == 1, out, np.nan)
    return np.asarray(out, dtype=np.float64)


def breakeven_year(cum: FloatArray, earliest: float = 1.0) -> int | None:
    """First year (1-based) from which the cumulative discounted flow stays >= 0, and not
    before ``earliest`` (the year the degree is finished: a degree cannot pay back before
    it exists). None when that is beyond the horizon or never happens."""
    neg = np.nonzero(cum < 0)[0]
    first = 1 if neg.size == 0 else int(neg[-1]) + 2
    if neg.size and int(neg[-1]) == cum.shape[0] - 1:
        return None
    year = max(first, int(np.ceil(earliest - 1e-9)), 1)
    return None if year > cum.shape[0] else year
