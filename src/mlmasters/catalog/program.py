"""The ``Program`` model: one catalog entry with every field's source.

A program is a federal Scorecard row (institution x CIP family, master's), a curated
program matched to such a row, a curated program with no federal row (outside the US),
or a user-added program. ``None`` always means "unknown" and is rendered so.

Memory (issue 25): a server keeps every program of the catalog, so each ``Program`` shares
what is equal across programs instead of holding its own copy (``_compact``): its text
values are interned, equal sources (``FieldSource``, ``SourceRef``) and IPEDS charges are
one object, and programs with the same set of given fields share one fields-set. Frozen
models never change these in place (a copy gets its own), so sharing them changes nothing
a caller can see.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Mapping
from typing import Any, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.catalog.records import Delivery, Mode, Requirement, SourceRef


class FieldSource(BaseModel):
    """Where a field's value came from."""

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="Human-readable source, with its release or date")
    url: str | None = None
    retrieved: str | None = None
    license: str | None = None


class IpedsTuition(BaseModel):
    """The institution's IPEDS graduate charges (an institution-wide average)."""

    model_config = ConfigDict(frozen=True)

    academic_year: str
    tuition_in_state_ft_usd: int | None
    fees_in_state_ft_usd: int | None
    tuition_out_of_state_ft_usd: int | None
    fees_out_of_state_ft_usd: int | None
    per_credit_in_state_usd: int | None
    per_credit_out_of_state_usd: int | None


#: Equal values shared between programs (bounded: user-added programs never grow it much).
_SHARED: dict[Hashable, Any] = {}
_SHARED_MAX = 50_000
H = TypeVar("H", bound=Hashable)


def _share(value: H) -> H:
    """The one kept object equal to ``value`` (``value`` itself the first time)."""
    try:
        kept = _SHARED.get(value)
    except TypeError:  # not hashable after all (a list inside): kept as it is
        return value
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    if len(_SHARED) < _SHARED_MAX:
        _SHARED[value] = value
    return value


def _compact(p: BaseModel) -> None:
    """Share ``p``'s values that equal other programs' (see the module's docstring)."""
    d = p.__dict__
    for k, v in d.items():
        if type(v) is str:
            d[k] = sys.intern(v)
        elif isinstance(v, IpedsTuition):
            d[k] = _share(v)
    sources = d.get("field_sources")
    if sources:
        for k, v in sources.items():
            sources[k] = _share(v)
    refs = d.get("detail_sources")
    if refs:
        refs[:] = [_share(r) for r in refs]
    given = _share(frozenset(p.__pydantic_fields_set__))
    fields_set = _SHARED.setdefault(("fields-set", given), set(given))
    object.__setattr__(p, "__pydantic_fields_set__", fields_set)


class Program(BaseModel):
    model_config = ConfigDict(frozen=True)

    def model_post_init(self, context: Any, /) -> None:
        _compact(self)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        out = super().model_copy(update=update, deep=deep)
        _compact(out)
        return out

    program_id: str
    kind: Literal["federal", "curated", "user"]
    name: str
    institution: str
    country: str = "US"
    state: str | None = None
    city: str | None = None
    unitid: str | None = None
    control: str | None = None

    # Institution (IPEDS HD2024 directory; institution level, never the department).
    web_address: str | None = Field(default=None, description="Institution home page")
    cbsa: str | None = Field(default=None, description="Core Based Statistical Area code")
    metro_name: str | None = Field(default=None, description="OEWS name of that CBSA")
    latitude: float | None = None
    longitude: float | None = None
    carnegie_research_2025: str | None = Field(
        default=None, description="2025 Carnegie research designation of the institution"
    )
    institution_status: Literal["active", "closed", "merged", "not-listed"] | None = Field(
        default=None,
        description="IPEDS HD2024 status; not-listed = absent from it; None = no UNITID",
    )
    institution_status_note: str | None = None

    # Field relevance of the CIP family (catalog/fields.py).
    field_relevance: Literal["core", "adjacent", "outside"] | None = None
    field_caution: str | None = None

    # Federal (College Scorecard) facts: institution-wide for the CIP family.
    cip_code: str | None = None
    cip_title: str | None = None
    federal_match: str | None = Field(
        default=None, description="How a curated/user program was matched to its federal row"
    )
    federal_id: str | None = Field(
        default=None, description="The federal row (UNITID-CIP) a named program joins for earnings"
    )
    federal_shared_with: list[str] = Field(
        default_factory=list,
        description="Other named programs that join the same federal row (its figures are the "
        "institution's for the CIP family, shared by all of them)",
    )
    completers_count: int | None = None
    earnings_median_usd: int | None = None
    earnings_horizon_years: int | None = None
    debt_median_usd: int | None = None
    earnings_premium_state_usd: int | None = None
    fails_earnings_premium: bool | None = None
    value_flag: str | None = None

    # Program details (curated layer or user file).
    degree: str | None = None
    delivery: Delivery | None = None
    enrollment_modes: list[Mode] = Field(default_factory=list)
    credits_total: float | None = None
    credit_unit: str | None = None
    credits_semester_equiv: float | None = None
    credits_conversion: str | None = Field(
        default=None, description="Unit, factor and source used for the semester equivalent"
    )
    duration_months_full_time: float | None = None
    duration_months_part_time_typical: float | None = None
    tuition_total: float | None = None
    tuition_currency: str | None = None
    tuition_basis: str | None = None
    tuition_academic_year: str | None = None
    tuition_usd_per_unit: float | None = Field(
        default=None, description="The person's exchange rate for a non-USD tuition"
    )
    thesis: Requirement | None = None
    internship: Requirement | None = None
    capstone: Requirement | None = None
    tracks: list[str] = Field(default_factory=list)
    core_courses: list[str] = Field(default_factory=list)
    prerequisites: str | None = None
    accreditation: str | None = None
    gre_required: bool | None = None
    confidence: str | None = None
    notes: str | None = None
    detail_sources: list[SourceRef] = Field(default_factory=list)

    ipeds_tuition: IpedsTuition | None = None
    aliases: list[str] = Field(default_factory=list, description="Other ids that resolve here")
    field_sources: dict[str, FieldSource] = Field(default_factory=dict)

    @property
    def has_federal_data(self) -> bool:
        return self.cip_code is not None

    @property
    def named(self) -> bool:
        """A named program (curated or user), not a pooled federal row."""
        return self.kind != "federal"

    @property
    def closed(self) -> bool:
        return self.institution_status in ("closed", "merged")

    @property
    def place(self) -> str:
        """City, state (or country) as far as known."""
        where = self.state or self.country
        if not self.city and not self.state and self.country == "US":
            return "US (city and state not reported)"
        return f"{self.city}, {where}" if self.city else where

    @property
    def online(self) -> bool | None:
        return None if self.delivery is None else self.delivery in ("online", "hybrid")
