"""FREOPP's graduate-degree ROI (Cooper, 2022), with the method's explicit inputs.

ROI = lifetime earnings with the degree - counterfactual (bachelor's-only) earnings, including
the pay forgone while studying - tuition and fees, all discounted at 3% real (end of year, to
the start of the program), then weighted by the probability of completing:

    ROI = c * ROI_completed + (1 - c) * ROI_dropout

Earnings are given at anchor ages (at graduation, 25, 30, ..., 60), linear between anchors
and flat outside them, over a career through age 64. A dropout is enrolled for half the
program: each program year costs half the tuition and half a year's forgone pay, and the
dropout gains nothing. ``freopp_cash_flows`` is the pure function; ``freopp_roi`` validates.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ConfigDict, Field

from mlmasters.errors import InputError, Problem
from mlmasters.models.roi.defaults import DISCOUNT_RATE, FREOPP_DROPOUT_SHARE, RETIREMENT_AGE

FloatArray = npt.NDArray[np.float64]


class FreoppInputs(BaseModel):
    """A published FREOPP row's inputs (anchor ages may include ``"graduation"``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age_at_start: float = Field(ge=14, lt=RETIREMENT_AGE, description="Age at program start")
    program_years: float = Field(gt=0, le=10, description="Program length in years")
    tuition_per_year_usd: float = Field(
        ge=0, le=1e8, description="Annual tuition and required fees"
    )
    completion_rate: float = Field(ge=0, le=1, description="Probability of completing")
    earnings_with_degree: dict[str, float] = Field(
        description="Median earnings with the degree at anchor ages: graduation, 25, ..., 60"
    )
    earnings_counterfactual: dict[str, float] = Field(
        description="Bachelor's-only earnings at the same kind of anchors"
    )
    discount_rate: float = Field(
        default=DISCOUNT_RATE, le=1, description="Real discount rate (greater than -100%)"
    )
    retirement_age: float = Field(
        default=RETIREMENT_AGE, gt=15, le=100, description="Career ends before it"
    )


class FreoppResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    inputs: FreoppInputs
    lifetime_earnings_increase_usd: float = Field(
        description="FREOPP's 'lifetime earnings increase': discounted earnings with the degree "
        "minus without it, net of the pay forgone while enrolled (as FREOPP's tables name it)"
    )
    earnings_increase_after_graduation_usd: float = Field(
        description="The same before netting out forgone pay: the gain after graduation only"
    )
    forgone_earnings_usd: float = Field(description="Discounted pay forgone while enrolled")
    tuition_usd: float = Field(description="Discounted tuition and fees")
    roi_completed_usd: float
    roi_dropout_usd: float
    roi_usd: float = Field(description="Completion-weighted ROI")
    cash_flows_completed: list[float]
    cash_flows_dropout: list[float]
    ages: list[float]


def anchor_points(
    anchors: dict[str, float], graduation_age: float
) -> tuple[FloatArray, FloatArray]:
    """Sorted (ages, values) of anchor earnings; the key ``graduation`` means the graduation age."""
    ages = np.array(
        [graduation_age if k == "graduation" else float(k) for k in anchors], dtype=np.float64
    )
    vals = np.array(list(anchors.values()), dtype=np.float64)
    order = np.argsort(ages, kind="stable")
    return ages[order], vals[order]


def freopp_cash_flows(
    age_at_start: float,
    program_years: float,
    tuition_per_year: float,
    ages_deg: FloatArray,
    earn_deg: FloatArray,
    ages_cf: FloatArray,
    earn_cf: FloatArray,
    retirement_age: float = RETIREMENT_AGE,
    dropout_share: float = FREOPP_DROPOUT_SHARE,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Yearly cash flows (pure): completed, dropout, and the completer's three components.

    Year ``t`` (1-based) is the person's age ``age_at_start + t - 1``; a fraction
    ``f_t = clip(L - (t - 1), 0, 1)`` of it is spent enrolled. Returns
    ``(completed, dropout, gain, forgone, tuition)`` with ``completed = gain - forgone - tuition``.
    """
    n = max(1, math.ceil(retirement_age - age_at_start - 1e-9))
    t = np.arange(1, n + 1, dtype=np.float64)
    age = age_at_start + t - 1
    enrolled = np.clip(program_years - (t - 1), 0.0, 1.0)
    deg = np.interp(age, ages_deg, earn_deg)
    cf = np.interp(age, ages_cf, earn_cf)
    gain = (1.0 - enrolled) * (deg - cf)
    forgone = enrolled * cf
    tuition = enrolled * tuition_per_year
    completed = gain - forgone - tuition
    dropout = -dropout_share * (forgone + tuition)
    return completed, dropout, gain, forgone, tuition


def discount_factors(n: int, rate: float) -> FloatArray:
    """End-of-year factors ``(1 + r)^-t`` for t = 1..n."""
    return np.asarray((1.0 + rate) ** -np.arange(1, n + 1, dtype=np.float64), dtype=np.float64)


def _validate(inp: FreoppInputs) -> list[Problem]:
    problems: list[Problem] = []
    if inp.discount_rate <= -1:
        problems.append(Problem("must be greater than -100%", field="discount_rate"))
    grad = inp.age_at_start + inp.program_years
    if grad >= inp.retirement_age:
        problems.append(Problem("the program ends after the career does", field="program_years"))
    for name in ("earnings_with_degree", "earnings_counterfactual"):
        anchors: dict[str, float] = getattr(inp, name)
        if not anchors:
            problems.append(Problem("needs at least one anchor age", field=name))
        for k, v in anchors.items():
            if k != "graduation":
                try:
                    age = float(k)
                except ValueError:
                    problems.append(
                        Problem(
                            f"anchor {k!r} is not an age",
                            field=f"{name}.{k}",
                            hint="use 'graduation' or an age such as 25",
                        )
                    )
                    continue
                if not 14 <= age <= 100:
                    problems.append(Problem("anchor age out of range", field=f"{name}.{k}"))
            if not (math.isfinite(v) and 0 <= v <= 1e8):
                problems.append(
                    Problem("earnings must be between 0 and 100,000,000", field=f"{name}.{k}")
                )
    return problems


def freopp_roi(inputs: FreoppInputs) -> FreoppResult:
    """FREOPP's completion-weighted ROI for one program row. Raises ``InputError``."""
    problems = _validate(inputs)
    if problems:
        raise InputError("invalid FREOPP inputs", problems)
    grad = inputs.age_at_start + inputs.program_years
    ad, ed = anchor_points(inputs.earnings_with_degree, grad)
    ac, ec = anchor_points(inputs.earnings_counterfactual, grad)
    completed, dropout, gain, forgone, tuition = freopp_cash_flows(
        inputs.age_at_start,
        inputs.program_years,
        inputs.tuition_per_year_usd,
        ad,
        ed,
        ac,
        ec,
        inputs.retirement_age,
    )
    d = discount_factors(completed.shape[0], inputs.discount_rate)
    with np.errstate(all="ignore"):
        roi_c = float(completed @ d)
        roi_d = float(dropout @ d)
        parts = [float(gain @ d), float(forgone @ d), float(tuition @ d)]
    if not all(math.isfinite(v) for v in (roi_c, roi_d, *parts, *completed, *dropout)):
        raise InputError(
            "the FREOPP inputs are too extreme to evaluate (the result is not a finite number)",
            hint="check the discount rate and the dollar amounts",
        )
    c = inputs.completion_rate
    n = completed.shape[0]
    return FreoppResult(
        inputs=inputs,
        lifetime_earnings_increase_usd=parts[0] - parts[1],
        earnings_increase_after_graduation_usd=parts[0],
        forgone_earnings_usd=parts[1],
        tuition_usd=parts[2],
        roi_completed_usd=roi_c,
        roi_dropout_usd=roi_d,
        roi_usd=c * roi_c + (1.0 - c) * roi_d,
        cash_flows_completed=[float(x) for x in completed],
        cash_flows_dropout=[float(x) for x in dropout],
        ages=[float(inputs.age_at_start + i) for i in range(n)],
    )
