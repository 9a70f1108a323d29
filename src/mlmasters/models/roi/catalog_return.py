"""The return of one person in every program at once (``catalog_frame``): one row a program.

Same engine, draws and basis as the one-program analysis (``analysis.analyse``), so a
program's row equals its page's headline; the rows are built column by column from the
engine's arrays with the rounding of ``figures.npv_summary``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from mlmasters.catalog.program import Program
from mlmasters.errors import MlmastersError
from mlmasters.models.roi import engine as E
from mlmasters.models.roi.draws import draw_common
from mlmasters.models.roi.prepare import months_p50, person_inputs, plan_of, programs_array
from mlmasters.models.roi.question import ReturnQuestion
from mlmasters.models.roi.results import NpvSummary
from mlmasters.models.roi.verdict import verdict
from mlmasters.models.scenario import ProgramScenario, try_resolve_program

#: Columns of ``catalog_frame`` (the ranking model reads these).
CATALOG_COLUMNS = (
    "program_id", "name", "institution", "state", "status", "message", "basis", "npv_mean",
    "npv_p10", "npv_p50", "npv_p90", "p_loss", "p_loss_not_finishing", "p_loss_finishing",
    "npv_p50_finishers", "irr_p50", "breakeven_year", "tuition_total_usd", "tuition_level",
    "tuition_year", "planned_months", "bridge_months", "total_months", "months_p50",
    "enrollment_mode", "earnings_source", "premium_pct", "verdict",
)  # fmt: skip


def catalog_frame(
    question: ReturnQuestion,
    programs: list[Program],
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """One row per program (``CATALOG_COLUMNS``), on common random numbers, with the same
    engine, draws and basis as ``analyse`` (so a program's row equals its page's headline).

    The rows are built column by column from the engine's arrays, with the rounding of
    ``figures.npv_summary``; the months are computed once per plan."""
    person, fit, opts, net = question.person, question.fit, question.opts, question.net
    resolved = [try_resolve_program(person, p, fit) for p in programs]
    ok = [r for r in resolved if isinstance(r, ProgramScenario) and r.status == "ok"]
    # one engine plan per plan and delivery: online study has its own chance of finishing
    # (``ttd_of``), so an online program never runs on a campus program's plan
    # (programs whose plans differ only in what the engine does not read, such as the
    # credits behind the same months, share one engine plan: it is taxed once)
    plan_pos: dict[tuple[tuple[Any, ...], bool], int] = {}
    engine_pos: dict[E.Plan, int] = {}
    plans: list[E.Plan] = []
    for r in ok:
        if _plan_id(r) not in plan_pos:
            plan = plan_of(r, person)
            if plan not in engine_pos:
                engine_pos[plan] = len(plans)
                plans.append(plan)
            plan_pos[_plan_id(r)] = engine_pos[plan]
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


__all__ = ["CATALOG_COLUMNS", "catalog_frame"]
