"""The premium model's parameters, their documented ranges and the defaults table.

Every default of ``mlmasters.models.roi.premium`` is a field of ``PremiumParams`` (each a
what-if with its source in the field's description); ``PREMIUM_DEFAULTS`` is the table the
CLI, the Data & methods page and ``docs/earnings.md`` show; the ``*_RANGE`` pairs are the
ranges the tornado moves the labelled assumptions over.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from mlmasters.models.roi import defaults as D
from mlmasters.models.roi.defaults import Default

#: Earnings horizon (years after completion) the pairs are compared at. The Scorecard's
#: 1-year measure is a different, lower one and the premium grows with time since the degree
#: (Altonji & Zhong 2021), so the pairs known only at 1 year are left out, never mixed in.
HORIZON_YEARS = 4


class PremiumParams(BaseModel):
    """Every default of the premium model; each one a what-if (see ``PREMIUM_DEFAULTS``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prior_mean: float = Field(
        default=round(math.log(1.14), 4),
        ge=-0.5,
        le=1.0,
        description="Literature prior on the mean of all ML-related fields: causal log premium "
        "of a master's degree (log 1.14: +14% quarterly earnings, Minaya, Scott-Clayton & Zhou "
        "2024).",
    )
    prior_sd: float = Field(
        default=0.06,
        gt=0.0,
        le=1.0,
        description="Literature prior: sd of that mean (mlmasters assumption: +-1.64 sd spans "
        "about 3%-23%, the literature's 5-20% range with room).",
    )
    selection_share: float = Field(
        default=1.0,
        gt=0.0,
        le=1.0,
        description="Share of the within-institution, experience-adjusted gap caused by the "
        "degree (mlmasters assumption: 1, no further correction; 0.72 is the national ratio of "
        "a fixed-effects premium to the raw gap, a lower bound since that ratio also removes "
        "experience).",
    )
    experience_gap_years: float = Field(
        default=4.0,
        ge=0.0,
        le=20.0,
        description="Extra years of work experience of a program's master's graduates at the "
        "same time since completion (mlmasters assumption, range 2.5-5.5: the 2-3 year wait "
        "before graduate enrolment of NCES 2007-162, plus up to 3 years for those who study "
        "while working).",
    )
    causal_variance_share: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Share of the between-program variance of the adjusted gaps that is the "
        "programs' own effect rather than who they enrol (mlmasters assumption, range 0.25-1).",
    )
    within_cohort_log_sd: float = Field(
        default=0.424,
        gt=0.0,
        le=2.0,
        description="Sd of log earnings within one program's graduates (sampling noise of a "
        "median): OEWS May 2025 Data Scientists (15-2051), national p10 $67,240 and p90 "
        "$199,130, log(p90/p10) / (2 x 1.2816).",
    )
    experience_growth_start: float = Field(
        default=D.EXPERIENCE_GROWTH_START,
        ge=0.0,
        le=0.5,
        description="Career profile: experience growth a year at entry (the ROI model's own).",
    )
    experience_flat_after_years: float = Field(
        default=D.EXPERIENCE_FLAT_AFTER_YEARS,
        gt=0.0,
        le=60.0,
        description="Career profile: years after which experience adds no growth.",
    )
    family_min_pairs: int = Field(
        default=D.FAMILY_MIN_ROWS,
        ge=1,
        description="Fewest pairs a CIP family needs for its own mean (else all families).",
    )
    tau_min_pairs: int = Field(
        default=10,
        ge=2,
        description="Fewest pairs a CIP family needs for its own between-program variance "
        "(else all families pooled): mlmasters assumption.",
    )


_P = PremiumParams()

#: The assumptions' documented ranges (low, high): the tornado and the what-ifs use them.
EXPERIENCE_GAP_RANGE = (2.5, 5.5)
SELECTION_SHARE_RANGE = (0.72, 1.0)
CAUSAL_VARIANCE_SHARE_RANGE = (0.25, 1.0)

PREMIUM_DEFAULTS: tuple[Default, ...] = (
    Default(
        "premium prior (all ML-related fields)",
        f"{_P.prior_mean:.3f} log points (+14%), sd {_P.prior_sd:.2f}",
        "Minaya, Scott-Clayton & Zhou (2024), Research in Higher Education 65(5): individual "
        "fixed effects, Ohio, about +14% quarterly earnings on average; the sd an mlmasters "
        "assumption (the literature's 5-20% range). A prior on the top level only: a field "
        "family or a program never takes it in place of data",
    ),
    Default(
        "selection factor",
        f"{_P.selection_share:g} of the within-institution, experience-adjusted gap "
        f"(what-if range {SELECTION_SHARE_RANGE[0]:g}-{SELECTION_SHARE_RANGE[1]:g})",
        "mlmasters assumption: both cohorts come from one institution and field and the "
        "cohort's extra experience is removed; 0.72 = log(1.14) fixed-effects premium (Minaya et "
        "al. 2024) over the raw log(1,497/1,248) gap (BLS, Education pays, CPS 2019), a lower "
        "bound because fixed effects also remove experience",
    ),
    Default(
        "experience gap of a program's graduates",
        f"{_P.experience_gap_years:g} years for every program and applicant (range "
        f"{EXPERIENCE_GAP_RANGE[0]:g}-{EXPERIENCE_GAP_RANGE[1]:g})",
        "mlmasters assumption from NCES 2007-162 (Nevill & Chen, B&B:93/03): most students "
        "waited 2 to 3 years before graduate enrolment; those who study while working add the "
        "about 3 years master's students took",
    ),
    Default(
        "share of between-program differences that are the program's effect",
        f"{_P.causal_variance_share:g} (range {CAUSAL_VARIANCE_SHARE_RANGE[0]:g}-"
        f"{CAUSAL_VARIANCE_SHARE_RANGE[1]:g})",
        "mlmasters assumption: a same-institution gap also measures who the master's draws "
        "(no published split was found)",
    ),
    Default(
        "pay growth from experience",
        "the ROI career profile: growth "
        f"{_P.experience_growth_start:.2%} a year at entry falling to 0 at "
        f"{_P.experience_flat_after_years:g} years; economy-wide growth cancels (same years)",
        "Lagakos et al. (2018), as in the ROI model",
    ),
    Default(
        "within-program spread of log earnings",
        f"sd {_P.within_cohort_log_sd:.3f}",
        "BLS OEWS May 2025, Data Scientists (15-2051) national p10 $67,240 / p90 $199,130",
    ),
    Default(
        "sampling variance of a median",
        "(pi/2) sigma^2 / n per cohort, n = completers of all campuses sharing the figure; a "
        "pair without any count is left out",
        "normal-theory variance of a sample median",
    ),
    Default(
        "shrinkage",
        f"three levels: pair -> CIP family (own mean with >= {_P.family_min_pairs} pairs, own "
        f"tau^2 with >= {_P.tau_min_pairs}) -> all ML-related families -> literature prior; "
        "variances by the DerSimonian-Laird method of moments",
        "mlmasters",
    ),
    Default("horizon", f"{HORIZON_YEARS} years after completion only", "College Scorecard"),
)


__all__ = [
    "CAUSAL_VARIANCE_SHARE_RANGE",
    "EXPERIENCE_GAP_RANGE",
    "HORIZON_YEARS",
    "PREMIUM_DEFAULTS",
    "SELECTION_SHARE_RANGE",
    "PremiumParams",
]
