"""Common random numbers and the person-level scenario of the personal ROI model.

Every program is evaluated on the *same* underlying draws (one row of ``Draws`` per draw),
so differences between programs come from the programs, not from sampling noise, and the
draws are made once per call. ``Scenario`` holds every person-level knob (each a what-if).
"""

from __future__ import annotations

import dataclasses
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

    z_premium: FloatArray  # the degree's effect for this person (premium sd units)
    z_growth: FloatArray  # person's real wage growth
    u_ttd: FloatArray  # quantile of time to degree among completers
    u_complete: FloatArray  # completes when below the completion probability
    u_attrition: FloatArray  # quantile of months enrolled before leaving
    z_search: FloatArray  # job-search months (lognormal)
    u_switch: FloatArray  # works in the target occupation when below the switch probability

    @property
    def n(self) -> int:
        return int(self.z_premium.shape[0])


def draw_common(n: int, seed: int) -> Draws:
    """``n`` draws from ``seed``; the same seed always gives the same draws."""
    rng = np.random.default_rng(seed)
    return Draws(
        z_premium=rng.standard_normal(n),
        z_growth=rng.standard_normal(n),
        u_ttd=rng.random(n),
        u_complete=rng.random(n),
        u_attrition=rng.random(n),
        z_search=rng.standard_normal(n),
        u_switch=rng.random(n),
    )


#: Points of the quantile grids kept from the plan's draws.
_GRID = np.linspace(0.0, 1.0, 101)


@dataclass(frozen=True)
class TtdDist:
    """Time to degree for one plan, from the plan model's own draws: completion probability,
    the completers' months and the dropouts' months enrolled, as quantile functions."""

    p_complete: float
    planned_months: float
    probs: tuple[float, ...]  # increasing, from 0 to 1
    months: tuple[float, ...]  # completers' months to degree at those probabilities
    attrition_months_q: tuple[float, ...]  # dropouts' months enrolled at ``probs``
    source: str

    def completer_months(self, u: FloatArray) -> FloatArray:
        return np.interp(u, self.probs, self.months)

    def attrition_months(self, u: FloatArray) -> FloatArray:
        return np.interp(u, self.probs, self.attrition_months_q)

    def quantile(self, q: float) -> float:
        return float(np.interp(q, self.probs, self.months))


def ttd_from_sample(
    months: FloatArray, completed: BoolArray, planned_months: float, source: str
) -> TtdDist:
    """The plan's draws as a ``TtdDist`` (quantile functions on a 101-point grid)."""
    done = months[completed]
    left = months[~completed]
    comp_q = np.quantile(done, _GRID) if done.size else np.full(_GRID.size, planned_months)
    drop_q = np.quantile(left, _GRID) if left.size else comp_q
    return TtdDist(
        p_complete=float(np.mean(completed)),
        planned_months=float(planned_months),
        probs=tuple(float(p) for p in _GRID),
        months=tuple(float(m) for m in comp_q),
        attrition_months_q=tuple(float(m) for m in drop_q),
        source=source,
    )


@dataclass(frozen=True)
class Scenario:
    """Person-level inputs and every driver of the model (all what-if parameters)."""

    salary_usd: float  # counterfactual salary today (year 1): the person's own pay
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
    premium_scale: float = 1.0  # multiplies every program's premium (what-if, tornado)
    premium_shift: float = 0.0  # added to every program's premium (what-if, tornado)
    switch_prob: float = 0.0  # probability of working in the target occupation after
    switch_log_gain: float = 0.0  # log of target pay at your wage rank over your pay
    ttd_quantile: float | None = None  # fixed time-to-degree quantile (what-if)
    completion_shift: float = 0.0  # added to every plan's completion probability
    completion_prob: float | None = None  # replaces it (what-if)
    search_months: float | None = None  # fixed job search (what-if); None = drawn
    extra: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    def program_free(self) -> Scenario:
        """This scenario without the fields that move only a program's level and tuition
        (tuition and premium what-ifs): scenarios equal here share their growth tables, plan
        terms and after-tax plan values."""
        return dataclasses.replace(self, tuition_scale=1.0, premium_scale=1.0, premium_shift=0.0)

    def completion(self, ttd: TtdDist) -> float:
        p = self.completion_prob if self.completion_prob is not None else ttd.p_complete
        return float(min(1.0, max(0.0, p + self.completion_shift)))


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
