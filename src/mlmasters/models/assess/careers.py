"""The guide's five roles mapped to SOC 2018 occupations, and their wage distributions.

``ROLE_SOC_WEIGHTS`` is the one documented mapping (used here and by the ROI model for
post-degree wages). Only two roles have a federal occupation of their own (data scientist:
15-2051; research scientist: 15-1221); the other three are proxies whose weights are
mlmasters' judgment, stated as such in ``ROLE_CAVEATS`` and ``docs/assess.md``.

A role's wage distribution blends its occupations' OEWS percentiles by these weights
(quantile averaging: the blended p-th percentile is the weighted mean of each occupation's
p-th percentile). It is an approximation of the mixture distribution, labelled as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.wages import Area, WageRow

ROLE_LABELS: dict[str, str] = {
    "ml-engineer": "Machine learning engineer",
    "data-scientist": "Data scientist",
    "research-scientist": "Research scientist",
    "ai-ethics-governance": "AI ethics & governance specialist",
    "ml-product-manager": "Machine learning product manager",
}

#: role -> [(SOC 2018 code, weight)], weights sum to 1. Proxies from ../shared/data/README.md.
ROLE_SOC_WEIGHTS: dict[str, list[tuple[str, float]]] = {
    # Building and deploying production ML systems is software development first (the guide:
    # "designing, developing, and deploying scalable machine learning systems"), with model
    # work (data scientists) and algorithmic depth (research scientists) as smaller shares.
    "ml-engineer": [("15-1252", 0.5), ("15-2051", 0.3), ("15-1221", 0.2)],
    "data-scientist": [("15-2051", 1.0)],
    "research-scientist": [("15-1221", 1.0)],
    # Compliance officers carry the regulatory-compliance work; management analysts the
    # organisational advice; "Managers, all other" (which files Compliance and Regulatory
    # Affairs Managers) the lead roles -- the weakest proxy, so the smallest weight.
    "ai-ethics-governance": [("13-1041", 0.5), ("13-1111", 0.3), ("11-9199", 0.2)],
    # Technical product leadership sits closest to computer & information systems managers;
    # marketing managers cover product/market strategy; project management specialists the
    # delivery work of less senior product roles.
    "ml-product-manager": [("11-3021", 0.4), ("11-2021", 0.3), ("13-1082", 0.3)],
}

#: One caveat sentence per role, shown wherever the role's figures are.
ROLE_CAVEATS: dict[str, str] = {
    "ml-engineer": (
        "There is no federal occupation code for ML engineers: the figures blend Software "
        "Developers (50%), Data Scientists (30%) and Computer and Information Research "
        "Scientists (20%), weights that are mlmasters' judgment, not measured."
    ),
    "data-scientist": (
        "Data Scientists (SOC 15-2051) is a federal occupation of its own; it includes many "
        "analytics jobs that are not machine learning work."
    ),
    "research-scientist": (
        "Computer and Information Research Scientists (SOC 15-1221) is the closest federal "
        "occupation; academic researchers (postsecondary teachers) and scientists in other "
        "fields are not in it."
    ),
    "ai-ethics-governance": (
        "There is no federal occupation code for AI ethics & governance specialists: the "
        "figures blend Compliance Officers (50%), Management Analysts (30%) and Managers, All "
        "Other (20%, which mixes many unrelated managers), weights that are mlmasters' "
        "judgment, not measured."
    ),
    "ml-product-manager": (
        "There is no federal occupation code for ML product managers: the figures blend "
        "Computer and Information Systems Managers (40%), Marketing Managers (30%) and "
        "Project Management Specialists (30%), weights that are mlmasters' judgment, not "
        "measured."
    ),
}

# --- pure functions over wage percentiles ---------------------------------------------------

PERCENTILE_POINTS: tuple[int, ...] = (10, 25, 50, 75, 90)


def blend_percentiles(
    rows: Sequence[Sequence[float | None]], weights: Sequence[float]
) -> list[float | None]:
    """Weighted mean of each percentile across occupations (quantile averaging).

    A percentile missing in any occupation stays missing in the blend (never filled).

    >>> blend_percentiles([[100, 200, 300, 400, 500], [200, 300, 400, 500, 600]], [0.5, 0.5])
    [150.0, 250.0, 350.0, 450.0, 550.0]
    """
    total = float(sum(weights))
    out: list[float | None] = []
    for j in range(len(PERCENTILE_POINTS)):
        col = [r[j] for r in rows]
        if any(v is None for v in col):
            out.append(None)
            continue
        out.append(sum(float(v) * w for v, w in zip(col, weights, strict=True) if v) / total)
    return out


def percentile_rank(amount: float, values: Sequence[float | None]) -> float | None:
    """Approximate percentile of ``amount`` in a distribution known at p10/25/50/75/90.

    Linear between published points; ``None`` outside [p10, p90] or when a point is missing
    (the tails are not published, so no rank is invented there).

    >>> percentile_rank(150, [100, 120, 140, 160, 180])
    62.5
    """
    if any(v is None for v in values):
        return None
    xs = [float(v) for v in values if v is not None]
    if amount < xs[0] or amount > xs[-1]:
        return None
    for i in range(len(xs) - 1):
        lo, hi = xs[i], xs[i + 1]
        if lo <= amount <= hi:
            p_lo, p_hi = PERCENTILE_POINTS[i], PERCENTILE_POINTS[i + 1]
            if hi == lo:
                return float(p_lo)
            return p_lo + (amount - lo) / (hi - lo) * (p_hi - p_lo)
    return None  # pragma: no cover - unreachable for sorted percentiles


def rank_label(amount: float, values: Sequence[float | None]) -> str:
    """``p37``, ``below p10``, ``above p90`` or ``unknown``."""
    if any(v is None for v in values):
        return "unknown"
    xs = [float(v) for v in values if v is not None]
    if amount < xs[0]:
        return "below p10"
    if amount > xs[-1]:
        return "above p90"
    r = percentile_rank(amount, values)
    return "unknown" if r is None else f"p{r:.0f}"


Verdict = Literal["consistent", "claim-higher", "claim-lower", "unknown"]


def range_verdict(
    claim_low: float, claim_high: float, data_low: float | None, data_high: float | None
) -> Verdict:
    """Overlapping ranges are ``consistent``; otherwise which side the claim lies on."""
    if data_low is None or data_high is None:
        return "unknown"
    if claim_low > data_high:
        return "claim-higher"
    if claim_high < data_low:
        return "claim-lower"
    return "consistent"


# --- the guide's claims, checked against the data -----------------------------------------


class GuideClaim(BaseModel):
    """One claim of the guide and the slice of the data it is checked against."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    claim_id: str
    claim: str
    low: float
    high: float
    unit: Literal["usd", "percent"]
    compare_with: str = Field(description="What in the data the claim is compared with")
    band: tuple[int, int] | None = Field(
        default=None, description="Percentile band of the role's wages (for pay claims)"
    )


GUIDE_CLAIMS: tuple[GuideClaim, ...] = (
    GuideClaim(
        claim_id="entry-pay",
        claim="entry-level pay $90,000-$120,000",
        low=90_000,
        high=120_000,
        unit="usd",
        band=(25, 50),
        compare_with="the role's p25-p50 wages in the area (OEWS publishes no pay by "
        "experience; mlmasters takes the lower quartile to the median as the entry band)",
    ),
    GuideClaim(
        claim_id="five-year-pay",
        claim="$140,000-$180,000 within five years",
        low=140_000,
        high=180_000,
        unit="usd",
        band=(50, 75),
        compare_with="the role's p50-p75 wages in the area (the median to the upper quartile "
        "as the five-year band, as the guide's notes propose)",
    ),
    GuideClaim(
        claim_id="growth",
        claim="ML and data-science jobs grow 28% over the next decade",
        low=28.0,
        high=28.0,
        unit="percent",
        compare_with="BLS projected employment change 2024-34 of the role's occupations "
        "(the range from lowest to highest)",
    ),
)


class Projection(BaseModel):
    """BLS Employment Projections 2024-34 for one occupation (employment in thousands)."""

    model_config = ConfigDict(frozen=True)

    soc_code: str
    occupation_title: str
    employment_2024_thousands: float | None
    employment_2034_thousands: float | None
    change_percent: float | None
    annual_openings_thousands: float | None
    typical_entry_education: str | None
    median_annual_wage_2024_usd: int | None
    source: str = "BLS Employment Projections 2024-34 (wages: May 2024 OEWS)"


class OccupationCareer(BaseModel):
    """One of the role's occupations: its weight, OEWS wages in the area, projections."""

    model_config = ConfigDict(frozen=True)

    soc_code: str
    weight: float
    wages: WageRow
    projection: Projection | None


class BlendedWages(BaseModel):
    """The role's wage percentiles: the occupations' percentiles blended by weight."""

    model_config = ConfigDict(frozen=True)

    p10_usd: int | None
    p25_usd: int | None
    p50_usd: int | None
    p75_usd: int | None
    p90_usd: int | None
    method: str
    levels_used: list[str] = Field(description="Area level used for each occupation")

    def values(self) -> list[float | None]:
        return [
            None if v is None else float(v)
            for v in (self.p10_usd, self.p25_usd, self.p50_usd, self.p75_usd, self.p90_usd)
        ]


class ClaimCheck(BaseModel):
    """A guide claim next to the data: its range, the data's range, where it falls."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    claim: str
    claim_low: float
    claim_high: float
    unit: Literal["usd", "percent"]
    compared_with: str
    data_low: float | None
    data_high: float | None
    claim_low_rank: str | None = Field(description="Where the claim's low end falls (pay only)")
    claim_high_rank: str | None = Field(description="Where the claim's high end falls")
    verdict: Verdict
    explanation: str


def _money(v: float | None) -> str:
    return "unknown" if v is None else f"${v:,.0f}"


def check_pay_claim(claim: GuideClaim, blended: Sequence[float | None], where: str) -> ClaimCheck:
    """Compare a pay claim with the role's blended percentile band in the area."""
    if claim.band is None:
        raise ValueError(f"claim {claim.claim_id} has no percentile band")
    idx = {p: i for i, p in enumerate(PERCENTILE_POINTS)}
    lo_p, hi_p = claim.band
    d_lo, d_hi = blended[idx[lo_p]], blended[idx[hi_p]]
    verdict = range_verdict(claim.low, claim.high, d_lo, d_hi)
    r_lo, r_hi = rank_label(claim.low, blended), rank_label(claim.high, blended)
    expl = (
        f"the claim spans {r_lo}-{r_hi} of the role's wages in {where}; the data's "
        f"p{lo_p}-p{hi_p} is {_money(d_lo)}-{_money(d_hi)}"
    )
    return _claim_check(claim, d_lo, d_hi, (r_lo, r_hi), verdict, expl)


def check_growth_claim(claim: GuideClaim, changes: Sequence[tuple[str, float]]) -> ClaimCheck:
    """Compare a growth claim with the range of the occupations' projected change."""
    if not changes:
        d_lo = d_hi = None
        expl = "no projection for the role's occupations"
    else:
        vals = [c for _, c in changes]
        d_lo, d_hi = min(vals), max(vals)
        listed = ", ".join(f"{soc} {c:+.1f}%" for soc, c in changes)
        expl = f"BLS 2024-34 projected change: {listed}"
    verdict = range_verdict(claim.low, claim.high, d_lo, d_hi)
    return _claim_check(claim, d_lo, d_hi, (None, None), verdict, expl)


def _claim_check(
    claim: GuideClaim,
    d_lo: float | None,
    d_hi: float | None,
    ranks: tuple[str | None, str | None],
    verdict: Verdict,
    explanation: str,
) -> ClaimCheck:
    return ClaimCheck(
        claim_id=claim.claim_id,
        claim=claim.claim,
        claim_low=claim.low,
        claim_high=claim.high,
        unit=claim.unit,
        compared_with=claim.compare_with,
        data_low=d_lo,
        data_high=d_hi,
        claim_low_rank=ranks[0],
        claim_high_rank=ranks[1],
        verdict=verdict,
        explanation=explanation,
    )


def blend(occupations: Sequence[OccupationCareer]) -> BlendedWages:
    rows = [
        [None if v is None else float(v) for v in o.wages.percentile_values()] for o in occupations
    ]
    vals = blend_percentiles(rows, [o.weight for o in occupations])
    rounded = [None if v is None else round(v) for v in vals]
    single = len(occupations) == 1
    return BlendedWages(
        p10_usd=rounded[0],
        p25_usd=rounded[1],
        p50_usd=rounded[2],
        p75_usd=rounded[3],
        p90_usd=rounded[4],
        method=(
            "the occupation's own OEWS percentiles"
            if single
            else "weighted mean of the occupations' OEWS percentiles (quantile averaging, an "
            "approximation of the mixed distribution); weights from ROLE_SOC_WEIGHTS"
        ),
        levels_used=[
            f"{o.soc_code}: {o.wages.area.area_name} ({o.wages.area.level})" for o in occupations
        ],
    )


class CareerReport(BaseModel):
    """A role's occupations, wages in the area (with fallback named), growth, claim checks."""

    model_config = ConfigDict(frozen=True)

    role: str
    role_label: str
    caveat: str
    requested_area: Area
    notices: list[str] = Field(description="Fallbacks used (area, occupation level)")
    occupations: list[OccupationCareer]
    blended_wages: BlendedWages
    growth_percent_weighted: float | None = Field(
        description="Role-weighted BLS employment change 2024-34, percent"
    )
    all_occupations_growth_percent: float | None = Field(
        description="BLS change 2024-34 for all occupations (00-0000), for context"
    )
    entry_education: str | None = Field(
        description="BLS typical entry education of the role's main (largest-weight) occupation"
    )
    claims: list[ClaimCheck]
    sources: list[str]
    limits: list[str]
