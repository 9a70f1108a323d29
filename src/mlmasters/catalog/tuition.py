"""Resolve a program's tuition in one documented order, on one basis for both study modes.

1. the program's own published total (curated or user file), with its academic year,
   inflated to ``CPI_BASE_YEAR`` dollars by the CPI-U (factor and year in the label);
2. the institution's IPEDS graduate charges (institution-wide), in-state or out-of-state by
   the person's state, inflated the same way:
   a. the per-credit charge x the program's credits, when its credits are known;
   b. otherwise, except for an online program, the annual full-time tuition + required fees
      x program years (the campus average); failing that the per-credit charge x the field's
      default credits;
   an **online** program never takes the campus average: (a) or unknown;
3. unknown.

Full- and part-time study of one program cost the same total, from the same basis: a program
is priced by what it is, not by how fast a person takes it (``mode`` is accepted for callers
and does not change the figure). Non-USD totals are not converted (no pinned exchange-rate
source) unless the person gives a rate (``tuition_usd_per_unit``), and are not inflated (the
CPI-U is a US index).

CPI-U: U.S. Bureau of Labor Statistics, Consumer Price Index for All Urban Consumers, U.S. city
average, all items, not seasonally adjusted (series CUUR0000SA0), annual averages (period M13),
read from the PyPI package ``cpi`` 2.1.0 (file ``cpi/cpi.db``, sha256 ``28a32303...1a6c``; wheel
sha256 ``42090aa6...79d3``). A price of academic year "2023-24" takes the index of 2023 (the
year the rate is set, in the fall); a year at or after the base year is not changed.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from mlmasters.catalog.program import Program

#: Field default for unknown credits: midpoint of the guide's 30-36 credit hours.
DEFAULT_CREDITS = 33.0
#: Full-time load: 9 semester credits per term (IPEDS full-time graduate definition),
#: two terms per academic year.
FULL_TIME_CREDITS_PER_YEAR = 18.0

Level = Literal["program", "ipeds-institution", "unknown"]
Basis = Literal["published", "per-credit", "annual-average", "unknown"]

#: CPI-U annual averages, series CUUR0000SA0 (BLS; PyPI ``cpi`` 2.1.0, see the module doc).
CPI_U_ANNUAL: dict[int, float] = {
    2015: 237.017,
    2016: 240.007,
    2017: 245.120,
    2018: 251.107,
    2019: 255.657,
    2020: 258.811,
    2021: 270.970,
    2022: 292.655,
    2023: 304.702,
    2024: 313.689,
    2025: 321.943,
}
#: Dollars of this year ("today's dollars"): the latest full-year CPI-U average in the package.
CPI_BASE_YEAR = 2025
CPI_SOURCE = (
    "BLS CPI-U, U.S. city average, all items (CUUR0000SA0), annual averages; PyPI package cpi 2.1.0"
)
#: A tuition more than this many times away from IPEDS per-credit x credits is flagged.
CHECK_RATIO = 2.0


class TuitionEstimate(BaseModel):
    model_config = ConfigDict(frozen=True)

    total_usd: float | None
    local_amount: float | None
    currency: str | None
    level: Level
    label: str
    academic_year: str | None
    assumptions: list[str]
    basis: Basis = "unknown"
    nominal_usd: float | None = None
    cpi_factor: float | None = None


def price_year(label: str | None) -> int | None:
    """The calendar year a price label starts in ("2023-24" -> 2023), or None."""
    if not label:
        return None
    m = re.search(r"\b(19[89]\d|20\d\d)\b", label)
    return int(m.group(1)) if m else None


def cpi_factor(label: str | None) -> tuple[float, str] | None:
    """Factor to ``CPI_BASE_YEAR`` dollars for a price of academic year ``label``, with the
    sentence that says so; None when the year is not known (or older than the table)."""
    year = price_year(label)
    if year is None or year < min(CPI_U_ANNUAL):
        return None
    if year >= CPI_BASE_YEAR:
        return 1.0, f"{year} price, not deflated ({CPI_BASE_YEAR} is the base year)"
    f = CPI_U_ANNUAL[CPI_BASE_YEAR] / CPI_U_ANNUAL[year]
    return f, (
        f"x {f:.3f} to {CPI_BASE_YEAR} dollars (CPI-U {CPI_U_ANNUAL[year]:g} in {year} -> "
        f"{CPI_U_ANNUAL[CPI_BASE_YEAR]:g} in {CPI_BASE_YEAR}; {CPI_SOURCE})"
    )


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
    """The published total in ``CPI_BASE_YEAR`` US dollars: a USD total inflated from its year
    (nominal when the year is not stated), or a non-USD total at the person's own rate (not
    inflated); None for a non-USD amount without a rate (never converted silently)."""
    if p.tuition_total is None:
        return None
    if (p.tuition_currency or "USD") == "USD":
        cpi = cpi_factor(p.tuition_academic_year)
        return round(p.tuition_total * (cpi[0] if cpi else 1.0), 0)
    if p.tuition_usd_per_unit is not None:
        return round(p.tuition_total * p.tuition_usd_per_unit, 0)
    return None


def is_online(p: Program) -> bool:
    """Delivered online (a hybrid program has a campus part and may take campus charges)."""
    return p.delivery == "online"


def _published(p: Program) -> TuitionEstimate:
    usd = program_total_usd(p)
    notes = []
    usd_total = (p.tuition_currency or "USD") == "USD"
    cpi = cpi_factor(p.tuition_academic_year) if usd_total else None
    year = p.tuition_academic_year or "year not stated"
    if not usd_total:
        notes.append(
            f"amount in {p.tuition_currency}; not converted (give tuition_usd_per_unit or a "
            "USD figure)"
            if usd is None
            else f"{p.tuition_currency} {p.tuition_total:,.0f} x your rate "
            f"{p.tuition_usd_per_unit:g} USD per {p.tuition_currency} (not inflated)"
        )
        label = f"program total as published ({year})"
    elif cpi is None:
        label = f"program total as published ({year}; nominal: no year to inflate from)"
    elif cpi[0] == 1.0:
        label = f"program total as published ({year})"
    else:
        label = (
            f"program total as published (${p.tuition_total:,.0f}, {year}), in "
            f"{CPI_BASE_YEAR} dollars (x {cpi[0]:.3f} CPI-U)"
        )
    if cpi is not None:
        notes.append(f"price year: {cpi[1]}")
    return TuitionEstimate(
        total_usd=usd,
        local_amount=p.tuition_total,
        currency=p.tuition_currency or "USD",
        level="program",
        label=label,
        academic_year=p.tuition_academic_year,
        assumptions=notes + ([p.tuition_basis] if p.tuition_basis else []),
        basis="published",
        nominal_usd=p.tuition_total if usd_total else None,
        cpi_factor=None if cpi is None else round(cpi[0], 4),
    )


def _unknown(label: str, assumptions: list[str]) -> TuitionEstimate:
    return TuitionEstimate(
        total_usd=None,
        local_amount=None,
        currency=None,
        level="unknown",
        label=label,
        academic_year=None,
        assumptions=[*assumptions, "enter the program's tuition to use it in cost and ROI"],
    )


def resolve_tuition(
    p: Program,
    residency_state: str | None = None,
    mode: Literal["full-time", "part-time"] = "full-time",
) -> TuitionEstimate:
    """The program's total tuition (``mode`` does not change it: one basis for both modes)."""
    del mode
    if p.tuition_total is not None:
        return _published(p)
    ipeds = p.ipeds_tuition
    online = is_online(p)
    if ipeds is None:
        return _unknown("unknown: no published program total and no IPEDS graduate charges", [])
    in_state = residency_state is not None and residency_state == p.state
    res = "in-state" if in_state else "out-of-state"
    assumptions: list[str] = []
    if residency_state is None:
        assumptions.append("your state is not known: out-of-state charges used")
    cpi = cpi_factor(ipeds.academic_year)
    factor = cpi[0] if cpi else 1.0
    if cpi is not None:
        assumptions.append(f"price year: {cpi[1]}")
    in_base = f" in {CPI_BASE_YEAR} dollars" if cpi is not None and factor != 1.0 else ""
    rate = ipeds.per_credit_in_state_usd if in_state else ipeds.per_credit_out_of_state_usd
    rate = rate if rate is not None and rate > 0 else None
    credits = p.credits_semester_equiv

    def by_credit(n: float, why: str) -> TuitionEstimate:
        assert rate is not None
        nominal = rate * n
        return TuitionEstimate(
            total_usd=round(nominal * factor, 0),
            local_amount=None,
            currency="USD",
            level="ipeds-institution",
            label=f"IPEDS {ipeds.academic_year} per-credit charge (institution-wide), {res}, "
            f"${rate:,} per credit x {n:g} credits{why}{in_base}",
            academic_year=ipeds.academic_year,
            assumptions=assumptions,
            basis="per-credit",
            nominal_usd=round(nominal, 0),
            cpi_factor=None if cpi is None else round(factor, 4),
        )

    if rate is not None and credits is not None:
        return by_credit(credits, "")
    if online:
        why = "its credits are unknown" if rate is not None else "no IPEDS per-credit charge"
        return _unknown(
            f"unknown: an online program is not priced at the campus average ({why})",
            assumptions,
        )
    tuition = ipeds.tuition_in_state_ft_usd if in_state else ipeds.tuition_out_of_state_ft_usd
    fees = ipeds.fees_in_state_ft_usd if in_state else ipeds.fees_out_of_state_ft_usd
    if tuition is not None:
        years, why = _years(p)
        assumptions.append(f"{years:.2f} years ({why})")
        if fees is None:
            assumptions.append("required fees not reported (or zero)")
        annual = tuition + (fees or 0)
        nominal = annual * years
        return TuitionEstimate(
            total_usd=round(nominal * factor, 0),
            local_amount=None,
            currency="USD",
            level="ipeds-institution",
            label=f"IPEDS {ipeds.academic_year} institution average (campus, all graduate "
            f"programs), {res}, ${annual:,} a year full-time x {years:.2f} years{in_base}",
            academic_year=ipeds.academic_year,
            assumptions=assumptions,
            basis="annual-average",
            nominal_usd=round(nominal, 0),
            cpi_factor=None if cpi is None else round(factor, 4),
        )
    if rate is not None:
        assumptions.append(f"credits unknown: field default {DEFAULT_CREDITS:g}")
        return by_credit(DEFAULT_CREDITS, " (field default credits)")
    return _unknown("unknown: no published program total and no IPEDS graduate charges", [])


def tuition_check(p: Program) -> str | None:
    """A sentence when the published USD total is more than ``CHECK_RATIO`` times away from
    the institution's IPEDS per-credit charge x the program's credits (in-state and
    out-of-state both), with both figures; None when it is within, or cannot be checked."""
    ipeds = p.ipeds_tuition
    total = program_total_usd(p) if (p.tuition_currency or "USD") == "USD" else None
    credits = p.credits_semester_equiv
    if total is None or ipeds is None or credits is None or total <= 0:
        return None
    cpi = cpi_factor(ipeds.academic_year)
    factor = cpi[0] if cpi else 1.0
    rates = sorted(
        {r for r in (ipeds.per_credit_in_state_usd, ipeds.per_credit_out_of_state_usd) if r}
    )
    if not rates:
        return None
    low, high = rates[0] * credits * factor, rates[-1] * credits * factor
    if low / CHECK_RATIO <= total <= high * CHECK_RATIO:
        return None
    ratio = total / high if total > high else low / total
    charge = (
        f"${rates[0]:,}" if len(rates) == 1 else f"${rates[0]:,}-${rates[-1]:,}"
    ) + " per credit"
    figure = f"${low:,.0f}" if len(rates) == 1 else f"${low:,.0f}-${high:,.0f}"
    return (
        f"check this price: the program's ${total:,.0f} is {ratio:.1f}x "
        f"{'above' if total > high else 'below'} the institution's IPEDS "
        f"{ipeds.academic_year} {charge} x {credits:g} credits = {figure}"
        + (f" (both in {CPI_BASE_YEAR} dollars)" if cpi is not None else "")
    )
