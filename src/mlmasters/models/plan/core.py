"""The plan's decisions for one person and one program (pure: no snapshot access).

Order, each recorded in ``notes`` with its source: mode -> credits -> calendar (your figure,
the program's published terms, or the credit unit's default) -> thesis/capstone/internship ->
credits a term (override, the published duration, or the mode's load; capped by the person's
weekly hours) -> bridge courses from the readiness assessment -> terms (packed in order: bridge
courses alongside, published core courses, then electives/track courses; thesis and capstone in
the last term; a required internship after the first year) -> tuition. ``build_plan``
(``assemble.py``) adds months, money, workload and time to degree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import TuitionEstimate, resolve_tuition
from mlmasters.errors import InputError, Problem
from mlmasters.models.assess.readiness import AreaReadiness
from mlmasters.models.plan.calendars import resolve_calendar
from mlmasters.models.plan.choices import has_job, plan_mode, program_credits, requirement
from mlmasters.models.plan.curriculum import matching_tracks
from mlmasters.models.plan.packing import (
    BRIDGE_COURSE_CREDITS,
    BRIDGE_WEEKS_PER_COURSE,
    EPS,
    Term,
    bridge_items,
    pack,
    program_segments,
)
from mlmasters.models.plan.result import BridgeItem, PlanOptions
from mlmasters.models.plan.terms import (
    Calendar,
    CalendarSpec,
    credits_allowed_by_hours,
    default_credits_per_term,
    hours_for_credits,
    load_for_published_duration,
    terms_needed,
    weeks_to_months,
)
from mlmasters.models.plan.ttd import MAX_PLANNED_MONTHS, Mode
from mlmasters.profile import Profile


def bridge_period_months(t: Term) -> float:
    """Months one area's bridge period spans: its weeks (15 for a 3-credit course), one
    course at a time with no breaks."""
    return weeks_to_months(t.bridge_credits / BRIDGE_COURSE_CREDITS * BRIDGE_WEEKS_PER_COURSE)


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
    before: list[Term]
    program_terms: list[Term]
    tracks: list[str]
    tuition: TuitionEstimate
    notes: list[str]
    warnings: list[str]
    terms_basis: str
    terms_source: str | None
    load_basis: str

    @property
    def planned_months(self) -> float:
        """Months of the program itself with no risk (internship term included)."""
        return len(self.program_terms) * self.spec.term_months

    @property
    def bridge_months(self) -> float:
        """Months of bridge courses before the program: their weeks, one course after
        another, converted once (the assessment's total in months)."""
        return sum(bridge_period_months(t) for t in self.before)

    @property
    def courses_per_term(self) -> float:
        return max(1.0, self.cpt / self.spec.course_credits)

    @property
    def months_basis(self) -> str:
        """One sentence on what drives the program's months (shown beside them)."""
        n = len(self.program_terms)
        courses = self.cpt / self.spec.course_credits
        each = f"{courses:.2g} course{'' if abs(courses - 1) < EPS else 's'} a term"
        return (
            f"{n} terms of {each} ({self.load_basis}); {self.terms_basis}; each term spans "
            f"{self.spec.term_months:.3g} months, breaks included: "
            f"{self.planned_months:.3g} months with no setback"
        )


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


def _published_months(program: Program, mode: Mode) -> float | None:
    """The program's published duration for the mode (months), if any."""
    if mode == "full-time":
        return program.duration_months_full_time
    return program.duration_months_part_time_typical


def _fit_duration(spec: CalendarSpec, published: float | None, opts: PlanOptions) -> CalendarSpec:
    """A published duration sets the months: its terms share it evenly (a 9-month program on
    semesters is 2 terms of 4.5 months, not a 12-month year), whether or not its credits are
    known (the load then spreads them over those terms)."""
    if not published or opts.credits_per_term is not None:
        return spec
    if opts.calendar is not None or opts.terms_per_year is not None:
        return spec
    n_terms = terms_needed(published, spec.term_months)
    return spec.model_copy(update={"span_months": published / n_terms})


def _load(
    mode: Mode,
    credits: float,
    spec: CalendarSpec,
    hours: float | None,
    published: float | None,
    opts: PlanOptions,
    notes: list[str],
) -> tuple[float, str]:
    """Credits a term and a short reason: your figure, the published duration, or the mode's
    load, cut to the whole courses the person's hours fit."""
    if opts.credits_per_term is not None:
        notes.append(f"load: {opts.credits_per_term:g} semester credits a term (your figure)")
        return round(opts.credits_per_term, 4), "your figure"
    if published:
        cpt, n_pub = load_for_published_duration(credits, published, spec)
        why = f"to finish in the published {mode} duration of {published:g} months"
        notes.append(f"load: {cpt:.4g} credits a term {why} ({n_pub} terms)")
    else:
        cpt = default_credits_per_term(mode, spec)
        why = f"{mode}: {'three' if mode == 'full-time' else 'two'} courses a term, a default"
        notes.append(
            f"load: {cpt:.4g} credits a term ({mode}: "
            f"{'three' if mode == 'full-time' else 'two'} courses; full-time = 9 semester "
            "credits, the IPEDS full-time graduate load)"
        )
    if hours is None:
        notes.append("hours: not given; the load is not fitted to your hours")
        return round(cpt, 4), why
    fit = credits_allowed_by_hours(hours, spec)
    if fit + EPS < spec.course_credits:
        need = hours_for_credits(spec.course_credits, spec)
        raise InputError(
            f"{hours:g} hours a week is not enough for one course a term",
            [Problem(f"one course takes about {need:g} hours a week", field="hours_per_week")],
            hint=f"give at least {need:g} hours a week, or set credits_per_term",
        )
    if fit + EPS < cpt:
        notes.append(
            f"load: your {hours:g} h a week fit {fit:.4g} credits a term "
            f"({spec.hours_per_credit_week:g} h per credit a week); planned "
            f"{fit:.4g} instead of {cpt:.4g}"
        )
        courses = round(fit / spec.course_credits)
        return round(fit, 4), f"your {hours:g} h a week fit {courses} course{'s' * (courses > 1)}"
    return round(cpt, 4), why


def _milestones(
    program: Program, profile: Profile, opts: PlanOptions, notes: list[str], warnings: list[str]
) -> tuple[bool, bool, bool]:
    """Thesis, capstone and internship: planned or not, and why."""
    wants_thesis = opts.thesis if opts.thesis is not None else profile.wants_thesis
    thesis = requirement("thesis", program.thesis, wants_thesis, notes, warnings)
    capstone = requirement("capstone", program.capstone, None, notes, warnings)
    internship = requirement(
        "internship", program.internship, profile.wants_internship, notes, warnings
    )
    return thesis, capstone, internship


def _terms(
    program: Program,
    credits: float,
    cpt: float,
    spec: CalendarSpec,
    bridge: list[BridgeItem],
    opts: PlanOptions,
    milestones: tuple[bool, bool, bool],
    notes: list[str],
) -> tuple[list[Term], list[Term]]:
    """Bridge terms before the program, and the program's own terms with their milestones."""
    _check_length(credits, sum(b.credits_equivalent for b in bridge), cpt, spec.term_months, opts)
    before = (
        [
            Term(kind="bridge", bridge_credits=b.credits_equivalent, bridge_areas=[b.label])
            for b in bridge
        ]
        if opts.bridge == "before"
        else []
    )
    alongside = opts.bridge == "alongside"
    segments = program_segments(program, credits, bridge, alongside, spec.course_credits)
    program_terms = pack(segments, cpt)
    thesis, capstone, internship = milestones
    last = program_terms[-1]
    if thesis:
        last.milestones.append("thesis")
    if capstone:
        last.milestones.append("capstone")
    if internship:
        after = min(spec.terms_per_year, len(program_terms))
        if spec.year_round or after == len(program_terms):
            program_terms.insert(after, Term(kind="internship", milestones=["internship"]))
        else:
            program_terms[after - 1].milestones.append("internship in the break after this term")
        notes.append("internship: placed after the first program year")
    return before, program_terms


def _tracks(program: Program, profile: Profile, notes: list[str], warnings: list[str]) -> list[str]:
    """The program's tracks that match the person's specializations."""
    matches = matching_tracks(program.tracks, profile.specializations)
    tracks = sorted({t for ts in matches.values() for t in ts})
    if not program.tracks:
        notes.append("specialization: the program's tracks are not published")
    elif profile.specializations and not tracks:
        warnings.append("none of the program's tracks matches your specializations")
    if not program.core_courses:
        notes.append("courses: the program's course list is not published")
    return tracks


def _tuition(
    program: Program,
    profile: Profile,
    mode: Mode,
    opts: PlanOptions,
    notes: list[str],
    warnings: list[str],
) -> TuitionEstimate:
    """Your figure, else the program's or the institution's tuition for the mode."""
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
    return tuition


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
    mode = plan_mode(program, profile, opts, notes)
    credits = program_credits(program, opts, notes)
    cal = resolve_calendar(program, opts)
    published = _published_months(program, mode)
    spec = _fit_duration(cal.spec, published, opts)
    notes.append(f"calendar: {cal.note}")
    notes.append(
        f"terms: {spec.terms_per_year} a year of {spec.weeks_per_term:g} weeks, each spanning "
        f"{spec.term_months:.3g} months with breaks"
        + (" (the published duration shared by its terms)" if spec.span_months else "")
    )
    milestones = _milestones(program, profile, opts, notes, warnings)
    hours = opts.hours_per_week if opts.hours_per_week is not None else profile.hours_per_week
    cpt, load_basis = _load(mode, credits, spec, hours, published, opts, notes)
    bridge = [] if opts.bridge == "none" else bridge_items(readiness, notes)
    if opts.bridge == "none":
        notes.append("bridge: not planned (--bridge none)")
    before, program_terms = _terms(program, credits, cpt, spec, bridge, opts, milestones, notes)
    tracks = _tracks(program, profile, notes, warnings)
    tuition = _tuition(program, profile, mode, opts, notes, warnings)
    thesis, capstone, internship = milestones
    return PlanCore(
        opts=opts,
        mode=mode,
        credits=credits,
        calendar=cal.calendar,
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
        terms_basis=cal.basis,
        terms_source=cal.source,
        load_basis=load_basis,
    )
