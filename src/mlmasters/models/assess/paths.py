"""Recommended path: five ways forward, ranked by one documented rule table.

Every rule in ``PATH_RULES`` reads named features (the profile's answers, the persona, the
readiness counts and figures from the snapshot that the service puts in ``PathFigures``) and
adds or removes points per path. Each fired rule becomes a reason quoting its figure. Paths
are ranked by total points; ties go to the earlier path in ``PATH_ORDER``. Rules whose
features are unknown do not fire; the unknown answers are listed so the person can add them.

This module owns the features the rules read and their application; the table itself is
``path_rules.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.assess._rules import evaluate_all, render
from mlmasters.models.assess.path_rules import PATH_LABELS, PATH_ORDER, PATH_RULES, PathRule
from mlmasters.models.assess.persona import FEATURE_FIELDS, persona_features
from mlmasters.models.assess.readiness import AREA_LABELS, AreaReadiness
from mlmasters.profile import Profile

#: What the tool cannot know; shown with every assessment.
LIMITS: tuple[str, ...] = (
    "Admission: mlmasters does not know whether a program would admit you.",
    "You as a worker: OEWS and O*NET describe occupations, not individuals; your pay after "
    "the degree depends on employer, experience, negotiation and luck.",
    "The future: wages are May 2025 and projections are BLS's 2024-34 scenario; the ML job "
    "market can change faster than either.",
    "Three of the five roles have no federal occupation code; their figures rest on proxies "
    "with weights chosen by mlmasters.",
    "Your background levels are your own rating; a placement test or a program's "
    "prerequisite check is more reliable.",
    "Teaching quality, peers, network and fit with how you learn are not in any data set here.",
    "The rules and weights are documented judgments (docs/assess.md), not a fitted model: "
    "read the reasons, not only the rank.",
)


class PathFigures(BaseModel):
    """Figures from the snapshot that the path rules quote (``None`` = not available)."""

    model_config = ConfigDict(frozen=True)

    role_label: str | None = None
    area_name: str | None = None
    role_p25_usd: float | None = None
    role_p50_usd: float | None = None
    entry_occupation: str | None = None
    entry_education: str | None = None
    tuition_median_usd: float | None = None
    tuition_n: int | None = None
    ft_months_median: float | None = None
    ft_n: int | None = None
    pt_months_median: float | None = None
    pt_n: int | None = None


class PathReason(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule_id: str
    points: int
    text: str
    source: str


class RankedPath(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    label: str
    rank: int
    score: int
    reasons: list[PathReason] = Field(description="Fired rules that moved this path, +/-")


class PathRecommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    paths: list[RankedPath]
    features: dict[str, Any] = Field(description="Every feature the rules read (None=unknown)")
    not_applied: list[NotApplied] = Field(description="Rules that could not run, and why")
    would_help: list[str] = Field(description="Profile answers that would let them run")


def path_features(
    profile: Profile, persona: str, readiness: Sequence[AreaReadiness], figures: PathFigures
) -> dict[str, Any]:
    """Everything the path rules read; ``None`` = unknown."""
    f = persona_features(profile)
    f["persona"] = persona
    for name in (
        "online_only",
        "can_relocate",
        "hours_per_week",
        "max_years",
        "risk_attitude",
        "budget_usd",
        "current_salary_usd",
    ):
        f[name] = getattr(profile, name)
    gaps = [r for r in readiness if r.status == "gap"]
    short = [r for r in readiness if r.status in ("gap", "bridge")]
    f["gap_count"] = len(gaps)
    f["short_count"] = len(short)
    f["ready_count"] = sum(r.status == "ready" for r in readiness)
    f["gap_areas"] = ", ".join(AREA_LABELS.get(r.area, r.area) for r in gaps) or None
    f["short_areas"] = ", ".join(AREA_LABELS.get(r.area, r.area) for r in short) or None
    f["bridge_weeks_total"] = sum(r.bridge_weeks for r in readiness)
    f |= figures.model_dump()
    sal, budget = profile.current_salary_usd, profile.budget_usd
    months = None if profile.max_years is None else profile.max_years * 12
    f["salary_at_or_above_median"] = _known(sal, figures.role_p50_usd, lambda s, m: s >= m)
    f["salary_below_p25"] = _known(sal, figures.role_p25_usd, lambda s, q: s < q)
    edu = figures.entry_education
    f["entry_master_or_higher"] = None if edu is None else edu.startswith(("Master", "Doctoral"))
    f["entry_bachelor"] = None if edu is None else edu.startswith("Bachelor")
    f["budget_below_median_tuition"] = _known(
        budget, figures.tuition_median_usd, lambda b, t: b < t
    )
    f["max_months_below_ft"] = _known(months, figures.ft_months_median, lambda m, t: m < t)
    f["max_months_below_pt"] = _known(months, figures.pt_months_median, lambda m, t: m < t)
    return f


def _known(a: Any, b: Any, test: Callable[[Any, Any], bool]) -> bool | None:
    """``test(a, b)``, or None (unknown) when either is unknown."""
    return None if a is None or b is None else test(a, b)


#: Derived features -> the features (profile answers) they are computed from. A derived
#: feature is unknown either because an answer is missing or because a figure is.
_DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "salary_at_or_above_median": ("current_salary_usd", "target_role"),
    "salary_below_p25": ("current_salary_usd", "target_role"),
    "entry_master_or_higher": ("target_role",),
    "entry_bachelor": ("target_role",),
    "budget_below_median_tuition": ("budget_usd",),
    "max_months_below_ft": ("max_years",),
    "max_months_below_pt": ("max_years",),
}


class NotApplied(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule_id: str
    missing: list[str] = Field(description="Profile answers that are unknown")
    figure_unavailable: bool = Field(description="True when the answers exist but a figure not")


def _missing_answers(feature: str, features: dict[str, Any]) -> list[str]:
    raw = _DERIVED_FROM.get(feature)
    if raw is None:
        return [FEATURE_FIELDS.get(feature, feature)]
    return [r for r in raw if features.get(r) is None]


def recommend_paths(
    features: dict[str, Any], rules: Sequence[PathRule] = PATH_RULES
) -> PathRecommendation:
    """Rank the five paths by the rules that fire on ``features``."""
    scores = dict.fromkeys(PATH_ORDER, 0)
    reasons: dict[str, list[PathReason]] = {p: [] for p in PATH_ORDER}
    not_applied: list[NotApplied] = []
    unknown: set[str] = set()
    for rule in rules:
        ok, missing = evaluate_all(rule.when, features)
        if missing:
            answers = sorted({a for m in missing for a in _missing_answers(m, features)})
            not_applied.append(
                NotApplied(rule_id=rule.rule_id, missing=answers, figure_unavailable=not answers)
            )
            unknown.update(answers)
        if not ok:
            continue
        text = render(rule.reason, features)
        for path, pts in rule.effects.items():
            scores[path] += pts
            reasons[path].append(
                PathReason(rule_id=rule.rule_id, points=pts, text=text, source=rule.source)
            )
    ranked = sorted(PATH_ORDER, key=lambda p: (-scores[p], PATH_ORDER.index(p)))
    return PathRecommendation(
        paths=[
            RankedPath(
                path=p,
                label=PATH_LABELS[p],
                rank=i + 1,
                score=scores[p],
                reasons=sorted(reasons[p], key=lambda r: -abs(r.points)),
            )
            for i, p in enumerate(ranked)
        ],
        features=features,
        not_applied=not_applied,
        would_help=sorted(unknown),
    )
