"""ROI services: one program in full (``roi``), the whole catalog (``roi_catalog``), FREOPP.

Thin: the person and each program are resolved once by ``mlmasters.models.scenario``; the
engine (``models/roi``) computes; the figures (histogram, fan, summaries) are built in
``models/roi/figures.py``. This module only reads the snapshot and wires them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from mlmasters.errors import InputError, MlmastersError
from mlmasters.models.assess.readiness import assess_readiness
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi import engine as E
from mlmasters.models.roi.draws import draw_common
from mlmasters.models.roi.figures import (
    Step,
    catalog_summary,
    check_finite,
    earnings_info,
    fan,
    histogram,
    tornado_bars,
)
from mlmasters.models.roi.freopp import FreoppInputs, FreoppResult, freopp_roi
from mlmasters.models.roi.personal import Programs
from mlmasters.models.roi.premium import PremiumFit
from mlmasters.models.roi.results import ModeView, RoiOptions, RoiResult, parse_options
from mlmasters.models.roi.taxes import TaxTable, load_tax_table
from mlmasters.models.roi.verdict import verdict
from mlmasters.models.scenario import (
    Person,
    ProgramScenario,
    other_mode,
    resolve_person,
    resolve_program,
    try_resolve_program,
    ttd_for,
)
from mlmasters.profile import Profile
from mlmasters.service.earnings import EarningsMixin

#: Columns of ``roi_catalog`` (the ranking model reads these).
CATALOG_COLUMNS = (
    "program_id", "name", "institution", "state", "status", "message", "basis", "npv_mean",
    "npv_p10", "npv_p50", "npv_p90", "p_loss", "npv_p50_finishers", "irr_p50",
    "breakeven_year", "tuition_total_usd", "tuition_level", "tuition_year", "planned_months",
    "bridge_months", "total_months", "months_p50", "enrollment_mode", "earnings_source",
    "premium_pct", "verdict",
)  # fmt: skip
#: People whose resolved scenario is kept (the web app asks for the same person often).
_PERSON_CACHE = 64


def plan_of(ps: ProgramScenario, person: Person) -> E.Plan:
    """The engine's plan for one program scenario (the plan model's own distribution)."""
    return E.Plan(
        ttd=ttd_for(ps.planned_months, ps.mode, ps.thesis, ps.term_months, ps.courses_per_term),
        bridge_years=ps.bridge_months / 12.0,
        full_time=ps.mode == "full-time",
        salary_kept=person.salary_kept(ps.mode),
    )


def months_p50(ps: ProgramScenario) -> float:
    """Median months from the start to the degree among those who finish: bridge courses,
    then the plan's own time-to-degree distribution."""
    ttd = ttd_for(ps.planned_months, ps.mode, ps.thesis, ps.term_months, ps.courses_per_term)
    return ps.bridge_months + ttd.quantile(0.5)


def programs_array(rows: list[ProgramScenario]) -> Programs:
    return Programs(
        premium=np.array([r.premium_mean for r in rows], dtype=np.float64),
        premium_sd=np.array([r.premium_sd for r in rows], dtype=np.float64),
        tuition_usd=np.array([r.tuition_usd for r in rows], dtype=np.float64),
        loan_factor=np.array([r.loan_factor for r in rows], dtype=np.float64),
    )


class RoiMixin(EarningsMixin):
    """Return on the degree for a person: one program in full, or the whole catalog."""

    # -- resolution (once per person) ------------------------------------------------------
    @property
    def roi_premium_fit(self) -> PremiumFit:
        """The premium model fitted on the snapshot's Scorecard pairs (see docs/earnings.md)."""
        return self.premium_fit

    @cached_property
    def _roi_people(self) -> dict[str, Person]:
        return {}

    def roi_person(self, profile: Profile, opts: RoiOptions) -> Person:
        """The person resolved once (cached for the same profile and options)."""
        key = json.dumps(
            [profile.model_dump(mode="json"), opts.model_dump(mode="json")], sort_keys=True
        )
        cache = self._roi_people
        hit = cache.get(key)
        if hit is None:
            hit = resolve_person(
                profile,
                opts,
                self.wages,
                self.snapshot.table("scorecard_fos"),
                assess_readiness(profile),
            )
            if len(cache) >= _PERSON_CACHE:
                cache.pop(next(iter(cache)))
            cache[key] = hit
        return hit

    def roi_scenario(self, profile: Profile, program_id: str, **what_if: Any) -> ProgramScenario:
        """The resolved scenario of one person in one program (what every surface shows)."""
        opts = parse_options(what_if)
        person = self.roi_person(profile, opts)
        return resolve_program(person, self.catalog.get(program_id), self.roi_premium_fit)

    def _roi_net(self, person: Person) -> Callable[[Any], Any]:
        cache: dict[tuple[str | None, str], TaxTable] = self.__dict__.setdefault(
            "_roi_tax_tables", {}
        )
        key = (person.tax_state, person.filing)
        if key not in cache:
            cache[key] = load_tax_table(self.data_dir / "cache" / "taxes", *key)
        return cache[key].net

    def _premium_steps(self, person: Person, ps: ProgramScenario) -> list[Step]:
        """Tornado steps of the premium model's own defaults, as shifts of this program's
        premium for this person (refitted with each default moved)."""
        if person.opts.premium is not None:
            return []
        base = self.roi_premium_fit.params
        p = ps.program
        pto = True if ps.mode == "part-time" or p.online else (False if p.online is False else None)

        fits: dict[str, PremiumFit] = self.__dict__.setdefault("_roi_fits", {})

        def shift(**change: float) -> float:
            params = base.model_copy(update=change)
            key = params.model_dump_json()
            if key not in fits:
                fits[key] = self.premium_fit_for(params)
            fit = fits[key]
            beta = fit.for_program(p.unitid, p.cip_code, pto).mean * person.premium_factor
            return beta - ps.premium_mean

        gap_ft, gap_pt = base.experience_gap_full_time_years, base.experience_gap_part_time_years
        share = base.selection_share
        return [
            Step(
                "premium_prior",
                "Published master's premium (prior)",
                "+5%",
                "+20%",
                {"premium_shift": shift(prior_mean=math.log(1.05))},
                {"premium_shift": shift(prior_mean=math.log(1.20))},
            ),
            Step(
                "selection_share",
                "Share of the pay gap the degree causes",
                f"{share / 2:.0%}",
                f"{min(1.0, share * 1.5):.0%}",
                {"premium_shift": shift(selection_share=share / 2)},
                {"premium_shift": shift(selection_share=min(1.0, share * 1.5))},
            ),
            Step(
                "experience_gap",
                "Graduates' extra experience",
                "-2 years",
                "+2 years",
                {
                    "premium_shift": shift(
                        experience_gap_full_time_years=max(0.0, gap_ft - 2),
                        experience_gap_part_time_years=max(0.0, gap_pt - 2),
                    )
                },
                {
                    "premium_shift": shift(
                        experience_gap_full_time_years=gap_ft + 2,
                        experience_gap_part_time_years=gap_pt + 2,
                    )
                },
            ),
        ]

    # -- public API -----------------------------------------------------------------------
    def roi(self, profile: Profile, program_id: str, **what_if: Any) -> RoiResult:
        """Full analysis of one program: NPV distribution (both bases), IRR, break-even, fan,
        histogram, the tornado, and the other study mode when you have not chosen one.
        Raises ``InputError`` / ``NotFoundError``."""
        opts = parse_options(what_if)
        program = self.catalog.get(program_id)
        person = self.roi_person(profile, opts)
        ps = resolve_program(person, program, self.roi_premium_fit)
        base = RoiResult(
            program_id=program.program_id,
            program_name=program.name,
            institution=program.institution,
            status=ps.status,
            message=ps.message,
            basis=opts.basis,
            inputs=_inputs(person, ps),
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
        net = self._roi_net(person) if opts.basis == "after-tax" else None
        scen = person.scenario()
        plan = plan_of(ps, person)
        progs = programs_array([ps])
        run = E.run_single(progs, plan, draws, scen, net)
        check_finite(run.npv_pre, run.npv_after)
        one = np.zeros(1, dtype=np.int64)
        pre_arr = E.run_catalog(progs, one, [plan], draws, scen, None)
        pre = catalog_summary("pre-tax", pre_arr, 0)
        after = None
        if net is not None:
            after = catalog_summary(
                "after-tax", E.run_catalog(progs, one, [plan], draws, scen, net), 0
            )
        npv = run.npv_after if run.npv_after is not None else run.npv_pre
        flows = run.flows_after if run.flows_after is not None else run.flows_pre
        alt = other_mode(ps, person)
        alternative = None
        if alt is not None:
            try:
                other = resolve_program(person, program, self.roi_premium_fit, alt)
            except InputError:
                other = None
            if other is not None and other.status == "ok":
                o_run = E.run_single(
                    programs_array([other]), plan_of(other, person), draws, scen, net
                )
                o_npv = o_run.npv_after if o_run.npv_after is not None else o_run.npv_pre
                done = o_run.terms.completed
                alternative = ModeView(
                    mode=other.mode,
                    months=other.total_months,
                    npv_mean_usd=round(float(np.mean(o_npv)), 0),
                    p_loss=round(float(np.mean(o_npv < 0)), 4),
                    npv_p50_finishers_usd=round(float(np.median(o_npv[done])), 0)
                    if done.any()
                    else None,
                )
        head = after if after is not None else pre
        m50 = months_p50(ps)
        bars = (
            tornado_bars(
                progs, plan, opts, scen, net, head.npv_mean_usd,
                self._premium_steps(person, ps), ps,
            )
            if opts.sensitivity
            else []
        )  # fmt: skip
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
                "alternative": alternative,
                "months_p50": round(m50, 1),
                "verdict": verdict(head, m50, ps.bridge_months, ps.mode),
                "intermediates": {k: round(v, 4) for k, v in inter.items() if math.isfinite(v)},
            }
        )

    def roi_catalog(
        self,
        profile: Profile,
        program_ids: list[str] | None = None,
        draws: int = D.DRAWS_DEFAULT,
        seed: int = 0,
        basis: str = "after-tax",
        progress: Callable[[int], None] | None = None,
        **what_if: Any,
    ) -> pd.DataFrame:
        """One row per program (``CATALOG_COLUMNS``), on common random numbers, with the same
        engine, draws and basis as ``roi`` (so a program's row equals its page's headline).

        Programs this person cannot take (a mode the program does not offer, too few hours)
        get ``status="not feasible"`` and their reason in ``message``; programs whose tuition
        is unknown get ``status="needs tuition"`` and no NPV. ``df.attrs`` keeps the inputs
        and assumptions.
        """
        opts = parse_options(what_if | {"draws": draws, "seed": seed, "basis": basis})
        if opts.tuition_usd is not None or opts.premium is not None:
            raise InputError(
                "a tuition or premium of your own applies to one program",
                hint="use roi(profile, program_id, ...) for a single program's figures",
            )
        programs = (
            self.catalog.programs
            if program_ids is None
            else [self.catalog.get(pid) for pid in program_ids]
        )
        person = self.roi_person(profile, opts)
        fit = self.roi_premium_fit
        resolved = [try_resolve_program(person, p, fit) for p in programs]
        ok = [r for r in resolved if isinstance(r, ProgramScenario) and r.status == "ok"]
        plan_pos: dict[tuple[Any, ...], int] = {}
        plans: list[E.Plan] = []
        for r in ok:
            if r.plan_key not in plan_pos:
                plan_pos[r.plan_key] = len(plans)
                plans.append(plan_of(r, person))
        plan_idx = np.array([plan_pos[r.plan_key] for r in ok], dtype=np.int64)
        net = self._roi_net(person) if opts.basis == "after-tax" else None
        arrays = None
        if ok:
            arrays = E.run_catalog(
                programs_array(ok),
                plan_idx,
                plans,
                draw_common(opts.draws, opts.seed),
                person.scenario(),
                net,
                progress,
            )
        pos = {id(r): i for i, r in enumerate(ok)}
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
            r = res
            rec |= {
                "status": r.status,
                "message": r.message,
                "tuition_total_usd": r.tuition.total_usd,
                "tuition_level": r.tuition.level,
                "tuition_year": r.tuition.academic_year,
                "planned_months": r.planned_months,
                "bridge_months": r.bridge_months,
                "total_months": round(r.total_months, 2),
                "months_p50": round(months_p50(r), 1),
                "enrollment_mode": r.mode,
                "earnings_source": r.premium.source,
                "premium_pct": round(math.expm1(r.premium_mean), 4),
            }
            i = pos.get(id(r))
            if arrays is not None and i is not None:
                b = arrays.breakeven[i]
                fin = arrays.p50_finishers[i]
                rec |= {
                    "npv_mean": round(float(arrays.mean[i]), 0),
                    "npv_p10": round(float(arrays.p10[i]), 0),
                    "npv_p50": round(float(arrays.p50[i]), 0),
                    "npv_p90": round(float(arrays.p90[i]), 0),
                    "p_loss": round(float(arrays.p_loss[i]), 4),
                    "npv_p50_finishers": round(float(fin), 0) if np.isfinite(fin) else np.nan,
                    "irr_p50": arrays.irr[i] if np.isfinite(arrays.irr[i]) else np.nan,
                    "breakeven_year": None if np.isnan(b) else int(b),
                }
                rec["verdict"] = verdict(
                    catalog_summary(opts.basis, arrays, i),
                    rec["months_p50"],
                    r.bridge_months,
                    r.mode,
                )
            records.append(rec)
        df = pd.DataFrame.from_records(records, columns=list(CATALOG_COLUMNS))
        df["breakeven_year"] = df["breakeven_year"].astype("Int64")
        df.attrs["inputs"] = _person_inputs(person) | {"draws": opts.draws, "seed": opts.seed}
        df.attrs["assumptions"] = list(person.assumptions)
        return df

    def roi_freopp(self, inputs: FreoppInputs | dict[str, Any]) -> FreoppResult:
        """FREOPP's published method on explicit inputs (see ``models/roi/freopp.py``)."""
        if isinstance(inputs, dict):
            from pydantic import ValidationError

            from mlmasters.profile import problems_from_validation

            try:
                inputs = FreoppInputs.model_validate(inputs)
            except ValidationError as exc:
                raise InputError(
                    "invalid FREOPP inputs",
                    problems_from_validation(exc),
                    hint="see docs/roi.md (FREOPP mode) for the fields",
                ) from None
        return freopp_roi(inputs)


def _person_inputs(person: Person) -> dict[str, Any]:
    return {
        "counterfactual_salary_usd": person.salary_usd,
        "counterfactual_source": person.salary_source,
        "area": person.area.area_name,
        "target_role": person.role,
        "target_role_stated": person.role_stated,
        "occupations": [list(x) for x in person.socs],
        "target_percentiles_usd": [round(v) for v in person.target_pcts],
        "switch_prob": person.switch_prob,
        "switch_log_gain": round(person.switch_log_gain, 4),
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


def _inputs(person: Person, ps: ProgramScenario) -> dict[str, Any]:
    return _person_inputs(person) | {
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
    }
