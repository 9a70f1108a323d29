"""JSON API ``/api/v1``: the same service calls the pages use. OpenAPI at /openapi.json."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from mlmasters.service import DataInfo, ProgramDetail, ProgramQuery, SearchResult, Service

router = APIRouter(prefix="/api/v1", tags=["catalog"])


def _svc(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


@router.get("/programs", response_model=SearchResult, summary="Search the program catalog")
def list_programs(request: Request, q: Annotated[ProgramQuery, Query()]) -> SearchResult:
    return _svc(request).search_programs(q)


@router.get(
    "/programs/{program_id}", response_model=ProgramDetail, summary="One program with sources"
)
def get_program(
    request: Request,
    program_id: str,
    residency_state: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
) -> ProgramDetail:
    return _svc(request).get_program(program_id, residency_state)


class MetroArea(BaseModel):
    name: str = Field(description="OEWS metro area name, e.g. 'Columbus, OH'")
    state: str | None = Field(description="Its first state (USPS code)")


@router.get(
    "/areas",
    response_model=list[MetroArea],
    summary="Search the snapshot's metro areas (for the start form's metro search)",
)
def metro_areas(
    request: Request,
    q: Annotated[str, Query(max_length=120, description="Part of a city's name")] = "",
    limit: Annotated[int, Query(ge=1, le=600)] = 20,
) -> list[MetroArea]:
    text = " ".join(q.split()).lower()
    head = text.rpartition(",")[0].strip() if "," in text else text
    out = []
    for name in _svc(request).wages.metro_names():
        if head in name.lower():
            code = name.rpartition(",")[2].strip()[:2]
            out.append(MetroArea(name=name, state=code if code.isalpha() else None))
    return out[:limit]


@router.get("/data", response_model=DataInfo, summary="Snapshot provenance and row counts")
def data_info(request: Request) -> DataInfo:
    return _svc(request).data_info()
