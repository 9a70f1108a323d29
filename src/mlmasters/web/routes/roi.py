"""JSON API for the roi model, on the same service calls as the CLI.

POST /api/v1/roi           one program in full (RoiResult)
POST /api/v1/roi/catalog   many programs (or the whole catalog), one row each
POST /api/v1/roi/freopp    FREOPP's published method on explicit inputs
"""

from __future__ import annotations

import math
from typing import Any, Literal

import pandas as pd
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.errors import InputError, Problem
from mlmasters.models.roi.freopp import FreoppInputs, FreoppResult
from mlmasters.models.roi.results import RoiOptions, RoiResult
from mlmasters.profile import Profile
from mlmasters.service import Service

router = APIRouter(prefix="/api/v1/roi", tags=["roi"])

#: Draws for the catalog endpoint (default, and the most a request may ask): a web request
#: stays within seconds; the Python API and CLI allow up to ``DRAWS_MAX``.
API_CATALOG_DRAWS = 2_000
API_CATALOG_DRAWS_MAX = 20_000
#: Most program ids one catalog request may name (the catalog holds about 2,600).
API_CATALOG_PROGRAMS_MAX = 5_000
#: Keys of ``options`` that are top-level fields (or the service's own arguments).
_NOT_OPTIONS = ("basis", "draws", "profile", "program_ids", "progress", "seed")


class RoiRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: Profile
    program_id: str = Field(min_length=1, max_length=200, description="A catalog program id")
    options: RoiOptions = Field(
        default_factory=RoiOptions, description="What-if options (see docs/roi.md)"
    )


class RoiCatalogRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: Profile
    program_ids: list[str] | None = Field(
        default=None,
        max_length=API_CATALOG_PROGRAMS_MAX,
        description="Programs (default: the whole catalog)",
    )
    draws: int = Field(default=API_CATALOG_DRAWS, ge=1, le=API_CATALOG_DRAWS_MAX)
    seed: int = Field(default=0, ge=0)
    basis: Literal["pre-tax", "after-tax"] = "pre-tax"
    options: dict[str, Any] = Field(
        default_factory=dict, description="What-if options that apply to every program"
    )


class RoiCatalogResponse(BaseModel):
    inputs: dict[str, Any]
    programs: list[dict[str, Any]]


def _svc(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


def _clean(v: Any) -> Any:
    """JSON-safe cell: NaN, infinities and pandas' NA become null."""
    if hasattr(v, "item"):
        v = v.item()
    if v is None or v is pd.NA or (isinstance(v, float) and not math.isfinite(v)):
        return None
    return v


@router.post("", response_model=RoiResult, summary="ROI of one program for a profile")
def roi(request: Request, body: RoiRequest) -> RoiResult:
    opts = body.options.model_dump(exclude_defaults=True)
    return _svc(request).roi(body.profile, body.program_id, **opts)


@router.post("/catalog", response_model=RoiCatalogResponse, summary="ROI summary for many programs")
def roi_catalog(request: Request, body: RoiCatalogRequest) -> RoiCatalogResponse:
    clash = sorted(set(body.options) & set(_NOT_OPTIONS))
    if clash:
        raise InputError(
            "options repeat fields of the request",
            [Problem("not a what-if option", field=f"options.{k}") for k in clash],
            hint="set draws, seed, basis and program_ids at the top level of the body",
        )
    df = _svc(request).roi_catalog(
        body.profile,
        program_ids=body.program_ids,
        draws=body.draws,
        seed=body.seed,
        basis=body.basis,
        **body.options,
    )
    rows = [{k: _clean(v) for k, v in r.items()} for r in df.to_dict("records")]
    return RoiCatalogResponse(inputs=df.attrs.get("inputs", {}), programs=rows)


@router.post("/freopp", response_model=FreoppResult, summary="FREOPP's graduate ROI method")
def freopp(request: Request, body: FreoppInputs) -> FreoppResult:
    return _svc(request).roi_freopp(body)
