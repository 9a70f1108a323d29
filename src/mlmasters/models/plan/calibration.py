"""Calibration of the time-to-degree model to the CGS STEM master's completion facts.

Targets (Council of Graduate Schools, *Completion and Attrition in STEM Master's Programs:
Pilot Study Findings*, May 2013; five US universities; as reported by Research Professional
News, 21 May 2013, https://www.researchprofessionalnews.com/rr-news-usa-universities-2013-5-stem-students-slow-to-earn-masters/):

- cumulative completion 41% within 2 years, 60% within 3, 66% within 4;
- cumulative attrition 10% within 6 months, 17% within 1 year, 23% within 2 years;
- median time to degree 23 months; median time to attrition 8 months.

The CGS cohort mixes full-time and part-time students and program lengths, so the model is
fitted on a *reference cohort* that mixes them the same documented way:

- 57% full-time, 43% part-time: NCES, *Characteristics of Postsecondary Students* (Condition of
  Education, updated August 2023): of 3.2 million graduate students in fall 2021, 1.8 million
  (57%) attended full time and 1.4 million (43%) part time;
- full-time plans uniform on 12-24 months (the guide: "one and two years" full-time for
  30-36 credits); part-time plans 1.5 times as long (two courses a term where full-time takes
  three), i.e. uniform on 18-36 months;
- a semester calendar (6-month terms, two a year), no thesis (thesis overrun is added on top
  for thesis programs; CGS gives no figure for it).

Five parameters are fitted (attrition hazard at entry and its decay time, the per-term
probability of a pause and of the pause going on, the per-course probability of losing a
course) by Nelder-Mead on the weighted squared
error over the eight targets, with common random numbers (``fit``; needs SciPy, a development
dependency). The fitted values are the defaults in ``ttd.TtdParams``; ``reference_cohort_figures``
reproduces the figures reached, and a test pins them within a stated tolerance.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlmasters.models.plan.ttd import (
    DEFAULT_PARAMS,
    REFERENCE_TERM_MONTHS,
    FloatArray,
    TtdParams,
    sample_time_to_degree,
)

#: The published figures (fractions of the entering cohort; medians in months).
CGS_TARGETS: dict[str, float] = {
    "complete_within_24m": 0.41,
    "complete_within_36m": 0.60,
    "complete_within_48m": 0.66,
    "left_within_6m": 0.10,
    "left_within_12m": 0.17,
    "left_within_24m": 0.23,
    "median_months_to_degree": 23.0,
    "median_months_to_attrition": 8.0,
}
CGS_SOURCE = (
    "Council of Graduate Schools, Completion and Attrition in STEM Master's Programs: "
    "Pilot Study Findings (May 2013)"
)
#: NCES fall 2021: 57% of graduate students full time.
REFERENCE_FULL_TIME_SHARE = 0.57
REFERENCE_FULL_TIME_MONTHS = (12.0, 24.0)
REFERENCE_PART_TIME_FACTOR = 1.5
#: Tolerance of the calibration test: percentage points for shares, months for medians.
TOLERANCE_SHARE = 0.02
TOLERANCE_MONTHS = 1.0
#: The CGS pilot followed cohorts for up to about six years; medians are taken in that window.
OBSERVATION_MONTHS = 72.0


def reference_cohort(
    draws: int, rng: np.random.Generator
) -> tuple[FloatArray, np.ndarray[Any, np.dtype[np.bool_]]]:
    """Planned months and a part-time flag for the reference cohort."""
    part_time = rng.random(draws) >= REFERENCE_FULL_TIME_SHARE
    lo, hi = REFERENCE_FULL_TIME_MONTHS
    planned = rng.uniform(lo, hi, size=draws)
    planned = np.where(part_time, planned * REFERENCE_PART_TIME_FACTOR, planned)
    return planned.astype(np.float64), part_time


def reference_cohort_figures(
    params: TtdParams = DEFAULT_PARAMS, draws: int = 200_000, seed: int = 2013
) -> dict[str, float]:
    """The CGS figures as the model reproduces them on the reference cohort."""
    rng = np.random.default_rng(seed)
    planned, part_time = reference_cohort(draws, rng)
    months = np.empty(draws)
    completed = np.empty(draws, dtype=bool)
    for is_pt, mode in ((False, "full-time"), (True, "part-time")):
        idx = part_time == is_pt
        m, c = sample_time_to_degree(
            planned[idx], mode, False, rng, term_months=REFERENCE_TERM_MONTHS, params=params
        )
        months[idx] = m
        completed[idx] = c
    left = ~completed & (months < params.horizon_months)
    obs = months <= OBSERVATION_MONTHS
    return {
        "complete_within_24m": float(np.mean(completed & (months <= 24))),
        "complete_within_36m": float(np.mean(completed & (months <= 36))),
        "complete_within_48m": float(np.mean(completed & (months <= 48))),
        "left_within_6m": float(np.mean(left & (months <= 6))),
        "left_within_12m": float(np.mean(left & (months <= 12))),
        "left_within_24m": float(np.mean(left & (months <= 24))),
        "median_months_to_degree": float(np.median(months[completed & obs])),
        "median_months_to_attrition": float(np.median(months[left & obs])),
        "p_complete_ever": float(np.mean(completed)),
    }


def loss(figures: dict[str, float]) -> float:
    """Weighted squared error: shares in percentage points, medians in months."""
    total = 0.0
    for key, target in CGS_TARGETS.items():
        scale = 1.0 if key.startswith("median") else 0.01
        total += ((figures[key] - target) / scale) ** 2
    return total


def fit(draws: int = 100_000, seed: int = 2013) -> TtdParams:  # pragma: no cover - dev tool
    """Refit the four free parameters (needs SciPy). Prints the result."""
    import importlib

    minimize = importlib.import_module("scipy.optimize").minimize

    def params_of(x: np.ndarray[Any, np.dtype[np.float64]]) -> TtdParams:
        return DEFAULT_PARAMS.model_copy(
            update={
                "attrition_hazard_per_month": float(abs(x[0])),
                "attrition_decay_months": float(abs(x[1])) + 0.1,
                "p_pause_per_term": float(np.clip(abs(x[2]), 0, 0.9)),
                "p_course_lost": float(np.clip(abs(x[3]), 0, 0.9)),
                "p_pause_continues": float(np.clip(abs(x[4]), 0, 0.95)),
            }
        )

    def objective(x: np.ndarray[Any, np.dtype[np.float64]]) -> float:
        return loss(reference_cohort_figures(params_of(x), draws=draws, seed=seed))

    d = DEFAULT_PARAMS
    x0 = np.array(
        [
            d.attrition_hazard_per_month,
            d.attrition_decay_months,
            d.p_pause_per_term,
            d.p_course_lost,
            d.p_pause_continues,
        ]
    )
    res = minimize(objective, x0, method="Nelder-Mead", options={"xatol": 1e-4, "fatol": 1e-3})
    best = params_of(res.x)
    print(best.model_dump())
    print(reference_cohort_figures(best, draws=draws, seed=seed), res.fun)
    return best


if __name__ == "__main__":  # pragma: no cover
    fit()
