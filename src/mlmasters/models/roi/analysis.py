"""The return of one person in one program (``analyse``), every figure its page shows.

Takes the person and the program resolved once (``mlmasters.models.scenario``), runs the
engine, and returns the result every surface renders: the headline (median first, with the
chance of coming out ahead and the loss split by finishing), the other study mode, the career
switch as its own labelled scenario (never in the headline), the tornado (with the premium
model's assumptions and part-time completion as ranges) and the figures. The service
(``service/roi.py``) only reads the snapshot, caches, and calls this; every program at once is
``catalog_return.catalog_frame`` and the engine's inputs come from ``prepare``.
"""

from __future__ import annotations

import math

import numpy as np

from mlmasters.catalog.program import Program
from mlmasters.errors import InputError
from mlmasters.models.plan.ttd import PART_TIME_COMPLETION_RANGE
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi import engine as E
from mlmasters.models.roi.catalog_return import CATALOG_COLUMNS, catalog_frame
from mlmasters.models.roi.draws import Draws, Scenario, draw_common
from mlmasters.models.roi.figures import (
    Step,
    catalog_summary,
    check_finite,
    earnings_info,
    fan,
    histogram,
    tornado_bars,
)
from mlmasters.models.roi.personal import NetFn
from mlmasters.models.roi.premium import (
    CAUSAL_VARIANCE_SHARE_RANGE,
    EXPERIENCE_GAP_RANGE,
    SELECTION_SHARE_RANGE,
    PremiumFit,
)
from mlmasters.models.roi.prepare import (
    months_p50,
    person_inputs,
    plan_of,
    programs_array,
    scenario_inputs,
    ttd_of,
)
from mlmasters.models.roi.question import ReturnQuestion
from mlmasters.models.roi.results import ModeView, RoiResult, SwitchView
from mlmasters.models.roi.verdict import verdict
from mlmasters.models.scenario import (
    Person,
    ProgramScenario,
    other_mode,
    resolve_program,
)


def premium_steps(person: Person, ps: ProgramScenario, fit: PremiumFit) -> list[Step]:
    """Tornado steps of the premium model's assumptions over their documented ranges, as
    shifts of this program's premium for this person (the model refitted at each end)."""
    if person.opts.premium is not None:
        return []
    base = fit.params
    p = ps.program

    def shift(**change: float) -> float:
        other = fit.refit(base.model_copy(update=change))
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


def analyse(question: ReturnQuestion, program: Program) -> RoiResult:
    """Full analysis of one program: NPV distribution (both bases), IRR, break-even, fan,
    histogram, the tornado, the other study mode and the career-switch scenario."""
    person, fit, opts, net = question.person, question.fit, question.opts, question.net
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
        extra = premium_steps(person, ps, fit) + completion_step(ps, scen)
        bars = tornado_bars(progs, plan, opts, scen, net, head.npv_mean_usd, extra, ps)
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
            "intermediates": _intermediates(run, person),
        }
    )


def _intermediates(run: E.SingleRun, person: Person) -> dict[str, float]:
    """The run's intermediate figures (chance of finishing, months, pay after the degree)."""
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
    return {k: round(v, 4) for k, v in inter.items() if math.isfinite(v)}


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
