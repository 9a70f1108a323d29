"""Catalog services: search, program detail with sources, data provenance."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.catalog.program import FieldSource, Program
from mlmasters.catalog.scope import SCOPE_RULES, apply_scope, scope_rule
from mlmasters.catalog.tuition import TuitionEstimate, resolve_tuition, tuition_check
from mlmasters.service.base import ServiceBase
from mlmasters.settings import normalize_cip

SEARCH_LIMIT_MAX = 5000


class ProgramQuery(BaseModel):
    """Filters for a catalog search. Unknown tuition never passes a tuition limit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str | None = Field(default=None, max_length=200, description="Words in the name")
    state: str | None = Field(default=None, pattern=r"^[A-Za-z]{2}$", description="USPS code")
    cip: str | None = Field(
        default=None,
        pattern=r"^\d{2}(\.?\d{2}(\d{2})?)?$",
        description="CIP family, e.g. 11.01 or 1101, or a 2-digit series such as 11",
    )
    online: bool | None = Field(default=None, description="Online/hybrid delivery only")
    max_tuition_usd: float | None = Field(default=None, ge=0, description="Total tuition cap")
    has_earnings: bool | None = Field(default=None, description="Only with federal earnings")
    residency_state: str | None = Field(
        default=None, pattern=r"^[A-Za-z]{2}$", description="Your state, for in-state tuition"
    )
    include_outside_fields: bool = Field(
        default=False,
        description="Also list programs in CIP families outside machine learning",
    )
    include_closed: bool = Field(
        default=False,
        description="Also list programs of closed or merged institutions",
    )
    limit: int = Field(default=50, ge=1, le=SEARCH_LIMIT_MAX)
    offset: int = Field(default=0, ge=0)


class ProgramSummary(BaseModel):
    """One search result: the facts people compare first, with the tuition level used."""

    model_config = ConfigDict(frozen=True)

    program_id: str
    name: str
    institution: str
    kind: str
    state: str | None
    country: str
    city: str | None = None
    cip_code: str | None
    cip_title: str | None
    completers_count: int | None
    earnings_median_usd: int | None
    earnings_horizon_years: int | None
    debt_median_usd: int | None
    delivery: str | None
    tuition: TuitionEstimate
    field_relevance: str | None = None
    field_caution: str | None = None
    institution_status: str | None = None


class ScopeCount(BaseModel):
    """Programs matching the search that a default-catalog rule left out."""

    rule: str
    label: str
    removed: int
    included: bool = Field(description="True when the person asked to keep them")


class SearchResult(BaseModel):
    total: int
    offset: int
    limit: int
    programs: list[ProgramSummary]
    removed_by_scope: list[ScopeCount] = Field(default_factory=list)


class ProgramDetail(BaseModel):
    program: Program
    tuition: TuitionEstimate
    outside_default_catalog: str | None = Field(
        default=None, description="The scope rule that leaves this program out of the default"
    )
    tuition_in_state: TuitionEstimate | None
    tuition_check: str | None = Field(
        default=None,
        description="Set when the published price is more than 2x away from the "
        "institution's IPEDS per-credit charge x credits (both figures given)",
    )
    sources: list[dict[str, Any]]


class DataInfo(BaseModel):
    data_dir: str
    snapshot_dir: str
    schema_version: int
    mlmasters_version: str
    build_command: str
    cip_families: list[str]
    inputs: list[dict[str, Any]]
    tables: list[dict[str, Any]]
    size_bytes: int
    catalog: dict[str, Any]


def _summary(p: Program, residency_state: str | None) -> ProgramSummary:
    return ProgramSummary(
        program_id=p.program_id,
        name=p.name,
        institution=p.institution,
        kind=p.kind,
        state=p.state,
        country=p.country,
        city=p.city,
        cip_code=p.cip_code,
        cip_title=p.cip_title,
        completers_count=p.completers_count,
        earnings_median_usd=p.earnings_median_usd,
        earnings_horizon_years=p.earnings_horizon_years,
        debt_median_usd=p.debt_median_usd,
        delivery=p.delivery,
        tuition=resolve_tuition(p, residency_state),
        field_relevance=p.field_relevance,
        field_caution=p.field_caution,
        institution_status=p.institution_status,
    )


class CatalogMixin(ServiceBase):
    """Catalog search, program detail, data provenance."""

    # -- catalog ---------------------------------------------------------------------------
    def search_programs(self, query: ProgramQuery | None = None, **filters: Any) -> SearchResult:
        q = query or ProgramQuery(**filters)
        cip = normalize_cip(q.cip) if q.cip else None
        filters = dict(
            text=q.text,
            state=q.state,
            cip=cip,
            online=q.online,
            max_tuition_usd=q.max_tuition_usd,
            has_earnings=q.has_earnings,
            residency_state=q.residency_state.upper() if q.residency_state else None,
        )
        every = self.catalog.search(**filters)
        # counted with the include flags off, so the counts say what the default leaves out
        default = apply_scope(every)
        scoped = apply_scope(every, q.include_outside_fields, q.include_closed)
        found = scoped.kept
        included = {
            "closed_institution": q.include_closed,
            "not_in_directory": q.include_closed,
            "outside_field": q.include_outside_fields,
        }
        page = found[q.offset : q.offset + q.limit]
        res = q.residency_state.upper() if q.residency_state else None
        return SearchResult(
            total=len(found),
            offset=q.offset,
            limit=q.limit,
            programs=[_summary(p, res) for p in page],
            removed_by_scope=[
                ScopeCount(rule=k, label=v, removed=default.removed[k], included=included[k])
                for k, v in SCOPE_RULES.items()
            ],
        )

    def get_program(self, program_id: str, residency_state: str | None = None) -> ProgramDetail:
        p = self.catalog.get(program_id)
        res = residency_state.upper() if residency_state else None
        rule = scope_rule(p, include_outside_fields=False, include_closed=False)
        return ProgramDetail(
            program=p,
            outside_default_catalog=None if rule is None else SCOPE_RULES[rule],
            tuition=resolve_tuition(p, res),
            tuition_in_state=resolve_tuition(p, p.state) if p.ipeds_tuition and p.state else None,
            tuition_check=tuition_check(p),
            sources=self.sources_for(p),
        )

    def sources_for(self, p: Program) -> list[dict[str, Any]]:
        """Distinct sources behind a program's figures, each with the fields it supports."""
        grouped: dict[tuple[str, str | None], list[str]] = {}
        meta: dict[tuple[str, str | None], FieldSource] = {}
        for fieldname, src in sorted(p.field_sources.items()):
            key = (src.label, src.url)
            grouped.setdefault(key, []).append(fieldname)
            meta[key] = src
        return [
            {
                "label": meta[k].label,
                "url": meta[k].url,
                "retrieved": meta[k].retrieved,
                "license": meta[k].license,
                "fields": fields,
            }
            for k, fields in grouped.items()
        ]

    # -- data ------------------------------------------------------------------------------
    def data_info(self) -> DataInfo:
        prov = self.snapshot.provenance
        cat = self.catalog
        scoped = apply_scope(cat.programs)
        return DataInfo(
            data_dir=str(self.data_dir),
            snapshot_dir=str(self.snapshot.path),
            schema_version=prov["schema_version"],
            mlmasters_version=prov["mlmasters_version"],
            build_command=prov["build_command"],
            cip_families=prov["cip_families"],
            inputs=prov["inputs"],
            tables=prov["tables"],
            size_bytes=self.snapshot.size_bytes(),
            catalog={
                "programs": len(cat),
                "default_catalog": len(scoped.kept),
                "removed_by_scope": scoped.removed,
                "federal_masters_rows": int(
                    (self.snapshot.table("scorecard_fos")["credential_level"] == 5).sum()
                ),
                "curated_matched": [
                    {"program_id": a, "federal_id": b, "rule": c} for a, b, c in cat.report.matched
                ],
                "curated_unmatched": [
                    {"program_id": a, "reason": b} for a, b in cat.report.unmatched
                ],
            },
        )

    def attributions(self) -> list[dict[str, str]]:
        return [
            {"key": i["key"], "attribution": i["attribution"], "license": i["license"]}
            for i in self.snapshot.inputs
        ]
