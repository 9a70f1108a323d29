"""The person, resolved once: area, pay path, target role, career-switch channel, taxes,
support and horizon (``resolve_person``), the ``Person`` every program scenario reads.

Pure: the wage tables and the Scorecard table are passed in (``service/`` reads them from the
snapshot). ``models/scenario.py`` resolves each program for this person.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from statistics import NormalDist

import numpy as np
import pandas as pd

from mlmasters.errors import InputError, Problem
from mlmasters.models.assess.careers import ROLE_SOC_WEIGHTS
from mlmasters.models.assess.readiness import AreaReadiness, assess_readiness
from mlmasters.models.plan.result import PlanOptions
from mlmasters.models.plan.ttd import Mode
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.draws import OEWS_Z, Scenario
from mlmasters.models.roi.results import RoiOptions
from mlmasters.models.scenario_cache import HashedKey
from mlmasters.profile import Profile
from mlmasters.wages import Area, Wages

#: Fields of a degree a person's bachelor's maps to (Scorecard 2-digit CIP series).
BACHELOR_SERIES = {"computer-science": "11", "math-statistics": "27", "engineering": "14"}


#: Per requested mode and fit: the plan options, the plan key and the scenario key.
PlanInputsKeys = tuple[PlanOptions, HashedKey, HashedKey]


@dataclass(frozen=True)
class Person:
    """Everything about the person the models read, resolved once."""

    profile: Profile
    opts: RoiOptions
    area: Area
    role: str
    role_stated: bool
    socs: tuple[tuple[str, float], ...]
    target_pcts: tuple[float, ...]  # target occupations' p10..p90 in the area (blended)
    salary_usd: float
    salary_source: str
    salary_yours: bool
    in_target: bool
    years_in_target: float
    premium_factor: float
    wage_rank: float | None  # percentile of the person's pay in their own occupation
    switch_prob: float
    switch_log_gain: float
    experience_years: float
    horizon_years: int
    tax_state: str | None
    filing: str
    support_usd: float
    readiness: tuple[AreaReadiness, ...] | None
    assumptions: tuple[str, ...]
    yours: dict[str, str] = field(default_factory=dict)

    def scenario(self, full_time: bool = True, switch: bool = False) -> Scenario:
        """The engine's person-level scenario (the study mode is set per plan). The career
        switch is off unless ``switch`` (the separate, labelled switch scenario)."""
        o = self.opts
        return Scenario(
            salary_usd=self.salary_usd,
            horizon_years=self.horizon_years,
            experience_years=self.experience_years,
            full_time=full_time,
            salary_kept=self.salary_kept("full-time" if full_time else "part-time"),
            employer_support_usd=self.support_usd,
            discount_rate=D.DISCOUNT_RATE if o.discount_rate is None else o.discount_rate,
            growth_mean=D.REAL_WAGE_GROWTH if o.wage_growth is None else o.wage_growth,
            tuition_scale=o.tuition_scale,
            ttd_quantile=None
            if o.time_to_degree_percentile is None
            else o.time_to_degree_percentile / 100.0,
            completion_prob=o.completion_prob,
            search_months=o.job_search_months,
            switch_prob=self.switch_prob if switch else 0.0,
            switch_log_gain=self.switch_log_gain if switch else 0.0,
        )

    @cached_property
    def _plan_inputs(self) -> dict[tuple[Mode | None, int], PlanInputsKeys]:
        """The plan options and their cache key per requested mode (made once)."""
        return {}

    def salary_kept(self, mode: str) -> float:
        kept = self.opts.salary_kept_while_studying
        if kept is not None:
            return float(kept)
        return 0.0 if mode == "full-time" else D.SALARY_KEPT_PART_TIME


def resolve_area(
    wages: Wages, state: str | None = None, metro: str | None = None
) -> tuple[Area, list[str]]:
    """The one area resolution: an unknown metro falls back to the state, with one notice.

    Without a state, an unknown metro is an input error naming the ``metro`` field.
    """
    notices: list[str] = []
    if state:
        try:
            wages.state_area(state)
        except InputError as exc:
            raise InputError(
                exc.message, [Problem(exc.message, field="state", hint=exc.hint)]
            ) from None
    if metro:
        try:
            area = wages.resolve_area(state, metro)
        except InputError as exc:
            if not state:
                raise InputError(
                    exc.message,
                    [Problem(exc.message, field="metro", hint=exc.hint)],
                    hint="or give your state, to use state-level figures",
                ) from None
            area = wages.state_area(state)
            hint = f" ({exc.hint})" if exc.hint else ""
            notices.append(f"{exc.message}{hint}; using {area.area_name} (state) figures instead")
            return area, notices
        if state and area.state and area.state != state.upper():
            notices.append(
                f"metro {area.area_name} is mainly in {area.state}, not in your state "
                f"{state.upper()}; its figures are used"
            )
        return area, notices
    if state:
        return wages.state_area(state), notices
    notices.append("no state or metro given: national figures are used")
    return wages.national(), notices


# -- careers ------------------------------------------------------------------------------


def blend_percentiles(wages: Wages, socs: Sequence[tuple[str, float]], area: Area) -> list[float]:
    """Weighted mean of the occupations' p10..p90 in ``area`` (a percentile the area does not
    publish takes the national shape around the area's median)."""
    out = np.zeros(5)
    for soc, w in socs:
        row = wages.lookup(soc, area)
        vals: list[float] = [float(v or 0) for v in row.percentile_values()]
        if 0 in vals:
            nat = wages.lookup(soc, wages.national())
            ref = float(row.p50_usd or nat.p50_usd or 1)
            vals = [
                v if v > 0 else float(n or 0) * ref / float(nat.p50_usd or 1)
                for v, n in zip(vals, nat.percentile_values(), strict=True)
            ]
        out += w * np.array(vals)
    return [float(v) for v in out]


def _rank_z(pay: float, pcts: Sequence[float]) -> float:
    """Normal score of ``pay`` among OEWS percentiles (log-linear, clamped to p10..p90)."""
    logs = np.log(np.maximum(np.asarray(pcts, dtype=float), 1.0))
    return float(np.interp(math.log(max(pay, 1.0)), logs, OEWS_Z))


def _at_z(z: float, pcts: Sequence[float]) -> float:
    logs = np.log(np.maximum(np.asarray(pcts, dtype=float), 1.0))
    return float(np.exp(np.interp(z, OEWS_Z, logs)))


#: Years after completion at which the Scorecard's bachelor's median is measured.
BACHELOR_MEDIAN_YEARS = 4


def _experience_log_growth(years: float) -> float:
    """Cumulative log pay growth of the career profile after ``years`` of experience."""
    flat = D.EXPERIENCE_FLAT_AFTER_YEARS
    x = min(max(years, 0.0), flat)
    return D.EXPERIENCE_GROWTH_START * (x - x * x / (2.0 * flat))


def bachelor_median(fos: pd.DataFrame, degree_field: str | None) -> tuple[float, str]:
    b = fos[(fos["credential_level"] == 3) & (fos["earnings_horizon_years"] == 4)]
    series = BACHELOR_SERIES.get(degree_field or "")
    sel = b[b["cip_code"].str[:2] == series] if series else b
    if sel.empty:
        sel = b
    med = float(sel["earnings_median_usd"].astype(float).median())
    which = f"CIP {series}.xx" if series else "the ML-related fields"
    return med, (
        f"no pay given: the median bachelor's graduate in {which} 4 years after completing "
        f"(College Scorecard, {len(sel)} programs)"
    )


def _salary(
    profile: Profile,
    opts: RoiOptions,
    wages: Wages,
    fos: pd.DataFrame,
    area: Area,
    own_pcts: list[float] | None,
    yours: dict[str, str],
) -> tuple[float, str, bool, bool]:
    """Pay without the degree, why, whether it is the person's own, and whether it is the
    bachelor's median (measured 4 years after the degree)."""
    if opts.current_salary_usd is not None:
        yours["current_salary_usd"] = "your figure"
        return opts.current_salary_usd, "your figure (what-if)", True, False
    if profile.current_salary_usd is not None:
        return profile.current_salary_usd, "your current pay", True, False
    if own_pcts is not None and profile.current_soc:
        why = f"median pay of {wages.occupation_name(profile.current_soc)} in {area.area_name}"
        return own_pcts[2], why, False, False
    salary, why = bachelor_median(fos, profile.degree_field)
    return salary, why, False, True


def _experience(profile: Profile, from_median: bool, notes: list[str]) -> float:
    """Years of experience the pay path starts at."""
    if profile.years_experience is not None:
        return float(profile.years_experience)
    if profile.age is not None:
        return max(0.0, float(profile.age - D.BACHELOR_AGE))
    if from_median:
        # the median is measured 4 years after the bachelor's: its path starts there, not at
        # entry (else those 4 years of experience would be counted twice)
        notes.append(
            f"age and experience unknown: your pay path starts where the bachelor's median is "
            f"measured, {BACHELOR_MEDIAN_YEARS} years after the degree"
        )
        return float(BACHELOR_MEDIAN_YEARS)
    notes.append("age and experience unknown: your pay path starts at entry level")
    return 0.0


def _switch(
    opts: RoiOptions,
    in_target: bool,
    own_pcts: list[float] | None,
    salary: float,
    pcts: list[float],
    notes: list[str],
    yours: dict[str, str],
) -> tuple[float | None, float, float]:
    """Career switch, a separate scenario (never in the headline): the target occupation's
    pay in the person's area at their own wage rank, inside its published p10..p90.
    Returns (wage rank, switch probability, log pay gain)."""
    wage_rank: float | None = None
    if opts.switch_prob is not None:
        yours["switch_prob"] = "your figure"
    if in_target:
        notes.append("career switch: none (you already work in the target occupation)")
        return wage_rank, 0.0, 0.0
    if own_pcts is None:
        return wage_rank, 0.0, 0.0
    z = _rank_z(salary, own_pcts)
    wage_rank = round(100 * NormalDist().cdf(z), 1)
    target_pay = _at_z(z, pcts)
    switch_gain = math.log(max(target_pay, 1.0) / max(salary, 1.0))
    if switch_gain <= 0:
        notes.append(
            f"career switch: no gain to show (the target occupation pays ${target_pay:,.0f} "
            f"in your area at your wage rank, about the {wage_rank:.0f}th percentile, no "
            "more than your path)"
        )
        return wage_rank, 0.0, 0.0
    switch_prob = D.SWITCH_PROB if opts.switch_prob is None else opts.switch_prob
    notes.append(
        f"career switch, shown apart from the main result: if the degree is what moves "
        f"you into the target occupation ({switch_prob:.0%} extra chance, an "
        f"assumption), paid ${target_pay:,.0f} there (your wage rank, about the "
        f"{wage_rank:.0f}th percentile, inside its p10-p90 in your area)"
    )
    return wage_rank, switch_prob, switch_gain


def _horizon(profile: Profile, opts: RoiOptions, notes: list[str], yours: dict[str, str]) -> int:
    """Working years left (your figure, else to retirement age, else the default)."""
    if profile.age is not None:
        horizon = D.RETIREMENT_AGE - profile.age
        if horizon < 1:
            raise InputError(
                f"at {profile.age} there are no working years left before {D.RETIREMENT_AGE}",
                [Problem(f"no working years left before {D.RETIREMENT_AGE}", field="age")],
                hint="set a horizon in years to evaluate anyway",
            )
        horizon = min(horizon, D.HORIZON_MAX_YEARS)
    else:
        horizon = D.HORIZON_YEARS_DEFAULT
        notes.append(f"age unknown: a {horizon}-year working horizon")
    if opts.horizon_years is not None:
        horizon = opts.horizon_years
        yours["horizon_years"] = "your figure"
    return int(horizon)


def _support(profile: Profile, opts: RoiOptions, yours: dict[str, str]) -> float:
    """Employer support a year; also marks the what-if figures the person gave."""
    support = opts.employer_support_usd_per_year
    if support is None:
        support = profile.employer_support_usd_per_year or 0.0
    else:
        yours["employer_support_usd_per_year"] = "your figure"
    for name in ("tuition_usd", "discount_rate", "wage_growth", "completion_prob",
                 "time_to_degree_percentile", "job_search_months", "enrollment_mode",
                 "salary_kept_while_studying", "premium", "bridge_cost_usd"):  # fmt: skip
        if getattr(opts, name) is not None:
            yours[name] = "your figure"
    return float(support)


def resolve_person(
    profile: Profile,
    opts: RoiOptions,
    wages: Wages,
    fos: pd.DataFrame,
) -> Person:
    """The person, once: area (one resolution, one notice), pay path, target role, the
    career-switch channel, taxes, support, horizon and their readiness for the core areas
    (which sets bridge courses in every plan). Raises ``InputError`` on bad input."""
    readiness = assess_readiness(profile)
    notes: list[str] = []
    yours: dict[str, str] = {}
    area, notices = resolve_area(wages, profile.state, profile.metro)
    notes += notices
    role_stated = profile.target_role is not None
    role = profile.target_role or D.DEFAULT_TARGET_ROLE
    if not role_stated:
        notes.append(
            f"you have not said which job you aim for: {role.replace('-', ' ')} is assumed "
            "(choose a target role to change it)"
        )
    socs = tuple(ROLE_SOC_WEIGHTS[role])
    pcts = blend_percentiles(wages, socs, area)
    own_pcts: list[float] | None = None
    if profile.current_soc:
        own_pcts = blend_percentiles(wages, [(profile.current_soc, 1.0)], area)
    salary, why, salary_yours, from_median = _salary(
        profile, opts, wages, fos, area, own_pcts, yours
    )
    in_target = bool(profile.current_soc and profile.current_soc in {s for s, _ in socs})
    exp = _experience(profile, from_median, notes)
    if from_median and exp != BACHELOR_MEDIAN_YEARS:
        # move the median along the career profile to your years of experience
        step = _experience_log_growth(exp) - _experience_log_growth(float(BACHELOR_MEDIAN_YEARS))
        salary = salary * math.exp(step)
        why += (
            f", moved along the career profile from {BACHELOR_MEDIAN_YEARS} to {exp:g} years of "
            "experience"
        )
    notes.append(f"pay without the degree starts at ${salary:,.0f} a year: {why}")
    years_in_target = exp if in_target else 0.0
    factor = 1.0 / (1.0 + years_in_target / D.PREMIUM_HALF_AFTER_YEARS)
    if in_target and years_in_target > 0:
        notes.append(
            f"you already work in the target occupation ({years_in_target:g} years): the "
            f"degree's premium for you is {factor:.0%} of a newcomer's"
        )
    wage_rank, switch_prob, switch_gain = _switch(
        opts, in_target, own_pcts, salary, pcts, notes, yours
    )
    horizon = _horizon(profile, opts, notes, yours)
    support = _support(profile, opts, yours)
    return Person(
        profile=profile,
        opts=opts,
        area=area,
        role=role,
        role_stated=role_stated,
        socs=socs,
        target_pcts=tuple(pcts),
        salary_usd=float(salary),
        salary_source=why,
        salary_yours=salary_yours,
        in_target=in_target,
        years_in_target=years_in_target,
        premium_factor=factor,
        wage_rank=wage_rank,
        switch_prob=float(switch_prob),
        switch_log_gain=float(switch_gain),
        experience_years=exp,
        horizon_years=horizon,
        tax_state=profile.state if area.state is None else area.state,
        filing=profile.tax_filing_status or "single",
        support_usd=support,
        readiness=tuple(readiness),
        assumptions=tuple(notes),
        yours=yours,
    )
