"""Rank robustness, SMAA-style: how the ranking moves when the weights move a little.

Weights are sampled around the person's own: ``w ~ Dirichlet(concentration * w_user)`` over
the criteria with a positive weight (a zero weight stays zero). The mean of the samples is the
person's weight vector and each weight's standard deviation is
``sqrt(w (1 - w) / (concentration + 1))``. With the default concentration of 50 a weight of
0.20 varies with a standard deviation of 0.056 (about 0.09-0.31 for 95 % of the samples);
``concentration = number of criteria`` with equal weights is SMAA's "no preference
information" (uniform weights on the simplex). Lahdelma & Salminen (2001), *SMAA-2*, Operations
Research 49(3):444-454 define the rank acceptability indices computed here; Tervonen &
Lahdelma (2007), *Implementing SMAA*, EJOR 178(2):500-513 the Monte Carlo estimate.

Reported, for every program: the probability of landing in the top ``k`` (``P(top k)``), and for
a shortlist the distribution of its rank (a rank interval). Ties are broken as in the ranking
itself (a fixed priority per program), so exactly ``k`` programs are in the top ``k`` of every
sample and the probabilities sum to ``k``.

Speed (the hot path is NumPy over samples x programs, in chunks so memory stays bounded):

1. *Screen.* A cheap lower bound on every sample's k-th best score is the k-th best among a
   few seed programs (the best under the mean weights). One float32 pass over the catalog keeps
   only the programs that reach that bound in some sample; everyone else has P(top k) = 0
   exactly (their score is below the k-th best in every sample).
2. *Count.* The exact top k of every sample is taken among the survivors only, in float64.

Rank intervals use the same screen with the lowest shortlisted score of each sample as the
bound: a program below it in every sample can never outrank a shortlisted one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mlmasters.models.rank.methods import SCORE_DECIMALS, order
from mlmasters.models.rank.placechange import (
    A_BIT,
    PlaceChange,
    bump,
    first_crossing,
    place_changes,
)
from mlmasters.models.rank.scorers import Scorer, TopsisScorer, WeightedSumScorer

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Dirichlet concentration (sum of the parameters). An mlmasters default; see the module doc.
DEFAULT_CONCENTRATION = 50.0
DEFAULT_SAMPLES = 10_000
#: Samples per chunk: 2048 x 2,600 programs x 4 bytes = 21 MB at a time.
DEFAULT_CHUNK = 2048
#: Safety margin of the float32 screen (float32 round-off on six terms is ~1e-7).
_SCREEN_EPS = 1e-5
_RANK_STEP_CELLS = 32_000_000


def sample_weights(
    weights: npt.ArrayLike,
    n: int = DEFAULT_SAMPLES,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> FloatArray:
    """``n`` weight vectors ~ Dirichlet(concentration * w) on the positive weights (rows sum 1)."""
    w = np.asarray(weights, dtype=np.float64)
    w = w / w.sum()
    pos = w > 0
    out = np.zeros((n, len(w)), dtype=np.float64)
    if pos.sum() == 1:
        out[:, pos] = 1.0
        return out
    rng = np.random.default_rng(seed)
    out[:, pos] = rng.dirichlet(concentration * w[pos], size=n)
    return out


def _chunks(n: int, chunk: int) -> list[slice]:
    return [slice(s, min(s + chunk, n)) for s in range(0, n, chunk)]


def _kth_largest(u: npt.NDArray[np.floating], k: int) -> FloatArray:
    """The k-th largest value of every row (k >= 1)."""
    part = np.partition(u, u.shape[1] - k, axis=1)
    out: FloatArray = part[:, u.shape[1] - k].astype(np.float64)
    return out


def _screen(scorer: Scorer, w: FloatArray, bound: FloatArray, chunk: int) -> npt.NDArray[np.bool_]:
    """Programs whose float32 score reaches ``bound`` (per sample) in at least one sample."""
    return screen_many(scorer, w, [bound], chunk)[0]


def screen_many(
    scorer: Scorer, w: FloatArray, bounds: list[FloatArray], chunk: int = DEFAULT_CHUNK
) -> list[npt.NDArray[np.bool_]]:
    """``_screen`` for several bounds in one pass over the float32 scores (each pass scores
    every program in every sample: P(top k) and the rank intervals share one)."""
    keep = [np.zeros(scorer.n, dtype=np.bool_) for _ in bounds]
    for sl in _chunks(len(w), chunk):
        u = scorer(w[sl], fast=True)
        for kept, bound in zip(keep, bounds, strict=True):
            lim = (bound[sl] - _SCREEN_EPS).astype(u.dtype)
            kept |= (u >= lim[:, None]).any(axis=0)
    return keep


def topk_bound(
    scorer: Scorer,
    w: FloatArray,
    k: int,
    priority: IntArray,
    chunk: int = DEFAULT_CHUNK,
    seeds: int | None = None,
) -> FloatArray:
    """Per sample, the k-th best score among the programs best on the mean weights: no
    program below it can be in that sample's top k (``topk_probabilities``' screen)."""
    n, ns = scorer.n, len(w)
    mean_scores = np.asarray(scorer(w.mean(axis=0)[None, :])[0], dtype=np.float64)
    seed_rows = order(mean_scores, priority)[: min(n, seeds or max(4 * k, k + 8))]
    bound = np.empty(ns, dtype=np.float64)
    for sl in _chunks(ns, chunk):
        bound[sl] = _kth_largest(np.asarray(scorer(w[sl], seed_rows)), k)
    return bound


def lowest_of(
    scorer: Scorer, w: FloatArray, rows: IntArray, chunk: int = DEFAULT_CHUNK
) -> FloatArray:
    """Per sample, the lowest score among ``rows`` (``rank_samples``' screen)."""
    lowest = np.empty(len(w), dtype=np.float64)
    for sl in _chunks(len(w), chunk):
        lowest[sl] = np.asarray(scorer(w[sl], rows), dtype=np.float64).min(axis=1)
    return lowest


@dataclass(frozen=True)
class TopK:
    """P(top k) for every program, and how many programs survived the screen."""

    k: int
    probability: FloatArray
    candidates: int
    samples: int


def topk_probabilities(
    scorer: Scorer,
    w: FloatArray,
    k: int,
    priority: IntArray,
    chunk: int = DEFAULT_CHUNK,
    seeds: int | None = None,
    screened: npt.NDArray[np.bool_] | None = None,
) -> TopK:
    """Share of weight samples in which each program is among the best ``k``.

    ``priority``: lower wins a tie (the ranking's own tie-break), so each sample has exactly
    ``k`` members and the probabilities sum to ``min(k, n)``. ``screened``: the screen of
    ``topk_bound`` already taken (``screen_many``).
    """
    n, ns = scorer.n, len(w)
    if k >= n:
        return TopK(k, np.ones(n), n, ns)
    if screened is None:
        screened = _screen(scorer, w, topk_bound(scorer, w, k, priority, chunk, seeds), chunk)
    cand = np.flatnonzero(screened)
    cand = cand[np.argsort(priority[cand], kind="stable")]
    counts = np.zeros(len(cand), dtype=np.int64)
    for sl in _chunks(ns, chunk):
        u = np.round(np.asarray(scorer(w[sl], cand), dtype=np.float64), SCORE_DECIMALS)
        kth = _kth_largest(u, k)
        gt = u > kth[:, None]
        eq = u == kth[:, None]
        room = k - gt.sum(axis=1)
        counts += (gt | (eq & (np.cumsum(eq, axis=1) <= room[:, None]))).sum(axis=0)
    prob = np.zeros(n, dtype=np.float64)
    prob[cand] = counts / ns
    return TopK(k, prob, len(cand), ns)


def rank_samples(
    scorer: Scorer,
    w: FloatArray,
    rows: IntArray,
    priority: IntArray,
    chunk: int = DEFAULT_CHUNK,
    screened: npt.NDArray[np.bool_] | None = None,
) -> IntArray:
    """Rank (1 = best) of each program in ``rows`` in every weight sample: (samples, rows).
    ``screened``: the screen of ``lowest_of`` already taken (``screen_many``).

    A rival beats a row when its rounded score is higher, or equal with a lower priority.
    Both fold into one integer key (the score in units of its last decimal, then the
    priority reversed), so a rank is 1 + the rivals with a larger key; per sample only the
    rivals above the lowest of ``rows`` can be larger, and only those are compared.
    """
    rows = np.asarray(rows, dtype=np.int64)
    ns = len(w)
    out = np.empty((ns, len(rows)), dtype=np.int64)
    if len(rows) == 0:
        return out
    if screened is None:
        screened = _screen(scorer, w, lowest_of(scorer, w, rows, chunk), chunk)
    rivals = np.flatnonzero(screened)
    p_riv = priority[rivals]
    p_own = priority[rows]
    p_max = int(max(p_riv.max(initial=0), p_own.max(initial=0)))
    p_min = int(min(p_riv.min(initial=0), p_own.min(initial=0)))
    span = p_max - p_min + 1
    unit = 10.0**SCORE_DECIMALS
    for sl in _chunks(ns, chunk):
        u_riv = _rounded(scorer(w[sl], rivals))
        u_own = _rounded(scorer(w[sl], rows))
        top = max(float(np.abs(u_riv).max(initial=0.0)), float(np.abs(u_own).max(initial=0.0)))
        if not np.isfinite(top) or (top * unit + 1) * span >= 2.0**62:
            out[sl] = _rank_by_pairs(u_riv, u_own, p_riv, p_own)
            continue
        k_riv = np.rint(u_riv * unit).astype(np.int64) * span + (p_max - p_riv)[None, :]
        k_own = np.rint(u_own * unit).astype(np.int64) * span + (p_max - p_own)[None, :]
        out[sl] = 1 + _count_above(k_riv, k_own)
    return out


def _rounded(u: npt.NDArray[np.floating]) -> FloatArray:
    return np.asarray(np.round(np.asarray(u, dtype=np.float64), SCORE_DECIMALS), dtype=np.float64)


def _count_above(k_riv: IntArray, k_own: IntArray) -> IntArray:
    """Per sample (row), how many of ``k_riv`` exceed each of ``k_own``."""
    ns = k_riv.shape[0]
    out = np.zeros(k_own.shape, dtype=np.int64)
    above = k_riv > k_own.min(axis=1)[:, None]  # only these can exceed any own key
    r_i, c_i = np.nonzero(above)  # row-major: each sample's rivals together
    if r_i.size == 0:
        return out
    greater = (k_riv[r_i, c_i][:, None] > k_own[r_i]).astype(np.int32)
    cnt = np.bincount(r_i, minlength=ns)
    has = np.flatnonzero(cnt)
    start = np.cumsum(cnt)[has] - cnt[has]
    out[has] = np.add.reduceat(greater, start, axis=0)
    return out


def _rank_by_pairs(
    u_riv: FloatArray, u_own: FloatArray, p_riv: IntArray, p_own: IntArray
) -> IntArray:
    """The same ranks by comparing every (row, rival) pair (scores too large for a key)."""
    beats_tie = p_riv[None, :] < p_own[:, None]  # (rows, rivals)
    out = np.empty(u_own.shape, dtype=np.int64)
    step = max(1, _RANK_STEP_CELLS // max(1, u_riv.shape[1] * u_own.shape[1]))
    for s in range(0, u_own.shape[0], step):
        a = u_riv[s : s + step, None, :]
        b = u_own[s : s + step, :, None]
        better = (a > b) | ((a == b) & beats_tie[None, :, :])
        out[s : s + step] = 1 + better.sum(axis=2)
    return out


@dataclass(frozen=True)
class RankInterval:
    """Summary of one program's rank over the weight samples."""

    best: int
    p05: int
    median: int
    p95: int
    worst: int


def rank_intervals(samples: IntArray) -> list[RankInterval]:
    """Central 90 % interval, median and extremes of each column of ``rank_samples``."""
    if samples.shape[0] == 0:
        return []
    q = np.percentile(samples, [5, 50, 95], axis=0, method="inverted_cdf")
    lo, hi = samples.min(axis=0), samples.max(axis=0)
    return [
        RankInterval(int(lo[i]), int(q[0, i]), int(q[1, i]), int(q[2, i]), int(hi[i]))
        for i in range(samples.shape[1])
    ]


__all__ = [
    "A_BIT",
    "DEFAULT_CHUNK",
    "DEFAULT_CONCENTRATION",
    "DEFAULT_SAMPLES",
    "PlaceChange",
    "RankInterval",
    "Scorer",
    "TopK",
    "TopsisScorer",
    "WeightedSumScorer",
    "bump",
    "first_crossing",
    "place_changes",
    "rank_intervals",
    "rank_samples",
    "sample_weights",
    "screen_many",
    "topk_bound",
    "topk_probabilities",
]
