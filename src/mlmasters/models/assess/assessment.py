"""The assessment of one person: persona, readiness, the five paths ranked with their
reasons, and the figures and notices behind them. The service hands in the snapshot's
figures (the curated programs' medians, the target role's wages from the careers report);
this module applies the models and returns the ``Assessment`` the surfaces render."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.catalog.program import Program
from mlmasters.models.assess.careers import ROLE_SOC_WEIGHTS, CareerReport
from mlmasters.models.assess.paths import (
    LIMITS,
    PathFigures,
    PathRecommendation,
    path_features,
    recommend_paths,
)
from mlmasters.models.assess.persona import PersonaResult, classify_persona
from mlmasters.models.assess.readiness import (
    DEFAULT_READINESS,
    AreaReadiness,
    assess_readiness,
    count_by_status,
)
from mlmasters.profile import Profile
from mlmasters.wages import Area

#: A median of curated programs is quoted only when at least this many programs publish it.
MIN_PROGRAMS_FOR_MEDIAN = 5


class PrerequisiteEvidence(BaseModel):
    """How many curated programs name an area in their published prerequisites."""

    model_config = ConfigDict(frozen=True)

    area: str
    programs_naming_it: int
    programs_publishing_prerequisites: int
    program_ids: list[str]


class Assessment(BaseModel):
    """Everything ``mlmasters assess`` answers, with the evidence behind each part."""

    model_config = ConfigDict(frozen=True)

    profile: Profile
    persona: PersonaResult
    readiness: list[AreaReadiness]
    readiness_counts: dict[str, int]
    bridge_weeks_total: float = Field(description="Sum of bridge weeks over known areas")
    prerequisite_evidence: list[PrerequisiteEvidence]
    readiness_weeks_rule: str
    recommended_path: str
    paths: PathRecommendation
    figures: PathFigures = Field(description="Snapshot figures the path rules quote")
    area: Area | None = Field(description="The OEWS area used for the target role's wages")
    notices: list[str] = Field(description="Fallbacks used and figures not available")
    limits: list[str] = Field(description="What mlmasters cannot know")
    sources: list[str]


def curated_figures(programs: Sequence[Program]) -> dict[str, Any]:
    """The curated programs' median tuition and durations (None below
    ``MIN_PROGRAMS_FOR_MEDIAN`` programs), with how many publish each."""
    progs = [p for p in programs if p.kind == "curated"]
    tuition = [
        p.tuition_total
        for p in progs
        if p.tuition_total is not None and p.tuition_currency == "USD" and p.country == "US"
    ]
    ft = [p.duration_months_full_time for p in progs if p.duration_months_full_time]
    pt = [p.duration_months_part_time_typical for p in progs if p.duration_months_part_time_typical]

    def med(xs: list[float]) -> float | None:
        return statistics.median(xs) if len(xs) >= MIN_PROGRAMS_FOR_MEDIAN else None

    return {
        "tuition_median_usd": med(tuition),
        "tuition_n": len(tuition),
        "ft_months_median": med(ft),
        "ft_n": len(ft),
        "pt_months_median": med(pt),
        "pt_n": len(pt),
    }


def role_figures(rep: CareerReport) -> dict[str, Any]:
    """What the path rules quote from the target role's careers report."""
    main_soc, _ = max(ROLE_SOC_WEIGHTS[rep.role], key=lambda x: x[1])
    main = next(o for o in rep.occupations if o.soc_code == main_soc)
    return {
        "role_label": rep.role_label,
        "area_name": rep.requested_area.area_name,
        "role_p25_usd": rep.blended_wages.p25_usd,
        "role_p50_usd": rep.blended_wages.p50_usd,
        "entry_occupation": main.projection.occupation_title if main.projection else None,
        "entry_education": rep.entry_education,
    }


def assessment(
    profile: Profile,
    figures: dict[str, Any],
    area: Area | None,
    notices: list[str],
    sources: list[str],
    evidence: list[PrerequisiteEvidence],
) -> Assessment:
    """Persona, readiness per core area and the five paths ranked, with reasons; a notice
    for each median too few programs publish (its rule is not applied)."""
    persona = classify_persona(profile)
    readiness = assess_readiness(profile)
    for key, n_key, what in (
        ("tuition_median_usd", "tuition_n", "a USD tuition total"),
        ("ft_months_median", "ft_n", "a full-time duration"),
        ("pt_months_median", "pt_n", "a typical part-time duration"),
    ):
        if figures[key] is None:
            notices.append(
                f"only {figures[n_key]} curated programs publish {what} (fewer than "
                f"{MIN_PROGRAMS_FOR_MEDIAN}): the rule that uses its median is not applied"
            )
    figs = PathFigures(**figures)
    paths = recommend_paths(path_features(profile, persona.persona, readiness, figs))
    return Assessment(
        profile=profile,
        persona=persona,
        readiness=readiness,
        readiness_counts=count_by_status(readiness),
        bridge_weeks_total=sum(r.bridge_weeks for r in readiness),
        prerequisite_evidence=evidence,
        readiness_weeks_rule=DEFAULT_READINESS.weeks_source,
        recommended_path=paths.paths[0].path,
        paths=paths,
        figures=figs,
        area=area,
        notices=notices,
        limits=list(LIMITS),
        sources=sources,
    )
