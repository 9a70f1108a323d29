"""Typed results of ranking and comparing (frozen Pydantic models at the boundary)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["known", "partial", "unknown"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class CriterionScore(_Frozen):
    """One criterion of one program: the score, how much it counted, and why."""

    criterion: str
    label: str
    score: float | None = Field(description="Score in [0, 1]; None when unknown")
    used: float = Field(description="Value used in the ranking (after the unknown policy)")
    status: Status
    unknown_parts: list[str] = Field(description="Parts of the criterion without data")
    weight: float = Field(description="Weight of the criterion (normalised, sum 1)")
    contribution: float = Field(
        description="Weighted-sum share of the total score (weight x used value, renormalised "
        "over known criteria under the renormalize policy)"
    )
    why: str


class FilterCount(_Frozen):
    name: str
    rule: str
    removed: int = Field(description="Programs this filter removed (after earlier filters)")
    unknown_kept: int = Field(description="Kept programs whose fact was unknown (marked)")


class RankInterval(_Frozen):
    best: int
    p05: int
    median: int
    p95: int
    worst: int


class PlaceChange(_Frozen):
    """'Would change place if you cared a bit more about X.'"""

    criterion: str
    place: int
    new_place: int
    weight: float
    new_weight: float
    first_change_at_weight: float | None = Field(
        description="Weighted sum only: the weight on this criterion at which the place first "
        "changes"
    )
    sentence: str


class RankedProgram(_Frozen):
    rank: int
    program_id: str
    name: str
    institution: str
    state: str | None
    country: str
    score: float = Field(description="Weighted sum (or TOPSIS closeness) in [0, 1]")
    criteria: list[CriterionScore]
    unknown_filters: list[str] = Field(
        description="Hard filters this program passed only because the fact is unknown"
    )
    tuition_usd: float | None
    npv_mean_usd: float | None = Field(
        default=None, description="The average of your outcomes (shown beside the median)"
    )
    npv_p50_usd: float | None = Field(
        default=None, description="Your typical (median) outcome: the program page's headline"
    )
    p_loss: float | None = Field(default=None, description="Your chance of a loss")
    p_ahead: float | None = Field(default=None, description="Your chance of coming out ahead")
    months_p50: float | None = Field(
        default=None, description="Median months to the degree in your plan, bridge first"
    )
    mode: str | None = Field(default=None, description="Study mode of your plan")
    verdict: str | None = Field(default=None, description="What the return means for you")
    p_top_k: float | None = None
    rank_interval: RankInterval | None = None
    place_changes: list[PlaceChange] = Field(default_factory=list)


class RobustnessSummary(_Frozen):
    samples: int
    concentration: float
    seed: int
    k: int
    candidates: int = Field(description="Programs with a non-zero chance of the top k")
    p_top_k_sum: float = Field(description="Sum over all programs (equals k)")
    bump: float = Field(description="'A bit more': weight added to one criterion")
    summary: str


class WeightsUsed(_Frozen):
    persona: str
    persona_source: Literal["given", "assess", "fallback"]
    weights: dict[str, float]
    points: dict[str, float]
    source: dict[str, str]


class RankResult(_Frozen):
    profile_name: str | None
    method: str
    unknown_policy: str
    unknown_penalty: float
    weights: WeightsUsed
    total_programs: int
    kept_programs: int
    filters: list[FilterCount]
    strict_filters: bool
    ranked: list[RankedProgram]
    robustness: RobustnessSummary | None
    notes: list[str]
    merged_unverified: bool = Field(
        default=False, description="The programs a filter could not decide are ranked in "
        "'ranked' (marked), not in 'unverified'"
    )  # fmt: skip
    named_only: bool = Field(
        default=False, description="Only programs with known facts (federal rows hidden)"
    )
    unverified_programs: int = Field(
        default=0,
        description="Programs that may fit but a hard filter could not check (a fact unknown)",
    )
    unverified_unknown: dict[str, int] = Field(
        default_factory=dict, description="Of those: how many each filter could not check"
    )
    unverified: list[RankedProgram] = Field(
        default_factory=list,
        description="'May fit — not verified': the best of them ranked on their own (up to "
        "top); unknown_filters says what is unknown",
    )


class FactRow(_Frozen):
    field: str
    value: Any
    source: str | None
    url: str | None = None


class ComparedProgram(_Frozen):
    program_id: str
    name: str
    institution: str
    state: str | None
    country: str
    score: float
    rank_among_compared: int
    rank_in_catalog: int | None = Field(
        description="Rank among the programs the hard filters keep (None if filtered out)"
    )
    filters_failed: list[str]
    filters_unknown: list[str]
    criteria: list[CriterionScore]
    facts: list[FactRow]
    tuition_usd: float | None
    roi: dict[str, Any] | None
    plan: dict[str, Any] | None


class Difference(_Frozen):
    """Why the leader leads one other program: the criteria that decide."""

    leader: str
    other: str
    score_gap: float
    criterion: str
    contribution_gap: float
    sentence: str


class CompareResult(_Frozen):
    method: str
    unknown_policy: str
    weights: WeightsUsed
    programs: list[ComparedProgram]
    decisive: list[Difference]
    notes: list[str]
