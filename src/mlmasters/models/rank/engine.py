"""The validating shell around the pure pieces: filters -> criteria -> policy -> method.

``compute_ranking`` keeps every intermediate array (``Ranking``) so that results can say why;
``ranked_programs`` and the service turn it into the typed results the surfaces show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from mlmasters.errors import InputError, Problem
from mlmasters.models.rank import robustness as rb
from mlmasters.models.rank.criteria import (
    STATUS_NAMES,
    CriteriaScores,
    apply_unknown_policy,
)
from mlmasters.models.rank.explain import explain, unknown_parts
from mlmasters.models.rank.filters import FilterResult
from mlmasters.models.rank.methods import contributions, order, topsis, weighted_sum
from mlmasters.models.rank.options import DEFAULT_K, RankOptions, rank_options
from mlmasters.models.rank.results import (
    CriterionScore,
    FilterCount,
    PlaceChange,
    RankedProgram,
    RankInterval,
    RobustnessSummary,
    WeightsUsed,
)
from mlmasters.models.rank.weights import CRITERIA, CRITERION_LABELS, ResolvedWeights

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Most programs a compare shows side by side, and fewest.
COMPARE_MIN, COMPARE_MAX = 2, 5
#: How many of the top programs get "would change place if ..." (the issue asks for 3).
PLACE_CHANGE_TOP = 3
#: Rank intervals are computed for at most this many of the shown programs (the shortlist);
#: P(top k) covers every program.
INTERVALS_MAX = 30


@dataclass(frozen=True)
class Ranking:
    """Everything computed for one profile, over the programs the filters keep."""

    cs: CriteriaScores
    filters: FilterResult
    options: RankOptions
    weights: ResolvedWeights
    persona_source: Literal["given", "assess", "fallback"]
    rows: IntArray  # kept programs (facts rows)
    filled: FloatArray  # (kept, criteria) after the unknown policy
    known: BoolArray
    score: FloatArray
    contrib: FloatArray
    order: IntArray  # positions into rows, best first
    priority: IntArray  # tie-break among kept rows
    unverified: Ranking | None = None  # "may fit — not verified": ranked on their own

    @property
    def rank_by_row(self) -> dict[int, int]:
        return {int(self.rows[p]): r + 1 for r, p in enumerate(self.order)}

    def scorer(self) -> rb.Scorer:
        if self.options.method == "topsis":
            return rb.TopsisScorer(self.filled)
        return rb.WeightedSumScorer(
            self.filled,
            self.known,
            renormalize=self.options.unknown_policy == "renormalize",
            empty_value=0.5 - self.options.unknown_penalty,
        )


def _policy_scores(
    filled: FloatArray, known: BoolArray, w: FloatArray, opts: RankOptions
) -> tuple[FloatArray, FloatArray]:
    """(score, contributions) of each kept program under the method and unknown policy."""
    if opts.unknown_policy == "renormalize":
        wk = np.where(known, w, 0.0)
        den = wk.sum(axis=1, keepdims=True)
        share = np.where(den > 0, wk / np.where(den > 0, den, 1.0), w / w.sum())
        contrib = filled * share
        ws = contrib.sum(axis=1)
    else:
        contrib = contributions(filled, w)
        ws = weighted_sum(filled, w)
    if opts.method == "topsis":
        return topsis(filled, w, normalization="none").closeness, contrib
    return ws, contrib


def compute_ranking(
    cs: CriteriaScores,
    filters: FilterResult,
    weights: ResolvedWeights,
    persona_source: Literal["given", "assess", "fallback"],
    opts: RankOptions,
) -> Ranking:
    """The shortlist (programs known to pass every filter; with ``merge_unverified`` or
    ``strict_filters`` every kept program) and, beside it, the programs a filter could not
    decide, ranked the same way on their own."""
    if opts.strict_filters or opts.merge_unverified:
        return _rank_rows(cs, filters, filters.keep, weights, persona_source, opts)
    main = _rank_rows(cs, filters, filters.verified, weights, persona_source, opts)
    second = _rank_rows(cs, filters, filters.unverified, weights, persona_source, opts)
    return replace(main, unverified=second)


def _rank_rows(
    cs: CriteriaScores,
    filters: FilterResult,
    mask: BoolArray,
    weights: ResolvedWeights,
    persona_source: Literal["given", "assess", "fallback"],
    opts: RankOptions,
) -> Ranking:
    rows = np.flatnonzero(mask).astype(np.int64)
    filled, known = apply_unknown_policy(cs.matrix[rows], opts.unknown_policy, opts.unknown_penalty)
    w = weights.vector()
    if len(rows):
        score, contrib = _policy_scores(filled, known, w, opts)
    else:
        score, contrib = np.zeros(0), np.zeros((0, len(CRITERIA)))
    prio = cs.facts.priority[rows]
    return Ranking(
        cs,
        filters,
        opts,
        weights,
        persona_source,
        rows,
        filled,
        known,
        score,
        contrib,
        order(score, prio),
        prio,
    )


def weights_used(r: Ranking) -> WeightsUsed:
    return WeightsUsed(
        persona=r.weights.persona,
        persona_source=r.persona_source,
        weights=r.weights.weights,
        points=r.weights.points,
        source=dict(r.weights.source),
    )


def filter_counts(f: FilterResult) -> list[FilterCount]:
    return [
        FilterCount(
            name=o.name, rule=o.rule, removed=f.removed[o.name], unknown_kept=f.unknown_kept[o.name]
        )
        for o in f.outcomes
    ]


def _criterion_rows(
    r: Ranking, i: int, used: FloatArray, contrib: FloatArray
) -> list[CriterionScore]:
    """Catalog row ``i``'s score on every criterion, with the value the ranking used for it
    (``used``) and its share of the score (``contrib``), one entry a criterion."""
    out = []
    for j, c in enumerate(CRITERIA):
        raw = r.cs.matrix[i, j]
        out.append(
            CriterionScore(
                criterion=c,
                label=CRITERION_LABELS[c],
                score=None if np.isnan(raw) else round(float(raw), 4),
                used=round(float(used[j]), 4),
                status=STATUS_NAMES[int(r.cs.status[i, j])],
                unknown_parts=unknown_parts(r.cs, i, c),
                weight=round(float(r.weights.weights[c]), 4),
                contribution=round(float(contrib[j]), 4),
                why=explain(r.cs, i, c),
            )
        )
    return out


def criterion_scores(r: Ranking, pos: int) -> list[CriterionScore]:
    """Scores of the kept program at position ``pos`` of ``r.rows``."""
    return _criterion_rows(r, int(r.rows[pos]), r.filled[pos], r.contrib[pos])


def criterion_scores_any(r: Ranking, i: int) -> tuple[float, list[CriterionScore], FloatArray]:
    """Scores for any catalog row ``i`` (kept or not), on the same scale as the ranking."""
    filled, known = apply_unknown_policy(
        r.cs.matrix[i : i + 1], r.options.unknown_policy, r.options.unknown_penalty
    )
    w = r.weights.vector()
    ws_score, contrib = _policy_scores(filled, known, w, r.options)
    score = float(ws_score[0])
    if r.options.method == "topsis" and len(r.rows):
        # closeness against the kept programs' ideals (the ranking's own reference)
        both = np.vstack([r.filled, filled])
        score = float(topsis(both, w, normalization="none").closeness[-1])
    return score, _criterion_rows(r, i, filled[0], contrib[0]), contrib[0]


@dataclass(frozen=True)
class Robustness:
    topk: rb.TopK
    shown: IntArray  # positions into rows
    intervals: list[rb.RankInterval]
    changes: list[rb.PlaceChange]
    summary: RobustnessSummary


def _change_sentence(c: rb.PlaceChange, name: str) -> str:
    crit = CRITERION_LABELS[CRITERIA[c.criterion]].lower()
    move = "up" if c.new_place < c.place else "down"
    text = (
        f"If you cared a bit more about {crit} (weight {c.weight:.2f} -> {c.new_weight:.2f}), "
        f"{name} would move {move} from #{c.place} to #{c.new_place}"
    )
    if c.first_change_delta is not None:
        at = (c.weight + c.first_change_delta) / (1 + c.first_change_delta)
        text += f" (the place changes once that weight passes {at:.3f})"
    return text + "."


def robustness(r: Ranking, shown: int) -> Robustness | None:
    """P(top k) for every kept program; rank intervals and place changes for the shown ones."""
    o = r.options
    n = len(r.rows)
    if o.samples == 0 or n == 0:
        return None
    w = r.weights.vector()
    scorer = r.scorer()
    ws = rb.sample_weights(w, o.samples, o.concentration, o.seed)
    k = min(o.k, n)
    show = r.order[: min(shown, n, INTERVALS_MAX)]
    # one float32 pass over every program screens for both P(top k) and the intervals
    bounds = [] if k >= n else [rb.topk_bound(scorer, ws, k, r.priority)]
    if len(show):
        bounds.append(rb.lowest_of(scorer, ws, show))
    screens = rb.screen_many(scorer, ws, bounds)
    topk = rb.topk_probabilities(scorer, ws, k, r.priority, screened=None if k >= n else screens[0])
    intervals = rb.rank_intervals(
        rb.rank_samples(scorer, ws, show, r.priority, screened=screens[-1] if len(show) else None)
    )
    linear = r.filled if o.method == "weighted-sum" and o.unknown_policy == "penalize" else None
    changes = rb.place_changes(
        scorer, w, r.order[: min(PLACE_CHANGE_TOP, n)], r.priority, o.bump, linear
    )
    sure = [int(r.rows[p]) for p in show if topk.probability[p] >= 0.9]
    summary = (
        f"{len(sure)} of the top {min(k, len(show))} stay in the top {k} in at least 90% of "
        f"{o.samples:,} weight samples around yours (Dirichlet, concentration "
        f"{o.concentration:g}); {topk.candidates} programs have any chance of the top {k}."
    )
    return Robustness(
        topk,
        show,
        intervals,
        changes,
        RobustnessSummary(
            samples=o.samples,
            concentration=o.concentration,
            seed=o.seed,
            k=k,
            candidates=topk.candidates,
            p_top_k_sum=round(float(topk.probability.sum()), 6),
            bump=o.bump,
            summary=summary,
        ),
    )


def ranked_programs(r: Ranking, rob: Robustness | None, top: int) -> list[RankedProgram]:
    facts = r.cs.facts
    out: list[RankedProgram] = []
    intervals = (
        {} if rob is None else {int(p): iv for p, iv in zip(rob.shown, rob.intervals, strict=True)}
    )
    changes: dict[int, list[PlaceChange]] = {}
    if rob is not None:
        for c in rob.changes:
            p = facts.programs[int(r.rows[c.row])]
            changes.setdefault(c.row, []).append(
                PlaceChange(
                    criterion=CRITERIA[c.criterion],
                    place=c.place,
                    new_place=c.new_place,
                    weight=round(c.weight, 4),
                    new_weight=round(c.new_weight, 4),
                    first_change_at_weight=None
                    if c.first_change_delta is None
                    else round((c.weight + c.first_change_delta) / (1 + c.first_change_delta), 4),
                    sentence=_change_sentence(c, p.institution),
                )
            )
    for rank, pos in enumerate(r.order[:top], start=1):
        i = int(r.rows[pos])
        p = facts.programs[i]
        iv = intervals.get(int(pos))
        t = r.cs.inputs.tuition_usd[i]
        roi = r.cs.inputs.roi
        money: dict[str, Any] = {}
        if roi is not None:
            npv, loss, m50 = roi.npv_mean[i], roi.p_loss[i], roi.months_p50[i]
            mid = roi.npv_p50[i]
            money = {
                "npv_mean_usd": None if np.isnan(npv) else float(npv),
                "npv_p50_usd": None if np.isnan(mid) else float(mid),
                "p_loss": None if np.isnan(loss) else float(loss),
                "p_ahead": None if np.isnan(loss) else round(1.0 - float(loss), 4),
                "months_p50": None if np.isnan(m50) else float(m50),
                "mode": roi.mode.get(i),
                "verdict": roi.verdict.get(i),
            }
        out.append(
            RankedProgram(
                **money,
                rank=rank,
                program_id=p.program_id,
                name=p.name,
                institution=p.institution,
                state=p.state,
                country=p.country,
                score=round(float(r.score[pos]), 4),
                criteria=criterion_scores(r, int(pos)),
                unknown_filters=r.filters.unknown_reasons(i),
                tuition_usd=None if np.isnan(t) else float(t),
                p_top_k=None if rob is None else round(float(rob.topk.probability[pos]), 4),
                rank_interval=None
                if iv is None
                else RankInterval(
                    best=iv.best, p05=iv.p05, median=iv.median, p95=iv.p95, worst=iv.worst
                ),
                place_changes=changes.get(int(pos), []),
            )
        )
    return out


def check_compare_ids(ids: Sequence[str]) -> None:
    problems: list[Problem] = []
    if len(ids) < COMPARE_MIN or len(ids) > COMPARE_MAX:
        problems.append(
            Problem(
                f"{len(ids)} program(s) given; compare takes {COMPARE_MIN} to {COMPARE_MAX}",
                field="program_ids",
                hint="name 2 to 5 program ids (find them with: mlmasters rank PROFILE.toml)",
            )
        )
    dup = sorted({x for x in ids if list(ids).count(x) > 1})
    if dup:
        problems.append(Problem(f"repeated id(s): {', '.join(dup)}", field="program_ids"))
    if problems:
        raise InputError("invalid programs to compare", problems)


__all__ = [
    "COMPARE_MAX",
    "COMPARE_MIN",
    "DEFAULT_K",
    "INTERVALS_MAX",
    "PLACE_CHANGE_TOP",
    "RankOptions",
    "Ranking",
    "check_compare_ids",
    "compute_ranking",
    "criterion_scores",
    "criterion_scores_any",
    "filter_counts",
    "rank_options",
    "ranked_programs",
    "robustness",
    "weights_used",
]
