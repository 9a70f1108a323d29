"""JSON API of the plan model, on the same service call as the CLI.

``POST /api/v1/plan`` with ``{"profile": {...}, "program_id": "...", "options": {...}}`` ->
a term-by-term plan with time to degree as a distribution, the workload check and funding.
Bad input answers 422, an unknown program id 404, both in the one error shape.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.plan.result import PlanOptions, PlanResult
from mlmasters.profile import Profile
from mlmasters.service import Service

router = APIRouter(prefix="/api/v1", tags=["plan"])


class PlanRequest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    profile: Profile = Field(description="The person (every field optional)")
    program_id: str = Field(min_length=1, max_length=200, description="A catalog program id")
    options: PlanOptions = Field(
        default_factory=PlanOptions, description="Overrides of the plan's defaults"
    )


def _svc(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


@router.post(
    "/plan",
    response_model=PlanResult,
    summary="Term-by-term plan, time to degree as a distribution, workload and funding",
)
def plan(request: Request, body: PlanRequest) -> PlanResult:
    return _svc(request).plan(body.profile, body.program_id, body.options)
