"""Service methods for the assess model: persona, readiness, path, careers, skills.

The model modules (``mlmasters.models.assess``) hold the rules and the pure functions; this
mixin adds the figures that come from the snapshot (wages by area, projections, O*NET,
curated programs) and names every fallback it uses. For skills it hands the model the
``onet_skills`` table, the occupation titles and the program's courses, and
``models/assess/onet.py`` returns the finished report; for careers the wages and projections
of the role's occupations, and ``models/assess/career_report.py`` returns the report; for
the assessment the curated programs and the careers report, and
``models/assess/assessment.py`` returns the ``Assessment``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from mlmasters.errors import InputError, Problem
from mlmasters.models.assess.assessment import (
    Assessment,
    PrerequisiteEvidence,
    assessment,
    curated_figures,
    role_figures,
)
from mlmasters.models.assess.career_report import career_report
from mlmasters.models.assess.careers import (
    ROLE_SOC_WEIGHTS,
    CareerReport,
    OccupationCareer,
    Projection,
)
from mlmasters.models.assess.onet import skills_report
from mlmasters.models.assess.persona import PersonaResult, classify_persona
from mlmasters.models.assess.readiness import (
    DEFAULT_READINESS,
)
from mlmasters.models.assess.skills import (
    ProgramCourses,
    SkillsReport,
)
from mlmasters.profile import TARGET_ROLES, Profile
from mlmasters.service.base import ServiceBase
from mlmasters.wages import Area


def _attr(service: ServiceBase, key: str) -> str:
    for i in service.snapshot.inputs:
        if i["key"] == key:
            return str(i["attribution"])
    return key  # pragma: no cover - every snapshot has these inputs


def _check_role(role: str) -> None:
    if role not in ROLE_SOC_WEIGHTS:
        raise InputError(
            f"unknown role {role!r}",
            [Problem(f"unknown role {role!r}", field="role", hint=", ".join(TARGET_ROLES))],
        )


def _opt_float(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


class AssessMixin(ServiceBase):
    """Who the person is, how ready, which path; careers and skills of the target role."""

    # -- persona ------------------------------------------------------------------------------
    def persona_of(self, profile: Profile) -> str:
        """The persona key (e.g. ``working-professional``); ranking uses it for default weights."""
        return classify_persona(profile).persona

    def persona(self, profile: Profile) -> PersonaResult:
        """The persona with every score and the evidence behind it."""
        return classify_persona(profile)

    # -- areas --------------------------------------------------------------------------------
    def resolve_person_area(
        self, state: str | None = None, metro: str | None = None
    ) -> tuple[Area, list[str]]:
        """The OEWS area for a state/metro, resolved as every model resolves it
        (``mlmasters.models.scenario.resolve_area``)."""
        from mlmasters.models.scenario import resolve_area

        return resolve_area(self.wages, state, metro)

    def _projection(self, soc: str) -> Projection | None:
        df = self.snapshot.table("bls_projections")
        rows = df[df["soc_code"] == soc]
        if rows.empty:
            return None
        r = rows.iloc[0]

        def s(col: str) -> str | None:
            v = r[col]
            return None if v is None or pd.isna(v) else str(v)

        wage = _opt_float(r["median_annual_wage_2024_usd"])
        return Projection(
            soc_code=soc,
            occupation_title=str(r["occupation_title"]),
            employment_2024_thousands=_opt_float(r["employment_2024_thousands"]),
            employment_2034_thousands=_opt_float(r["employment_2034_thousands"]),
            change_percent=_opt_float(r["change_percent"]),
            annual_openings_thousands=_opt_float(r["annual_openings_thousands"]),
            typical_entry_education=s("typical_entry_education"),
            median_annual_wage_2024_usd=None if wage is None else int(wage),
        )

    def careers(
        self, role: str, state: str | None = None, metro: str | None = None
    ) -> CareerReport:
        """The role's occupations with wages in the area (metro -> state -> nation, named),
        BLS growth and entry education, and the guide's claims checked against them."""
        _check_role(role)
        area, notices = self.resolve_person_area(state, metro)
        occs: list[OccupationCareer] = []
        for soc, weight in ROLE_SOC_WEIGHTS[role]:
            w = self.wages.lookup(soc, area)
            if w.notice:
                notices.append(w.notice)
            occs.append(
                OccupationCareer(
                    soc_code=soc, weight=weight, wages=w, projection=self._projection(soc)
                )
            )
        return career_report(
            role,
            area,
            notices,
            occs,
            total=self._projection("00-0000"),
            sources=[_attr(self, "oews"), _attr(self, "bls_projections")],
        )

    # -- assessment ---------------------------------------------------------------------------
    def prerequisite_evidence(self) -> list[PrerequisiteEvidence]:
        """Per core area, the curated programs whose published prerequisites name it."""
        progs = [p for p in self.catalog.programs if p.kind == "curated" and p.prerequisites]
        listed = [p for p in progs if p.prerequisites and p.prerequisites.lower() != "none"]
        out = []
        for rule in DEFAULT_READINESS.areas:
            ids = [
                p.program_id
                for p in listed
                if any(k in (p.prerequisites or "").lower() for k in rule.prerequisite_keywords)
            ]
            out.append(
                PrerequisiteEvidence(
                    area=rule.area,
                    programs_naming_it=len(ids),
                    programs_publishing_prerequisites=len(listed),
                    program_ids=ids,
                )
            )
        return out

    def assess(self, profile: Profile) -> Assessment:
        """Persona, readiness per core area and the five paths ranked, with reasons."""
        notices: list[str] = []
        figures = curated_figures(self.catalog.programs)
        area: Area | None = None
        sources = [_attr(self, "programs_curated")]
        if profile.state or profile.metro:
            area, area_notices = self.resolve_person_area(profile.state, profile.metro)
            notices += area_notices
        if profile.target_role:
            rep = self.careers(profile.target_role, profile.state, profile.metro)
            area = rep.requested_area
            notices += [n for n in rep.notices if n not in notices]
            figures |= role_figures(rep)
            sources += rep.sources
        else:
            notices.append("no target role: wage and entry-education rules were not applied")
        return assessment(profile, figures, area, notices, sources, self.prerequisite_evidence())

    # -- skills -------------------------------------------------------------------------------
    def skills(
        self, profile: Profile, program_id: str | None = None, role: str | None = None
    ) -> SkillsReport:
        """The target role's O*NET profile, your levels, the program's coverage, the gaps."""
        role = role or profile.target_role
        if role is None:
            raise InputError(
                "skills need a target role",
                [Problem("not set", field="target_role", hint=", ".join(TARGET_ROLES))],
            )
        _check_role(role)
        program: ProgramCourses | None = None
        if program_id is not None:
            p = self.catalog.get(program_id)
            program = ProgramCourses(
                program_id=p.program_id,
                name=f"{p.name}, {p.institution}",
                tracks=p.tracks,
                core_courses=p.core_courses,
                thesis=p.thesis,
                capstone=p.capstone,
            )
        return skills_report(
            profile,
            role,
            self.snapshot.table("onet_skills"),
            self.wages.occupation_name,
            program,
            _attr(self, "onet_skills"),
        )


__all__ = ["AssessMixin", "Assessment", "PrerequisiteEvidence"]
