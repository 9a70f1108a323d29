"""Common random numbers and the person-level scenario of the personal ROI model.

Every program is evaluated on the *same* underlying draws (one row of ``Draws`` per draw),
so differences between programs come from the programs, not from sampling noise, and the
draws are made once per call. ``Scenario`` holds every person-level knob (each a what-if).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import numpy.typing as npt

from mlmasters.models.roi import defaults as D

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Normal scores of the OEWS percentiles p10, p25, p50, p75, p90.
OEWS_Z: tuple[float, ...] = tuple(NormalDist().inv_cdf(p) for p in (0.10, 0.25, 0.50, 0.75, 0.90))


@dataclass(frozen=True)
class Draws:
    """Standard draws shared by every program (common random numbers)."""

    z_wage: FloatArray  # normal score of the post-degree wage within the occupation
    z_center: FloatArray  # error of the program's earnings estimate (posterior sd units)
    z_growth: FloatArray  # person's real wage growth
    u_ttd: FloatArray  # quantile of time to degree among completers
    u_complete: FloatArray  # completes when below the completion probability
    u_attrition: FloatArray  # months enrolled before leaving (exponential quantile)
    z_search: FloatArray  # job-search months (lognormal)

    @property
    def n(self) -> int:
        return int(self.z_wage.shape[0])


def draw_common(n: int, seed: int) -> Draws:
    """``n`` draws from ``seed``; the same seed always gives the same draws."""
    rng = np.random.default_rng(seed)
    return Draws(
        z_wage=rng.standard_normal(n),
        z_center=rng.standard_normal(n),
        z_growth=rng.standard_normal(n),
        u_ttd=rng.random(n),
        u_complete=rng.random(n),
        u_attrition=rng.random(n),
        z_search=rng.standard_normal(n),
    )


@dataclass(frozen=True)
class TtdDist:
    """Time to degree for one plan: completion probability and the completers' quantiles."""

    p_complete: float
    probs: tuple[float, ...]  # increasing, from 0 to 1
    months: tuple[float, ...]  # months to degree at those probabilities
    attrition_mean_months: float
    source: str

    def completer_months(self, u: FloatArray) -> FloatArray:
        return np.interp(u, self.probs, self.months)

    def quantile(self, q: float) -> float:
        return float(np.interp(q, self.probs, self.months))


def cgs_ttd(planned_months: float) -> TtdDist:
    """The CGS default distribution, scaled from a 24-month plan to ``planned_months``."""
    probs = [p for p, _ in D.CGS_TTD_ANCHORS]
    months = [m for _, m in D.CGS_TTD_ANCHORS]
    slope = (months[1] - months[0]) / (probs[1] - probs[0])
    start = months[0] - probs[0] * slope  # linear extrapolation of the two lowest anchors
    scale = planned_months / D.CGS_REFERENCE_MONTHS
    return TtdDist(
        p_complete=D.P_COMPLETE,
        probs=(0.0, *probs),
        months=tuple(m * scale for m in (start, *months)),
        attrition_mean_months=D.ATTRITION_MEDIAN_MONTHS / math.log(2.0),
        source="Council of Graduate Schools (STEM master's), scaled to the planned months",
    )


def ttd_from_quantiles(
    p_complete: float, p10: float, p50: float, p90: float, attrition_mean: float, source: str
) -> TtdDist:
    """A distribution through given p10/p50/p90, extended linearly to p0 and p100."""
    lo = max(0.25 * p10, p10 - 0.1 * (p50 - p10) / 0.4)
    hi = p90 + 0.1 * (p90 - p50) / 0.4
    return TtdDist(
        p_complete=p_complete,
        probs=(0.0, 0.1, 0.5, 0.9, 1.0),
        months=(lo, p10, p50, max(p50, p90), max(p90, hi)),
        attrition_mean_months=attrition_mean,
        source=source,
    )


@dataclass(frozen=True)
class Scenario:
    """Person-level inputs and every driver of the model (all what-if parameters)."""

    salary_usd: float  # counterfactual salary today (year 1)
    wage_log_ratios: tuple[float, ...]  # log(p_k / p50) of the target occupation, k = 10..90
    horizon_years: int = D.HORIZON_YEARS_DEFAULT
    experience_years: float = 0.0
    full_time: bool = True  # not working while enrolled: forgone pay and job search
    salary_kept: float = 0.0  # share of salary kept while enrolled
    employer_support_usd: float = 0.0  # per year of enrolment
    discount_rate: float = D.DISCOUNT_RATE
    growth_mean: float = D.REAL_WAGE_GROWTH
    growth_sd: float = D.WAGE_GROWTH_SD
    experience_growth_start: float = D.EXPERIENCE_GROWTH_START
    experience_flat_after: float = D.EXPERIENCE_FLAT_AFTER_YEARS
    tuition_scale: float = 1.0
    wage_z: float | None = None  # fixed normal score of the post-degree wage (what-if)
    ttd_quantile: float | None = None  # fixed time-to-degree quantile (what-if)
    completion_shift: float = 0.0  # added to every plan's completion probability
    completion_prob: float | None = None  # replaces it (what-if)
    search_months: float | None = None  # fixed job search (what-if); None = drawn
    keep_better_path: bool = True
    extra: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    def completion(self, ttd: TtdDist) -> float:
        p = self.completion_prob if self.completion_prob is not None else ttd.p_complete
        return float(min(1.0, max(0.0, p + self.completion_shift)))


def wage_log_multiplier(z: FloatArray, log_ratios: tuple[float, ...]) -> FloatArray:
    """log(wage / p50) at normal score ``z``: linear through the OEWS percentiles, lognormal
    tails with the end slopes beyond p10 and p90."""
    zk = np.asarray(OEWS_Z)
    rk = np.asarray(log_ratios, dtype=np.float64)
    out = np.interp(z, zk, rk)
    lo_slope = (rk[1] - rk[0]) / (zk[1] - zk[0])
    hi_slope = (rk[-1] - rk[-2]) / (zk[-1] - zk[-2])
    out = np.where(z < zk[0], rk[0] + (z - zk[0]) * lo_slope, out)
    out = np.where(z > zk[-1], rk[-1] + (z - zk[-1]) * hi_slope, out)
    return np.asarray(out, dtype=np.float64)


def search_years(draws: Draws, scen: Scenario) -> FloatArray:
    """Job-search years per draw: drawn (lognormal) after full-time study, else none."""
    if not scen.full_time:
        return np.zeros(draws.n)
    if scen.search_months is not None:
        return np.full(draws.n, scen.search_months / 12.0)
    mu = math.log(D.JOB_SEARCH_MEDIAN_MONTHS)
    sigma = math.sqrt(2.0 * math.log(D.JOB_SEARCH_MEAN_MONTHS / D.JOB_SEARCH_MEDIAN_MONTHS))
    months = np.minimum(np.exp(mu + sigma * draws.z_search), D.JOB_SEARCH_CAP_MONTHS)
    return np.asarray(months / 12.0, dtype=np.float64)
