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

The person is resolved in ``models/person.py`` (re-exported here); this module resolves each
program for that person. Nothing downstream re-derives any of it: the plan's months and mode
are the return's, the return's figures are the ranking's career-outcome criterion. Pure: the
wage tables, the Scorecard table and the premium fit are passed in (``service/`` reads them
from the snapshot).
"""

from __future__ import annotations

import math
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import TuitionEstimate
from mlmasters.errors import InputError, MlmastersError
from mlmasters.models.person import Person, resolve_area, resolve_person
from mlmasters.models.plan.assemble import PlanCore, has_job, plan_core, plan_inputs_key
from mlmasters.models.plan.result import PlanOptions
from mlmasters.models.plan.ttd import Mode, completion_target, sample_time_to_degree
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.draws import TtdDist, ttd_from_sample
from mlmasters.models.roi.premium import Premium, PremiumFit
from mlmasters.models.roi.results import Status
from mlmasters.models.scenario_cache import HashedKey, PerKey, kept

__all__ = [
    "Person",
    "ProgramScenario",
    "clear_caches",
    "limit_caches",
    "other_mode",
    "resolve_area",
    "resolve_person",
    "resolve_program",
    "try_resolve_program",
    "ttd_for",
]

#: Draws of the plan's time-to-degree model kept per plan (its own distribution).
TTD_DRAWS = 4000


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


#: Plan inputs (``plan_inputs_key``: mode, hours, state, readiness, ...) whose plans are kept
#: for every program (people who share them share the plans; a few MB a key for the catalog),
#: and people's scenario inputs (plan inputs, pay-independent what-ifs, premium factor, fit)
#: whose program scenarios are kept.
PLAN_CACHE_KEYS = 3
SCENARIO_CACHE_KEYS = 3
_plans = PerKey(PLAN_CACHE_KEYS)
_scenarios = PerKey(SCENARIO_CACHE_KEYS)
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
) -> tuple[PlanOptions, HashedKey, HashedKey]:
    """The plan options, the plan key and the scenario key of this person (made once)."""
    known = person._plan_inputs.get((requested, id(fit)))
    if known is None:
        opts = _plan_options(person, requested)
        inputs = plan_inputs_key(person.profile, opts, person.readiness)
        plan_key = _plans.canonical(HashedKey(inputs))
        o = person.opts
        extras = (o.tuition_usd, o.bridge_cost_usd, o.premium, o.loan_share, o.discount_rate)
        scen_key = _scenarios.canonical(
            HashedKey((plan_key, extras, person.premium_factor, id(fit)), keep=fit)
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
        core: _PlanFacts = kept(_plans.table(plan_key), program, plan)
        return _program_scenario(person, program, fit, core)

    result: ProgramScenario = kept(_scenarios.table(scen_key), program, scenario)
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
