"""One person and one program, resolved once: the scenario every model reads.

::

    profile + options ──► Person (area, pay path, target role, switch channel, taxes,
         │                        support, horizon, readiness, every "your figure")
         │
    program ──────────► ProgramScenario (study mode, plan: pace, bridge months, months,
                                         thesis; tuition; premium; loan factor)
                                  │
                     plan ◄───────┼───────► return (engine) ───► rank / compare /
                                  │                              report / CLI / API / batch

Nothing downstream re-derives any of it: the plan's months and mode are the return's, the
return's figures are the ranking's career-outcome criterion. Pure: the wage tables, the
Scorecard table and the premium fit are passed in (``service/`` reads them from the
snapshot).
"""

from __future__ import annotations

import math
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from statistics import NormalDist
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import TuitionEstimate
from mlmasters.errors import InputError, MlmastersError, Problem
from mlmasters.models.assess.careers import ROLE_SOC_WEIGHTS
from mlmasters.models.assess.readiness import AreaReadiness
from mlmasters.models.plan.assemble import PlanCore, has_job, plan_core, plan_inputs_key
from mlmasters.models.plan.result import PlanOptions
from mlmasters.models.plan.ttd import Mode, completion_target, sample_time_to_degree
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.draws import OEWS_Z, Scenario, TtdDist, ttd_from_sample
from mlmasters.models.roi.premium import Premium, PremiumFit
from mlmasters.models.roi.results import RoiOptions, Status
from mlmasters.profile import Profile
from mlmasters.wages import Area, Wages

#: Fields of a degree a person's bachelor's maps to (Scorecard 2-digit CIP series).
BACHELOR_SERIES = {"computer-science": "11", "math-statistics": "27", "engineering": "14"}
#: Draws of the plan's time-to-degree model kept per plan (its own distribution).
TTD_DRAWS = 4000


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
    def _plan_inputs(self) -> dict[tuple[Mode | None, int], tuple[PlanOptions, _Key, _Key]]:
        """The plan options and their cache key per requested mode (made once)."""
        return {}

    def salary_kept(self, mode: str) -> float:
        kept = self.opts.salary_kept_while_studying
        if kept is not None:
            return float(kept)
        return 0.0 if mode == "full-time" else D.SALARY_KEPT_PART_TIME


@dataclass(frozen=True)
class ProgramScenario:
    """One person in one program: the plan's choices, the cost and the premium."""

    program: Program
    status: Status
    message: str | None
    mode: Mode
    mode_reason: str
    planned_months: float  # the program itself, no risk
    bridge_months: float  # bridge courses before it
    thesis: bool
    term_months: float
    courses_per_term: float
    tuition: TuitionEstimate
    tuition_usd: float
    premium: Premium
    premium_mean: float  # for this person (years in the target occupation applied)
    premium_sd: float  # posterior and individual spread
    loan_factor: float
    notes: tuple[str, ...] = ()

    @property
    def total_months(self) -> float:
        return self.planned_months + self.bridge_months

    @property
    def plan_key(self) -> tuple[float, str, bool, float, float, float]:
        return (
            self.planned_months,
            self.mode,
            self.thesis,
            self.term_months,
            self.courses_per_term,
            self.bridge_months,
        )


# -- person ----------------------------------------------------------------------------------
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


def resolve_person(
    profile: Profile,
    opts: RoiOptions,
    wages: Wages,
    fos: pd.DataFrame,
    readiness: Sequence[AreaReadiness] | None = None,
) -> Person:
    """The person, once: area (one resolution, one notice), pay path, target role, the
    career-switch channel, taxes, support and horizon. Raises ``InputError`` on bad input."""
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
    salary_yours = True
    if opts.current_salary_usd is not None:
        salary, why = opts.current_salary_usd, "your figure (what-if)"
        yours["current_salary_usd"] = "your figure"
    elif profile.current_salary_usd is not None:
        salary, why = profile.current_salary_usd, "your current pay"
    elif own_pcts is not None and profile.current_soc:
        salary_yours = False
        salary = own_pcts[2]
        why = f"median pay of {wages.occupation_name(profile.current_soc)} in {area.area_name}"
    else:
        salary_yours = False
        salary, why = bachelor_median(fos, profile.degree_field)
    from_median = not salary_yours and not (own_pcts is not None and profile.current_soc)

    target_socs = {s for s, _ in socs}
    in_target = bool(profile.current_soc and profile.current_soc in target_socs)
    if profile.years_experience is not None:
        exp = float(profile.years_experience)
    elif profile.age is not None:
        exp = max(0.0, float(profile.age - D.BACHELOR_AGE))
    elif from_median:
        # the median is measured 4 years after the bachelor's: its path starts there, not at
        # entry (else those 4 years of experience would be counted twice)
        exp = float(BACHELOR_MEDIAN_YEARS)
        notes.append(
            f"age and experience unknown: your pay path starts where the bachelor's median is "
            f"measured, {BACHELOR_MEDIAN_YEARS} years after the degree"
        )
    else:
        exp = 0.0
        notes.append("age and experience unknown: your pay path starts at entry level")
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

    # Career switch, a separate scenario (never in the headline): the target occupation's
    # pay in the person's area at their own wage rank, inside its published p10..p90.
    wage_rank: float | None = None
    switch_prob, switch_gain = 0.0, 0.0
    if opts.switch_prob is not None:
        yours["switch_prob"] = "your figure"
    if in_target:
        notes.append("career switch: none (you already work in the target occupation)")
    elif own_pcts is not None:
        z = _rank_z(salary, own_pcts)
        wage_rank = round(100 * NormalDist().cdf(z), 1)
        target_pay = _at_z(z, pcts)
        switch_gain = math.log(max(target_pay, 1.0) / max(salary, 1.0))
        if switch_gain <= 0:
            switch_prob, switch_gain = 0.0, 0.0
            notes.append(
                f"career switch: no gain to show (the target occupation pays ${target_pay:,.0f} "
                f"in your area at your wage rank, about the {wage_rank:.0f}th percentile, no "
                "more than your path)"
            )
        else:
            switch_prob = D.SWITCH_PROB if opts.switch_prob is None else opts.switch_prob
            notes.append(
                f"career switch, shown apart from the main result: if the degree is what moves "
                f"you into the target occupation ({switch_prob:.0%} extra chance, an "
                f"assumption), paid ${target_pay:,.0f} there (your wage rank, about the "
                f"{wage_rank:.0f}th percentile, inside its p10-p90 in your area)"
            )

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
    state = profile.state if area.state is None else area.state
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
        horizon_years=int(horizon),
        tax_state=state,
        filing=profile.tax_filing_status or "single",
        support_usd=float(support),
        readiness=None if readiness is None else tuple(readiness),
        assumptions=tuple(notes),
        yours=yours,
    )


# -- program ---------------------------------------------------------------------------------
def _plan_options(person: Person, mode: Mode | None) -> PlanOptions:
    o = person.opts
    return PlanOptions(
        mode=mode,
        hours_per_week=o.hours_per_week,
        tuition_total_usd=o.tuition_usd,
        employer_support_usd_per_year=o.employer_support_usd_per_year,
    )


class _PlanFacts(NamedTuple):
    """What a program scenario reads from ``plan_core`` (kept instead of the whole plan)."""

    mode: Mode
    mode_reason: str
    notes: tuple[str, ...]
    planned_months: float
    bridge_months: float
    thesis: bool
    term_months: float
    courses_per_term: float
    tuition: TuitionEstimate


def _facts(core: PlanCore) -> _PlanFacts:
    notes = tuple(sys.intern(n) for n in core.notes)  # many programs share a note's text
    return _PlanFacts(
        core.mode,
        next((n[6:] for n in notes if n.startswith("mode: ")), core.mode),
        notes,
        core.planned_months,
        core.bridge_months,
        core.thesis,
        core.spec.term_months,
        core.courses_per_term,
        core.tuition,
    )


class _Key:
    """A key hashed once (the plan inputs hold pydantic models: hashing them per program
    would cost more than the plan)."""

    __slots__ = ("hash", "keep", "key")

    def __init__(self, key: tuple[object, ...], keep: object = None):
        self.key = key
        self.hash = hash(key)
        self.keep = keep  # kept alive with the key (an object named in it by its id)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, _Key) and self.hash == other.hash and self.key == other.key
        )


_Entry = tuple[Program, Any]  # (the program, its result or its InputError)


class _PerKey:
    """Results per program for a few keys, least recently used first out; thread-safe.
    An entry keeps its program, so the program's id stays its own while kept."""

    def __init__(self, keys: int):
        self.keys = keys
        self._items: OrderedDict[_Key, dict[int, _Entry]] = OrderedDict()
        self._lock = threading.Lock()

    def canonical(self, key: _Key) -> _Key:
        """The kept key equal to ``key`` (compared once per person, then by identity)."""
        with self._lock:
            return next((k for k in self._items if k == key), key)

    def table(self, key: _Key) -> dict[int, _Entry]:
        with self._lock:
            per = self._items.get(key)
            if per is None:
                per = self._items[key] = {}
                while len(self._items) > self.keys:
                    self._items.popitem(last=False)
            else:
                self._items.move_to_end(key)
            return per

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _kept(per: dict[int, _Entry], program: Program, make: Callable[[], Any]) -> Any:
    """``per``'s result for ``program``, made once (an ``InputError`` is kept and raised)."""
    hit = per.get(id(program))
    if hit is None or hit[0] is not program:
        try:
            value: Any = make()
        except InputError as exc:
            value = exc
        per[id(program)] = hit = (program, value)
    if isinstance(hit[1], InputError):
        raise hit[1].with_traceback(None)
    return hit[1]


#: Plan inputs (``plan_inputs_key``: mode, hours, state, readiness, ...) whose plans are kept
#: for every program (people who share them share the plans; a few MB a key for the catalog),
#: and people's scenario inputs (plan inputs, pay-independent what-ifs, premium factor, fit)
#: whose program scenarios are kept.
PLAN_CACHE_KEYS = 3
SCENARIO_CACHE_KEYS = 3
_plans = _PerKey(PLAN_CACHE_KEYS)
_scenarios = _PerKey(SCENARIO_CACHE_KEYS)
#: Premiums per fit (a fit is fixed once made): the fit, and its premium per program.
_premiums: OrderedDict[int, tuple[PremiumFit, dict[tuple[object, ...], Premium]]] = OrderedDict()
_lock = threading.Lock()


def limit_caches(keys: int) -> None:
    """Keep plans and program scenarios for at most ``keys`` inputs each (the server keeps
    one: its result cache holds the pages; a long-running process keeps its memory low)."""
    _plans.keys = _scenarios.keys = max(1, keys)
    for c in (_plans, _scenarios):
        with c._lock:
            while len(c._items) > c.keys:
                c._items.popitem(last=False)


def clear_caches() -> None:
    """Forget the plans, program scenarios and premiums kept between calls."""
    _plans.clear()
    _scenarios.clear()
    with _lock:
        _premiums.clear()


def _keys(
    person: Person, requested: Mode | None, fit: PremiumFit
) -> tuple[PlanOptions, _Key, _Key]:
    """The plan options, the plan key and the scenario key of this person (made once)."""
    known = person._plan_inputs.get((requested, id(fit)))
    if known is None:
        opts = _plan_options(person, requested)
        plan_key = _plans.canonical(_Key(plan_inputs_key(person.profile, opts, person.readiness)))
        o = person.opts
        extras = (o.tuition_usd, o.bridge_cost_usd, o.premium, o.loan_share, o.discount_rate)
        scen_key = _scenarios.canonical(
            _Key((plan_key, extras, person.premium_factor, id(fit)), keep=fit)
        )
        known = person._plan_inputs[(requested, id(fit))] = (opts, plan_key, scen_key)
    return known


def _cached_premium(fit: PremiumFit, unitid: str | None, cip_code: str | None) -> Premium:
    with _lock:
        hit = _premiums.get(id(fit))
        if hit is None or hit[0] is not fit:
            hit = _premiums[id(fit)] = (fit, {})
            while len(_premiums) > 4:
                _premiums.popitem(last=False)
        per = hit[1]
        prem = per.get((unitid, cip_code))
    if prem is None:
        prem = fit.for_program(unitid, cip_code)
        with _lock:
            per[(unitid, cip_code)] = prem
    return prem


def resolve_program(
    person: Person, program: Program, fit: PremiumFit, mode: Mode | None = None
) -> ProgramScenario:
    """The person in one program. ``mode`` forces a study mode (the "other mode" view);
    otherwise the one rule (``study_mode``) decides. Raises ``InputError`` for a mode the
    program does not offer or hours too few for one course.

    Plans are kept per plan inputs and program scenarios per scenario inputs (``_keys``:
    everything of the person either reads), so people who share them share the work."""
    requested = mode or person.opts.enrollment_mode
    opts, plan_key, scen_key = _keys(person, requested, fit)

    def plan() -> _PlanFacts:
        return _facts(plan_core(program, person.profile, opts, person.readiness))

    def scenario() -> ProgramScenario:
        core: _PlanFacts = _kept(_plans.table(plan_key), program, plan)
        return _program_scenario(person, program, fit, core)

    result: ProgramScenario = _kept(_scenarios.table(scen_key), program, scenario)
    return result


def _program_scenario(
    person: Person, program: Program, fit: PremiumFit, core: _PlanFacts
) -> ProgramScenario:
    t = core.tuition
    if person.opts.tuition_usd is not None:
        t = t.model_copy(update={"label": "your figure", "level": "program", "academic_year": None})
    status: Status = "ok"
    message = None
    if t.total_usd is None:
        if t.local_amount is not None:
            status = "tuition not in USD"
            message = (
                f"tuition is {t.local_amount:,.0f} {t.currency}; give the total in US dollars "
                "to see the return"
            )
        else:
            status = "needs tuition"
            message = "no tuition figure for this program: give the total to see the return"
    tuition = float(t.total_usd or 0.0) + float(person.opts.bridge_cost_usd or 0.0) * (
        core.bridge_months > 0
    )
    prem = _cached_premium(fit, program.unitid, program.cip_code)
    factor = person.premium_factor
    if person.opts.premium is not None:
        # the person's own figure is already the effect on their pay (what the page shows as
        # "the degree's lasting effect on your pay"): not scaled by their experience again
        beta, sd, factor = math.log1p(person.opts.premium), 0.0, 1.0
        prem = replace(prem, label="your figure (what-if)", source="your figure")
    else:
        beta = prem.mean
        sd = math.sqrt(prem.sd**2 + D.PREMIUM_INDIVIDUAL_SD**2)
    months = core.planned_months
    loan = loan_factor(
        person.opts.loan_share, tuition, months / 12.0, person.opts.discount_rate, core.mode
    )
    return ProgramScenario(
        program=program,
        status=status,
        message=message,
        mode=core.mode,
        mode_reason=core.mode_reason,
        planned_months=round(months, 2),
        bridge_months=round(core.bridge_months, 2),
        thesis=core.thesis,
        term_months=core.term_months,
        courses_per_term=round(core.courses_per_term, 4),
        tuition=t,
        tuition_usd=tuition,
        premium=prem,
        premium_mean=beta * factor,
        premium_sd=sd * factor,
        loan_factor=loan,
        notes=core.notes,
    )


def try_resolve_program(
    person: Person, program: Program, fit: PremiumFit, mode: Mode | None = None
) -> ProgramScenario | MlmastersError:
    """``resolve_program`` for catalog-wide work: a program this person cannot take (a mode
    it does not offer, too few hours) is returned as its error, to be filtered and counted."""
    try:
        return resolve_program(person, program, fit, mode)
    except InputError as exc:
        return exc


@lru_cache(maxsize=4096)
def ttd_for(
    planned_months: float,
    mode: str,
    thesis: bool,
    term_months: float,
    courses_per_term: float,
    online: bool = False,
) -> TtdDist:
    """The plan model's own time-to-degree distribution for one plan (fixed seed 0). Studied
    part-time or online, the chance of finishing is ``ttd.PART_TIME_COMPLETION`` (a labelled
    range, not the campus curve the plan model is calibrated to)."""
    rng = np.random.default_rng(0)
    months, completed = sample_time_to_degree(
        planned_months,
        mode,
        thesis,
        rng,
        size=TTD_DRAWS,
        term_months=term_months,
        courses_per_term=courses_per_term,
        completion=completion_target(mode, online),
    )
    return ttd_from_sample(
        months,
        completed,
        planned_months,
        "mlmasters plan model (term-level Monte Carlo calibrated to the Council of Graduate "
        "Schools)",
    )


def loan_factor(
    share: float, tuition: float, years: float, discount_rate: float | None, mode: str
) -> float:
    """Present value of the cost per dollar of tuition when ``share`` is borrowed.

    Borrowing (capped by the annual and aggregate limits, prorated for part-time; the
    origination fee grossed up as 1/(1-fee)) is repaid over the standard plan's term for the
    amount borrowed (10 to 25 years) at the fixed nominal rate after the grace period;
    interest accrues from the mean borrowing date (half-way through the program). Repayments
    are deflated by inflation and discounted at the real rate, relative to paying cash at the
    borrowing date.
    """
    if share <= 0 or tuition <= 0:
        return 1.0
    rate = D.DISCOUNT_RATE if discount_rate is None else discount_rate
    per_year = tuition / max(years, 1e-9)
    pace = 1.0 if mode == "full-time" else D.PART_TIME_PACE
    s = min(share, D.LOAN_ANNUAL_LIMIT_USD * pace / per_year, D.LOAN_AGGREGATE_LIMIT_USD / tuition)
    i = D.LOAN_RATE_NOMINAL
    borrowed = s * tuition
    n = max(years for start, years in D.LOAN_TERM_TIERS if borrowed >= start)
    annuity = i / (1.0 - (1.0 + i) ** -n)
    wait = years / 2.0 + D.LOAN_GRACE_YEARS
    v = 1.0 / ((1.0 + rate) * (1.0 + D.INFLATION))
    repay = sum(v ** (wait + k) for k in range(1, n + 1))
    unit = (1.0 + i) ** wait * annuity * repay / (1.0 - D.LOAN_ORIGINATION_FEE)
    return float(1.0 - s + s * unit)


def other_mode(ps: ProgramScenario, person: Person) -> Mode | None:
    """The mode to show beside the chosen one when the person has not said (and the program
    offers both or does not say), else None."""
    p = person.profile
    if person.opts.enrollment_mode or p.enrollment_mode or p.must_keep_working is not None:
        return None
    offered = ps.program.enrollment_modes
    alt: Mode = "full-time" if ps.mode == "part-time" else "part-time"
    if offered and alt not in offered:
        return None
    if alt == "part-time" and not has_job(p):
        return None
    return alt
