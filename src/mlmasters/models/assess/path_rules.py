"""The path rule table: the five paths, their order and labels, the workload references
the rules quote, and ``PATH_RULES``, each rule's conditions, points per path, reason and
source (docs/assess.md prints it). ``paths.py`` applies it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.assess._rules import Cond
from mlmasters.models.assess._rules import cond as _c

PathKey = Literal[
    "part-time-masters",
    "full-time-masters",
    "thesis-masters",
    "certificate-first",
    "self-study-portfolio",
]
PATH_ORDER: tuple[str, ...] = (
    "part-time-masters",
    "full-time-masters",
    "thesis-masters",
    "certificate-first",
    "self-study-portfolio",
)
PATH_LABELS: dict[str, str] = {
    "full-time-masters": "Full-time master's",
    "part-time-masters": "Part-time or online master's while working",
    "certificate-first": "Graduate certificate or bridge courses first",
    "self-study-portfolio": "Self-study and a project portfolio (no degree)",
    "thesis-masters": "Thesis-track master's toward a PhD",
}

#: Workload references (DESIGN.md; IPEDS definitions in ../shared/data/README.md).
HOURS_PER_CREDIT_WEEK = 3  # about 3 hours per credit per week in a 15-week semester
COURSE_CREDITS = 3  # a typical course
FULL_TIME_CREDITS = 9  # IPEDS: full-time graduate = 9 or more credits a term
HOURS_ONE_COURSE = HOURS_PER_CREDIT_WEEK * COURSE_CREDITS  # 9
HOURS_FULL_TIME = HOURS_PER_CREDIT_WEEK * FULL_TIME_CREDITS  # 27


class PathRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    when: tuple[Cond, ...]
    effects: dict[PathKey, int]
    reason: str = Field(description="str.format template over the features")
    source: str = Field(description="Where the rule's figure or logic comes from")


PATH_RULES: tuple[PathRule, ...] = (
    PathRule(
        rule_id="must-keep-working",
        when=(_c("must_keep_working", "true"),),
        effects={
            "part-time-masters": 3,
            "full-time-masters": -3,
            "thesis-masters": -2,
            "certificate-first": 1,
            "self-study-portfolio": 1,
        },
        reason="you must keep working: study has to fit around your job",
        source="profile: must_keep_working",
    ),
    PathRule(
        rule_id="early-career-free",
        when=(_c("must_keep_working", "false"), _c("years_experience", "lt", 3)),
        effects={"full-time-masters": 2, "thesis-masters": 1},
        reason="early career ({years_experience:g} years of work) and free to stop working: "
        "the pay forgone by full-time study is smallest now",
        source="profile: must_keep_working, years_experience; opportunity cost (guide)",
    ),
    PathRule(
        rule_id="online-only",
        when=(_c("online_only", "true"),),
        effects={
            "part-time-masters": 2,
            "full-time-masters": -1,
            "thesis-masters": -2,
            "certificate-first": 1,
        },
        reason="online only: campus programs, including most thesis tracks, are ruled out",
        source="profile: online_only",
    ),
    PathRule(
        rule_id="cannot-relocate",
        when=(_c("can_relocate", "false"), _c("online_only", "false")),
        effects={"part-time-masters": 1, "full-time-masters": -1},
        reason="you cannot relocate: only programs near home, or online, remain",
        source="profile: can_relocate",
    ),
    PathRule(
        rule_id="research-goal",
        when=(_c("research_interest", "ge", 2),),
        effects={"thesis-masters": 3},
        reason="research goal (interest {research_interest} of 3): a thesis option matters for "
        "PhD admission and R&D roles",
        source="guide: aspiring researchers need research experience",
    ),
    PathRule(
        rule_id="wants-phd",
        when=(_c("research_interest", "eq", 3),),
        effects={"thesis-masters": 2, "self-study-portfolio": -2},
        reason="you want a PhD: a thesis-track master's builds the research record; "
        "self-study does not",
        source="profile: research_interest = 3",
    ),
    PathRule(
        rule_id="wants-thesis",
        when=(_c("wants_thesis", "true"),),
        effects={"thesis-masters": 2},
        reason="you want a thesis",
        source="profile: wants_thesis",
    ),
    PathRule(
        rule_id="entry-needs-masters",
        when=(_c("entry_master_or_higher", "true"),),
        effects={
            "full-time-masters": 1,
            "part-time-masters": 1,
            "thesis-masters": 1,
            "self-study-portfolio": -2,
        },
        reason="BLS: the typical entry education for {entry_occupation} is '{entry_education}'",
        source="BLS Employment Projections 2024-34, typical entry education",
    ),
    PathRule(
        rule_id="entry-bachelor",
        when=(_c("entry_bachelor", "true"),),
        effects={"self-study-portfolio": 1, "certificate-first": 1},
        reason="BLS: the typical entry education for {entry_occupation} is a bachelor's "
        "degree, so a master's is not the usual entry requirement",
        source="BLS Employment Projections 2024-34, typical entry education",
    ),
    PathRule(
        rule_id="readiness-gaps",
        when=(_c("gap_count", "ge", 2),),
        effects={
            "certificate-first": 3,
            "full-time-masters": -1,
            "part-time-masters": -1,
            "thesis-masters": -1,
        },
        reason="{gap_count} core areas are gaps ({gap_areas}); bridging every area below "
        "the expected level takes about {bridge_weeks_total:g} weeks, one course after another",
        source="readiness table (docs/assess.md)",
    ),
    PathRule(
        rule_id="readiness-bridge",
        when=(_c("short_count", "ge", 1), _c("gap_count", "lt", 2)),
        effects={"certificate-first": 1},
        reason="{short_count} core area(s) need bridging ({short_areas}; about "
        "{bridge_weeks_total:g} weeks)",
        source="readiness table (docs/assess.md)",
    ),
    PathRule(
        rule_id="readiness-all-ready",
        when=(_c("ready_count", "eq", 6),),
        effects={"certificate-first": -2},
        reason="you meet the expected level in all six core areas: no bridge needed",
        source="readiness table (docs/assess.md)",
    ),
    PathRule(
        rule_id="salary-at-or-above-median",
        when=(_c("salary_at_or_above_median", "true"),),
        effects={"self-study-portfolio": 2, "part-time-masters": 1, "full-time-masters": -2},
        reason="your current salary {current_salary_usd:usd} is at or above the {role_label} "
        "median in {area_name} ({role_p50_usd:usd}): the degree's earnings gain is small, and "
        "full-time study would forgo that salary",
        source="OEWS May 2025 wages of the target role in your area",
    ),
    PathRule(
        rule_id="salary-below-p25",
        when=(_c("salary_below_p25", "true"),),
        effects={"full-time-masters": 1, "part-time-masters": 1},
        reason="your current salary {current_salary_usd:usd} is below the {role_label} 25th "
        "percentile in {area_name} ({role_p25_usd:usd}): the potential earnings gain is large",
        source="OEWS May 2025 wages of the target role in your area",
    ),
    PathRule(
        rule_id="employer-support",
        when=(_c("employer_support_usd_per_year", "gt", 0),),
        effects={"part-time-masters": 2},
        reason="your employer pays {employer_support_usd_per_year:usd} a year toward tuition "
        "while you keep working",
        source="profile: employer_support_usd_per_year",
    ),
    PathRule(
        rule_id="hours-below-one-course",
        when=(_c("hours_per_week", "lt", HOURS_ONE_COURSE),),
        effects={
            "full-time-masters": -2,
            "part-time-masters": -2,
            "thesis-masters": -2,
            "certificate-first": 1,
            "self-study-portfolio": 1,
        },
        reason="{hours_per_week:g} hours a week is less than one 3-credit course needs (about "
        "9 hours: 3 hours per credit per week)",
        source="DESIGN.md workload reference: ≈3 hours per credit per week, 15-week semester",
    ),
    PathRule(
        rule_id="hours-below-full-time",
        when=(_c("hours_per_week", "lt", HOURS_FULL_TIME),),
        effects={"full-time-masters": -2, "thesis-masters": -1},
        reason="{hours_per_week:g} hours a week is below a full-time load (9 credits a term, "
        "the IPEDS full-time threshold, × 3 hours per credit ≈ 27 hours)",
        source="IPEDS full-time graduate definition; DESIGN.md workload reference",
    ),
    PathRule(
        rule_id="time-below-full-time-duration",
        when=(_c("max_months_below_ft", "true"),),
        effects={"full-time-masters": -2, "thesis-masters": -2, "part-time-masters": -2},
        reason="you want to finish within {max_years:g} years; the median full-time duration "
        "of {ft_n} curated programs is {ft_months_median:g} months",
        source="curated program table: duration_months_full_time",
    ),
    PathRule(
        rule_id="time-below-part-time-duration",
        when=(_c("max_months_below_pt", "true"),),
        effects={"part-time-masters": -2},
        reason="you want to finish within {max_years:g} years; the median typical part-time "
        "duration of {pt_n} curated programs is {pt_months_median:g} months",
        source="curated program table: duration_months_part_time_typical",
    ),
    PathRule(
        rule_id="risk-averse",
        when=(_c("risk_attitude", "eq", "averse"),),
        effects={"certificate-first": 1, "self-study-portfolio": 1, "full-time-masters": -1},
        reason="you are risk-averse: a smaller, reversible first step limits the downside",
        source="profile: risk_attitude",
    ),
    PathRule(
        rule_id="budget-below-median-tuition",
        when=(_c("budget_below_median_tuition", "true"),),
        effects={
            "self-study-portfolio": 2,
            "certificate-first": 1,
            "full-time-masters": -1,
            "part-time-masters": -1,
            "thesis-masters": -1,
        },
        reason="your budget {budget_usd:usd} is below the median published tuition of "
        "{tuition_n} curated US programs ({tuition_median_usd:usd}; tuition years differ): "
        "the choice of programs narrows",
        source="curated program table: tuition_total (USD)",
    ),
    PathRule(
        rule_id="portfolio-ready",
        when=(_c("tech_job", "true"), _c("background_mean", "ge", 2.5)),
        effects={"self-study-portfolio": 2},
        reason="you already work in software/data with a strong background (average "
        "{background_mean:.1f} of 3): projects may get you there without a degree",
        source="profile: current job and background",
    ),
    PathRule(
        rule_id="persona-recent-graduate",
        when=(_c("persona", "eq", "recent-graduate"),),
        effects={"full-time-masters": 1},
        reason="persona recent graduate: the guide's case for focused specialisation early on",
        source="guide: who should pursue it",
    ),
    PathRule(
        rule_id="persona-working-professional",
        when=(_c("persona", "eq", "working-professional"),),
        effects={"part-time-masters": 1},
        reason="persona working professional: the guide's case for deepening expertise "
        "alongside work",
        source="guide: who should pursue it",
    ),
    PathRule(
        rule_id="persona-career-changer",
        when=(_c("persona", "eq", "career-changer"),),
        effects={"certificate-first": 1},
        reason="persona career changer: the guide stresses foundations first, in a structured form",
        source="guide: who should pursue it",
    ),
    PathRule(
        rule_id="persona-aspiring-researcher",
        when=(_c("persona", "eq", "aspiring-researcher"),),
        effects={"thesis-masters": 2},
        reason="persona aspiring researcher: the guide's case for theoretical grounding and "
        "research experience",
        source="guide: who should pursue it",
    ),
    PathRule(
        rule_id="persona-technically-inclined",
        when=(_c("persona", "eq", "technically-inclined"),),
        effects={"part-time-masters": 1},
        reason="persona technically inclined: positioning for ML demand in your sector while "
        "you keep your footing in it",
        source="guide: who should pursue it",
    ),
)
