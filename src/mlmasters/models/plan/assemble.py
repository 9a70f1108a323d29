"""Put a plan together for one person and one program (pure: no snapshot access).

Order of decisions, each recorded in ``assumptions`` with its source:
mode -> credits -> calendar -> thesis/capstone/internship -> credits a term (override, the
published duration, or the mode's load; capped by the person's weekly hours) -> bridge courses
from the readiness assessment -> terms (packed in order: bridge courses alongside, published
core courses, then electives/track courses; thesis and capstone in the last term; a required
internship after the first year) -> tuition per term -> funding per year -> workload -> time
to degree as a distribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from mlmasters.catalog.credits import to_semester_credits, unit_kind
from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import DEFAULT_CREDITS, TuitionEstimate, resolve_tuition
from mlmasters.errors import InputError, Problem
from mlmasters.models.assess.readiness import AreaReadiness
from mlmasters.models.plan.curriculum import CORE_AREAS, core_areas_of, matching_tracks
from mlmasters.models.plan.funding import LOAN_SOURCE, funding_plan, year_rows
from mlmasters.models.plan.result import (
    BridgeItem,
    PlanInputs,
    PlanOptions,
    PlanResult,
    TermKind,
    TermPlan,
)
from mlmasters.models.plan.terms import (
    CALENDAR_SOURCE,
    Calendar,
    CalendarSpec,
    calendar_for_unit,
    calendar_spec,
    credits_allowed_by_hours,
    default_credits_per_term,
    hours_for_credits,
    load_for_published_duration,
    terms_needed,
)
from mlmasters.models.plan.ttd import (
    MAX_PLANNED_MONTHS,
    Mode,
    completion_target,
    sample_time_to_degree,
    summarize,
    validate_ttd_inputs,
)
from mlmasters.models.plan.workload import check_workload
from mlmasters.profile import Profile

#: A bridge course of 15 weeks is one 3-credit semester course of workload.
BRIDGE_WEEKS_PER_COURSE = 15.0
EPS = 1e-9


@dataclass
class _Term:
    kind: TermKind = "courses"
    credits: float = 0.0
    bridge_credits: float = 0.0
    bridge_areas: list[str] = field(default_factory=list)
    courses: list[str] = field(default_factory=list)
    core_areas: list[str] = field(default_factory=list)
    electives: bool = False
    milestones: list[str] = field(default_factory=list)

    @property
    def load(self) -> float:
        return self.credits + self.bridge_credits


@dataclass(frozen=True)
class _Segment:
    kind: str  # bridge | course | elective
    name: str
    credits: float


def _pack(segments: Sequence[_Segment], capacity: float) -> list[_Term]:
    """Fill terms of ``capacity`` credits with segments in order, splitting where needed."""
    terms: list[_Term] = []
    room = 0.0
    for seg in segments:
        left = seg.credits
        while left > EPS:
            if room <= EPS:
                terms.append(_Term())
                room = capacity
            take = min(left, room)
            t = terms[-1]
            if seg.kind == "bridge":
                t.bridge_credits += take
                if seg.name not in t.bridge_areas:
                    t.bridge_areas.append(seg.name)
            else:
                t.credits += take
                if seg.kind == "course" and seg.name not in t.courses:
                    t.courses.append(seg.name)
                    t.core_areas += [a for a in core_areas_of(seg.name) if a not in t.core_areas]
                if seg.kind == "elective":
                    t.electives = True
            left -= take
            room -= take
    return terms


def study_mode(
    program: Program, profile: Profile, requested: Mode | None = None
) -> tuple[Mode, str]:
    """The study mode of one person in one program, and why (the one rule every model reads).

    A mode the person asked for (an option, else the profile) must be one the program offers
    (``InputError`` naming the field otherwise); a program that offers one mode gets it; a
    person who must keep working studies part-time, one who can stop studies full-time; when
    the person has not said, a person with a job is shown studying while working (part-time)
    and anyone else full-time; the return page shows the other mode beside it.
    """
    offered = program.enrollment_modes
    wish, where = requested, "your option"
    if wish is None:
        wish, where = profile.enrollment_mode, "your profile"
    if wish is not None:
        if offered and wish not in offered:
            raise InputError(
                f"{program.name} ({program.institution}) does not offer {wish} study",
                [
                    Problem(
                        f"the program offers {' and '.join(offered)} study only",
                        field="enrollment_mode",
                    )
                ],
                hint=f"choose {' or '.join(offered)} study for this program, or another program",
            )
        return wish, f"{wish} ({where})"
    if len(offered) == 1:
        return offered[0], f"{offered[0]} (the only mode the program offers)"
    if profile.must_keep_working:
        return "part-time", "part-time (you keep working while you study)"
    if profile.must_keep_working is False:
        return "full-time", "full-time (you can stop working to study)"
    if has_job(profile):
        return "part-time", (
            "part-time while working (you have not said whether you would stop working; the "
            "return also shows quitting to study full-time)"
        )
    return "full-time", (
        "full-time (you have not said whether you would keep working, and no current job is given)"
    )


def has_job(profile: Profile) -> bool:
    """Whether the profile describes a current job (pay, occupation or title)."""
    return bool(profile.current_salary_usd or profile.current_soc or profile.current_role)


def _mode(program: Program, profile: Profile, options: PlanOptions, notes: list[str]) -> Mode:
    mode, why = study_mode(program, profile, options.mode)
    notes.append(f"mode: {why}")
    return mode


def _credits(program: Program, options: PlanOptions, notes: list[str]) -> float:
    if options.credits_total is not None:
        notes.append(f"credits: {options.credits_total:g} semester credits (your figure)")
        return options.credits_total
    if program.credits_total is not None and options.credit_factor is not None:
        value = program.credits_total * options.credit_factor
        notes.append(
            f"credits: {program.credits_total:g} {program.credit_unit or 'units'} x "
            f"{options.credit_factor:g} (your factor) = {value:g} semester credits"
        )
        return value
    if program.credits_semester_equiv:
        conv = to_semester_credits(program.credits_total, program.credit_unit)
        if conv.unit_kind not in (None, "semester"):
            notes.append(
                f"credits: {program.credits_total:g} {program.credit_unit} = "
                f"{program.credits_semester_equiv:g} semester credits ({conv.rule}; "
                "catalog/credits.py, override with --credit-factor)"
            )
        elif conv.unit_kind is None:
            notes.append(f"credits: {conv.rule}")
        return program.credits_semester_equiv
    notes.append(
        f"credits: not published; field default {DEFAULT_CREDITS:g} semester credits "
        "(midpoint of the guide's 30-36 credit hours)"
    )
    return DEFAULT_CREDITS


def _requirement(
    label: str, value: str | None, wanted: bool | None, notes: list[str], warnings: list[str]
) -> bool:
    if value == "required":
        return True
    if value == "optional":
        if wanted:
            notes.append(f"{label}: optional in this program; planned because you want one")
            return True
        notes.append(f"{label}: optional in this program; not planned")
        return False
    if value == "none":
        if wanted:
            warnings.append(f"this program has no {label}, but you want one")
        return False
    notes.append(f"{label}: requirement not published; planned without one")
    return False


def _bridge_items(readiness: Sequence[AreaReadiness] | None, notes: list[str]) -> list[BridgeItem]:
    if readiness is None:
        notes.append("bridge: readiness not assessed; no bridge courses planned")
        return []
    items: list[BridgeItem] = []
    for r in readiness:
        if r.status in ("bridge", "gap") and r.bridge_weeks > 0:
            items.append(
                BridgeItem(
                    area=r.area,
                    label=r.label,
                    status=r.status,
                    weeks=r.bridge_weeks,
                    credits_equivalent=round(r.bridge_weeks / BRIDGE_WEEKS_PER_COURSE * 3.0, 2),
                    suggestion=r.suggestion,
                )
            )
        elif r.status == "unknown":
            notes.append(
                f"bridge: your level in {r.label} is unknown; up to {r.bridge_weeks_max:g} "
                "weeks of bridge work if you never studied it (not planned)"
            )
    if items:
        notes.append(
            "bridge: weeks from the readiness assessment; 15 weeks = one 3-credit course of "
            "workload; bridge courses carry no degree credit and their cost is not included"
        )
    return items


def _program_segments(
    program: Program, credits: float, bridge: list[BridgeItem], alongside: bool, course: float
) -> list[_Segment]:
    segs: list[_Segment] = []
    if alongside:
        segs += [_Segment("bridge", b.label, b.credits_equivalent) for b in bridge]
    placed = 0.0
    for name in program.core_courses:
        if placed + course > credits + EPS:
            break
        segs.append(_Segment("course", name, course))
        placed += course
    if credits - placed > EPS:
        segs.append(_Segment("elective", "electives", credits - placed))
    return segs


def _check_length(
    credits: float, bridge_load: float, cpt: float, term_months: float, opts: PlanOptions
) -> None:
    """Refuse plans longer than ``MAX_PLANNED_MONTHS`` before building their terms."""
    months = terms_needed(credits + bridge_load, cpt) * term_months
    if months > MAX_PLANNED_MONTHS:
        field = "credits_per_term" if opts.credits_per_term is not None else "hours_per_week"
        raise InputError(
            f"the plan would take {months:,.0f} months, more than {MAX_PLANNED_MONTHS / 12:g} "
            "years",
            [Problem(f"{cpt:g} credits a term is too few for {credits:g} credits", field=field)],
            hint="take more credits a term (or give more hours a week)",
        )


@dataclass
class PlanCore:
    """The plan's decisions before its terms get months and money (see ``plan_core``)."""

    opts: PlanOptions
    mode: Mode
    credits: float
    calendar: Calendar
    spec: CalendarSpec
    thesis: bool
    capstone: bool
    internship: bool
    hours: float | None
    cpt: float
    bridge: list[BridgeItem]
    before: list[_Term]
    program_terms: list[_Term]
    tracks: list[str]
    tuition: TuitionEstimate
    notes: list[str]
    warnings: list[str]

    @property
    def planned_months(self) -> float:
        """Months of the program itself with no risk (internship term included)."""
        return len(self.program_terms) * self.spec.term_months

    @property
    def bridge_months(self) -> float:
        """Months of bridge courses before the program."""
        return len(self.before) * self.spec.term_months

    @property
    def courses_per_term(self) -> float:
        return max(1.0, self.cpt / self.spec.course_credits)


def plan_inputs_key(
    profile: Profile, options: PlanOptions, readiness: Sequence[AreaReadiness] | None
) -> tuple[object, ...]:
    """Everything of the person and the options that ``plan_core`` reads (with ``study_mode``,
    ``has_job`` and the bridge), as a hashable key: two people with the same key get the same
    plan in every program, so a caller may keep plans per key. Keep it in step with
    ``plan_core`` (a unit test compares cached and fresh plans)."""
    return (
        options,
        profile.enrollment_mode,
        profile.must_keep_working,
        has_job(profile),
        profile.wants_thesis,
        profile.wants_internship,
        profile.hours_per_week,
        tuple(profile.specializations),
        profile.state,
        None if readiness is None else tuple(readiness),
    )


def plan_core(
    program: Program,
    profile: Profile,
    options: PlanOptions | None = None,
    readiness: Sequence[AreaReadiness] | None = None,
) -> PlanCore:
    """Mode, credits, calendar, load, bridge courses, terms and tuition: everything the
    return and the ranking read from a plan, without its time-to-degree draws.

    Raises ``InputError`` for impossible inputs (a mode the program does not offer, hours
    too few for one course).
    """
    opts = options or PlanOptions()
    notes: list[str] = []
    warnings: list[str] = []

    mode = _mode(program, profile, opts, notes)
    credits = _credits(program, opts, notes)
    kind = unit_kind(program.credit_unit)
    if opts.calendar is not None:
        calendar = opts.calendar
    else:
        calendar = calendar_for_unit(kind)
        notes.append(
            f"calendar: {calendar} (read from the credit unit; the program's calendar is not "
            "in the catalog; override with --calendar / --terms-per-year)"
        )
    spec = calendar_spec(calendar, opts.terms_per_year)
    notes.append(
        f"terms: {spec.terms_per_year} a year of {spec.weeks_per_term:g} weeks, each spanning "
        f"{spec.term_months:g} months with breaks ({CALENDAR_SOURCE})"
    )

    thesis = _requirement(
        "thesis",
        program.thesis,
        opts.thesis if opts.thesis is not None else profile.wants_thesis,
        notes,
        warnings,
    )
    capstone = _requirement("capstone", program.capstone, None, notes, warnings)
    internship = _requirement(
        "internship", program.internship, profile.wants_internship, notes, warnings
    )

    # Credits a term: override, published duration, or the mode's load; capped by hours.
    hours = opts.hours_per_week if opts.hours_per_week is not None else profile.hours_per_week
    published = (
        program.duration_months_full_time
        if mode == "full-time"
        else program.duration_months_part_time_typical
    )
    if opts.credits_per_term is not None:
        cpt = opts.credits_per_term
        notes.append(f"load: {cpt:g} semester credits a term (your figure)")
    else:
        if published:
            cpt, n_pub = load_for_published_duration(credits, published, spec)
            notes.append(
                f"load: {cpt:.4g} credits a term to finish in the published {mode} duration "
                f"of {published:g} months ({n_pub} terms)"
            )
        else:
            cpt = default_credits_per_term(mode, spec)
            notes.append(
                f"load: {cpt:.4g} credits a term ({mode}: "
                f"{'three' if mode == 'full-time' else 'two'} courses; full-time = 9 semester "
                "credits, the IPEDS full-time graduate load)"
            )
        if hours is None:
            notes.append("hours: not given; the load is not fitted to your hours")
        else:
            fit = credits_allowed_by_hours(hours, spec)
            if fit + EPS < spec.course_credits and opts.credits_per_term is None:
                need = hours_for_credits(spec.course_credits, spec)
                field = "hours_per_week"
                raise InputError(
                    f"{hours:g} hours a week is not enough for one course a term",
                    [Problem(f"one course takes about {need:g} hours a week", field=field)],
                    hint=f"give at least {need:g} hours a week, or set credits_per_term",
                )
            if fit + EPS < cpt:
                new = fit
                notes.append(
                    f"load: your {hours:g} h a week fit {fit:.4g} credits a term "
                    f"({spec.hours_per_credit_week:g} h per credit a week); planned "
                    f"{new:.4g} instead of {cpt:.4g}"
                )
                cpt = new
    cpt = round(cpt, 4)

    # Bridge courses and term packing.
    bridge = [] if opts.bridge == "none" else _bridge_items(readiness, notes)
    if opts.bridge == "none":
        notes.append("bridge: not planned (--bridge none)")
    _check_length(credits, sum(b.credits_equivalent for b in bridge), cpt, spec.term_months, opts)
    before = (
        _pack([_Segment("bridge", b.label, b.credits_equivalent) for b in bridge], cpt)
        if opts.bridge == "before"
        else []
    )
    for t in before:
        t.kind = "bridge"
    program_terms = _pack(
        _program_segments(
            program, credits, bridge, opts.bridge == "alongside", spec.course_credits
        ),
        cpt,
    )
    matches = matching_tracks(program.tracks, profile.specializations)
    tracks = sorted({t for ts in matches.values() for t in ts})
    if not program.tracks:
        notes.append("specialization: the program's tracks are not published")
    elif profile.specializations and not tracks:
        warnings.append("none of the program's tracks matches your specializations")
    if not program.core_courses:
        notes.append("courses: the program's course list is not published")
    last = program_terms[-1]
    if thesis:
        last.milestones.append("thesis")
    if capstone:
        last.milestones.append("capstone")
    if internship:
        after = min(spec.terms_per_year, len(program_terms))
        if spec.year_round or after == len(program_terms):
            program_terms.insert(after, _Term(kind="internship", milestones=["internship"]))
        else:
            program_terms[after - 1].milestones.append("internship in the break after this term")
        notes.append("internship: placed after the first program year")

    # Tuition.
    residency = opts.residency_state or profile.state
    if opts.tuition_total_usd is not None:
        tuition = TuitionEstimate(
            total_usd=opts.tuition_total_usd,
            local_amount=opts.tuition_total_usd,
            currency="USD",
            level="program",
            label="your figure",
            academic_year=None,
            assumptions=[],
        )
    else:
        tuition = resolve_tuition(program, residency, mode)
    notes.append(f"tuition: {tuition.label}")
    notes += [f"tuition: {a}" for a in tuition.assumptions]
    if tuition.total_usd is None:
        warnings.append("tuition unknown: cost and funding are not computed (give --tuition)")

    return PlanCore(
        opts=opts,
        mode=mode,
        credits=credits,
        calendar=calendar,
        spec=spec,
        thesis=thesis,
        capstone=capstone,
        internship=internship,
        hours=hours,
        cpt=cpt,
        bridge=bridge,
        before=before,
        program_terms=program_terms,
        tracks=tracks,
        tuition=tuition,
        notes=notes,
        warnings=warnings,
    )


def build_plan(
    program: Program,
    profile: Profile,
    options: PlanOptions | None = None,
    readiness: Sequence[AreaReadiness] | None = None,
) -> PlanResult:
    """The whole plan. Raises ``InputError`` only for impossible inputs (checked upstream)."""
    c = plan_core(program, profile, options, readiness)
    opts, mode, credits, spec, hours, cpt = c.opts, c.mode, c.credits, c.spec, c.hours, c.cpt
    calendar, thesis, capstone, internship = c.calendar, c.thesis, c.capstone, c.internship
    bridge, before, program_terms, tracks = c.bridge, c.before, c.program_terms, c.tracks
    tuition, notes, warnings = c.tuition, c.notes, c.warnings
    # Terms with months, tuition and cumulative cost.
    tm = spec.term_months
    terms: list[TermPlan] = []
    cumulative = 0.0
    for i, t in enumerate(before + program_terms):
        in_program = i >= len(before)
        j = i - len(before)
        fee = None if tuition.total_usd is None else tuition.total_usd * t.credits / credits
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
                month_start=round(i * tm, 2),
                month_end=round((i + 1) * tm, 2),
                credits=round(t.credits, 2),
                bridge_credits=round(t.bridge_credits, 2),
                bridge_areas=t.bridge_areas,
                hours_per_week=round(hours_for_credits(t.load, spec), 1),
                courses=t.courses,
                core_areas=t.core_areas,
                specialization=tracks if t.electives else [],
                milestones=t.milestones,
                tuition_usd=None if fee is None else round(fee, 2),
                cumulative_tuition_usd=None if fee is None else round(cumulative, 2),
            )
        )

    # Funding per program year.
    by_year: dict[int, list[TermPlan]] = {}
    for tp in terms:
        if tp.program_year is not None and tp.kind == "courses":
            by_year.setdefault(tp.program_year, []).append(tp)
    support = (
        opts.employer_support_usd_per_year
        if opts.employer_support_usd_per_year is not None
        else profile.employer_support_usd_per_year
    )
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
        default_credits_per_term("full-time", spec),
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
    if funding.within_budget is False:
        warnings.append(
            f"out-of-pocket tuition ${funding.out_of_pocket_total_usd:,.0f} is above your "
            f"budget of ${profile.budget_usd:,.0f}"
        )
    if any(r.federal_loan_limit_usd == 0 for r in rows):
        warnings.append("below half-time enrolment in some years: no federal loans then")

    # Workload.
    program_load = sum(t.load for t in program_terms)
    workload = check_workload(
        [t.load for t in before + program_terms], hours, spec, cpt, program_load
    )
    if workload.feasible is False:
        warnings.append(f"workload does not fit your hours: {workload.suggestion}")

    # Time to degree.
    planned = len(program_terms) * tm
    bridge_months = len(before) * tm
    validate_ttd_inputs(planned, mode, opts.draws, tm, opts.seed)
    rng = np.random.default_rng(opts.seed)
    months, completed = sample_time_to_degree(
        planned,
        mode,
        thesis,
        rng,
        size=opts.draws,
        term_months=tm,
        courses_per_term=max(1.0, cpt / spec.course_credits),
        completion=completion_target(mode, program.online),
    )
    ttd = summarize(
        months, completed, planned_months=planned, mode=mode, thesis=thesis, seed=opts.seed
    )
    p_max = None
    if profile.max_years is not None:
        limit = 12 * profile.max_years - bridge_months
        p_max = round(float(np.mean(completed & (months <= limit + EPS))), 4)
        if planned + bridge_months > 12 * profile.max_years + EPS:
            warnings.append(
                f"the plan takes {planned + bridge_months:g} months before any risk, more than "
                f"your {profile.max_years:g} years"
            )
    notes.append(
        "time to degree: term-level Monte Carlo calibrated to the Council of Graduate Schools "
        "STEM master's completion study (2013); see docs/plan.md"
    )

    coverage = {area: [t.number for t in terms if area in t.core_areas] for area in CORE_AREAS}
    return PlanResult(
        program_id=program.program_id,
        program_name=program.name,
        institution=program.institution,
        inputs=PlanInputs(
            mode=mode,
            calendar=calendar,
            terms_per_year=spec.terms_per_year,
            term_months=tm,
            weeks_per_term=spec.weeks_per_term,
            credits_total=round(credits, 2),
            credits_per_term=cpt,
            hours_per_week=hours,
            thesis=thesis,
            capstone=capstone,
            internship=internship,
            bridge=opts.bridge,
            seed=opts.seed,
            draws=opts.draws,
        ),
        bridge=bridge,
        terms=terms,
        program_terms=len(program_terms),
        planned_months=round(planned, 2),
        bridge_months_before=round(bridge_months, 2),
        total_planned_months=round((len(before) + len(program_terms)) * tm, 2),
        time_to_degree=ttd,
        p_finish_within_max_years=p_max,
        workload=workload,
        funding=funding,
        core_area_coverage=coverage,
        assumptions=notes,
        warnings=warnings,
    )
