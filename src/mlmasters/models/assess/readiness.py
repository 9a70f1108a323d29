"""Readiness per core area against typical ML master's prerequisites.

The rule table (``DEFAULT_READINESS``) is data: for each area the level a typical ML
master's expects on entry (the profile's 0-3 scale, see ``mlmasters.profile.LEVEL_ANCHORS``),
the weeks it takes to climb one level, and a concrete bridge suggestion per level. A caller may
pass its own table (``assess_readiness(profile, table=...)``).

Rules, documented in ``docs/assess.md``:

- level unknown -> ``unknown`` (``bridge_weeks`` 0, ``bridge_weeks_max`` = weeks from level 0);
- level >= required -> ``ready`` (0 weeks);
- one level short -> ``bridge`` (one bridge course);
- two or more levels short -> ``gap`` (a sequence of courses before or alongside the program).

``bridge_weeks`` sums the weeks of each missing level: reaching level 2 or 3 ("a university
course") takes one 15-week semester course (IPEDS defines a semester credit hour over a
15-week term); reaching level 1 ("self-study or a short online course") takes half of that,
8 weeks (an mlmasters assumption, rounded up). Raising a level never worsens the status and
never adds weeks (a property test pins this).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.profile import CORE_BACKGROUND, LEVEL_ANCHORS, Profile

ReadinessStatus = Literal["ready", "bridge", "gap", "unknown"]
#: Order of the known statuses, worst first (``unknown`` is not comparable).
STATUS_RANK: dict[str, int] = {"gap": 0, "bridge": 1, "ready": 2}

AREA_LABELS: dict[str, str] = {
    "probability_statistics": "Probability & statistics",
    "linear_algebra": "Linear algebra",
    "calculus": "Calculus",
    "algorithms_data_structures": "Algorithms & data structures",
    "programming_python": "Programming (Python)",
    "machine_learning": "Machine learning",
}


class AreaRule(BaseModel):
    """What a typical ML master's expects in one area, and how to bridge to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    area: str
    required_level: int = Field(ge=0, le=3, description="Level expected on entry (0-3)")
    why: str = Field(description="Why this level: the evidence behind it")
    prerequisite_keywords: tuple[str, ...] = Field(
        description="Words that mark this area in a program's published prerequisites"
    )
    suggestions: dict[int, str] = Field(
        description="Bridge suggestion for reaching each level (1, 2, 3)"
    )


class ReadinessTable(BaseModel):
    """The whole rule table; overridable as one object."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    areas: tuple[AreaRule, ...]
    weeks_to_level: dict[int, float] = Field(
        description="Weeks to climb *to* a level (1, 2, 3) from the level below"
    )
    weeks_source: str


_UNI = "Take a university-level course for credit (or the program's own leveling course) in "

DEFAULT_READINESS = ReadinessTable(
    weeks_to_level={1: 8.0, 2: 15.0, 3: 15.0},
    weeks_source=(
        "level 2 or 3 = one 15-week semester course (IPEDS: a semester credit hour is instruction "
        "over a 15-week term); level 1 = half a semester, 8 weeks (mlmasters assumption)"
    ),
    areas=(
        AreaRule(
            area="probability_statistics",
            required_level=2,
            why="named in the published prerequisites of curated ML/DS programs (Columbia, "
            "UIUC, CU Boulder, IU, UHD); the guide lists it as a core course",
            prerequisite_keywords=("probability", "statistic"),
            suggestions={
                1: "Work through an introductory probability & statistics course online: random "
                "variables, distributions, expectation, estimation, hypothesis tests.",
                2: _UNI + "calculus-based probability & statistics: conditional probability, "
                "common distributions, maximum likelihood, confidence intervals, regression.",
                3: "Take an advanced course in statistical inference or Bayesian statistics.",
            },
        ),
        AreaRule(
            area="linear_algebra",
            required_level=2,
            why="named in the published prerequisites of most curated programs that list any "
            "(Columbia, UIUC, JHU, UW, UCSD, IU, UHD); the guide lists it as a core course",
            prerequisite_keywords=("linear algebra",),
            suggestions={
                1: "Work through an introductory linear algebra course online: vectors, "
                "matrices, matrix products, solving linear systems.",
                2: _UNI + "linear algebra: linear maps, rank, eigenvalues, orthogonality, "
                "least squares and the SVD.",
                3: "Take an advanced course in matrix methods or numerical linear algebra.",
            },
        ),
        AreaRule(
            area="calculus",
            required_level=2,
            why="named in the published prerequisites of JHU, UW, UCSD, ASU, IU and CU Boulder "
            "(often multivariable): needed for optimisation and gradients",
            prerequisite_keywords=("calculus",),
            suggestions={
                1: "Refresh single-variable calculus online: limits, derivatives, integrals.",
                2: _UNI + "multivariable calculus: partial derivatives, gradients, the chain "
                "rule, optimisation.",
                3: "Take a course in optimisation or real analysis.",
            },
        ),
        AreaRule(
            area="algorithms_data_structures",
            required_level=2,
            why="named in the published prerequisites of CS-based programs (UT Austin MSCS, "
            "UIUC MCS, ASU MCS); the guide lists it as a core course",
            prerequisite_keywords=("algorithm", "data structure"),
            suggestions={
                1: "Work through an introductory data structures course online: lists, hash "
                "tables, trees, sorting, big-O.",
                2: _UNI + "data structures & algorithms: graphs, recursion, dynamic "
                "programming, complexity analysis.",
                3: "Take an advanced algorithms course (design and analysis).",
            },
        ),
        AreaRule(
            area="programming_python",
            required_level=2,
            why="named in the published prerequisites of most curated programs that list any "
            "(Columbia, UIUC, JHU, UW, UCSD, IU, UHD, Penn MSE-DS)",
            prerequisite_keywords=("programming", "python"),
            suggestions={
                1: "Learn Python basics online: types, control flow, functions, files.",
                2: _UNI + "programming (an intro sequence) or build equivalent projects: "
                "Python with NumPy and pandas, classes, testing, git.",
                3: "Ship and maintain a real codebase (work or open source) in Python.",
            },
        ),
        AreaRule(
            area="machine_learning",
            required_level=1,
            why="no curated program lists ML as a prerequisite (the program teaches it); "
            "level 1 is mlmasters' recommendation so that the first graduate ML course is not "
            "the first contact",
            prerequisite_keywords=("machine learning",),
            suggestions={
                1: "Take a short introduction to machine learning with scikit-learn: supervised "
                "learning, overfitting, cross-validation, evaluation metrics.",
                2: _UNI + "machine learning (the theory behind common models).",
                3: "Apply ML at work or take advanced ML courses.",
            },
        ),
    ),
)


class AreaReadiness(BaseModel):
    """Readiness in one core area, with the rule that decided it."""

    model_config = ConfigDict(frozen=True)

    area: str = Field(description="Core area key (see mlmasters.profile.CORE_BACKGROUND)")
    label: str
    level: int | None = Field(description="The person's level 0-3; None = unknown")
    level_anchor: str | None = Field(description="What that level means")
    required_level: int = Field(description="Level a typical ML master's expects on entry")
    status: ReadinessStatus
    bridge_weeks: float = Field(description="Weeks to bridge; 0 when ready or unknown")
    bridge_weeks_max: float = Field(
        description="Weeks to bridge if the level were 0 (the bound used when unknown)"
    )
    suggestion: str = Field(description="Concrete bridge suggestion ('' when ready)")
    rule: str = Field(description="Why this status: level vs required, and the weeks rule")
    why_required: str = Field(description="Evidence for the required level")


def bridge_weeks(level: int, required: int, weeks_to_level: dict[int, float]) -> float:
    """Weeks to climb from ``level`` to ``required``: the sum of each missing level's weeks.

    >>> bridge_weeks(0, 2, {1: 8.0, 2: 15.0, 3: 15.0})
    23.0
    >>> bridge_weeks(2, 2, {1: 8.0, 2: 15.0, 3: 15.0})
    0.0
    """
    return float(sum(weeks_to_level[k] for k in range(level + 1, required + 1)))


def status_of(level: int | None, required: int) -> ReadinessStatus:
    """``unknown`` / ``ready`` / ``bridge`` (one level short) / ``gap`` (two or more)."""
    if level is None:
        return "unknown"
    short = required - level
    if short <= 0:
        return "ready"
    return "bridge" if short == 1 else "gap"


def _suggestion(rule: AreaRule, level: int | None) -> str:
    start = 0 if level is None else level
    steps = [rule.suggestions[k] for k in range(start + 1, rule.required_level + 1)]
    return " Then: ".join(steps)


def area_readiness(rule: AreaRule, level: int | None, table: ReadinessTable) -> AreaReadiness:
    status = status_of(level, rule.required_level)
    weeks_max = bridge_weeks(0, rule.required_level, table.weeks_to_level)
    weeks = 0.0 if level is None else bridge_weeks(level, rule.required_level, table.weeks_to_level)
    label = AREA_LABELS.get(rule.area, rule.area)
    need = f"level {rule.required_level} ({LEVEL_ANCHORS[rule.required_level]})"
    if level is None:
        text = (
            f"level unknown; a typical ML master's expects {need}. If you have never studied "
            f"it, bridging takes about {weeks_max:g} weeks"
        )
        suggestion = "Say how well you know it (0-3), or test yourself: " + _suggestion(rule, None)
    elif status == "ready":
        text = f"your level {level} ({LEVEL_ANCHORS[level]}) meets the expected {need}"
        suggestion = ""
    else:
        text = (
            f"your level {level} ({LEVEL_ANCHORS[level]}) is {rule.required_level - level} "
            f"below the expected {need}: {weeks:g} weeks ({table.weeks_source})"
        )
        suggestion = _suggestion(rule, level)
    return AreaReadiness(
        area=rule.area,
        label=label,
        level=level,
        level_anchor=None if level is None else LEVEL_ANCHORS[level],
        required_level=rule.required_level,
        status=status,
        bridge_weeks=weeks,
        bridge_weeks_max=weeks_max,
        suggestion=suggestion,
        rule=text,
        why_required=rule.why,
    )


def assess_readiness(
    profile: Profile, table: ReadinessTable = DEFAULT_READINESS
) -> list[AreaReadiness]:
    """Readiness in each core area (in ``CORE_BACKGROUND`` order) for ``profile``."""
    rules = {r.area: r for r in table.areas}
    out: list[AreaReadiness] = []
    for area in CORE_BACKGROUND:
        rule = rules.get(area)
        if rule is None:
            continue
        level = getattr(profile.background, area)
        out.append(area_readiness(rule, level, table))
    return out


def count_by_status(items: Sequence[AreaReadiness]) -> dict[str, int]:
    counts = {"ready": 0, "bridge": 0, "gap": 0, "unknown": 0}
    for r in items:
        counts[r.status] += 1
    return counts
