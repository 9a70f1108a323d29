"""Funding per program year: tuition, employer support, federal loan room, and the gap.

Federal loans for new graduate borrowers from 1 July 2026 (Public Law 119-21, the 2025
reconciliation act, sec. 81001 amending HEA sec. 455(a)): Direct Unsubsidized Loans up to
$20,500 a year and $100,000 in aggregate; Grad PLUS ends for new borrowers; the annual limit is
prorated for less than full-time enrolment (in proportion to enrolment intensity). Direct
Loans need at least half-time enrolment (HEA sec. 484(a)(1)). Living costs are not modelled,
so the loan room shown is only set against tuition; the *gap* is tuition that neither the
employer nor the federal loan maximum covers (savings, scholarships or private loans).
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

GRAD_ANNUAL_LIMIT_USD = 20_500.0
GRAD_AGGREGATE_LIMIT_USD = 100_000.0
HALF_TIME = 0.5
LOAN_SOURCE = (
    "federal Direct Unsubsidized Loan limits for new graduate borrowers from 1 July 2026: "
    "$20,500 a year, $100,000 aggregate, prorated below full-time (Public Law 119-21 sec. "
    "81001, amending HEA sec. 455(a)); at least half-time enrolment required (HEA sec. 484(a))"
)


class FundingYear(BaseModel):
    """One program year: what it costs and how it can be paid."""

    model_config = ConfigDict(frozen=True)

    year: int
    terms: int
    credits: float
    enrollment_intensity: float = Field(description="Credits / full-time credits, capped at 1")
    tuition_usd: float | None
    employer_support_usd: float | None
    need_usd: float | None = Field(description="Tuition minus employer support")
    federal_loan_limit_usd: float = Field(description="Annual limit after proration")
    federal_loan_max_usd: float | None = Field(description="Loan room set against the need")
    gap_usd: float | None = Field(description="Need the federal loan maximum does not cover")


class FundingPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    currency: str | None
    tuition_label: str
    tuition_level: str
    tuition_total_usd: float | None
    employer_support_total_usd: float | None
    federal_loan_max_total_usd: float | None
    gap_total_usd: float | None
    out_of_pocket_total_usd: float | None = Field(
        description="Tuition minus employer support (before any loan)"
    )
    budget_usd: float | None
    within_budget: bool | None = Field(description="Out-of-pocket tuition within your budget")
    years: list[FundingYear]
    notes: list[str]


def year_rows(
    year_credits: Sequence[tuple[int, int, float, float | None]],
    full_time_credits_per_term: float,
    employer_support_per_year: float | None,
) -> list[FundingYear]:
    """Rows from ``(year, terms, credits, tuition_usd)`` per program year (pure).

    >>> r = year_rows([(1, 2, 12.0, 4000.0)], 9.0, 3000.0)[0]
    >>> r.enrollment_intensity, r.federal_loan_limit_usd, r.federal_loan_max_usd, r.gap_usd
    (0.6667, 13666.67, 1000.0, 0.0)
    """
    rows: list[FundingYear] = []
    borrowed = 0.0
    for year, terms, credits, tuition in year_credits:
        intensity = min(1.0, credits / (full_time_credits_per_term * max(terms, 1)))
        limit = GRAD_ANNUAL_LIMIT_USD * intensity if intensity >= HALF_TIME - 1e-9 else 0.0
        limit = min(limit, GRAD_AGGREGATE_LIMIT_USD - borrowed)
        support = need = loan = gap = None
        if tuition is not None:
            support = min(employer_support_per_year or 0.0, tuition)
            need = tuition - support
            loan = min(limit, need)
            gap = need - loan
            borrowed += loan
        rows.append(
            FundingYear(
                year=year,
                terms=terms,
                credits=round(credits, 2),
                enrollment_intensity=round(intensity, 4),
                tuition_usd=None if tuition is None else round(tuition, 2),
                employer_support_usd=None if support is None else round(support, 2),
                need_usd=None if need is None else round(need, 2),
                federal_loan_limit_usd=round(limit, 2),
                federal_loan_max_usd=None if loan is None else round(loan, 2),
                gap_usd=None if gap is None else round(gap, 2),
            )
        )
    return rows


def _total(values: Sequence[float | None]) -> float | None:
    return None if any(v is None for v in values) else round(sum(v or 0.0 for v in values), 2)


def funding_plan(
    rows: list[FundingYear],
    *,
    currency: str | None,
    tuition_label: str,
    tuition_level: str,
    budget_usd: float | None,
    notes: list[str],
) -> FundingPlan:
    out_of_pocket = _total([r.need_usd for r in rows])
    within = None if out_of_pocket is None or budget_usd is None else out_of_pocket <= budget_usd
    return FundingPlan(
        currency=currency,
        tuition_label=tuition_label,
        tuition_level=tuition_level,
        tuition_total_usd=_total([r.tuition_usd for r in rows]),
        employer_support_total_usd=_total([r.employer_support_usd for r in rows]),
        federal_loan_max_total_usd=_total([r.federal_loan_max_usd for r in rows]),
        gap_total_usd=_total([r.gap_usd for r in rows]),
        out_of_pocket_total_usd=out_of_pocket,
        budget_usd=budget_usd,
        within_budget=within,
        years=rows,
        notes=notes,
    )
