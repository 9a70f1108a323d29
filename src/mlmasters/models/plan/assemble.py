"""The whole plan for one person and one program: terms with months and money, funding per
year, the workload check and time to degree as a distribution (pure: no snapshot access).

``plan_core`` (``core.py``) makes the decisions (mode, credits, calendar, load, bridge courses,
terms, tuition); this module gives them months, money and risk.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mlmasters.catalog.program import Program
from mlmasters.models.assess.readiness import AreaReadiness
from mlmasters.models.plan.choices import has_job, study_mode
from mlmasters.models.plan.core import PlanCore, bridge_period_months, plan_core, plan_inputs_key
from mlmasters.models.plan.curriculum import CORE_AREAS
from mlmasters.models.plan.funding import LOAN_SOURCE, FundingPlan, funding_plan, year_rows
from mlmasters.models.plan.packing import (
    BRIDGE_COURSE_CREDITS,
    BRIDGE_WEEKS_PER_COURSE,
    EPS,
    Term,
)
from mlmasters.models.plan.result import PlanInputs, PlanOptions, PlanResult, TermPlan
from mlmasters.models.plan.terms import (
    HOURS_PER_SEMESTER_CREDIT,
    default_credits_per_term,
    hours_for_credits,
)
from mlmasters.models.plan.ttd import (
    TimeToDegreeSummary,
    completion_target,
    sample_time_to_degree,
    summarize,
    validate_ttd_inputs,
)
from mlmasters.models.plan.workload import check_workload
from mlmasters.profile import Profile

__all__ = ["PlanCore", "build_plan", "has_job", "plan_core", "plan_inputs_key", "study_mode"]


def _term_rows(c: PlanCore) -> list[TermPlan]:
    """Every term (bridge, courses, internship) with its months, hours and tuition."""
    spec, tuition, tm = c.spec, c.tuition, c.spec.term_months
    terms: list[TermPlan] = []
    cumulative, start = 0.0, 0.0
    for i, t in enumerate(c.before + c.program_terms):
        span = bridge_period_months(t) if t.kind == "bridge" else tm
        in_program = i >= len(c.before)
        j = i - len(c.before)
        fee = None if tuition.total_usd is None else tuition.total_usd * t.credits / c.credits
        if t.kind != "courses":
            fee = None  # bridge work and internships: no program tuition (cost not included)
        if fee is not None:
            cumulative += fee
        if t.kind == "bridge":
            label = f"Bridge {i + 1}"
        elif t.kind == "internship":
            label = "Internship"
        else:
            label = f"Year {j // spec.terms_per_year + 1}, term {j % spec.terms_per_year + 1}"
        terms.append(
            TermPlan(
                number=i + 1,
                kind=t.kind,
                label=label,
                program_year=j // spec.terms_per_year + 1 if in_program else None,
                month_start=round(start, 2),
                month_end=round(start + span, 2),
                credits=round(t.credits, 2),
                bridge_credits=round(t.bridge_credits, 2),
                bridge_areas=t.bridge_areas,
                hours_per_week=round(_hours(t, c), 1),
                courses=t.courses,
                core_areas=t.core_areas,
                specialization=c.tracks if t.electives else [],
                milestones=t.milestones,
                tuition_usd=None if fee is None else round(fee, 2),
                cumulative_tuition_usd=None if fee is None else round(cumulative, 2),
            )
        )
        start += span
    return terms


def _hours(t: Term, c: PlanCore) -> float:
    """Weekly hours of a term: 3 h per credit in a 15-week course for bridge work, the
    calendar's rule for the program's terms."""
    if t.kind == "bridge":  # one 3-credit course at a time: 9 h a week
        return BRIDGE_COURSE_CREDITS * HOURS_PER_SEMESTER_CREDIT / BRIDGE_WEEKS_PER_COURSE
    return hours_for_credits(t.load, c.spec)


def _funding(c: PlanCore, program: Program, profile: Profile, terms: list[TermPlan]) -> FundingPlan:
    """Tuition, employer support, federal loan limits and the gap, per program year."""
    by_year: dict[int, list[TermPlan]] = {}
    for tp in terms:
        if tp.program_year is not None and tp.kind == "courses":
            by_year.setdefault(tp.program_year, []).append(tp)
    support = (
        c.opts.employer_support_usd_per_year
        if c.opts.employer_support_usd_per_year is not None
        else profile.employer_support_usd_per_year
    )
    tuition = c.tuition
    fund_notes = [LOAN_SOURCE, "living costs are not included"]
    if program.country != "US":
        fund_notes.append(
            "federal loans only if the school takes part in the US Direct Loan program"
        )
    if tuition.total_usd is None and tuition.currency not in (None, "USD"):
        fund_notes.append(f"tuition is in {tuition.currency}; not converted to USD")
    rows = year_rows(
        [
            (
                y,
                len(ts),
                sum(t.credits for t in ts),
                None if tuition.total_usd is None else sum(t.tuition_usd or 0.0 for t in ts),
            )
            for y, ts in sorted(by_year.items())
        ],
        default_credits_per_term("full-time", c.spec),
        support,
    )
    funding = funding_plan(
        rows,
        currency=tuition.currency,
        tuition_label=tuition.label,
        tuition_level=tuition.level,
        budget_usd=profile.budget_usd,
        notes=fund_notes,
    )
    if funding.within_budget is False and profile.budget_usd is not None:
        c.warnings.append(
            f"out-of-pocket tuition ${funding.out_of_pocket_total_usd:,.0f} is above your "
            f"budget of ${profile.budget_usd:,.0f}"
        )
    if any(r.federal_loan_limit_usd == 0 for r in rows):
        c.warnings.append("below half-time enrolment in some years: no federal loans then")
    return funding


def _time_to_degree(
    c: PlanCore, program: Program, profile: Profile
) -> tuple[TimeToDegreeSummary, float | None]:
    """The time-to-degree distribution, and the chance of the degree within ``max_years``."""
    tm, planned, bridge_months = c.spec.term_months, c.planned_months, c.bridge_months
    validate_ttd_inputs(planned, c.mode, c.opts.draws, tm, c.opts.seed)
    rng = np.random.default_rng(c.opts.seed)
    months, completed = sample_time_to_degree(
        planned,
        c.mode,
        c.thesis,
        rng,
        size=c.opts.draws,
        term_months=tm,
        courses_per_term=c.courses_per_term,
        completion=completion_target(c.mode, program.online),
    )
    ttd = summarize(
        months, completed, planned_months=planned, mode=c.mode, thesis=c.thesis, seed=c.opts.seed
    )
    p_max = None
    if profile.max_years is not None:
        limit = 12 * profile.max_years - bridge_months
        p_max = round(float(np.mean(completed & (months <= limit + EPS))), 4)
        if planned + bridge_months > 12 * profile.max_years + EPS:
            c.warnings.append(
                f"the plan takes {planned + bridge_months:g} months before any risk, more than "
                f"your {profile.max_years:g} years"
            )
    c.notes.append(
        "time to degree: term-level Monte Carlo calibrated to the Council of Graduate Schools "
        "STEM master's completion study (2013); see docs/plan.md"
    )
    return ttd, p_max


def _inputs(c: PlanCore) -> PlanInputs:
    """Every choice the plan made, resolved, with what drives its months."""
    return PlanInputs(
        mode=c.mode,
        calendar=c.calendar,
        terms_per_year=c.spec.terms_per_year,
        term_months=c.spec.term_months,
        weeks_per_term=c.spec.weeks_per_term,
        credits_total=round(c.credits, 2),
        credits_per_term=c.cpt,
        hours_per_week=c.hours,
        thesis=c.thesis,
        capstone=c.capstone,
        internship=c.internship,
        bridge=c.opts.bridge,
        seed=c.opts.seed,
        draws=c.opts.draws,
        terms_basis=c.terms_basis,
        terms_source=c.terms_source,
        months_basis=c.months_basis,
    )


def build_plan(
    program: Program,
    profile: Profile,
    options: PlanOptions | None = None,
    readiness: Sequence[AreaReadiness] | None = None,
) -> PlanResult:
    """The whole plan. Raises ``InputError`` only for impossible inputs (checked upstream)."""
    c = plan_core(program, profile, options, readiness)
    terms = _term_rows(c)
    funding = _funding(c, program, profile, terms)
    program_load = sum(t.load for t in c.program_terms)
    workload = check_workload(
        [t.load for t in c.before + c.program_terms], c.hours, c.spec, c.cpt, program_load
    )
    if workload.feasible is False:
        c.warnings.append(f"workload does not fit your hours: {workload.suggestion}")
    ttd, p_max = _time_to_degree(c, program, profile)
    coverage = {area: [t.number for t in terms if area in t.core_areas] for area in CORE_AREAS}
    return PlanResult(
        program_id=program.program_id,
        program_name=program.name,
        institution=program.institution,
        inputs=_inputs(c),
        bridge=c.bridge,
        terms=terms,
        program_terms=len(c.program_terms),
        planned_months=round(c.planned_months, 2),
        bridge_months_before=round(c.bridge_months, 2),
        total_planned_months=round(c.planned_months + c.bridge_months, 2),
        time_to_degree=ttd,
        p_finish_within_max_years=p_max,
        workload=workload,
        funding=funding,
        core_area_coverage=coverage,
        assumptions=c.notes,
        warnings=c.warnings,
    )
