"""What the engine and the surfaces take from one resolved program scenario.

The plan model's time to degree for a scenario (``ttd_of``), the engine's plan
(``plan_of``) and per-program arrays (``programs_array``: the premium as the centre of
mean-preserving draws), the median months to the degree, and the inputs every surface shows
under "inputs" (``person_inputs``, ``scenario_inputs``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mlmasters.models.roi import defaults as D
from mlmasters.models.roi import engine as E
from mlmasters.models.roi.draws import TtdDist
from mlmasters.models.roi.personal import Programs
from mlmasters.models.scenario import Person, ProgramScenario, ttd_for


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
    "months_p50",
    "person_inputs",
    "plan_of",
    "programs_array",
    "scenario_inputs",
    "ttd_of",
]
