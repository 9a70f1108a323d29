"""The plan's options (overrides) and its result types. Frozen; the result keeps its reasons."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.plan.funding import FundingPlan
from mlmasters.models.plan.terms import Calendar
from mlmasters.models.plan.ttd import Mode, TimeToDegreeSummary
from mlmasters.models.plan.workload import WorkloadCheck

BridgePlacement = Literal["before", "alongside", "none"]
TermKind = Literal["bridge", "courses", "internship"]


class PlanOptions(BaseModel):
    """Overrides of the plan's defaults. Every field is optional; None = use the default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Mode | None = Field(default=None, description="full-time or part-time")
    calendar: Calendar | None = Field(
        default=None, description="semester | quarter | trimester (default from the credit unit)"
    )
    terms_per_year: int | None = Field(
        default=None, ge=1, le=4, description="Terms a year (e.g. 3 for a semester + summer)"
    )
    credits_per_term: float | None = Field(
        default=None, gt=0, le=30, description="Semester credits a term (overrides the load)"
    )
    credits_total: float | None = Field(
        default=None, gt=0, le=200, description="Program credits, in semester credits"
    )
    credit_factor: float | None = Field(
        default=None, gt=0, le=10, description="Semester credits per unit of the program's unit"
    )
    hours_per_week: float | None = Field(
        default=None, ge=0, le=100, description="Hours a week for study (overrides the profile)"
    )
    tuition_total_usd: float | None = Field(
        default=None, ge=0, le=1_000_000, description="Program tuition, total (your figure)"
    )
    employer_support_usd_per_year: float | None = Field(
        default=None, ge=0, le=1_000_000, description="Employer support a year (overrides)"
    )
    residency_state: str | None = Field(
        default=None, pattern=r"^[A-Z]{2}$", description="Your state for in-state IPEDS charges"
    )
    bridge: BridgePlacement = Field(
        default="before", description="Bridge courses before the program, alongside, or none"
    )
    thesis: bool | None = Field(default=None, description="Plan a thesis (when optional)")
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="Random seed")
    draws: int = Field(default=10000, ge=100, le=200_000, description="Monte Carlo draws")


class BridgeItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    area: str
    label: str
    status: str
    weeks: float
    credits_equivalent: float = Field(description="Workload in semester credits (15 weeks = 3)")
    suggestion: str


class TermPlan(BaseModel):
    """One term (or bridge period) of the plan."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(description="Order in the plan, 1 = first")
    kind: TermKind
    label: str
    program_year: int | None = Field(description="Program year (None for bridge terms)")
    month_start: float = Field(description="Months from the start of the plan")
    month_end: float
    credits: float = Field(description="Degree credits (semester equivalents)")
    bridge_credits: float = Field(description="Bridge workload (semester-credit equivalents)")
    bridge_areas: list[str]
    hours_per_week: float
    courses: list[str] = Field(description="Published courses placed in this term")
    core_areas: list[str] = Field(description="Guide core areas these courses advance")
    specialization: list[str] = Field(description="Tracks this term advances")
    milestones: list[str] = Field(description="Thesis, capstone or internship in this term")
    tuition_usd: float | None
    cumulative_tuition_usd: float | None


class PlanInputs(BaseModel):
    """Every choice the plan made, resolved (from options, profile, program or default)."""

    model_config = ConfigDict(frozen=True)

    mode: Mode
    calendar: Calendar
    terms_per_year: int
    term_months: float
    weeks_per_term: float
    credits_total: float = Field(description="Program credits, semester equivalents")
    credits_per_term: float
    hours_per_week: float | None
    thesis: bool
    capstone: bool
    internship: bool
    bridge: BridgePlacement
    seed: int
    draws: int
    terms_basis: str = Field(description="Terms a year and where that comes from")
    terms_source: str | None = Field(description="The program page that publishes its terms")
    months_basis: str = Field(description="What drives the program's months, in one sentence")


class PlanResult(BaseModel):
    """A term-by-term plan for one person and program, with its distribution and funding."""

    model_config = ConfigDict(frozen=True)

    program_id: str
    program_name: str
    institution: str
    inputs: PlanInputs
    bridge: list[BridgeItem]
    terms: list[TermPlan]
    program_terms: int = Field(description="Terms of the program itself (incl. internship)")
    planned_months: float = Field(description="Months the program takes with no risk")
    bridge_months_before: float = Field(description="Months of bridge courses before it")
    total_planned_months: float
    time_to_degree: TimeToDegreeSummary
    p_finish_within_max_years: float | None = Field(
        description="P(degree within the profile's max_years of starting the plan, bridge "
        "courses before the program included)"
    )
    workload: WorkloadCheck
    funding: FundingPlan
    core_area_coverage: dict[str, list[int]] = Field(
        description="For each of the five core areas, the terms that advance it ([] = none "
        "found in published courses)"
    )
    assumptions: list[str]
    warnings: list[str]
