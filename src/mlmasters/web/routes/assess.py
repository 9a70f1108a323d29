"""JSON API of the assess model, on the same service calls as the CLI.

- ``POST /api/v1/assess`` with a Profile JSON body -> persona, readiness, ranked paths
- ``GET /api/v1/careers?role=...&state=...&metro=...`` -> wages, growth, claim checks
- ``POST /api/v1/skills`` with ``{"profile": {...}, "program_id": ..., "role": ...}``
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.assess.careers import CareerReport
from mlmasters.models.assess.skills import SkillsReport
from mlmasters.profile import Profile, TargetRole
from mlmasters.service import Service
from mlmasters.service.assess import Assessment

router = APIRouter(prefix="/api/v1", tags=["assess"])


def _svc(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


class SkillsRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    profile: Profile
    program_id: str | None = Field(default=None, description="A program id, for its coverage")
    role: TargetRole | None = Field(default=None, description="Override the target role")


@router.post(
    "/assess",
    response_model=Assessment,
    summary="Persona, readiness per core area and the recommended path for a profile",
)
def assess(request: Request, profile: Profile) -> Assessment:
    return _svc(request).assess(profile)


@router.get(
    "/careers",
    response_model=CareerReport,
    summary="A role's wages by area (metro -> state -> nation), growth, the guide's claims",
)
def careers(
    request: Request,
    role: Annotated[TargetRole, Query(description="Target role")],
    state: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    metro: Annotated[str | None, Query(max_length=120, description="OEWS metro name")] = None,
) -> CareerReport:
    return _svc(request).careers(role, state=state.upper() if state else None, metro=metro)


@router.post(
    "/skills",
    response_model=SkillsReport,
    summary="The target role's O*NET skill profile, your levels, a program's coverage, gaps",
)
def skills(request: Request, body: SkillsRequest) -> SkillsReport:
    return _svc(request).skills(body.profile, body.program_id, role=body.role)
