"""The return of one person in one program (``analyse``) or in every program (``catalog_frame``).

Takes the person and the programs resolved once (``mlmasters.models.scenario``), runs the
engine, and returns the result every surface renders: the headline (median first, with the
chance of coming out ahead and the loss split by finishing), the other study mode, the career
switch as its own labelled scenario (never in the headline), the tornado and the figures. The
service (``service/roi.py``) only reads the snapshot, caches, and calls these.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from mlmasters.catalog.program import Program
from mlmasters.errors import InputError, MlmastersError
from mlmasters.models.plan.ttd import PART_TIME_COMPLETION_RANGE
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi import engine as E
from mlmasters.models.roi.draws import Draws, Scenario, TtdDist, draw_common
from mlmasters.models.roi.figures import (
    Step,
    catalog_summary,
    check_finite,
    earnings_info,
    fan,
    histogram,
    tornado_bars,
)
from mlmasters.models.roi.personal import NetFn, Programs
from mlmasters.models.roi.premium import (
    CAUSAL_VARIANCE_SHARE_RANGE,
    EXPERIENCE_GAP_RANGE,
    SELECTION_SHARE_RANGE,
    PremiumFit,
    PremiumParams,
)
from mlmasters.models.roi.results import ModeView, NpvSummary, RoiOptions, RoiResult, SwitchView
from mlmasters.models.roi.verdict import verdict
from mlmasters.models.scenario import (
    Person,
    ProgramScenario,
    other_mode,
    resolve_program,
    try_resolve_program,
    ttd_for,
)

#: Columns of ``catalog_frame`` (the ranking model reads these).
CATALOG_COLUMNS = (
    "program_id", "name", "institution", "state", "status", "message", "basis", "npv_mean",
    "npv_p10", "npv_p50", "npv_p90", "p_loss", "p_loss_not_finishing", "p_loss_finishing",
    "npv_p50_finishers", "irr_p50", "breakeven_year", "tuition_total_usd", "tuition_level",
    "tuition_year", "planned_months", "bridge_months", "total_months", "months_p50",
    "enrollment_mode", "earnings_source", "premium_pct", "verdict",
)  # fmt: skip

#: A fit of the premium model for other parameters (the tornado's premium steps).
Refit = Callable[[PremiumParams], PremiumFit]


def ttd_of(ps: ProgramScenario) -> TtdDist:
    """The plan model's time to degree for one program scenario (part-time or online
    completion applied)."""
    return ttd_for(
        ps.planned_months, ps.mode, ps.thesis, ps.term_months, ps.courses_per_term,
        bool(ps.program.online),
    )  # fmt: skip


def plan_of(ps: ProgramScenario, person: Person) -> E.Plan:
    """The engine's plan for one program scenario (the plan model's own distribution)."""
    return E.Plan(
        ttd=ttd_of(ps),
        bridge_years=ps.bridge_months / 12.0,
        full_time=ps.mode == "full-time",
        salary_kept=person.salary_kept(ps.mode),
    )


def months_p50(ps: ProgramScenario) -> float:
    """Median months from the start to the degree among those who finish: bridge courses,
    then the plan's own time-to-degree distribution."""
    return ps.bridge_months + ttd_of(ps).quantile(0.5)


def programs_array(rows: list[ProgramScenario]) -> Programs:
    """The engine's per-program arrays; the premium as the centre of mean-preserving draws."""
    return Programs(
        premium=np.array([r.premium_mean - 0.5 * r.premium_sd**2 for r in rows]),
        premium_sd=np.array([r.premium_sd for r in rows], dtype=np.float64),
        tuition_usd=np.array([r.tuition_usd for r in rows], dtype=np.float64),
        loan_factor=np.array([r.loan_factor for r in rows], dtype=np.float64),
    )


def premium_steps(person: Person, ps: ProgramScenario, fit: PremiumFit, refit: Refit) -> list[Step]:
    """Tornado steps of the premium model's assumptions over their documented ranges, as
    shifts of this program's premium for this person (the model refitted at each end)."""
    if person.opts.premium is not None:
        return []
    base = fit.params
    p = ps.program

    def shift(**change: float) -> float:
        other = refit(base.model_copy(update=change))
        beta = other.for_program(p.unitid, p.cip_code).mean * person.premium_factor
        return beta - ps.premium_mean

    gap_lo, gap_hi = EXPERIENCE_GAP_RANGE
    sel_lo, sel_hi = SELECTION_SHARE_RANGE
    rho_lo, rho_hi = CAUSAL_VARIANCE_SHARE_RANGE
    return [
        Step(
            "premium_prior",
            "Published master's premium (a check on all fields)",
            "+5%",
            "+20%",
            {"premium_shift": shift(prior_mean=math.log(1.05))},
            {"premium_shift": shift(prior_mean=math.log(1.20))},
        ),
        Step(
            "selection_share",
            "Share of the pay gap the degree causes",
            f"{sel_lo:.0%}",
            f"{sel_hi:.0%}",
            {"premium_shift": shift(selection_share=sel_lo)},
            {"premium_shift": shift(selection_share=sel_hi)},
        ),
        Step(
            "experience_gap",
            "Graduates' extra experience",
            f"{gap_hi:g} years",
            f"{gap_lo:g} years",
            {"premium_shift": shift(experience_gap_years=gap_hi)},
            {"premium_shift": shift(experience_gap_years=gap_lo)},
        ),
        Step(
            "causal_variance_share",
            "How much a program differs from its field",
            f"{rho_lo:.0%} its own",
            f"{rho_hi:.0%} its own",
            {"premium_shift": shift(causal_variance_share=rho_lo)},
            {"premium_shift": shift(causal_variance_share=rho_hi)},
        ),
    ]


def completion_step(ps: ProgramScenario, scen: Scenario) -> list[Step]:
    """Part-time or online study: the chance of finishing over its labelled range."""
    ttd = ttd_of(ps)
    if not (ps.mode == "part-time" or ps.program.online) or scen.completion_prob is not None:
        return []
    lo, hi = PART_TIME_COMPLETION_RANGE
    base = ttd.p_complete
    return [
        Step(
            "completion",
            "Chance of finishing (part-time or online)",
            f"{lo:.0%}",
            f"{hi:.0%}",
            {"completion_shift": lo - base},
            {"completion_shift": hi - base},
        )
    ]


def _mode_view(
    person: Person, program: Program, fit: PremiumFit, ps: ProgramScenario, draws: Draws,
    scen: Scenario, net: NetFn | None,
) -> ModeView | None:  # fmt: skip
    alt = other_mode(ps, person)
    if alt is None:
        return None
    try:
        other = resolve_program(person, program, fit, alt)
    except InputError:
        return None
    if other.status != "ok":
        return None
    run = E.run_single(programs_array([other]), plan_of(other, person), draws, scen, net)
    npv = run.npv_after if run.npv_after is not None else run.npv_pre
    done = run.terms.completed
    return ModeView(
        mode=other.mode,
        months=other.total_months,
        npv_mean_usd=round(float(np.mean(npv)), 0),
        npv_p50_usd=round(float(np.median(npv)), 0),
        p_loss=round(float(np.mean(npv < 0)), 4),
        npv_p50_finishers_usd=round(float(np.median(npv[done])), 0) if done.any() else None,
    )


def _switch_view(
    person: Person, ps: ProgramScenario, draws: Draws, net: NetFn | None,
    headline_p50: float,
) -> SwitchView | None:  # fmt: skip
    """The career switch as its own scenario: with the extra chance the degree gives of
    working in the target occupation, paid there at the person's wage rank inside its
    p10..p90 in their area. ``None`` when the person gave no occupation or is already in it."""
    if person.switch_prob <= 0 or person.switch_log_gain <= 0:
        return None
    scen = person.scenario(switch=True)
    run = E.run_single(programs_array([ps]), plan_of(ps, person), draws, scen, net)
    npv = run.npv_after if run.npv_after is not None else run.npv_pre
    done = run.terms.completed
    pay = person.salary_usd * math.exp(person.switch_log_gain)
    p50 = float(np.median(npv))
    return SwitchView(
        switch_prob=person.switch_prob,
        pay_usd=round(pay, 0),
        target_p90_usd=round(person.target_pcts[-1], 0),
        npv_p50_usd=round(p50, 0),
        npv_mean_usd=round(float(np.mean(npv)), 0),
        p_ahead=round(float(np.mean(npv >= 0)), 4),
        npv_p50_finishers_usd=round(float(np.median(npv[done])), 0) if done.any() else None,
        change_from_headline_usd=round(p50 - headline_p50, 0),
        label=(
            f"if the degree is what moves you into the target occupation: a "
            f"{person.switch_prob:.0%} extra chance (an assumption; the path without the degree "
            f"stays in your occupation), paid ${pay:,.0f} there (your wage rank, inside its "
            f"p10-p90 in {person.area.area_name}). Not counted in the main result"
        ),
    )


def analyse(
    person: Person,
    program: Program,
    fit: PremiumFit,
    opts: RoiOptions,
    net: NetFn | None,
    refit: Refit,
) -> RoiResult:
    """Full analysis of one program: NPV distribution (both bases), IRR, break-even, fan,
    histogram, the tornado, the other study mode and the career-switch scenario."""
    ps = resolve_program(person, program, fit)
    base = RoiResult(
        program_id=program.program_id,
        program_name=program.name,
        institution=program.institution,
        status=ps.status,
        message=ps.message,
        basis=opts.basis,
        inputs=scenario_inputs(person, ps),
        assumptions=list(person.assumptions)
        + [f"study mode: {ps.mode_reason}"]
        + [f"{d.name}: {d.value} ({d.source})" for d in D.DEFAULTS],
        tuition=ps.tuition,
        earnings=earnings_info(person, ps),
        mode=ps.mode,
        mode_reason=ps.mode_reason,
        planned_months=ps.planned_months,
        bridge_months=ps.bridge_months,
        yours=dict(person.yours),
    )
    if ps.status != "ok":
        return base
    draws = draw_common(opts.draws, opts.seed)
    scen = person.scenario()
    plan = plan_of(ps, person)
    progs = programs_array([ps])
    run = E.run_single(progs, plan, draws, scen, net)
    check_finite(run.npv_pre, run.npv_after)
    one = np.zeros(1, dtype=np.int64)
    pre = catalog_summary("pre-tax", E.run_catalog(progs, one, [plan], draws, scen, None), 0)
    after = None
    if net is not None:
        after = catalog_summary("after-tax", E.run_catalog(progs, one, [plan], draws, scen, net), 0)
    npv = run.npv_after if run.npv_after is not None else run.npv_pre
    flows = run.flows_after if run.flows_after is not None else run.flows_pre
    head = after if after is not None else pre
    m50 = months_p50(ps)
    bars = []
    if opts.sensitivity:
        extra = premium_steps(person, ps, fit, refit) + completion_step(ps, scen)
        bars = tornado_bars(progs, plan, opts, scen, net, head.npv_mean_usd, extra, ps)
    terms = run.terms
    comp = terms.completed
    inter = {
        "p_complete_simulated": float(comp.mean()),
        "months_to_degree_p50": float(np.median(terms.study_years[comp]) * 12) if comp.any()
        else math.nan,
        "months_enrolled_dropouts_mean": float(np.mean(terms.study_years[~comp]) * 12)
        if (~comp).any() else math.nan,
        "job_search_months_mean": float(np.mean(terms.search_years) * 12),
        "post_degree_pay_p50_usd": float(np.median(run.level[comp])) if comp.any()
        else math.nan,
        "post_degree_pay_mean_ratio": float(np.mean(run.level[comp]) / person.salary_usd)
        if comp.any() and person.salary_usd > 0 else math.nan,
        "counterfactual_salary_usd": person.salary_usd,
        "pv_pre_tax_draw_mean_usd": float(np.mean(run.npv_pre)),
    }  # fmt: skip
    return base.model_copy(
        update={
            "pre_tax": pre,
            "after_tax": after,
            "histogram": histogram(npv, opts.basis),
            "fan": fan(flows, run.discount, opts.basis),
            "sensitivity": bars,
            "alternative": _mode_view(person, program, fit, ps, draws, scen, net),
            "switch": _switch_view(person, ps, draws, net, head.npv_p50_usd),
            "months_p50": round(m50, 1),
            "verdict": verdict(head, m50, ps.bridge_months, ps.mode),
            "intermediates": {k: round(v, 4) for k, v in inter.items() if math.isfinite(v)},
        }
    )


def catalog_frame(
    person: Person,
    programs: list[Program],
    fit: PremiumFit,
    opts: RoiOptions,
    net: NetFn | None,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """One row per program (``CATALOG_COLUMNS``), on common random numbers, with the same
    engine, draws and basis as ``analyse`` (so a program's row equals its page's headline).

    The rows are built column by column from the engine's arrays, with the rounding of
    ``figures.npv_summary``; the months are computed once per plan."""
    resolved = [try_resolve_program(person, p, fit) for p in programs]
    ok = [r for r in resolved if isinstance(r, ProgramScenario) and r.status == "ok"]
    # one engine plan per plan and delivery: online study has its own chance of finishing
    # (``ttd_of``), so an online program never runs on a campus program's plan
    plan_pos: dict[tuple[tuple[Any, ...], bool], int] = {}
    plans: list[E.Plan] = []
    for r in ok:
        if _plan_id(r) not in plan_pos:
            plan_pos[_plan_id(r)] = len(plans)
            plans.append(plan_of(r, person))
    plan_idx = np.array([plan_pos[_plan_id(r)] for r in ok], dtype=np.int64)
    arrays = None
    if ok:
        arrays = E.run_catalog(
            programs_array(ok), plan_idx, plans, draw_common(opts.draws, opts.seed),
            person.scenario(), net, progress,
        )  # fmt: skip
    figures = _figure_columns(arrays, opts.basis) if arrays is not None else {}
    pos = {id(r): i for i, r in enumerate(ok)}
    m50_of: dict[tuple[tuple[Any, ...], bool], float] = {}
    records = []
    for p, res in zip(programs, resolved, strict=True):
        rec: dict[str, Any] = {
            "program_id": p.program_id,
            "name": p.name,
            "institution": p.institution,
            "state": p.state,
            "basis": opts.basis,
        }
        if isinstance(res, MlmastersError):
            rec |= {"status": "not feasible", "message": res.message}
            records.append(rec)
            continue
        key = _plan_id(res)
        m50 = m50_of.get(key)
        if m50 is None:
            m50 = m50_of[key] = round(months_p50(res), 1)
        rec |= _row_facts(res, m50)
        i = pos.get(id(res))
        if i is not None and figures:
            rec |= {k: col[i] for k, col in figures.items() if k != "_head"}
            head = NpvSummary.model_construct(**figures["_head"][i])
            rec["verdict"] = verdict(head, m50, res.bridge_months, res.mode)
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=list(CATALOG_COLUMNS))
    df["breakeven_year"] = df["breakeven_year"].astype("Int64")
    df.attrs["inputs"] = person_inputs(person) | {"draws": opts.draws, "seed": opts.seed}
    df.attrs["assumptions"] = list(person.assumptions)
    return df


def _plan_id(r: ProgramScenario) -> tuple[tuple[Any, ...], bool]:
    """What a program's engine plan is made of: its plan and whether it is studied online
    (everything ``plan_of`` reads)."""
    return (r.plan_key, bool(r.program.online))


def _r(values: Any, digits: int | None = None) -> list[float]:
    """Python's ``round`` of every value (the rounding ``npv_summary`` applies)."""
    return [round(v, digits) for v in np.asarray(values, dtype=np.float64).tolist()]


def _figure_columns(a: E.CatalogArrays, basis: str) -> dict[str, list[Any]]:
    """The catalog's figure columns for every program of a run, as ``figures.npv_summary``
    rounds them (so a row equals its page's headline, which goes through that function), and
    under ``_head`` each program's headline fields for its verdict."""
    mean, p10, p50, p90 = _r(a.mean), _r(a.p10), _r(a.p50), _r(a.p90)
    p_loss = _r(a.p_loss, 4)
    p_ahead = _r(1.0 - np.asarray(a.p_loss), 4)
    fin_ok = np.isfinite(a.p_loss_finishers).tolist()
    not_fin = _r(np.asarray(a.p_loss) - np.asarray(a.p_loss_finishers), 4)
    fin_loss = _r(a.p_loss_finishers, 4)
    p50_fin = [round(v, 0) if math.isfinite(v) else None for v in a.p50_finishers.tolist()]
    irr = a.irr.tolist()
    be = a.breakeven.tolist()
    n = len(mean)
    heads = [
        {
            "basis": basis,
            "npv_mean_usd": mean[i],
            "npv_p10_usd": p10[i],
            "npv_p50_usd": p50[i],
            "npv_p90_usd": p90[i],
            "p_loss": p_loss[i],
            "p_ahead": p_ahead[i],
            "p_loss_not_finishing": not_fin[i] if fin_ok[i] else None,
            "p_loss_finishing": fin_loss[i] if fin_ok[i] else None,
            "npv_p50_finishers_usd": p50_fin[i],
            "irr_p50": round(irr[i], 4) if math.isfinite(irr[i]) else None,
            "irr_note": None,
            "breakeven_year": None if math.isnan(be[i]) else int(be[i]),
        }
        for i in range(n)
    ]
    return {
        "npv_mean": mean,
        "npv_p10": p10,
        "npv_p50": p50,
        "npv_p90": p90,
        "p_loss": p_loss,
        "p_loss_not_finishing": [h["p_loss_not_finishing"] for h in heads],
        "p_loss_finishing": [h["p_loss_finishing"] for h in heads],
        "npv_p50_finishers": [np.nan if v is None else v for v in p50_fin],
        "irr_p50": [v if math.isfinite(v) else np.nan for v in irr],
        "breakeven_year": [h["breakeven_year"] for h in heads],
        "_head": heads,
    }


def _row_facts(r: ProgramScenario, m50: float) -> dict[str, Any]:
    return {
        "status": r.status,
        "message": r.message,
        "tuition_total_usd": r.tuition.total_usd,
        "tuition_level": r.tuition.level,
        "tuition_year": r.tuition.academic_year,
        "planned_months": r.planned_months,
        "bridge_months": r.bridge_months,
        "total_months": round(r.total_months, 2),
        "months_p50": m50,
        "enrollment_mode": r.mode,
        "earnings_source": r.premium.source,
        "premium_pct": round(math.expm1(r.premium_mean), 4),
    }


def person_inputs(person: Person) -> dict[str, Any]:
    """The person-level inputs of a return (shown under "inputs" on every surface)."""
    return {
        "counterfactual_salary_usd": person.salary_usd,
        "counterfactual_source": person.salary_source,
        "area": person.area.area_name,
        "target_role": person.role,
        "target_role_stated": person.role_stated,
        "occupations": [list(x) for x in person.socs],
        "target_percentiles_usd": [round(v) for v in person.target_pcts],
        "switch_scenario_prob": person.switch_prob,
        "switch_scenario_log_gain": round(person.switch_log_gain, 4),
        "years_in_target": person.years_in_target,
        "employer_support_usd_per_year": person.support_usd,
        "discount_rate": D.DISCOUNT_RATE
        if person.opts.discount_rate is None
        else person.opts.discount_rate,
        "real_wage_growth": D.REAL_WAGE_GROWTH
        if person.opts.wage_growth is None
        else person.opts.wage_growth,
        "horizon_years": person.horizon_years,
        "experience_years": person.experience_years,
        "loan_share": person.opts.loan_share,
        "tax_state": person.tax_state,
        "tax_filing_status": person.filing,
        "draws": person.opts.draws,
        "seed": person.opts.seed,
    }


def scenario_inputs(person: Person, ps: ProgramScenario) -> dict[str, Any]:
    """The person's inputs and this program's (mode, tuition, months, premium)."""
    return person_inputs(person) | {
        "enrollment_mode": ps.mode,
        "salary_kept_while_studying": person.salary_kept(ps.mode),
        "tuition_total_usd": ps.tuition.total_usd if ps.status == "ok" else None,
        "tuition_label": ps.tuition.label,
        "planned_months": ps.planned_months,
        "bridge_months": ps.bridge_months,
        "total_months": round(ps.total_months, 2),
        "thesis_required": ps.thesis,
        "loan_factor": round(ps.loan_factor, 4),
        "premium_log": round(ps.premium_mean, 4),
        "premium_sd_log": round(ps.premium_sd, 4),
        "p_complete": round(ttd_of(ps).p_complete, 4),
    }


__all__ = [
    "CATALOG_COLUMNS",
    "analyse",
    "catalog_frame",
    "months_p50",
    "person_inputs",
    "plan_of",
    "programs_array",
    "scenario_inputs",
    "ttd_of",
]
