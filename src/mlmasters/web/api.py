"""JSON API ``/api/v1``: the same service calls the pages use. OpenAPI at /openapi.json."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

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


@router.get("/data", response_model=DataInfo, summary="Snapshot provenance and row counts")
def data_info(request: Request) -> DataInfo:
    return _svc(request).data_info()
