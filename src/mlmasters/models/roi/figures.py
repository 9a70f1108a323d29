"""The figures of one return: summaries, histogram, fan, the tornado and the earnings facts.

Pure functions over the engine's arrays and the resolved scenario; every surface (CLI, web,
report, API, batch) shows these, never its own re-computation.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from mlmasters.errors import InputError
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi import engine as E
from mlmasters.models.roi.draws import Scenario, draw_common
from mlmasters.models.roi.personal import NetFn, Programs, order_stats
from mlmasters.models.roi.results import (
    EarningsInfo,
    Fan,
    Histogram,
    NpvSummary,
    RoiOptions,
    SensitivityBar,
)
from mlmasters.models.scenario import Person, ProgramScenario

#: Draws of each tornado step (common random numbers; the bars show effects, not noise).
TORNADO_DRAWS = 2000


def check_finite(*arrays: np.ndarray[Any, Any] | None) -> None:
    if not all(a is None or bool(np.isfinite(a).all()) for a in arrays):
        raise InputError(
            "these inputs are too extreme to evaluate (an NPV is not a finite number)",
            hint="check the discount rate, wage growth and dollar amounts",
        )


def npv_summary(basis: str, s: E.Summary) -> NpvSummary:
    irr_ok = math.isfinite(s.irr)
    return NpvSummary(
        basis=basis,
        npv_mean_usd=round(s.mean, 0),
        npv_p10_usd=round(s.p10, 0),
        npv_p50_usd=round(s.p50, 0),
        npv_p90_usd=round(s.p90, 0),
        p_loss=round(s.p_loss, 4),
        p_ahead=round(1.0 - s.p_loss, 4),
        p_loss_not_finishing=round(s.p_loss - s.p_loss_finishers, 4)
        if math.isfinite(s.p_loss_finishers)
        else None,
        p_loss_finishing=round(s.p_loss_finishers, 4)
        if math.isfinite(s.p_loss_finishers)
        else None,
        npv_p50_finishers_usd=round(s.p50_finishers, 0) if math.isfinite(s.p50_finishers) else None,
        irr_p50=round(s.irr, 4) if irr_ok else None,
        irr_note=None
        if irr_ok
        else (
            "not defined: on the median outcome the money does not go out first and come back "
            "later exactly once"
            if math.isnan(s.irr)
            else "not bounded: on the median outcome the degree costs nothing up front"
        ),
        breakeven_year=s.breakeven,
    )


def catalog_summary(basis: str, a: E.CatalogArrays, i: int) -> NpvSummary:
    """The summary of program ``i`` of a catalog run: the very figures its shortlist row
    shows (the program page's headline comes from here, so the two are equal)."""
    fin = float(a.p50_finishers[i])
    irr = float(a.irr[i])
    b = float(a.breakeven[i])
    return npv_summary(
        basis,
        E.Summary(
            mean=float(a.mean[i]),
            p10=float(a.p10[i]),
            p50=float(a.p50[i]),
            p90=float(a.p90[i]),
            p_loss=float(a.p_loss[i]),
            p50_finishers=fin,
            irr=irr,
            breakeven=None if math.isnan(b) else int(b),
            p_loss_finishers=float(a.p_loss_finishers[i]),
        ),
    )


def histogram(npv: np.ndarray[Any, Any], basis: str) -> Histogram:
    lo, hi = (float(q) for q in np.quantile(npv, D.HISTOGRAM_QUANTILES))
    if not hi > lo:  # (nearly) one value: span the whole range
        lo, hi = float(npv.min()), float(npv.max())
    counts, edges = np.histogram(np.clip(npv, lo, hi), bins=D.HISTOGRAM_BINS, range=(lo, hi))
    return Histogram(
        basis=basis,
        bin_edges_usd=[round(float(e), 0) for e in edges],
        counts=[int(c) for c in counts],
        below_first_edge=int(np.count_nonzero(npv < lo)),
        above_last_edge=int(np.count_nonzero(npv > hi)),
    )


def fan(flows: np.ndarray[Any, Any], discount: np.ndarray[Any, Any], basis: str) -> Fan:
    cum = np.ascontiguousarray((flows * discount[None, :]).T)  # (years, draws)
    np.cumsum(cum, axis=0, out=cum)
    q = order_stats(cum)  # (3, years)
    return Fan(
        basis=basis,
        year=list(range(1, cum.shape[0] + 1)),
        p10_usd=[round(float(v), 0) for v in q[0]],
        p50_usd=[round(float(v), 0) for v in q[1]],
        p90_usd=[round(float(v), 0) for v in q[2]],
    )


def earnings_info(person: Person, ps: ProgramScenario) -> EarningsInfo:
    prem = ps.premium
    switch_pay = (
        person.salary_usd * math.exp(person.switch_log_gain) if person.switch_prob > 0 else None
    )
    return EarningsInfo(
        your_pay_usd=round(person.salary_usd, 0),
        pay_source=person.salary_source,
        premium_pct=round(math.expm1(ps.premium_mean), 4),
        premium_log=round(ps.premium_mean, 4),
        premium_sd_log=round(ps.premium_sd, 4),
        source=prem.source,
        label=prem.label,
        program_median_usd=None
        if ps.program.earnings_median_usd is None
        else float(ps.program.earnings_median_usd),
        bachelor_median_usd=prem.bachelor_median_usd,
        years_in_target=person.years_in_target,
        premium_factor=round(person.premium_factor, 4),
        switch_prob=person.switch_prob,
        switch_pay_usd=None if switch_pay is None else round(switch_pay, 0),
        wage_rank_pct=person.wage_rank,
        target_role=person.role,
        target_role_stated=person.role_stated,
        occupations=[(s, w) for s, w in person.socs],
        area=person.area.area_name,
        percentiles_usd=[round(v, 0) for v in person.target_pcts],
    )


@dataclass(frozen=True)
class Step:
    """One tornado driver: its low and high step as changes to the scenario."""

    name: str
    label: str
    low_label: str
    high_label: str
    low: dict[str, Any]
    high: dict[str, Any]


def scenario_steps(scen: Scenario, ps: ProgramScenario) -> list[Step]:
    """The documented steps of the drivers that live in the scenario (docs/roi.md)."""
    z = 1.2815515655446004  # p10/p90 of a normal
    sd = ps.premium.sd * ps.premium_mean / ps.premium.mean if ps.premium.mean else 0.0
    steps = [
        Step(
            "tuition",
            "Tuition and fees",
            "-20%",
            "+20%",
            {"tuition_scale": scen.tuition_scale * 0.8},
            {"tuition_scale": scen.tuition_scale * 1.2},
        ),
        Step(
            "premium",
            "The degree's effect on your pay",
            "its p10",
            "its p90",
            {"premium_shift": scen.premium_shift - z * abs(sd)},
            {"premium_shift": scen.premium_shift + z * abs(sd)},
        ),
        Step(
            "wage_growth",
            "Real wage growth",
            "-1 point",
            "+1 point",
            {"growth_mean": scen.growth_mean - 0.01},
            {"growth_mean": scen.growth_mean + 0.01},
        ),
        Step(
            "discount_rate",
            "Discount rate",
            "2%",
            "7%",
            {"discount_rate": 0.02},
            {"discount_rate": 0.07},
        ),
        Step(
            "time_to_degree",
            "Time to degree",
            "P10 (fast)",
            "P90 (slow)",
            {"ttd_quantile": 0.1},
            {"ttd_quantile": 0.9},
        ),
        Step(
            "completion",
            "Chance of finishing",
            "-10 points",
            "+10 points",
            {"completion_shift": scen.completion_shift - 0.1},
            {"completion_shift": scen.completion_shift + 0.1},
        ),
    ]
    if scen.full_time:
        steps.append(
            Step(
                "job_search",
                "Job search after study",
                "0 months",
                "6 months",
                {"search_months": 0.0},
                {"search_months": 6.0},
            )
        )
    return steps


def tornado_bars(
    progs: Programs,
    plan: E.Plan,
    opts: RoiOptions,
    scen: Scenario,
    net: NetFn | None,
    headline_usd: float,
    extra: list[Step] | None = None,
    ps: ProgramScenario | None = None,
) -> list[SensitivityBar]:
    """The average of all outcomes (mean NPV on the headline basis, shown beside the median)
    at each driver's low and high step, sorted by swing. The mean, not the median: a median
    that sits between those who finish and those who do not jumps with the chance of finishing
    and hides every other driver. Each step's effect is measured on ``TORNADO_DRAWS`` common
    draws against the same draws' baseline and added to ``headline_usd`` (the mean shown), so
    every bar is centred on that figure. ``extra`` adds steps computed by
    the caller (the premium model's assumptions as premium shifts, the chance of finishing)."""
    draws = draw_common(min(opts.draws, TORNADO_DRAWS), opts.seed)
    scen = plan.scenario(scen)
    steps = [] if ps is None else scenario_steps(scen, ps)
    named = {st.name for st in extra or []}
    steps = [st for st in steps if st.name not in named] + (extra or [])
    # every step's scenario at once: those that move only tuition or the premium share the
    # base's tables and terms (engine.mean_npvs, each mean as run_single computes it)
    scens = [scen] + [dataclasses.replace(scen, **c) for st in steps for c in (st.low, st.high)]
    means = E.mean_npvs(progs, plan, draws, scens, net)
    base = means[0]
    bars = []
    for k, st in enumerate(steps):
        low = means[1 + 2 * k] - base + headline_usd
        high = means[2 + 2 * k] - base + headline_usd
        bars.append(
            SensitivityBar(
                driver=st.name,
                label=st.label,
                low_label=st.low_label,
                high_label=st.high_label,
                center_usd=round(headline_usd, 0),
                npv_low_usd=round(low, 0),
                npv_high_usd=round(high, 0),
            )
        )
    return sorted(bars, key=lambda b: -abs(b.npv_high_usd - b.npv_low_usd))
