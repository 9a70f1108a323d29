"""ROI services: one program in full (``roi``), the whole catalog (``roi_catalog``), FREOPP.

The service resolves a person (salary path, area, target occupation, taxes) and programs
(tuition, time to degree, earnings estimate) into the arrays of the pure model in
``mlmasters.models.roi`` and wraps the results with their inputs and assumptions.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from mlmasters.catalog.program import Program
from mlmasters.catalog.tuition import DEFAULT_CREDITS, FULL_TIME_CREDITS_PER_YEAR, resolve_tuition
from mlmasters.errors import InputError
from mlmasters.models.roi import defaults as D
from mlmasters.models.roi import engine as E
from mlmasters.models.roi.draws import Scenario, TtdDist, cgs_ttd, draw_common, ttd_from_quantiles
from mlmasters.models.roi.earnings import EarningsEstimate, ShrinkageFit, estimate, fit_shrinkage
from mlmasters.models.roi.freopp import FreoppInputs, FreoppResult, freopp_roi
from mlmasters.models.roi.personal import NetFn, Programs, order_stats
from mlmasters.models.roi.results import (
    EarningsInfo,
    Fan,
    Histogram,
    NpvSummary,
    RoiOptions,
    RoiResult,
    SensitivityBar,
    parse_options,
)
from mlmasters.models.roi.sensitivity import tornado
from mlmasters.models.roi.taxes import TaxTable, load_tax_table
from mlmasters.profile import Profile
from mlmasters.service.base import ServiceBase
from mlmasters.wages import Area

#: Columns of ``roi_catalog`` (the ranking model reads these).
CATALOG_COLUMNS = (
    "program_id", "name", "institution", "state", "status", "basis", "npv_mean", "npv_p10",
    "npv_p50", "npv_p90", "p_loss", "irr_p50", "breakeven_year", "tuition_total_usd",
    "tuition_level", "tuition_year", "planned_months", "enrollment_mode", "earnings_source",
    "earnings_center_usd", "earnings_measure_years",
)  # fmt: skip
BACHELOR_SERIES = {"computer-science": "11", "math-statistics": "27", "engineering": "14"}


def _role_weights() -> dict[str, list[tuple[str, float]]]:
    try:
        mod = importlib.import_module("mlmasters.models.assess.careers")
        weights: dict[str, list[tuple[str, float]]] = mod.ROLE_SOC_WEIGHTS
        return weights
    except (ImportError, AttributeError):
        return D.FALLBACK_ROLE_SOC_WEIGHTS


@dataclass(frozen=True)
class _Person:
    scen: Scenario
    mode: str
    area: Area
    role: str
    socs: list[tuple[str, float]]
    pcts: list[float]  # blended target-occupation p10..p90 in the area
    state: str | None
    filing: str
    inputs: dict[str, Any]
    assumptions: list[str]


@dataclass(frozen=True)
class _Prog:
    program: Program
    status: str
    message: str | None
    tuition_usd: float
    planned_months: float
    plan_key: tuple[float, str, bool, int]
    estimate: EarningsEstimate
    center_usd: float
    location_factor: float
    loan_factor: float


class RoiMixin(ServiceBase):
    """Return on the degree for a person: one program in full, or the whole catalog."""

    # -- public API -----------------------------------------------------------------------
    def roi(self, profile: Profile, program_id: str, **what_if: Any) -> RoiResult:
        """Full analysis of one program: NPV distribution (both bases), IRR, break-even, fan,
        histogram and the tornado. Raises ``InputError`` / ``NotFoundError``."""
        opts = parse_options(what_if)
        program = self.catalog.get(program_id)
        person = self._roi_person(profile, opts)
        prog = self._roi_program(program, person, opts)
        base = RoiResult(
            program_id=program.program_id,
            program_name=program.name,
            institution=program.institution,
            status=prog.status,
            message=prog.message,
            basis=opts.basis,
            inputs=person.inputs | self._program_inputs(prog, opts),
            assumptions=person.assumptions + self._program_assumptions(prog),
            tuition=resolve_tuition(program, person.state, person.mode),  # type: ignore[arg-type]
            earnings=self._earnings_info(prog, person),
        )
        if prog.status != "ok":
            return base
        progs = self._programs_array([prog], opts)
        plan = E.Plan(self._ttd(*prog.plan_key[:3]), float(prog.plan_key[3]))
        draws = draw_common(opts.draws, opts.seed)
        net = self._roi_net(person) if opts.basis == "after-tax" else None
        run = E.run_single(progs, plan, draws, person.scen, net)
        _check_finite(run.npv_pre, run.npv_after)
        pre = E.summarize(run.npv_pre, run.flows_pre, run.discount)
        after = (
            None
            if run.npv_after is None or run.flows_after is None
            else E.summarize(run.npv_after, run.flows_after, run.discount)
        )
        npv = run.npv_after if run.npv_after is not None else run.npv_pre
        flows = run.flows_after if run.flows_after is not None else run.flows_pre
        bars: list[SensitivityBar] = []
        if opts.sensitivity:
            sens_draws = draw_common(min(opts.draws, 2000), opts.seed)

            def p50(s: Scenario) -> float:
                if net is None:
                    return E.p50_closed_form(progs, plan, sens_draws, s)
                return E.p50_after_tax(progs, plan, sens_draws, s, net)

            bars = [
                SensitivityBar(
                    driver=b.driver,
                    label=b.label,
                    low_label=b.low_label,
                    high_label=b.high_label,
                    npv_p50_low_usd=round(b.npv_p50_low, 0),
                    npv_p50_high_usd=round(b.npv_p50_high, 0),
                )
                for b in tornado(person.scen, p50)
            ]
        terms = run.terms
        comp = terms.completed
        inter = {
            "p_complete_simulated": float(comp.mean()),
            "months_to_degree_p50": float(np.median(terms.study_years[comp]) * 12) if comp.any()
            else math.nan,
            "months_enrolled_dropouts_mean": float(np.mean(terms.study_years[~comp]) * 12)
            if (~comp).any() else math.nan,
            "job_search_months_mean": float(np.mean(terms.search_years) * 12),
            "post_degree_wage_p50_usd": float(np.median(run.level[comp])) if comp.any()
            else math.nan,
            "counterfactual_salary_usd": person.scen.salary_usd,
            "pv_pre_tax_draw_mean_usd": float(np.mean(run.npv_pre)),
        }  # fmt: skip
        return base.model_copy(
            update={
                "pre_tax": self._npv_summary("pre-tax", pre),
                "after_tax": None if after is None else self._npv_summary("after-tax", after),
                "histogram": _histogram(npv, opts.basis),
                "fan": _fan(flows, run.discount, opts.basis),
                "sensitivity": bars,
                "intermediates": {k: round(v, 4) for k, v in inter.items() if math.isfinite(v)},
            }
        )

    def roi_catalog(
        self,
        profile: Profile,
        program_ids: list[str] | None = None,
        draws: int = D.DRAWS_DEFAULT,
        seed: int = 0,
        basis: str = "pre-tax",
        progress: Callable[[int], None] | None = None,
        **what_if: Any,
    ) -> pd.DataFrame:
        """One row per program (``CATALOG_COLUMNS``), on common random numbers.

        ``basis="pre-tax"`` (default) uses the closed form and is fast for the whole catalog;
        ``"after-tax"`` computes every year's tax and is slower. Programs whose tuition is
        unknown get ``status="needs tuition"`` and no NPV. ``df.attrs`` keeps the inputs
        and assumptions.
        """
        opts = parse_options(what_if | {"draws": draws, "seed": seed, "basis": basis})
        if opts.tuition_usd is not None or opts.post_degree_wage_usd is not None:
            raise InputError(
                "tuition_usd and post_degree_wage_usd apply to one program",
                hint="use roi(profile, program_id, ...) for a single program's figures",
            )
        programs = (
            self.catalog.programs
            if program_ids is None
            else [self.catalog.get(pid) for pid in program_ids]
        )
        person = self._roi_person(profile, opts)
        resolved = [self._roi_program(p, person, opts) for p in programs]
        ok = [r for r in resolved if r.status == "ok"]
        keys = sorted({r.plan_key for r in ok})
        plan_pos = {k: i for i, k in enumerate(keys)}
        plans = [E.Plan(self._ttd(*k[:3]), float(k[3])) for k in keys]
        plan_of = np.array([plan_pos[r.plan_key] for r in ok], dtype=np.int64)
        net = self._roi_net(person) if opts.basis == "after-tax" else None
        arrays = None
        if ok:
            arrays = E.run_catalog(
                self._programs_array(ok, opts),
                plan_of,
                plans,
                draw_common(opts.draws, opts.seed),
                person.scen,
                net,
                progress,
            )
        pos = {id(r): i for i, r in enumerate(ok)}
        records = []
        for r in resolved:
            p = r.program
            t = resolve_tuition(p, person.state, person.mode)  # type: ignore[arg-type]
            rec: dict[str, Any] = {
                "program_id": p.program_id,
                "name": p.name,
                "institution": p.institution,
                "state": p.state,
                "status": r.status,
                "basis": opts.basis,
                "tuition_total_usd": r.tuition_usd if r.status == "ok" else t.total_usd,
                "tuition_level": t.level,
                "tuition_year": t.academic_year,
                "planned_months": round(r.planned_months, 1),
                "enrollment_mode": person.mode,
                "earnings_source": r.estimate.source,
                "earnings_center_usd": round(r.center_usd, 0),
                "earnings_measure_years": r.estimate.measure_years,
            }
            i = pos.get(id(r))
            if arrays is not None and i is not None:
                b = arrays.breakeven[i]
                rec |= {
                    "npv_mean": arrays.mean[i],
                    "npv_p10": arrays.p10[i],
                    "npv_p50": arrays.p50[i],
                    "npv_p90": arrays.p90[i],
                    "p_loss": arrays.p_loss[i],
                    "irr_p50": arrays.irr[i] if np.isfinite(arrays.irr[i]) else np.nan,
                    "breakeven_year": None if np.isnan(b) else int(b),
                }
            records.append(rec)
        df = pd.DataFrame.from_records(records, columns=list(CATALOG_COLUMNS))
        df["breakeven_year"] = df["breakeven_year"].astype("Int64")
        df.attrs["inputs"] = person.inputs | {"draws": opts.draws, "seed": opts.seed}
        df.attrs["assumptions"] = person.assumptions
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

    # -- resolution: person ---------------------------------------------------------------
    @cached_property
    def _roi_fit(self) -> ShrinkageFit:
        fos = self.snapshot.table("scorecard_fos")
        ds = self.wages.lookup(D.SHRINKAGE_SIGMA_SOC, self.wages.national())
        sigma = math.log((ds.p90_usd or 1) / (ds.p10_usd or 1)) / (2 * NormalDist().inv_cdf(0.9))
        return fit_shrinkage(fos[fos["credential_level"] == 5], sigma**2)

    def _blend(self, socs: list[tuple[str, float]], area: Area) -> list[float]:
        """Weighted mean of the occupations' p10..p90 (quantile averaging)."""
        out = np.zeros(5)
        for soc, w in socs:
            row = self.wages.lookup(soc, area)
            vals: list[float] = [float(v or 0) for v in row.percentile_values()]
            if 0 in vals:  # a percentile not released: the national shape around the median
                nat = self.wages.lookup(soc, self.wages.national())
                ref = float(row.p50_usd or nat.p50_usd or 1)
                vals = [
                    v if v > 0 else float(n or 0) * ref / float(nat.p50_usd or 1)
                    for v, n in zip(vals, nat.percentile_values(), strict=True)
                ]
            out += w * np.array(vals)
        return [float(v) for v in out]

    def _state_p50(self, socs: list[tuple[str, float]], state: str | None) -> float:
        cache: dict[tuple[str | None, tuple[tuple[str, float], ...]], float] = (
            self.__dict__.setdefault("_roi_state_p50", {})
        )
        key = (state, tuple(socs))
        if key not in cache:
            try:
                area = self.wages.state_area(state) if state else self.wages.national()
            except InputError:
                area = self.wages.national()
            cache[key] = self._blend(socs, area)[2]
        return cache[key]

    def _bachelor_salary(self, profile: Profile) -> tuple[float, str]:
        fos = self.snapshot.table("scorecard_fos")
        b = fos[(fos["credential_level"] == 3) & (fos["earnings_horizon_years"] == 4)]
        series = BACHELOR_SERIES.get(profile.degree_field or "")
        sel = b[b["cip_code"].str[:2] == series] if series else b
        if sel.empty:
            sel = b
        med = float(sel["earnings_median_usd"].astype(float).median())
        which = f"CIP {series}.xx" if series else "the ML-relevant CIP families"
        return med, (
            f"no salary given: bachelor's median earnings 4 years after completion in {which} "
            f"(College Scorecard, {len(sel)} programs)"
        )

    def _roi_person(self, profile: Profile, opts: RoiOptions) -> _Person:
        notes: list[str] = []
        area = self.wages.resolve_area(profile.state, profile.metro)
        role = profile.target_role or D.DEFAULT_TARGET_ROLE
        if profile.target_role is None:
            notes.append(f"no target role: {role} assumed")
        weights = _role_weights()
        socs = list(weights.get(role, D.FALLBACK_ROLE_SOC_WEIGHTS[role]))
        pcts = self._blend(socs, area)
        if opts.current_salary_usd is not None:
            salary, why = opts.current_salary_usd, "what-if salary"
        elif profile.current_salary_usd is not None:
            salary, why = profile.current_salary_usd, "your current salary"
        elif profile.current_soc:
            row = self.wages.lookup(profile.current_soc, area)
            if row.p50_usd is None:
                raise InputError(f"no median wage for {profile.current_soc} in {area.area_name}")
            salary = float(row.p50_usd)
            why = f"OEWS median of {row.occupation_name} in {row.area.area_name}"
        else:
            salary, why = self._bachelor_salary(profile)
        notes.append(f"counterfactual salary ${salary:,.0f}: {why}")
        mode = opts.enrollment_mode or profile.enrollment_mode
        if mode is None:
            mode = "part-time" if profile.must_keep_working else "full-time"
            notes.append(f"enrolment mode {mode} (from must_keep_working; default full-time)")
        full_time = mode == "full-time"
        kept = opts.salary_kept_while_studying
        if kept is None:
            kept = 0.0 if full_time else D.SALARY_KEPT_PART_TIME
        if profile.age is not None:
            horizon = D.RETIREMENT_AGE - profile.age
            if horizon < 1:
                raise InputError(
                    f"age {profile.age}: no working years left before {D.RETIREMENT_AGE}",
                    hint="set horizon_years to evaluate anyway",
                )
            horizon = min(horizon, D.HORIZON_MAX_YEARS)
        else:
            horizon = D.HORIZON_YEARS_DEFAULT
            notes.append(f"age unknown: {horizon}-year horizon")
        if opts.horizon_years is not None:
            horizon = opts.horizon_years
        if profile.years_experience is not None:
            exp = profile.years_experience
        elif profile.age is not None:
            exp = max(0.0, profile.age - D.BACHELOR_AGE)
        else:
            exp = 0.0
            notes.append("age and experience unknown: career profile starts at entry level")
        support = opts.employer_support_usd_per_year
        if support is None:
            support = profile.employer_support_usd_per_year or 0.0
        wage_z = (
            None
            if opts.post_degree_wage_percentile is None
            else NormalDist().inv_cdf(opts.post_degree_wage_percentile / 100.0)
        )
        p50 = pcts[2] if pcts[2] > 0 else 1.0
        scen = Scenario(
            salary_usd=float(salary),
            wage_log_ratios=tuple(math.log(max(v, 1.0) / p50) for v in pcts),
            horizon_years=int(horizon),
            experience_years=float(exp),
            full_time=full_time,
            salary_kept=float(kept),
            employer_support_usd=float(support),
            discount_rate=D.DISCOUNT_RATE if opts.discount_rate is None else opts.discount_rate,
            growth_mean=D.REAL_WAGE_GROWTH if opts.wage_growth is None else opts.wage_growth,
            tuition_scale=opts.tuition_scale,
            wage_z=wage_z,
            ttd_quantile=None
            if opts.time_to_degree_percentile is None
            else opts.time_to_degree_percentile / 100.0,
            completion_prob=opts.completion_prob,
            search_months=opts.job_search_months,
        )
        state = profile.state if area.state is None else area.state
        inputs = {
            "counterfactual_salary_usd": salary,
            "counterfactual_source": why,
            "area": area.area_name,
            "target_role": role,
            "occupations": socs,
            "target_percentiles_usd": [round(v) for v in pcts],
            "enrollment_mode": mode,
            "salary_kept_while_studying": kept,
            "employer_support_usd_per_year": support,
            "discount_rate": scen.discount_rate,
            "real_wage_growth": scen.growth_mean,
            "horizon_years": scen.horizon_years,
            "experience_years": exp,
            "loan_share": opts.loan_share,
            "tax_state": state,
            "tax_filing_status": profile.tax_filing_status or "single",
            "draws": opts.draws,
            "seed": opts.seed,
        }
        return _Person(
            scen=scen,
            mode=mode,
            area=area,
            role=role,
            socs=socs,
            pcts=pcts,
            state=state,
            filing=profile.tax_filing_status or "single",
            inputs=inputs,
            assumptions=notes + [f"{d.name}: {d.value} ({d.source})" for d in D.DEFAULTS],
        )

    def _roi_net(self, person: _Person) -> NetFn:
        cache: dict[tuple[str | None, str], TaxTable] = self.__dict__.setdefault(
            "_roi_tax_tables", {}
        )
        key = (person.state, person.filing)
        if key not in cache:
            cache[key] = load_tax_table(self.data_dir / "cache" / "taxes", *key)
        return cache[key].net

    # -- resolution: programs -------------------------------------------------------------
    def _ttd(self, planned_months: float, mode: str, thesis: bool) -> TtdDist:
        cache: dict[tuple[float, str, bool], TtdDist] = self.__dict__.setdefault("_roi_ttd", {})
        key = (planned_months, mode, thesis)
        if key in cache:
            return cache[key]
        dist = cgs_ttd(planned_months)
        try:
            mod = importlib.import_module("mlmasters.models.plan.ttd")
            s = mod.time_to_degree(planned_months, mode, thesis, seed=0, draws=4000)
            dist = ttd_from_quantiles(
                float(s.p_complete),
                float(s.months_p10),
                float(s.months_p50),
                float(s.months_p90),
                float(s.months_to_attrition_mean) or dist.attrition_mean_months,
                "mlmasters plan model (term-level Monte Carlo calibrated to CGS)",
            )
        except (ImportError, AttributeError, TypeError, ValueError, InputError):
            pass  # documented CGS defaults
        cache[key] = dist
        return dist

    def _roi_program(self, p: Program, person: _Person, opts: RoiOptions) -> _Prog:
        t = resolve_tuition(p, person.state, person.mode)  # type: ignore[arg-type]
        status, message = "ok", None
        tuition = opts.tuition_usd if opts.tuition_usd is not None else t.total_usd
        if tuition is None:
            status = "tuition not in USD" if t.local_amount is not None else "needs tuition"
            message = (
                f"tuition is {t.local_amount:,.0f} {t.currency}; enter it in USD (tuition_usd)"
                if t.local_amount is not None
                else "no tuition figure for this program: enter it (tuition_usd) to get an ROI"
            )
        if p.duration_months_full_time:
            ft_months = float(p.duration_months_full_time)
        else:
            ft_months = (
                (p.credits_semester_equiv or DEFAULT_CREDITS) / FULL_TIME_CREDITS_PER_YEAR * 12
            )
        if person.mode == "part-time":
            months = float(p.duration_months_part_time_typical or ft_months / D.PART_TIME_PACE)
        else:
            months = ft_months
        months = round(months, 2)
        est = estimate(
            self._roi_fit,
            p.cip_code,
            None if p.earnings_median_usd is None else float(p.earnings_median_usd),
            p.earnings_horizon_years,
            p.completers_count,
        )
        if opts.post_degree_wage_usd is not None:
            center, loc = opts.post_degree_wage_usd, 1.0
            est = replace(est, source="user", label="your post-degree wage (what-if)", log_sd=0.0)
        elif est.log_center is None:
            center, loc = person.pcts[2], 1.0
        else:
            where = None if p.online or p.country != "US" else p.state
            loc = person.pcts[2] / max(self._state_p50(person.socs, where), 1.0)
            center = math.exp(est.log_center) * loc
        thesis = p.thesis == "required"
        loan = _loan_factor(
            opts.loan_share, tuition or 0.0, months / 12.0, person.scen, person.mode
        )
        return _Prog(
            program=p,
            status=status,
            message=message,
            tuition_usd=float(tuition or 0.0),
            planned_months=months,
            plan_key=(months, person.mode, thesis, est.measure_years),
            estimate=est,
            center_usd=float(center),
            location_factor=float(loc),
            loan_factor=loan,
        )

    @staticmethod
    def _programs_array(progs: list[_Prog], opts: RoiOptions) -> Programs:
        return Programs(
            center_usd=np.array([r.center_usd for r in progs]),
            center_log_sd=np.array([r.estimate.log_sd for r in progs]),
            tuition_usd=np.array([r.tuition_usd for r in progs]),
            loan_factor=np.array([r.loan_factor for r in progs]),
        )

    @staticmethod
    def _program_inputs(prog: _Prog, opts: RoiOptions) -> dict[str, Any]:
        return {
            "tuition_total_usd": prog.tuition_usd if prog.status == "ok" else None,
            "planned_months": prog.planned_months,
            "thesis_required": prog.plan_key[2],
            "loan_factor": round(prog.loan_factor, 4),
            "post_degree_wage_center_usd": round(prog.center_usd, 0),
        }

    @staticmethod
    def _program_assumptions(prog: _Prog) -> list[str]:
        return [f"post-degree wage: {prog.estimate.label}"]

    def _earnings_info(self, prog: _Prog, person: _Person) -> EarningsInfo:
        e = prog.estimate
        return EarningsInfo(
            center_usd=round(prog.center_usd, 0),
            source=e.source,
            label=e.label,
            measure_years=e.measure_years,
            shrink_weight=e.weight,
            log_sd=round(e.log_sd, 4),
            program_median_usd=e.program_median_usd,
            family_median_usd=e.family_median_usd,
            location_factor=round(prog.location_factor, 4),
            target_role=person.role,
            occupations=person.socs,
            area=person.area.area_name,
            percentiles_usd=[round(v, 0) for v in person.pcts],
        )

    @staticmethod
    def _npv_summary(basis: str, s: E.Summary) -> NpvSummary:
        irr_ok = math.isfinite(s.irr)
        return NpvSummary(
            basis=basis,
            npv_mean_usd=round(s.mean, 0),
            npv_p10_usd=round(s.p10, 0),
            npv_p50_usd=round(s.p50, 0),
            npv_p90_usd=round(s.p90, 0),
            p_loss=round(s.p_loss, 4),
            irr_p50=round(s.irr, 4) if irr_ok else None,
            irr_note=None
            if irr_ok
            else (
                "no cash flows on the median draw: IRR undefined"
                if math.isnan(s.irr)
                else "no net cost on the median draw: IRR unbounded"
            ),
            breakeven_year=s.breakeven,
        )


def _check_finite(*arrays: np.ndarray[Any, Any] | None) -> None:
    if not all(a is None or bool(np.isfinite(a).all()) for a in arrays):
        raise InputError(
            "these inputs are too extreme to evaluate (an NPV is not a finite number)",
            hint="check the discount rate, wage growth and dollar amounts",
        )


def _loan_factor(share: float, tuition: float, years: float, scen: Scenario, mode: str) -> float:
    """Present value of the cost per dollar of tuition when ``share`` is borrowed.

    Borrowing (capped by the annual and aggregate limits, prorated for part-time; the
    origination fee grossed up as 1/(1-fee)) is repaid over the standard plan's term for the
    amount borrowed (10 to 25 years) at the fixed nominal rate after the grace period;
    interest accrues from the mean borrowing date (half-way through the program). Repayments
    are deflated by inflation and discounted at the real rate, relative to paying cash at the
    borrowing date.
    """
    if share <= 0 or tuition <= 0:
        return 1.0
    per_year = tuition / max(years, 1e-9)
    pace = 1.0 if mode == "full-time" else D.PART_TIME_PACE
    s = min(share, D.LOAN_ANNUAL_LIMIT_USD * pace / per_year, D.LOAN_AGGREGATE_LIMIT_USD / tuition)
    i = D.LOAN_RATE_NOMINAL
    borrowed = s * tuition
    n = max(years for start, years in D.LOAN_TERM_TIERS if borrowed >= start)
    annuity = i / (1.0 - (1.0 + i) ** -n)
    wait = years / 2.0 + D.LOAN_GRACE_YEARS
    v = 1.0 / ((1.0 + scen.discount_rate) * (1.0 + D.INFLATION))
    repay = sum(v ** (wait + k) for k in range(1, n + 1))
    unit = (1.0 + i) ** wait * annuity * repay / (1.0 - D.LOAN_ORIGINATION_FEE)
    return float(1.0 - s + s * unit)


def _histogram(npv: np.ndarray[Any, Any], basis: str) -> Histogram:
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


def _fan(flows: np.ndarray[Any, Any], discount: np.ndarray[Any, Any], basis: str) -> Fan:
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
