"""Boundary models of the ROI model: the what-if options and the result that keeps its why."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlmasters.catalog.tuition import TuitionEstimate
from mlmasters.errors import InputError
from mlmasters.models.roi import defaults as D

Basis = Literal["pre-tax", "after-tax"]
Status = Literal["ok", "needs tuition", "tuition not in USD"]


class RoiOptions(BaseModel):
    """Every what-if of the ROI model; ``None`` means "the documented default"."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    draws: int = Field(
        default=D.DRAWS_DEFAULT, ge=1, le=D.DRAWS_MAX, description="Monte Carlo draws"
    )
    seed: int = Field(default=0, ge=0, description="Random seed (same seed, same result)")
    basis: Basis = Field(default="after-tax", description="Headline NPV: after-tax or pre-tax")
    tuition_usd: float | None = Field(
        json_schema_extra={"cli": "--tuition"},
        default=None,
        ge=0,
        description="Your tuition total, USD",
    )
    tuition_scale: float = Field(
        json_schema_extra={
            "cli": "--tuition-scale",
            "slider": [0.5, 1.5, 0.05, "times", "Tuition ×"],
        },
        default=1.0,
        ge=0,
        le=10,
        description="Multiply tuition",
    )
    discount_rate: float | None = Field(
        json_schema_extra={
            "cli": "--discount-rate",
            "slider": [0.02, 0.07, 0.005, "percent", "Discount rate (real)"],
        },
        default=None,
        gt=-1,
        le=1,
        description="Real discount rate (default 3%)",
    )
    horizon_years: int | None = Field(
        json_schema_extra={"cli": "--horizon"},
        default=None,
        ge=1,
        le=D.HORIZON_MAX_YEARS,
        description="Years from program start",
    )
    current_salary_usd: float | None = Field(
        json_schema_extra={"cli": "--salary", "slider": [0, 400000, 5000, "money", "Your pay now"]},
        default=None,
        ge=0,
        le=5_000_000,
        description="Counterfactual salary today",
    )
    premium: float | None = Field(
        json_schema_extra={
            "cli": "--premium",
            "slider": [-0.1, 0.5, 0.001, "percent", "The degree's effect on your pay"],
        },
        default=None,
        gt=-0.5,
        le=2.0,
        description="The degree's lasting effect on your pay, e.g. 0.10 = +10% (replaces the "
        "program's estimate)",
    )
    switch_prob: float | None = Field(
        json_schema_extra={"cli": "--switch-prob"},
        default=None,
        ge=0,
        le=1,
        description="Career-switch scenario (shown apart, never in the main result): the extra "
        "chance the degree gives of working in the target occupation",
    )
    hours_per_week: float | None = Field(
        json_schema_extra={"cli": "--hours"},
        default=None,
        ge=0,
        le=100,
        description="Hours a week for study (overrides the profile)",
    )
    bridge_cost_usd: float | None = Field(
        json_schema_extra={"cli": "--bridge-cost"},
        default=None,
        ge=0,
        le=200_000,
        description="Cost of the bridge courses, if any",
    )
    wage_growth: float | None = Field(
        json_schema_extra={
            "cli": "--wage-growth",
            "slider": [-0.02, 0.06, 0.005, "percent", "Real wage growth a year"],
        },
        default=None,
        ge=-0.1,
        le=0.2,
        description="Mean real wage growth a year (default 1.1%)",
    )
    completion_prob: float | None = Field(
        json_schema_extra={"cli": "--completion"},
        default=None,
        ge=0,
        le=1,
        description="Probability of completing",
    )
    time_to_degree_percentile: float | None = Field(
        json_schema_extra={"cli": "--ttd-percentile"},
        default=None,
        ge=0,
        le=100,
        description="Fix time to degree at this percentile",
    )
    job_search_months: float | None = Field(
        json_schema_extra={"cli": "--job-search-months"},
        default=None,
        ge=0,
        le=60,
        description="Fix job search after full-time study",
    )
    enrollment_mode: Literal["full-time", "part-time"] | None = Field(
        default=None, description="Study mode (default: profile, else full-time)"
    )
    salary_kept_while_studying: float | None = Field(
        json_schema_extra={"cli": "--salary-kept"},
        default=None,
        ge=0,
        le=1,
        description="Share of salary kept while enrolled",
    )
    employer_support_usd_per_year: float | None = Field(
        json_schema_extra={"cli": "--employer-support"},
        default=None,
        ge=0,
        le=1_000_000,
        description="Employer tuition support a year",
    )
    loan_share: float = Field(
        json_schema_extra={"cli": "--loan-share"},
        default=0.0,
        ge=0,
        le=1,
        description="Share of tuition paid with federal loans",
    )
    sensitivity: bool = Field(default=True, description="Compute the tornado (single program)")


def what_if_fields() -> list[tuple[str, str, type, str]]:
    """(flag, field, type, help) of every what-if: the CLI flags, batch columns and web
    sliders are derived from ``RoiOptions`` here, never restated."""
    out: list[tuple[str, str, type, str]] = []
    for name, info in RoiOptions.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or "cli" not in extra:
            continue
        ann = info.annotation
        typ: type = int if ann in (int, int | None) else float
        out.append((str(extra["cli"]), name, typ, str(info.description or name)))
    return out


def slider_fields() -> dict[str, tuple[float, float, float, str, str]]:
    """name -> (min, max, step, label, how shown) of the what-ifs the web page offers as
    sliders, from ``RoiOptions`` (label = the field's description)."""
    out: dict[str, tuple[float, float, float, str, str]] = {}
    for name, info in RoiOptions.model_fields.items():
        extra = info.json_schema_extra
        spec = extra.get("slider") if isinstance(extra, dict) else None
        if isinstance(spec, list):
            lo, hi, step, kind, label = (str(v) for v in spec)
            out[name] = (float(lo), float(hi), float(step), label, kind)
    return out


def parse_options(values: dict[str, Any], where: str = "what-if") -> RoiOptions:
    from mlmasters.profile import problems_from_validation

    try:
        return RoiOptions.model_validate(values)
    except ValidationError as exc:
        raise InputError(
            f"invalid ROI {where} option(s)",
            problems_from_validation(exc),
            hint="see docs/roi.md for each option and its range",
        ) from None


class NpvSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    basis: Basis
    npv_mean_usd: float
    npv_p10_usd: float
    npv_p50_usd: float
    npv_p90_usd: float
    p_loss: float = Field(description="P(NPV < 0)")
    p_ahead: float = Field(description="P(NPV >= 0): coming out ahead")
    p_loss_not_finishing: float | None = Field(
        default=None, description="P(loss and the degree not finished): part of p_loss"
    )
    p_loss_finishing: float | None = Field(
        default=None, description="P(finish but gain less than it cost): the rest of p_loss"
    )
    npv_p50_finishers_usd: float | None = Field(
        default=None, description="Median NPV among those who finish the degree"
    )
    irr_p50: float | None = Field(
        description="IRR of the median draw; None where its cash flows do not change sign "
        "exactly once (not defined)"
    )
    irr_note: str | None = None
    breakeven_year: int | None = Field(
        description="Years from the start until the median draw's discounted cumulative cash "
        "flow stays >= 0; None if not within the horizon"
    )


class Histogram(BaseModel):
    """NPV draws in bins spanning their 1st-99th percentiles; the draws beyond are counted in
    the first and last bins (and reported apart), so ``sum(counts)`` is every draw."""

    model_config = ConfigDict(frozen=True)

    basis: Basis
    bin_edges_usd: list[float]
    counts: list[int]
    below_first_edge: int = Field(0, description="Draws below the first edge (in bin 1)")
    above_last_edge: int = Field(0, description="Draws above the last edge (in the last bin)")


class Fan(BaseModel):
    """Cumulative discounted cash flow by year across draws (p10/p50/p90)."""

    model_config = ConfigDict(frozen=True)

    basis: Basis
    year: list[int]
    p10_usd: list[float]
    p50_usd: list[float]
    p90_usd: list[float]


class SensitivityBar(BaseModel):
    """The average of all outcomes (mean NPV) when one driver moves one documented step."""

    model_config = ConfigDict(frozen=True)

    driver: str
    label: str
    low_label: str
    high_label: str
    center_usd: float = Field(description="The headline on the same draws")
    npv_low_usd: float
    npv_high_usd: float


class EarningsInfo(BaseModel):
    """What the degree changes in your pay, and from what."""

    model_config = ConfigDict(frozen=True)

    your_pay_usd: float = Field(description="Your pay today without the degree (your path)")
    pay_source: str
    premium_pct: float = Field(description="Expected lasting pay rise the degree causes, e.g. 0.08")
    premium_log: float = Field(description="The same in log points (for this person)")
    premium_sd_log: float = Field(description="Its spread: posterior plus person to person")
    source: str = Field(description="own pair | field family | all ML fields | your figure")
    label: str
    program_median_usd: float | None = Field(description="Graduates' federal median (who enrols)")
    bachelor_median_usd: float | None
    years_in_target: float
    premium_factor: float = Field(description="Share of a newcomer's premium, for you")
    switch_prob: float = Field(
        description="Switch scenario only: extra chance of working in the target occupation"
    )
    switch_pay_usd: float | None = Field(
        description="Switch scenario only: its pay at your wage rank in your area (None: none)"
    )
    wage_rank_pct: float | None
    target_role: str
    target_role_stated: bool
    occupations: list[tuple[str, float]]
    area: str
    percentiles_usd: list[float] = Field(description="Target-occupation p10..p90 in your area")


class ModeView(BaseModel):
    """The other study mode's headline, shown beside the chosen one."""

    model_config = ConfigDict(frozen=True)

    mode: str
    months: float
    npv_mean_usd: float
    npv_p50_usd: float | None = Field(default=None, description="Median outcome, that mode")
    p_loss: float
    npv_p50_finishers_usd: float | None


class SwitchView(BaseModel):
    """The career switch as its own labelled scenario beside the main result (never in it)."""

    model_config = ConfigDict(frozen=True)

    switch_prob: float = Field(description="Extra chance of working in the target occupation")
    pay_usd: float = Field(description="Its pay at your wage rank in your area (<= its p90)")
    target_p90_usd: float = Field(description="The target occupation's p90 in your area")
    npv_p50_usd: float
    npv_mean_usd: float
    p_ahead: float
    npv_p50_finishers_usd: float | None
    change_from_headline_usd: float = Field(description="Median here minus the main median")
    label: str


class RoiResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    program_id: str
    program_name: str
    institution: str
    status: Status
    message: str | None = None
    method: Literal["personal"] = "personal"
    basis: Basis
    inputs: dict[str, Any]
    assumptions: list[str]
    tuition: TuitionEstimate
    earnings: EarningsInfo | None = None
    mode: str | None = None
    mode_reason: str | None = None
    planned_months: float | None = Field(default=None, description="The program, no risk")
    bridge_months: float = Field(default=0.0, description="Bridge courses before it")
    months_p50: float | None = Field(
        default=None, description="Median months from the start to the degree (bridge first)"
    )
    verdict: str | None = Field(default=None, description="What the figures mean for you")
    alternative: ModeView | None = Field(
        default=None, description="The other study mode, when you have not chosen one"
    )
    switch: SwitchView | None = Field(
        default=None, description="The career switch, a separate scenario (not in the headline)"
    )
    yours: dict[str, str] = Field(
        default_factory=dict, description="Figures you gave (each shown as 'your figure')"
    )
    pre_tax: NpvSummary | None = None
    after_tax: NpvSummary | None = None
    histogram: Histogram | None = None
    fan: Fan | None = None
    sensitivity: list[SensitivityBar] = Field(default_factory=list)
    intermediates: dict[str, float] = Field(default_factory=dict)

    @property
    def headline(self) -> NpvSummary | None:
        return self.after_tax if self.basis == "after-tax" else self.pre_tax
