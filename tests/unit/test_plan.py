"""The plan: worked examples by hand, placement rules, properties, and bad input."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlmasters.catalog.program import Program
from mlmasters.errors import InputError, NotFoundError
from mlmasters.models.assess.readiness import assess_readiness
from mlmasters.models.plan.assemble import build_plan
from mlmasters.models.plan.funding import year_rows
from mlmasters.models.plan.result import PlanOptions, PlanResult
from mlmasters.models.plan.terms import calendar_spec, credits_allowed_by_hours, terms_needed
from mlmasters.profile import Background, Profile
from mlmasters.service import Service


def program(**kw: Any) -> Program:
    base: dict[str, Any] = {
        "program_id": "test-ms",
        "kind": "user",
        "name": "MS in Machine Learning",
        "institution": "Test University",
        "state": "GA",
        "credits_total": 30.0,
        "credit_unit": "US semester credit hours",
        "credits_semester_equiv": 30.0,
        "tuition_total": 15000.0,
        "tuition_currency": "USD",
    }
    base.update(kw)
    return Program(**base)


def plan(prog: Program | None = None, profile: Profile | None = None, **opts: Any) -> PlanResult:
    opts.setdefault("draws", 500)
    return build_plan(prog or program(), profile or Profile(), PlanOptions(**opts))


def test_worked_example_30_credits_6_a_term_3_terms_a_year() -> None:
    """30 semester credits, part-time 6 credits a term, 3 terms a year:
    30 / 6 = 5 terms; 12 / 3 = 4 months a term; 5 x 4 = 20 months before any risk.
    Tuition $15,000 over 30 credits = $500 a credit = $3,000 a term; year 1 has 3 terms =
    $9,000; employer $5,250 leaves $3,750. Enrolment intensity 6 / 9 = 2/3 (full-time is three
    3-credit courses), so the federal annual limit is $20,500 x 2/3 = $13,666.67 and covers the
    $3,750: no gap. Workload 6 credits x 3 h = 18 h a week."""
    r = plan(
        profile=Profile(employer_support_usd_per_year=5250, hours_per_week=20),
        mode="part-time",
        credits_per_term=6,
        terms_per_year=3,
        calendar="trimester",
    )
    assert r.program_terms == 5 and r.inputs.term_months == 4.0
    assert r.planned_months == 20.0 and r.total_planned_months == 20.0
    assert [t.credits for t in r.terms] == [6.0] * 5
    assert [t.tuition_usd for t in r.terms] == [3000.0] * 5
    assert r.terms[-1].cumulative_tuition_usd == 15000.0
    y1 = r.funding.years[0]
    assert (y1.terms, y1.tuition_usd, y1.employer_support_usd, y1.need_usd) == (
        3,
        9000.0,
        5250.0,
        3750.0,
    )
    assert y1.federal_loan_limit_usd == pytest.approx(13666.67)
    assert y1.federal_loan_max_usd == 3750.0 and y1.gap_usd == 0.0
    assert r.funding.years[1].tuition_usd == 6000.0  # 2 terms in year 2
    assert r.workload.hours_needed_per_week == 18.0 and r.workload.feasible is True
    assert r.time_to_degree.planned_months == 20.0
    assert r.time_to_degree.months_p10 >= 20.0


def test_infeasible_plan_gets_the_smallest_fix() -> None:
    """6 credits a term need 18 h a week; with 12 h only 3 credits (one course) fit, so
    30 credits take 10 terms (40 months) instead of 5 (20)."""
    r = plan(
        profile=Profile(hours_per_week=12),
        credits_per_term=6,
        terms_per_year=3,
        calendar="trimester",
    )
    w = r.workload
    assert w.feasible is False and w.max_credits_per_term_fitting == 3.0
    assert w.suggestion == (
        "take 3 credits a term instead of 6: 10 terms (40 months) instead of 5 (20 months)"
    )
    assert any("does not fit" in x for x in r.warnings)
    r = plan(profile=Profile(hours_per_week=4), credits_per_term=6)
    assert r.workload.feasible is False
    assert r.workload.suggestion is not None and "find 5 more hours" in r.workload.suggestion


def test_hours_set_the_load_when_not_given() -> None:
    # Full-time 9 credits would need 27 h a week; 20 h fit 6 credits (two courses).
    r = plan(profile=Profile(hours_per_week=20, enrollment_mode="full-time"))
    assert r.inputs.credits_per_term == 6.0 and r.program_terms == 5
    assert r.workload.feasible is True
    assert any("fit 6 credits" in a for a in r.assumptions)
    # Unknown hours: no cap, no check.
    r = plan(profile=Profile(enrollment_mode="full-time"))
    assert r.inputs.credits_per_term == 9.0 and r.workload.feasible is None


def test_defaults_for_unknown_program_facts_are_stated() -> None:
    bare = program(credits_total=None, credit_unit=None, credits_semester_equiv=None)
    r = plan(bare)
    assert r.inputs.credits_total == 33.0 and r.inputs.mode == "full-time"
    text = " ".join(r.assumptions)
    assert "field default 33" in text and "you have not said" in text
    assert "thesis: requirement not published" in text


def test_quarter_units_and_published_duration() -> None:
    uw = program(
        credits_total=45.0,
        credit_unit="quarter credits",
        credits_semester_equiv=30.0,
        duration_months_full_time=18.0,
    )
    r = plan(uw, mode="full-time")
    assert r.inputs.calendar == "quarter" and r.inputs.terms_per_year == 3
    # 18 / 4 = 4.5 -> 5 quarters, which share the published 18 months (not 5 x 4 = 20)
    assert r.program_terms == 5 and r.planned_months == 18.0
    assert r.inputs.term_months == 3.6
    assert r.inputs.credits_per_term == 6.0
    assert any("quarter x 0.666" in a for a in r.assumptions)
    r = plan(uw, mode="full-time", credit_factor=0.5)
    assert r.inputs.credits_total == 22.5


def test_thesis_capstone_and_internship_are_placed() -> None:
    p = program(thesis="required", capstone="required", internship="required")
    r = plan(p, mode="full-time")  # semester: 4 terms, internship in the first summer
    assert r.inputs.thesis and r.inputs.capstone and r.inputs.internship
    assert r.terms[-1].milestones == ["thesis", "capstone"]
    assert "internship in the break after this term" in r.terms[1].milestones
    assert r.program_terms == 4
    year_round = plan(p, mode="full-time", calendar="trimester")
    kinds = [t.kind for t in year_round.terms]
    assert kinds.count("internship") == 1 and kinds.index("internship") == 3
    assert year_round.terms[3].tuition_usd is None
    assert year_round.time_to_degree.thesis is True
    optional = plan(program(thesis="optional"), profile=Profile(wants_thesis=True))
    assert optional.inputs.thesis is True
    assert plan(program(thesis="optional")).inputs.thesis is False


def test_core_areas_and_tracks_follow_published_courses() -> None:
    p = program(
        core_courses=["Probability and Statistics", "Algorithms", "Machine Learning"],
        tracks=["Natural Language Processing", "Robotics"],
    )
    r = plan(p, profile=Profile(specializations=["nlp"]), credits_per_term=3)
    cov = r.core_area_coverage
    assert cov["probability & statistics"] == [1]
    assert cov["algorithms & data structures"] == [2]
    assert cov["ML theory & practice"] == [3]
    assert cov["ethics & responsible AI"] == [] and cov["linear algebra"] == []
    assert r.terms[3].specialization == ["Natural Language Processing"]
    assert r.terms[0].specialization == []


WEAK = Profile(
    hours_per_week=18,
    background=Background(
        probability_statistics=1,
        linear_algebra=0,
        calculus=2,
        algorithms_data_structures=2,
        programming_python=2,
        machine_learning=1,
    ),
)


def test_bridge_courses_before_alongside_or_none() -> None:
    readiness = assess_readiness(WEAK)
    # Prob & stats one level short (15 weeks = 3 credits); linear algebra two (8 + 15 weeks).
    opts = {"mode": "part-time", "draws": 300}
    before = build_plan(program(), WEAK, PlanOptions(bridge="before", **opts), readiness)
    assert [b.area for b in before.bridge] == ["probability_statistics", "linear_algebra"]
    assert sum(b.credits_equivalent for b in before.bridge) == pytest.approx(3 + 4.6)
    assert [t.kind for t in before.terms[:2]] == ["bridge", "bridge"]
    # bridge time is the assessment's weeks, one course after another, converted once:
    # 15 + 23 = 38 weeks = 38 / (52 / 12) = 8.77 months, one period per area at 9 h a week
    weeks = sum(r.bridge_weeks for r in readiness)
    assert weeks == 38.0 and sum(b.weeks for b in before.bridge) == weeks
    assert before.bridge_months_before == round(38 * 12 / 52, 2) == 8.77
    assert before.planned_months == 30.0 and before.total_planned_months == 38.77
    bridge_rows = [t for t in before.terms if t.kind == "bridge"]
    assert [t.hours_per_week for t in bridge_rows] == [9.0, 9.0]
    assert before.terms[len(bridge_rows)].month_start == 8.77
    alongside = build_plan(program(), WEAK, PlanOptions(bridge="alongside", **opts), readiness)
    assert alongside.bridge_months_before == 0.0
    assert alongside.program_terms == terms_needed(30 + 7.6, 6) == 7
    assert alongside.terms[0].bridge_credits == 6.0 and alongside.terms[0].credits == 0.0
    none = build_plan(program(), WEAK, PlanOptions(bridge="none", **opts), readiness)
    assert none.bridge == [] and none.planned_months == 30.0
    unknown = build_plan(program(), Profile(), PlanOptions(**opts), assess_readiness(Profile()))
    assert unknown.bridge == [] and any("unknown" in a for a in unknown.assumptions)


def test_funding_proration_half_time_and_aggregate() -> None:
    rows = year_rows([(1, 2, 6.0, 10_000.0)], 9.0, None)  # intensity 1/3: below half-time
    assert rows[0].federal_loan_limit_usd == 0.0 and rows[0].gap_usd == 10_000.0
    rows = year_rows([(y, 2, 18.0, 40_000.0) for y in range(1, 7)], 9.0, 0.0)
    assert [r.federal_loan_max_usd for r in rows] == [20500.0] * 4 + [18000.0, 0.0]
    assert sum(r.federal_loan_max_usd or 0 for r in rows) == 100_000.0
    # Full-time 9 credits a term: terms of 9, 9 | 9, 3 credits at $2,000 a credit. Year 1:
    # $36,000, limit $20,500, gap $15,500. Year 2: 12 credits over 2 terms = 2/3 intensity,
    # limit $13,666.67 against $24,000: gap $10,333.33. Total gap $25,833.33.
    r = plan(tuition_total_usd=60_000, mode="full-time")
    assert r.funding.tuition_total_usd == 60_000.0
    assert [y.gap_usd for y in r.funding.years] == [15_500.0, 10_333.33]
    assert r.funding.gap_total_usd == 25_833.33
    over = plan(profile=Profile(budget_usd=1000), mode="full-time")
    assert over.funding.within_budget is False and any("budget" in w for w in over.warnings)
    foreign = plan(program(tuition_currency="EUR", country="NL", state=None))
    assert foreign.funding.tuition_total_usd is None
    assert any("not converted" in n for n in foreign.funding.notes)


@settings(max_examples=25, deadline=None)
@given(
    a=st.floats(min_value=6, max_value=80),
    b=st.floats(min_value=6, max_value=80),
    mode=st.sampled_from(["full-time", "part-time"]),
    calendar=st.sampled_from(["semester", "quarter", "trimester"]),
    hours=st.none() | st.floats(min_value=12, max_value=60),
)
def test_more_credits_never_shorten_the_plan(
    a: float, b: float, mode: str, calendar: str, hours: float | None
) -> None:
    lo, hi = sorted((a, b))
    prof = Profile(hours_per_week=hours)
    short = plan(profile=prof, credits_total=lo, mode=mode, calendar=calendar, draws=100)
    long = plan(profile=prof, credits_total=hi, mode=mode, calendar=calendar, draws=100)
    assert long.planned_months >= short.planned_months
    assert long.program_terms >= short.program_terms


@settings(max_examples=25, deadline=None)
@given(
    h1=st.floats(min_value=12, max_value=60),
    h2=st.floats(min_value=12, max_value=60),
    mode=st.sampled_from(["full-time", "part-time"]),
    calendar=st.sampled_from(["semester", "quarter", "trimester"]),
    credits=st.floats(min_value=10, max_value=60),
)
def test_more_hours_never_lengthen_the_plan(
    h1: float, h2: float, mode: str, calendar: str, credits: float
) -> None:
    few, many = sorted((h1, h2))
    kw: dict[str, Any] = {"credits_total": credits, "mode": mode, "calendar": calendar}
    slow = plan(profile=Profile(hours_per_week=few), draws=100, **kw)
    fast = plan(profile=Profile(hours_per_week=many), draws=100, **kw)
    assert fast.planned_months <= slow.planned_months
    spec = calendar_spec(calendar)  # type: ignore[arg-type]
    assert credits_allowed_by_hours(many, spec) >= credits_allowed_by_hours(few, spec)


@pytest.mark.parametrize("hours", [0.0, 4.0, 8.0])
def test_hours_too_few_for_one_course_is_a_plain_error(hours: float) -> None:
    with pytest.raises(InputError) as err:
        plan(profile=Profile(hours_per_week=hours), mode="part-time", calendar="semester")
    assert [p.field for p in err.value.problems] == ["hours_per_week"]
    assert "not enough for one course" in err.value.message


def test_a_mode_the_program_does_not_offer_is_a_plain_error() -> None:
    only_ft = program(enrollment_modes=["full-time"])
    with pytest.raises(InputError) as err:
        plan(only_ft, mode="part-time")
    assert [p.field for p in err.value.problems] == ["enrollment_mode"]
    assert plan(only_ft).inputs.mode == "full-time"  # the program's only mode wins
    assert plan(only_ft, profile=Profile(must_keep_working=True)).inputs.mode == "full-time"


def test_service_plan_and_same_seed_same_result(small_service: Service) -> None:
    prof = Profile(hours_per_week=10, enrollment_mode="part-time")
    a = small_service.plan(prof, "gatech-omscs", draws=1000, seed=5)
    b = small_service.plan(prof.model_dump(), "gatech-omscs", {"draws": 1000, "seed": 5})
    assert a == b
    assert a.inputs.credits_total == 30.0 and a.inputs.credits_per_term == 3.0
    # 10 one-course terms at 3 a year (OMSCS teaches fall, spring and summer): 40 months
    assert a.program_terms == 10 and a.planned_months == 40.0
    assert a.inputs.terms_per_year == 3 and a.inputs.terms_source is not None
    assert "as the program publishes" in a.inputs.terms_basis
    assert a.funding.tuition_total_usd == 7000.0
    assert 0 < a.time_to_degree.p_complete < 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"credits_total": 0}, "credits_total"),
        ({"credits_per_term": 0}, "credits_per_term"),
        ({"hours_per_week": -3}, "hours_per_week"),
        ({"calendar": "lunar"}, "calendar"),
        ({"draws": 5}, "draws"),
        ({"colour": "blue"}, "colour"),
        ({"credits_per_term": 0.01}, "credits_per_term"),
    ],
)
def test_bad_options_raise_input_error(
    small_service: Service, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError) as exc:
        small_service.plan(Profile(), "gatech-omscs", **overrides)
    assert [p.field for p in exc.value.problems] == [field]


def test_bad_profile_and_unknown_program(small_service: Service) -> None:
    with pytest.raises(InputError) as exc:
        small_service.plan({"hours_per_week": -1}, "gatech-omscs")
    assert exc.value.problems[0].field == "hours_per_week"
    with pytest.raises(NotFoundError):
        small_service.plan(Profile(), "no-such-program")
