"""Service methods for the rank model: rank the catalog for a profile, compare 2-5 programs.

>>> svc.rank(profile, top=10, method="topsis", weights={"cost": 40})   # doctest: +SKIP
>>> svc.rank_frame(profile)            # every kept program as a DataFrame  # doctest: +SKIP
>>> svc.compare(profile, ["gatech-omscs", "ut-austin-mscs-online"])      # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cached_property
from typing import Any, Literal

import numpy as np
import pandas as pd

from mlmasters.errors import MlmastersError
from mlmasters.models.assess.readiness import assess_readiness
from mlmasters.models.rank.criteria import (
    STATUS_NAMES,
    CriteriaScores,
    ScoringInputs,
    score_criteria,
    study_mode,
)
from mlmasters.models.rank.decide import decisive
from mlmasters.models.rank.earnings import IQR_PER_SD, SIGMA_SOC
from mlmasters.models.rank.engine import (
    Ranking,
    RankOptions,
    check_compare_ids,
    compute_ranking,
    criterion_scores_any,
    filter_counts,
    rank_options,
    ranked_programs,
    robustness,
    weights_used,
)
from mlmasters.models.rank.facts import ProgramFacts, build_facts, tuition_usd
from mlmasters.models.rank.filters import PlanChecks, apply_filters
from mlmasters.models.rank.inputs import readiness_gaps, roi_columns
from mlmasters.models.rank.results import (
    ComparedProgram,
    CompareResult,
    FactRow,
    RankResult,
)
from mlmasters.models.rank.weights import CRITERIA, resolve_weights
from mlmasters.profile import Profile
from mlmasters.service.assess import AssessMixin
from mlmasters.service.plan import PlanMixin
from mlmasters.service.roi import RoiMixin

#: Program fields shown side by side on the compare page, in this order.
COMPARE_FIELDS: tuple[str, ...] = (
    "cip_code",
    "cip_title",
    "completers_count",
    "earnings_median_usd",
    "earnings_horizon_years",
    "debt_median_usd",
    "value_flag",
    "delivery",
    "enrollment_modes",
    "credits_total",
    "credit_unit",
    "duration_months_full_time",
    "duration_months_part_time_typical",
    "thesis",
    "internship",
    "capstone",
    "tracks",
    "core_courses",
    "prerequisites",
    "accreditation",
)
_ROI_CACHE_SIZE = 4


class RankMixin(RoiMixin, PlanMixin, AssessMixin):
    """Rank and compare programs for one profile (see docs/rank.md)."""

    # -- shared state --------------------------------------------------------------------
    @cached_property
    def rank_facts(self) -> ProgramFacts:
        """The catalog as columns, with earnings shrinkage (built once)."""
        with self._lock:
            return build_facts(self.catalog.programs, self._earnings_sigma())

    @cached_property
    def _rank_roi_cache(self) -> dict[str, pd.DataFrame | None]:
        return {}

    def _earnings_sigma(self) -> float | None:
        """Spread of individual earnings: OEWS national IQR / 1.349 of SOC 15-0000."""
        try:
            row = self.wages.lookup(SIGMA_SOC, self.wages.national())
        except Exception:  # a fixture without the occupation: no shrinkage, said in docs
            return None
        if row.p25_usd is None or row.p75_usd is None:
            return None
        return (row.p75_usd - row.p25_usd) / IQR_PER_SD

    def _roi_for(self, profile: Profile) -> pd.DataFrame:
        """The person's return for the whole catalog: the same engine, draws and basis as
        the program page (cached per profile)."""
        key = json.dumps(profile.model_dump(mode="json"), sort_keys=True)
        cache = self._rank_roi_cache
        hit = cache.get(key)
        if hit is None:
            if len(cache) >= _ROI_CACHE_SIZE:
                cache.pop(next(iter(cache)))
            hit = cache[key] = self.roi_catalog(profile)
        return hit

    def scoring_inputs(
        self, profile: Profile, roi: pd.DataFrame | Literal["auto"] | None = "auto"
    ) -> ScoringInputs:
        """What the criteria need about this person: tuition, support, return, plan, gaps."""
        f = self.rank_facts
        mode = study_mode(profile)
        frame = self._roi_for(profile) if isinstance(roi, str) else roi
        cols = None if frame is None else roi_columns(frame, f)
        tuition = tuition_usd(f, profile.state, mode)
        if cols is not None:
            tuition = np.where(np.isnan(cols.tuition_usd), tuition, cols.tuition_usd)
        per_year = profile.employer_support_usd_per_year or 0.0
        years = f.years
        if cols is not None:
            years = np.where(np.isnan(cols.months_p50), years, cols.months_p50 / 12.0)
        support = np.where(np.isnan(tuition), 0.0, np.minimum(tuition, per_year * years))
        notes = []
        if cols is None:
            notes.append("your return was not computed: career outcomes are unknown")
        return ScoringInputs(
            mode=mode,
            residency=profile.state,
            tuition_usd=tuition,
            support_usd=support,
            net_tuition_usd=tuition - support,
            gaps=readiness_gaps(assess_readiness(profile)),
            notes=tuple(notes),
            roi=cols,
        )

    def _criteria(self, profile: Profile, roi: Any) -> CriteriaScores:
        return score_criteria(self.rank_facts, profile, self.scoring_inputs(profile, roi))

    def ranking(self, profile: Profile, options: RankOptions, roi: Any = "auto") -> Ranking:
        """Every intermediate array of a ranking (for surfaces that draw their own views)."""
        cs = self._criteria(profile, roi)
        persona = options.persona
        source: Literal["given", "assess", "fallback"] = "given"
        if persona is None:
            persona = self.persona_of(profile)
            source = "assess"
        weights = resolve_weights(persona, options.weights)
        plan = None
        if cs.inputs.roi is not None:
            plan = PlanChecks(cs.inputs.roi.months_p50, cs.inputs.roi.infeasible)
        filters = apply_filters(
            cs.facts,
            profile,
            cs.inputs.net_tuition_usd,
            cs.inputs.mode,
            strict=options.strict_filters,
            skip=options.ignore_filters,
            plan=plan,
            named_only=options.named_only,
        )
        return compute_ranking(cs, filters, weights, source, options)

    # -- public API ----------------------------------------------------------------------
    def rank(
        self,
        profile: Profile,
        top: int = 20,
        method: str = "weighted-sum",
        weights: dict[str, float] | None = None,
        *,
        roi: pd.DataFrame | Literal["auto"] | None = "auto",
        **options: Any,
    ) -> RankResult:
        """Rank the catalog for ``profile``: filters, criteria, weights, robustness.

        ``options``: see ``RankOptions`` (persona, unknown_policy, unknown_penalty,
        strict_filters, ignore_filters, samples, concentration, k, seed, bump). ``roi``: a
        precomputed ``roi_catalog`` frame, None for none, or "auto" to ask the ROI model.
        """
        opts = rank_options(top=top, method=method, weights=weights, **options)
        r = self.ranking(profile, opts, roi)
        rob = robustness(r, opts.top)
        notes = list(r.cs.inputs.notes)
        second = r.unverified
        unverified = [] if second is None else ranked_programs(second, None, opts.top)
        unknown_by_filter: dict[str, int] = {}
        if second is not None:
            for i in second.rows:
                for name in r.filters.unknown_reasons(int(i)):
                    unknown_by_filter[name] = unknown_by_filter.get(name, 0) + 1
        if second is not None and len(second.rows):
            notes.append(
                f"{len(second.rows):,} more may fit but are not verified (a filter could not "
                "check them: "
                + ", ".join(
                    f"{k.replace('_', ' ')} unknown {v:,}" for k, v in unknown_by_filter.items()
                )
                + "); they are listed apart (merge_unverified ranks them with the others)"
            )
        notes.append(
            f"unknown policy {opts.unknown_policy}: "
            + (
                f"an unknown criterion counts {0.5 - opts.unknown_penalty:.2f} "
                f"(neutral 0.5 minus {opts.unknown_penalty:g})"
                if opts.unknown_policy == "penalize"
                else "an unknown criterion is left out and the weights renormalised"
            )
        )
        return RankResult(
            profile_name=profile.name,
            method=opts.method,
            unknown_policy=opts.unknown_policy,
            unknown_penalty=opts.unknown_penalty,
            weights=weights_used(r),
            total_programs=r.cs.facts.n,
            kept_programs=len(r.rows),
            filters=filter_counts(r.filters),
            strict_filters=opts.strict_filters,
            ranked=ranked_programs(r, rob, opts.top),
            robustness=None if rob is None else rob.summary,
            notes=notes,
            merged_unverified=opts.merge_unverified,
            named_only=opts.named_only,
            unverified_programs=0 if second is None else len(second.rows),
            unverified_unknown=unknown_by_filter,
            unverified=unverified,
        )

    def rank_frame(
        self,
        profile: Profile,
        method: str = "weighted-sum",
        weights: dict[str, float] | None = None,
        *,
        roi: pd.DataFrame | Literal["auto"] | None = "auto",
        **options: Any,
    ) -> pd.DataFrame:
        """Every program the filters keep, best first, with per-criterion columns.

        Columns: rank, program_id, name, institution, state, country, score, tuition_usd,
        ``<criterion>_score`` (NaN = unknown), ``<criterion>_status``,
        ``<criterion>_contribution``, unknown_filters, verified (known to pass every filter;
        the programs a filter could not check are in the frame unless
        ``merge_unverified=False``), and ``p_top_k`` when ``samples`` > 0 (default 0 here:
        robustness is opt-in for frames).
        """
        options.setdefault("samples", 0)
        # a frame lists every kept program; ``verified`` says which a filter could check
        options.setdefault("merge_unverified", True)
        opts = rank_options(method=method, weights=weights, **options)
        r = self.ranking(profile, opts, roi)
        f = r.cs.facts
        rows = r.rows[r.order]
        data: dict[str, Any] = {
            "rank": np.arange(1, len(rows) + 1),
            "program_id": [f.ids[i] for i in rows],
            "name": [f.programs[i].name for i in rows],
            "institution": [f.programs[i].institution for i in rows],
            "state": [f.programs[i].state for i in rows],
            "country": [f.programs[i].country for i in rows],
            "score": r.score[r.order],
            "tuition_usd": r.cs.inputs.tuition_usd[rows],
        }
        for j, c in enumerate(CRITERIA):
            data[f"{c}_score"] = r.cs.matrix[rows, j]
            data[f"{c}_status"] = [STATUS_NAMES[int(s)] for s in r.cs.status[rows, j]]
            data[f"{c}_contribution"] = r.contrib[r.order, j]
        data["unknown_filters"] = [",".join(r.filters.unknown_reasons(int(i))) for i in rows]
        data["verified"] = r.filters.verified[rows]
        if opts.samples > 0 and len(rows):
            rob = robustness(r, 0)
            if rob is not None:
                data["p_top_k"] = rob.topk.probability[r.order]
        return pd.DataFrame(data)

    def compare(
        self,
        profile: Profile,
        program_ids: Sequence[str],
        method: str = "weighted-sum",
        weights: dict[str, float] | None = None,
        *,
        roi: pd.DataFrame | Literal["auto"] | None = "auto",
        **options: Any,
    ) -> CompareResult:
        """2-5 programs side by side: every criterion, sourced facts, ROI, plan, what decides."""
        ids = list(program_ids)
        check_compare_ids(ids)
        progs = [self.catalog.get(pid) for pid in ids]
        check_compare_ids([p.program_id for p in progs])
        opts = rank_options(method=method, weights=weights, samples=0, **options)
        frame = self._roi_for(profile) if isinstance(roi, str) else roi
        r = self.ranking(profile, opts, frame)
        f = r.cs.facts
        rank_by_row = r.rank_by_row
        scored = []
        for p in progs:
            i = f.index[p.program_id]
            score, crits, contrib = criterion_scores_any(r, i)
            scored.append((p, i, score, crits, contrib))
        scored.sort(key=lambda t: (-round(t[2], 12), int(f.priority[t[1]])))
        out: list[ComparedProgram] = []
        for place, (p, i, score, crits, _c) in enumerate(scored, start=1):
            t = r.cs.inputs.tuition_usd[i]
            out.append(
                ComparedProgram(
                    program_id=p.program_id,
                    name=p.name,
                    institution=p.institution,
                    state=p.state,
                    country=p.country,
                    score=round(score, 4),
                    rank_among_compared=place,
                    rank_in_catalog=rank_by_row.get(i),
                    filters_failed=r.filters.failed(i),
                    filters_unknown=r.filters.unknown_reasons(i),
                    criteria=crits,
                    facts=self._fact_rows(p.program_id, profile),
                    tuition_usd=None if math.isnan(t) else float(t),
                    roi=_roi_row(frame, p.program_id),
                    plan=self._plan_summary(profile, p.program_id),
                )
            )
        notes = list(r.cs.inputs.notes)
        if any(c.plan is None for c in out):
            notes.append("plan summaries are shown when the plan model can plan the program")
        return CompareResult(
            method=opts.method,
            unknown_policy=opts.unknown_policy,
            weights=weights_used(r),
            programs=out,
            decisive=decisive(scored),
            notes=notes,
        )

    def _plan_summary(self, profile: Profile, program_id: str) -> dict[str, Any] | None:
        """The plan's time to degree for one program, as plain data (None: no plan, with the
        reason in the ROI row)."""
        try:
            res = self.plan(profile, program_id)
        except MlmastersError:
            return None
        ttd = res.time_to_degree.model_dump(mode="json")
        keep = ("p_complete", "months_p10", "months_p50", "months_p90", "mode", "planned_months")
        out: dict[str, Any] = {k: ttd[k] for k in keep if k in ttd}
        out["bridge_months"] = res.bridge_months_before
        if res.p_finish_within_max_years is not None:
            out["p_finish_within_max_years"] = float(res.p_finish_within_max_years)
        w = res.workload
        for name in ("feasible", "hours_needed_per_week", "hours_available_per_week", "suggestion"):
            if hasattr(w, name):
                out[f"workload_{name}"] = getattr(w, name)
        return out

    def _fact_rows(self, program_id: str, profile: Profile) -> list[FactRow]:
        p = self.catalog.get(program_id)
        rows = []
        for name in COMPARE_FIELDS:
            v = getattr(p, name)
            src = p.field_sources.get(name)
            rows.append(
                FactRow(
                    field=name,
                    value=None if v in (None, []) else v,
                    source=None if src is None else src.label,
                    url=None if src is None else src.url,
                )
            )
        from mlmasters.catalog.tuition import resolve_tuition

        mode = study_mode(profile)
        t = resolve_tuition(p, profile.state, "part-time" if mode == "part-time" else "full-time")
        rows.append(FactRow(field="tuition_usd", value=t.total_usd, source=t.label))
        return rows


def _roi_row(frame: pd.DataFrame | None, program_id: str) -> dict[str, Any] | None:
    if frame is None or "program_id" not in frame.columns:
        return None
    hit = frame[frame["program_id"].astype(str) == program_id]
    if hit.empty:
        return None
    row = hit.iloc[0].to_dict()
    return {str(k): (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}


__all__ = ["RankMixin"]
