"""How to rank (``RankOptions``): method, persona or weights, the unknown-value policy, the
filters, and the robustness sampling's settings, each with its documented default
(docs/rank.md); ``rank_options`` turns validation errors into one ``InputError``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from mlmasters.errors import InputError, Problem
from mlmasters.models.rank import robustness as rb
from mlmasters.models.rank.criteria import UNKNOWN_PENALTY, UnknownPolicy
from mlmasters.models.rank.filters import FILTERS
from mlmasters.models.rank.methods import Method

#: Default k of P(top k).
DEFAULT_K = 10


class RankOptions(BaseModel):
    """How to rank; every field has a documented default (docs/rank.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: Method = Field(default="weighted-sum", description="weighted-sum or topsis")
    persona: str | None = Field(default=None, description="Persona for default weights")
    weights: dict[str, float] | None = Field(
        default=None, description="Points per criterion replacing the persona's"
    )
    unknown_policy: UnknownPolicy = Field(default="penalize")
    unknown_penalty: float = Field(default=UNKNOWN_PENALTY, ge=0, le=0.5)
    strict_filters: bool = Field(
        default=False, description="Drop programs a filter cannot decide (no second list)"
    )
    merge_unverified: bool = Field(
        default=False,
        description="Rank the programs a filter cannot decide with the others (marked) instead "
        "of in the second list, 'may fit — not verified'",
    )
    named_only: bool = Field(
        default=False,
        description="Only programs with known facts: hide federal rows without a named program",
    )
    ignore_filters: tuple[str, ...] = Field(default=(), description="Hard filters to skip")
    top: int = Field(default=20, ge=1, le=5000)
    samples: int = Field(default=rb.DEFAULT_SAMPLES, ge=0, le=200_000)
    concentration: float = Field(default=rb.DEFAULT_CONCENTRATION, ge=0.1, le=1e6)
    k: int = Field(default=DEFAULT_K, ge=1, le=500)
    seed: int = Field(default=0, ge=0)
    bump: float = Field(default=rb.A_BIT, gt=0, lt=1)

    @model_validator(mode="after")
    def _check(self) -> RankOptions:
        problems = [
            Problem(f"unknown filter {f!r}", field="ignore_filters", hint=", ".join(FILTERS))
            for f in self.ignore_filters
            if f not in FILTERS
        ]
        if self.method == "topsis" and self.unknown_policy == "renormalize":
            problems.append(
                Problem(
                    "the renormalize policy works with weighted-sum only",
                    field="unknown_policy",
                    hint="use --unknown penalize with topsis",
                )
            )
        if problems:
            raise InputError("invalid rank options", problems)
        return self


def rank_options(**values: object) -> RankOptions:
    """``RankOptions`` from keyword values; validation errors become one ``InputError``."""
    try:
        return RankOptions.model_validate(values)
    except ValidationError as exc:
        raise InputError(
            "invalid rank options",
            [
                Problem(e["msg"], field=".".join(str(p) for p in e["loc"]) or None)
                for e in exc.errors()
            ],
        ) from None
