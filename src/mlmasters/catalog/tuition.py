"""Resolve a program's tuition in one documented order.

1. the program's own published total (curated or user file), with its academic year;
2. the institution's IPEDS graduate charges (institution-wide average): annual
   full-time tuition + required fees x program years, in-state or out-of-state by the
   person's state, or per-credit charge x credits for part-time study;
3. unknown.

The level used is part of the result ("IPEDS 2023-24 institution average, out-of-state").
Amounts are nominal dollars of the stated year; non-USD totals are not converted
(no pinned exchange-rate source), so they have no USD figure, unless the person gives a rate
(``tuition_usd_per_unit`` in a program file).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from mlmasters.catalog.program import Program

#: Field default for unknown credits: midpoint of the guide's 30-36 credit hours.
DEFAULT_CREDITS = 33.0
#: Full-time load: 9 semester credits per term (IPEDS full-time graduate definition),
#: two terms per academic year.
FULL_TIME_CREDITS_PER_YEAR = 18.0

Level = Literal["program", "ipeds-institution", "unknown"]


class TuitionEstimate(BaseModel):
    model_config = ConfigDict(frozen=True)

    total_usd: float | None
    local_amount: float | None
    currency: str | None
    level: Level
    label: str
    academic_year: str | None
    assumptions: list[str]


def _years(p: Program) -> tuple[float, str]:
    if p.duration_months_full_time:
        return p.duration_months_full_time / 12.0, "published full-time duration"
    credits = p.credits_semester_equiv
    if credits:
        return credits / FULL_TIME_CREDITS_PER_YEAR, (
            f"{credits:g} semester credits at {FULL_TIME_CREDITS_PER_YEAR:g} a year"
        )
    return DEFAULT_CREDITS / FULL_TIME_CREDITS_PER_YEAR, (
        f"credits unknown: field default {DEFAULT_CREDITS:g} credits at "
        f"{FULL_TIME_CREDITS_PER_YEAR:g} a year"
    )


def program_total_usd(p: Program) -> float | None:
    """The published total in USD: as published, or converted at the person's own rate;
    None for a non-USD amount without a rate (never converted silently)."""
    if p.tuition_total is None:
        return None
    if (p.tuition_currency or "USD") == "USD":
        return p.tuition_total
    if p.tuition_usd_per_unit is not None:
        return round(p.tuition_total * p.tuition_usd_per_unit, 0)
    return None


def resolve_tuition(
    p: Program,
    residency_state: str | None = None,
    mode: Literal["full-time", "part-time"] = "full-time",
) -> TuitionEstimate:
    if p.tuition_total is not None:
        usd = program_total_usd(p)
        notes = []
        if (p.tuition_currency or "USD") != "USD":
            notes.append(
                f"amount in {p.tuition_currency}; not converted (give tuition_usd_per_unit or a "
                "USD figure)"
                if usd is None
                else f"{p.tuition_currency} {p.tuition_total:,.0f} x your rate "
                f"{p.tuition_usd_per_unit:g} USD per {p.tuition_currency}"
            )
        return TuitionEstimate(
            total_usd=usd,
            local_amount=p.tuition_total,
            currency=p.tuition_currency or "USD",
            level="program",
            label=f"program total as published ({p.tuition_academic_year or 'year not stated'})",
            academic_year=p.tuition_academic_year,
            assumptions=notes + ([p.tuition_basis] if p.tuition_basis else []),
        )
    ipeds = p.ipeds_tuition
    if ipeds is not None:
        in_state = residency_state is not None and residency_state == p.state
        res = "in-state" if in_state else "out-of-state"
        assumptions: list[str] = []
        if residency_state is None:
            assumptions.append("your state is not known: out-of-state charges used")
        if mode == "part-time":
            rate = ipeds.per_credit_in_state_usd if in_state else ipeds.per_credit_out_of_state_usd
            credits = p.credits_semester_equiv or DEFAULT_CREDITS
            if p.credits_semester_equiv is None:
                assumptions.append(f"credits unknown: field default {DEFAULT_CREDITS:g}")
            if rate is not None and rate > 0:
                return TuitionEstimate(
                    total_usd=round(rate * credits, 0),
                    local_amount=None,
                    currency="USD",
                    level="ipeds-institution",
                    label=f"IPEDS {ipeds.academic_year} institution average, {res}, "
                    f"${rate:,} per credit x {credits:g} credits",
                    academic_year=ipeds.academic_year,
                    assumptions=assumptions,
                )
        tuition = ipeds.tuition_in_state_ft_usd if in_state else ipeds.tuition_out_of_state_ft_usd
        fees = ipeds.fees_in_state_ft_usd if in_state else ipeds.fees_out_of_state_ft_usd
        if tuition is not None:
            years, why = _years(p)
            assumptions.append(f"{years:.2f} years ({why})")
            if fees is None:
                assumptions.append("required fees not reported (or zero)")
            annual = tuition + (fees or 0)
            return TuitionEstimate(
                total_usd=round(annual * years, 0),
                local_amount=None,
                currency="USD",
                level="ipeds-institution",
                label=f"IPEDS {ipeds.academic_year} institution average, {res}, "
                f"${annual:,} a year full-time",
                academic_year=ipeds.academic_year,
                assumptions=assumptions,
            )
    return TuitionEstimate(
        total_usd=None,
        local_amount=None,
        currency=None,
        level="unknown",
        label="unknown: no published program total and no IPEDS graduate charges",
        academic_year=None,
        assumptions=["enter the program's tuition to use it in cost and ROI"],
    )
