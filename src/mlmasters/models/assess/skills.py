"""The guide's six skill groups: what the target role needs, what the person has, what a
program covers, and the gap that remains.

- **Target**: O*NET 30.1 importance (1-5) of each group's elements for the role's occupations,
  weighted by ``ROLE_SOC_WEIGHTS`` (renormalised over the occupations that have O*NET data),
  then put on the profile's 0-3 scale linearly: importance 1 -> level 0, 5 -> level 3
  (``importance_to_level``; an mlmasters mapping, documented in ``docs/assess.md``).
- **Current**: the mean of the person's known levels in the core areas that feed the group;
  groups the profile does not ask about stay ``unknown``.
- **Program coverage**: a group is ``covered`` when a program's published tracks or core
  courses name it (keywords below) or a required capstone/thesis trains it; ``not-listed``
  when the program publishes courses but none matches; ``unknown`` when it publishes none.
  Covered groups reach level 3 ("took advanced courses") after the program.
- **Gap** = max(0, target - level); ``met`` at 0, ``small`` below one level, else ``gap``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.profile import Profile

CoverageStatus = Literal["covered", "not-listed", "unknown", "no-program"]
GapStatus = Literal["met", "small", "gap", "unknown"]
LEVEL_AFTER_COVERAGE = 3.0


class SkillGroup(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    label: str
    elements: tuple[str, ...] = Field(description="O*NET element ids measuring the group")
    background_areas: tuple[str, ...] = Field(description="Profile areas giving the level")
    coverage_keywords: tuple[str, ...]
    covered_by_required: tuple[Literal["capstone", "thesis"], ...] = ()
    note: str = ""


SKILL_GROUPS: tuple[SkillGroup, ...] = (
    SkillGroup(
        key="statistical-algorithmic",
        label="Statistical & algorithmic proficiency",
        elements=("2.A.1.e", "2.B.2.i", "4.A.2.a.4"),
        background_areas=(
            "probability_statistics",
            "linear_algebra",
            "calculus",
            "algorithms_data_structures",
            "machine_learning",
        ),
        coverage_keywords=(
            "machine learning",
            "statistic",
            "probability",
            "algorithm",
            "artificial intelligence",
            "deep learning",
            "analytics",
            "data science",
        ),
    ),
    SkillGroup(
        key="programming",
        label="Programming & software development",
        elements=("2.B.3.e", "2.B.3.b", "4.A.3.b.1"),
        background_areas=("programming_python",),
        coverage_keywords=("programming", "software", "computing"),
    ),
    SkillGroup(
        key="data-engineering",
        label="Data engineering & pipelines",
        elements=("4.A.2.a.2", "4.A.3.b.6", "2.B.4.g"),
        background_areas=(),
        coverage_keywords=(
            "big data",
            "cloud",
            "database",
            "data engineering",
            "data management",
            "information systems",
            "computing systems",
        ),
        note="the profile does not ask about data engineering",
    ),
    SkillGroup(
        key="critical-thinking",
        label="Critical thinking & problem solving",
        elements=("2.A.2.a", "2.B.4.e", "4.A.2.b.1"),
        background_areas=(),
        coverage_keywords=("seminar", "research", "reasoning"),
        covered_by_required=("capstone", "thesis"),
        note="the profile does not ask about critical thinking",
    ),
    SkillGroup(
        key="communication",
        label="Communication & collaboration",
        elements=("2.A.1.c", "2.A.1.d", "4.A.4.a.1", "4.A.4.a.2"),
        background_areas=(),
        coverage_keywords=("seminar", "communication", "human-computer", "hci", "interaction"),
        covered_by_required=("capstone",),
        note="the profile does not ask about communication",
    ),
    SkillGroup(
        key="ethics",
        label="Ethical awareness & responsible AI",
        elements=("4.A.2.a.3",),
        background_areas=(),
        coverage_keywords=("ethic", "responsible", "fairness", "society", "policy"),
        note="O*NET has no ethics element: 'Evaluating Information to Determine Compliance "
        "with Standards' is the proxy; the profile does not ask about ethics",
    ),
)


def importance_to_level(importance: float) -> float:
    """O*NET importance 1-5 onto the profile's 0-3 scale, linearly.

    >>> importance_to_level(1.0), importance_to_level(5.0), importance_to_level(3.0)
    (0.0, 3.0, 1.5)
    """
    return (importance - 1.0) * 3.0 / 4.0


def weighted_importance(
    values_by_soc: Mapping[str, Mapping[str, float]], weights: Mapping[str, float]
) -> dict[str, float]:
    """Per element, the weighted mean importance over the occupations that have data.

    >>> weighted_importance({"a": {"x": 2.0}, "b": {"x": 4.0}}, {"a": 0.25, "b": 0.75, "c": 0.5})
    {'x': 3.5}
    """
    present = {s: w for s, w in weights.items() if s in values_by_soc and w > 0}
    total = sum(present.values())
    if total == 0:
        return {}
    elements = sorted({e for s in present for e in values_by_soc[s]})
    out: dict[str, float] = {}
    for e in elements:
        have = {s: w for s, w in present.items() if e in values_by_soc[s]}
        tw = sum(have.values())
        if tw:
            out[e] = sum(values_by_soc[s][e] * w for s, w in have.items()) / tw
    return out


class ProgramCourses(BaseModel):
    """What a program publishes about its content (``None``/[] = not published)."""

    model_config = ConfigDict(frozen=True)

    program_id: str
    name: str
    tracks: list[str] = Field(default_factory=list)
    core_courses: list[str] = Field(default_factory=list)
    thesis: str | None = None
    capstone: str | None = None


class GroupCoverage(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: CoverageStatus
    evidence: list[str]


def group_coverage(group: SkillGroup, program: ProgramCourses | None) -> GroupCoverage:
    if program is None:
        return GroupCoverage(status="no-program", evidence=[])
    named = [("track", t) for t in program.tracks] + [("course", c) for c in program.core_courses]
    hits = [
        f"{kind} '{name}'"
        for kind, name in named
        if any(k in name.lower() for k in group.coverage_keywords)
    ]
    required = {"capstone": program.capstone, "thesis": program.thesis}
    hits += [f"{r} required" for r in group.covered_by_required if required[r] == "required"]
    if hits:
        return GroupCoverage(status="covered", evidence=hits)
    publishes = bool(named) or any(v is not None for v in required.values())
    if not publishes:
        return GroupCoverage(
            status="unknown", evidence=["the program publishes no tracks or core courses here"]
        )
    return GroupCoverage(
        status="not-listed",
        evidence=["none of its published tracks or core courses names this group"],
    )


class SkillGap(BaseModel):
    """One skill group: target, current, program coverage and the gap before/after."""

    model_config = ConfigDict(frozen=True)

    group: str
    label: str
    target_importance: float | None = Field(description="O*NET importance 1-5, role-weighted")
    target_level: float | None = Field(description="Target on the 0-3 scale")
    current_level: float | None = Field(description="Mean of the feeding core areas; None=unknown")
    current_from: str
    coverage: GroupCoverage
    after_program_level: float | None
    gap_now: float | None
    gap_after_program: float | None
    status: GapStatus
    note: str


def _gap(target: float | None, level: float | None) -> float | None:
    if target is None or level is None:
        return None
    return round(max(0.0, target - level), 2)


def gap_status(gap: float | None) -> GapStatus:
    if gap is None:
        return "unknown"
    if gap == 0:
        return "met"
    return "small" if gap < 1 else "gap"


def current_level(profile: Profile, areas: Sequence[str]) -> float | None:
    known = [v for a in areas if (v := getattr(profile.background, a)) is not None]
    return sum(known) / len(known) if known else None


def skill_gaps(
    profile: Profile,
    importance: Mapping[str, float],
    program: ProgramCourses | None,
    groups: Sequence[SkillGroup] = SKILL_GROUPS,
) -> list[SkillGap]:
    """Gap per group: target (from ``importance``) minus current level minus coverage."""
    out: list[SkillGap] = []
    for g in groups:
        vals = [importance[e] for e in g.elements if e in importance]
        target_im = round(sum(vals) / len(vals), 2) if vals else None
        target = None if target_im is None else round(importance_to_level(target_im), 2)
        cur = current_level(profile, g.background_areas)
        cur = None if cur is None else round(cur, 2)
        cov = group_coverage(g, program)
        after = LEVEL_AFTER_COVERAGE if cov.status == "covered" else cur
        gap_after = _gap(target, after)
        out.append(
            SkillGap(
                group=g.key,
                label=g.label,
                target_importance=target_im,
                target_level=target,
                current_level=cur,
                current_from=(
                    "mean of your levels in " + ", ".join(g.background_areas)
                    if g.background_areas
                    else "not asked in the profile"
                ),
                coverage=cov,
                after_program_level=after,
                gap_now=_gap(target, cur),
                gap_after_program=gap_after,
                status=gap_status(gap_after if program is not None else _gap(target, cur)),
                note=g.note,
            )
        )
    return out


def chart_data(gaps: Sequence[SkillGap]) -> dict[str, object]:
    """A chart-ready structure: one category per group, one series per measure (0-3)."""
    return {
        "unit": "level 0-3 (profile scale; O*NET importance mapped linearly)",
        "categories": [g.label for g in gaps],
        "series": [
            {"name": "target (role)", "values": [g.target_level for g in gaps]},
            {"name": "you now", "values": [g.current_level for g in gaps]},
            {"name": "after the program", "values": [g.after_program_level for g in gaps]},
        ],
    }


#: Caveats of the O*NET rows per occupation (../shared/data/README.md); shown wherever used.
ONET_CAVEATS: dict[str, str] = {
    "15-2051": "O*NET has no ratings for Data Scientists (15-2051.00) in release 30.1: the "
    "15-2051 values average two specialties, Business Intelligence Analysts (15-2051.01) and "
    "Clinical Data Managers (15-2051.02). They are not Data Scientist ratings.",
    "11-9199": "Managers, All Other (11-9199) averages six specialties (Regulatory Affairs, "
    "Compliance, Loss Prevention, two Wind Energy kinds, Brownfield Redevelopment); only the "
    "first two relate to AI governance and the mean dilutes them.",
    "13-1041": "Compliance Officers uses 13-1041.00 only; specialties such as Regulatory "
    "Affairs Specialists are not included.",
    "15-1299": "Computer Occupations, All Other averages six unrelated specialties.",
}
ONET_MISSING_NOTE = (
    "has no O*NET profile in this table (the source's profile is synthetic), so its weight is "
    "spread over the role's other occupations"
)
ONET_SCOPE_NOTE = (
    "Only O*NET importance (IM, 1-5) of 35 skills and 41 work activities is available: no "
    "Knowledge elements (such as Mathematics or Computers and Electronics knowledge) and no "
    "skill levels (LV)."
)


class OnetOccupation(BaseModel):
    model_config = ConfigDict(frozen=True)

    soc_code: str
    title: str
    weight: float = Field(description="Role weight (ROLE_SOC_WEIGHTS)")
    weight_used: float = Field(description="Weight after dropping occupations without O*NET")
    onet_soc_code: str | None = Field(description="O*NET code(s) averaged; None = no profile")
    caveat: str | None


class ElementImportance(BaseModel):
    model_config = ConfigDict(frozen=True)

    element_id: str
    element_name: str
    kind: Literal["skill", "work activity"]
    group: str | None = Field(description="Skill group it measures, if any")
    importance: float = Field(description="Role-weighted O*NET importance 1-5")
    by_soc: dict[str, float]


class SkillsReport(BaseModel):
    """Target role's O*NET profile, the person's levels, program coverage and gaps."""

    model_config = ConfigDict(frozen=True)

    role: str
    role_label: str
    program_id: str | None
    program_name: str | None
    occupations: list[OnetOccupation]
    groups: list[SkillGap]
    onet_profile: list[ElementImportance] = Field(description="All elements, most important first")
    chart: dict[str, object]
    caveats: list[str]
    rules: list[str] = Field(description="How target, current, coverage and gap are computed")
    attribution: str
