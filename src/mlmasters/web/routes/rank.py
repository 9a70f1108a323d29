"""JSON API of the rank model, on the same service calls as the CLI.

- ``POST /api/v1/rank`` with ``{"profile": {...}, "top": 20, "method": "topsis", ...}``
- ``POST /api/v1/compare`` with ``{"profile": {...}, "program_ids": ["a", "b"], ...}``

Bad input (unknown criterion, negative or all-zero weights, fewer than 2 or more than 5
programs) answers 422 in the one error shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from mlmasters.models.rank.criteria import UNKNOWN_PENALTY, UnknownPolicy
from mlmasters.models.rank.engine import COMPARE_MAX
from mlmasters.models.rank.methods import Method
from mlmasters.models.rank.results import CompareResult, RankResult
from mlmasters.models.rank.robustness import DEFAULT_CONCENTRATION, DEFAULT_SAMPLES
from mlmasters.profile import Profile
from mlmasters.service import Service

router = APIRouter(prefix="/api/v1", tags=["rank"])
T = TypeVar("T")


def _svc(request: Request) -> Service:
    svc: Service = request.app.state.service
    return svc


class _Common(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    profile: Profile
    method: Method = Field(default="weighted-sum", description="weighted-sum or topsis")
    weights: dict[str, float] | None = Field(
        default=None,
        max_length=20,
        description="Points per criterion (0-100 scale) replacing the persona's defaults",
    )
    persona: str | None = Field(
        default=None, max_length=64, description="Persona for the default weights"
    )
    unknown_policy: UnknownPolicy = "penalize"
    unknown_penalty: float = Field(default=UNKNOWN_PENALTY, ge=0, le=0.5)
    roi: bool = Field(default=True, description="Use the ROI model in career outcomes")


class RankRequest(_Common):
    top: int = Field(default=20, ge=1, le=500)
    strict_filters: bool = False
    merge_unverified: bool = Field(
        default=False, description="Rank the programs a filter cannot check with the others"
    )
    named_only: bool = Field(default=False, description="Only programs with known facts")
    ignore_filters: list[str] = Field(default_factory=list, max_length=20)
    samples: int = Field(default=DEFAULT_SAMPLES, ge=0, le=20_000)
    concentration: float = Field(default=DEFAULT_CONCENTRATION, ge=0.1, le=1e6)
    k: int = Field(default=10, ge=1, le=500)
    seed: int = Field(default=0, ge=0)


class CompareRequest(_Common):
    program_ids: list[str] = Field(max_length=COMPARE_MAX, description="2 to 5 program ids")


def _cached(request: Request, kind: str, body: BaseModel, compute: Callable[[], T]) -> T:
    """Results are deterministic for a given body (seeded), so a repeat is served from the
    app's result cache: a profile already computed answers in milliseconds."""
    cache = request.app.state.results
    out: T = cache.get_or_compute(cache.key(kind, body.model_dump(mode="json")), compute)
    return out


@router.post("/rank", response_model=RankResult, summary="Rank the catalog for a profile")
async def rank(request: Request, body: RankRequest) -> Response:
    # The serialized JSON is cached (results are seeded, so deterministic): a repeat is a
    # look-up on the event loop; the first computation runs in the thread pool.
    cache = request.app.state.results
    key = cache.key("api-rank", body.model_dump_json())
    data = cache.peek(key)
    if data is None:
        result = await run_in_threadpool(_rank, request, body)
        data = cache.put(key, result.model_dump_json())
    return Response(data, media_type="application/json")


def _rank(request: Request, body: RankRequest) -> RankResult:
    return _svc(request).rank(
        body.profile,
        top=body.top,
        method=body.method,
        weights=body.weights,
        roi="auto" if body.roi else None,
        persona=body.persona,
        unknown_policy=body.unknown_policy,
        unknown_penalty=body.unknown_penalty,
        strict_filters=body.strict_filters,
        merge_unverified=body.merge_unverified,
        named_only=body.named_only,
        ignore_filters=tuple(body.ignore_filters),
        samples=body.samples,
        concentration=body.concentration,
        k=body.k,
        seed=body.seed,
    )


@router.post("/compare", response_model=CompareResult, summary="Compare 2-5 programs side by side")
def compare(request: Request, body: CompareRequest) -> CompareResult:
    return _cached(request, "api-compare", body, lambda: _compare(request, body))


def _compare(request: Request, body: CompareRequest) -> CompareResult:
    return _svc(request).compare(
        body.profile,
        body.program_ids,
        method=body.method,
        weights=body.weights,
        roi="auto" if body.roi else None,
        persona=body.persona,
        unknown_policy=body.unknown_policy,
        unknown_penalty=body.unknown_penalty,
    )
